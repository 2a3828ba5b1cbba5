import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type Finding, type Severity } from './model';

/** Files larger than this are refused unread unless a caller asks for another cap. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;

export type ReadFailure =
  | 'missing'
  | 'not-a-file'
  | 'outside-root'
  | 'dangling-link'
  | 'too-large'
  | 'binary'
  | 'not-utf8'
  | 'unreadable';

export type ReadResult =
  | { ok: true; path: string; text: string; bytes: number }
  | { ok: false; path: string; reason: ReadFailure; detail: string };

export interface EntryInfo {
  /** Path relative to the workspace root, with forward slashes. */
  path: string;
  name: string;
  kind: 'file' | 'directory' | 'other';
  /** Set when the entry is a symbolic link; `target` is where it points, as written. */
  link?: { target: string; resolved: 'inside' | 'outside' | 'dangling' };
  size: number;
}

/**
 * Read-only access to a plugin's files, relative to its root. A symbolic link is
 * followed only when its real target stays inside the root; files are size-capped
 * and sniffed for binary content before they are decoded.
 */
export class Workspace {
  private constructor(
    readonly root: string,
    private readonly realRoot: string,
  ) {}

  static async open(root: string): Promise<Workspace> {
    const absolute = path.resolve(root);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new InputError(`${root}: no such directory`);
    }
    if (!info.isDirectory()) throw new InputError(`${root}: not a directory`);
    return new Workspace(absolute, await realpath(absolute));
  }

  /** Normalises a relative path; throws for paths that leave the root lexically. */
  normalize(relative: string): string {
    const normalized = path.posix.normalize(relative.replace(/\\/g, '/') || '.');
    const cleaned = normalized === '.' ? '' : normalized.replace(/\/$/, '');
    if (cleaned.startsWith('../') || cleaned === '..' || path.posix.isAbsolute(cleaned)) {
      throw new InputError(`${relative}: path is outside the plugin root`);
    }
    return cleaned;
  }

  absolute(relative: string): string {
    return path.join(this.root, this.normalize(relative));
  }

  async info(relative: string): Promise<EntryInfo | undefined> {
    const rel = this.normalize(relative);
    const abs = path.join(this.root, rel);
    let link;
    try {
      link = await lstat(abs);
    } catch {
      return undefined;
    }
    const name = path.posix.basename(rel);
    if (!link.isSymbolicLink()) {
      return { path: rel, name, kind: kindOf(link), size: link.size };
    }
    const target = await readlink(abs).catch(() => '');
    let real: string;
    try {
      real = await realpath(abs);
    } catch {
      return { path: rel, name, kind: 'other', size: 0, link: { target, resolved: 'dangling' } };
    }
    if (!this.contains(real)) {
      return { path: rel, name, kind: 'other', size: 0, link: { target, resolved: 'outside' } };
    }
    const resolved = await stat(real);
    return { path: rel, name, kind: kindOf(resolved), size: resolved.size, link: { target, resolved: 'inside' } };
  }

  async exists(relative: string): Promise<boolean> {
    const info = await this.info(relative);
    return info !== undefined && info.kind !== 'other';
  }

  /**
   * Directory listings already read: a review reads a snapshot of the tree, and its checks
   * list the same directories many times (the root alone a dozen), each listing costing a
   * readdir and an lstat per entry.
   */
  private readonly listings = new Map<string, Promise<EntryInfo[]>>();

  /** Entries of a directory, with the exact case of their names; empty when absent. */
  async list(relativeDir = ''): Promise<EntryInfo[]> {
    const rel = this.normalize(relativeDir);
    let listing = this.listings.get(rel);
    if (!listing) {
      listing = this.readListing(rel);
      this.listings.set(rel, listing);
    }
    return [...(await listing)];
  }

  private async readListing(rel: string): Promise<EntryInfo[]> {
    const dirInfo = rel === '' ? undefined : await this.info(rel);
    if (rel !== '' && dirInfo?.kind !== 'directory') return [];
    let names: string[];
    try {
      names = await readdir(path.join(this.root, rel));
    } catch {
      return [];
    }
    names.sort();
    const entries = await Promise.all(names.map((name) => this.info(rel ? `${rel}/${name}` : name)));
    return entries.filter((e): e is EntryInfo => e !== undefined);
  }

  /** The first entry of a directory whose name matches one of `names` ignoring case, in the order given. */
  async findIgnoringCase(relativeDir: string, names: readonly string[]): Promise<EntryInfo | undefined> {
    const entries = await this.list(relativeDir);
    for (const wanted of names) {
      const hit = entries.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
      if (hit) return hit;
    }
    return undefined;
  }

  /**
   * Walks a directory tree depth-first, never through links that leave the root,
   * yielding files the filter accepts. `limit` bounds the number of files yielded.
   */
  async *walk(
    relativeDir: string,
    accept: (entry: EntryInfo) => boolean,
    options: { limit?: number; skipDir?: (entry: EntryInfo) => boolean } = {},
  ): AsyncGenerator<EntryInfo> {
    const limit = options.limit ?? 10_000;
    let yielded = 0;
    const pending = [this.normalize(relativeDir)];
    const seen = new Set<string>();
    while (pending.length > 0 && yielded < limit) {
      const dir = pending.pop() as string;
      for (const entry of await this.list(dir)) {
        if (entry.kind === 'directory') {
          if (options.skipDir?.(entry)) continue;
          const real = await realpath(path.join(this.root, entry.path)).catch(() => '');
          if (real && !seen.has(real)) {
            seen.add(real);
            pending.push(entry.path);
          }
        } else if (entry.kind === 'file' && accept(entry)) {
          yield entry;
          if (++yielded >= limit) return;
        }
      }
    }
  }

  async readText(relative: string, options: { maxBytes?: number } = {}): Promise<ReadResult> {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    let rel: string;
    try {
      rel = this.normalize(relative);
    } catch {
      return { ok: false, path: relative, reason: 'outside-root', detail: 'the path is outside the plugin root' };
    }
    const info = await this.info(rel);
    if (!info) return { ok: false, path: rel, reason: 'missing', detail: 'the file does not exist' };
    if (info.link?.resolved === 'dangling') {
      return { ok: false, path: rel, reason: 'dangling-link', detail: `it is a symbolic link to ${info.link.target}, which does not exist` };
    }
    if (info.link?.resolved === 'outside') {
      return { ok: false, path: rel, reason: 'outside-root', detail: `it is a symbolic link to ${info.link.target}, outside the plugin root, and is not followed` };
    }
    if (info.kind !== 'file') return { ok: false, path: rel, reason: 'not-a-file', detail: 'it is not a regular file' };
    if (info.size > maxBytes) {
      return { ok: false, path: rel, reason: 'too-large', detail: `it is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit` };
    }
    try {
      const handle = await open(path.join(this.root, rel), constants.O_RDONLY);
      try {
        const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        if (bytesRead > maxBytes) {
          return { ok: false, path: rel, reason: 'too-large', detail: `it is over the ${formatBytes(maxBytes)} limit` };
        }
        const bytes = buffer.subarray(0, bytesRead);
        const utf16 = utf16Kind(bytes.subarray(0, BINARY_SNIFF_BYTES));
        if (utf16) {
          return { ok: false, path: rel, reason: 'not-utf8', detail: `it is text encoded as ${utf16}, not UTF-8; save it as UTF-8` };
        }
        if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
          return { ok: false, path: rel, reason: 'binary', detail: 'it is a binary file, not text' };
        }
        return { ok: true, path: rel, text: bytes.toString('utf8'), bytes: bytesRead };
      } finally {
        await handle.close();
      }
    } catch (error) {
      return { ok: false, path: rel, reason: 'unreadable', detail: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }

  private contains(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.realRoot + path.sep);
  }
}

/**
 * `UTF-16LE` or `UTF-16BE` when the bytes start with that byte order mark, or when they
 * have no mark but every character is ASCII with a zero byte beside it (text editors on
 * Windows write such files); undefined for anything else.
 */
export function utf16Kind(head: Buffer): 'UTF-16LE' | 'UTF-16BE' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) return 'UTF-16LE';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16BE';
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    const [a = 0, b = 0] = [head[i], head[i + 1]];
    if (a !== 0 && b === 0 && a < 0x80) le++;
    else if (a === 0 && b !== 0 && b < 0x80) be++;
  }
  if (le === pairs) return 'UTF-16LE';
  if (be === pairs) return 'UTF-16BE';
  return undefined;
}

function kindOf(info: { isFile(): boolean; isDirectory(): boolean }): EntryInfo['kind'] {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  return 'other';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A finding for a file that exists but could not be read as text. */
export function readFailureFinding(
  failure: Extract<ReadResult, { ok: false }>,
  rule: string,
  purpose: string,
  severity: Severity = 'error',
): Finding {
  return {
    severity,
    rule,
    message: `${failure.path} cannot be used as ${purpose}: ${failure.detail}.`,
    file: failure.path,
  };
}
