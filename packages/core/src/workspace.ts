import { constants } from 'node:fs';
import { lstat, open, opendir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, type Finding, type Severity } from './model';

/** Files larger than this are refused unread unless a caller asks for another cap. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;

/**
 * What one review may read, whatever the tree holds: a small repository can name 20 linked
 * documents of 5 MB each, or hold 400,000 files in one folder. What a budget stops is
 * recorded in `Workspace.omissions`, and reads refused by it say so.
 */
export interface WorkspaceBudgets {
  /** Bytes of text read with `budget: 'documents'` (the README, linked docs, guides). */
  documentBytes: number;
  /** Folder entries read by listings, in all (each costs a stat and memory). */
  entries: number;
  /** Entries read of one folder; the rest of that folder is not looked at. */
  entriesPerFolder: number;
}

export const DEFAULT_WORKSPACE_BUDGETS: WorkspaceBudgets = {
  documentBytes: 16 * 1024 * 1024,
  entries: 200_000,
  entriesPerFolder: 20_000,
};

export type ReadFailure =
  | 'over-budget'
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
  /**
   * Set when the entry is a symbolic link, or sits in a folder reached through one that leaves
   * the root; `target` is where the link points, as written, and `via` names that folder link.
   */
  link?: { target: string; resolved: 'inside' | 'outside' | 'dangling'; via?: string };
  size: number;
}

/**
 * Read-only access to a plugin's files, relative to its root. A symbolic link is
 * followed only when its real target stays inside the root; files are size-capped
 * and sniffed for binary content before they are decoded.
 */
export class Workspace {
  /** Per folder (relative path): whether its real path stays inside the root, and if not, which folder link leaves it. */
  private readonly folders = new Map<string, Promise<FolderCheck>>();
  /** What the budgets stopped, one sentence each ("docs/: only the first 20000 entries were read"). */
  readonly omissions: string[] = [];
  private documentBytes = 0;
  private entriesRead = 0;

  private constructor(
    readonly root: string,
    private readonly realRoot: string,
    readonly budgets: WorkspaceBudgets = DEFAULT_WORKSPACE_BUDGETS,
  ) {}

  static async open(root: string, budgets: Partial<WorkspaceBudgets> = {}): Promise<Workspace> {
    const absolute = path.resolve(root);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new InputError(`${root}: no such directory`);
    }
    if (!info.isDirectory()) throw new InputError(`${root}: not a directory`);
    return new Workspace(absolute, await realpath(absolute), { ...DEFAULT_WORKSPACE_BUDGETS, ...budgets });
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
    const name = path.posix.basename(rel);
    // Every folder on the way must resolve inside the root: `x/notes.md` with `x -> /elsewhere` is outside.
    const folder = await this.folder(path.posix.dirname(rel));
    if (folder.state === 'missing') return undefined;
    if (folder.state === 'outside') {
      return {
        path: rel,
        name,
        kind: 'other',
        size: 0,
        link: { target: folder.target, resolved: 'outside', via: folder.via },
      };
    }
    let link;
    try {
      link = await lstat(abs);
    } catch {
      return undefined;
    }
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
    const names = await this.readNames(rel);
    names.sort();
    const entries = await Promise.all(names.map((name) => this.info(rel ? `${rel}/${name}` : name)));
    return entries.filter((e): e is EntryInfo => e !== undefined);
  }

  /** A folder's names, streamed and cut off at the per-folder and per-review entry budgets. */
  private async readNames(rel: string): Promise<string[]> {
    const names: string[] = [];
    const where = rel === '' ? 'the plugin root' : `${rel}/`;
    try {
      const dir = await opendir(path.join(this.root, rel), { bufferSize: 256 });
      try {
        for await (const entry of dir) {
          if (this.entriesRead >= this.budgets.entries) {
            this.omit(
              `${where} was listed only in part: the review had read ${this.budgets.entries} folder entries, its limit`,
            );
            break;
          }
          if (names.length >= this.budgets.entriesPerFolder) {
            this.omit(
              `${where} holds more than ${this.budgets.entriesPerFolder} entries; only the first ${this.budgets.entriesPerFolder} (in file-system order) were looked at`,
            );
            break;
          }
          this.entriesRead++;
          names.push(entry.name);
        }
      } finally {
        await dir.close().catch(() => undefined);
      }
    } catch {
      return names;
    }
    return names;
  }

  private omit(sentence: string): void {
    if (!this.omissions.includes(sentence)) this.omissions.push(sentence);
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

  /**
   * Reads a text file. With `budget: 'documents'`, the file counts against the review's
   * budget of document bytes, and a file that would overrun it is refused unread.
   */
  async readText(relative: string, options: { maxBytes?: number; budget?: 'documents' } = {}): Promise<ReadResult> {
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
      return {
        ok: false,
        path: rel,
        reason: 'dangling-link',
        detail: `it is a symbolic link to ${info.link.target}, which does not exist`,
      };
    }
    if (info.link?.resolved === 'outside') {
      const what = info.link.via
        ? `its folder ${info.link.via} is a symbolic link to ${info.link.target}`
        : `it is a symbolic link to ${info.link.target}`;
      return {
        ok: false,
        path: rel,
        reason: 'outside-root',
        detail: `${what}, outside the plugin root, and is not followed`,
      };
    }
    if (info.kind !== 'file') return { ok: false, path: rel, reason: 'not-a-file', detail: 'it is not a regular file' };
    if (info.size > maxBytes) {
      return {
        ok: false,
        path: rel,
        reason: 'too-large',
        detail: `it is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit`,
      };
    }
    if (options.budget === 'documents') {
      if (this.documentBytes + info.size > this.budgets.documentBytes) {
        const detail = `it was not read: it is ${formatBytes(info.size)}, and the review had already read ${formatBytes(this.documentBytes)} of documents, near its ${formatBytes(this.budgets.documentBytes)} limit`;
        return { ok: false, path: rel, reason: 'over-budget', detail };
      }
      this.documentBytes += info.size;
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
          return {
            ok: false,
            path: rel,
            reason: 'not-utf8',
            detail: `it is text encoded as ${utf16}, not UTF-8; save it as UTF-8`,
          };
        }
        if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
          return { ok: false, path: rel, reason: 'binary', detail: 'it is a binary file, not text' };
        }
        return { ok: true, path: rel, text: bytes.toString('utf8'), bytes: bytesRead };
      } finally {
        await handle.close();
      }
    } catch (error) {
      return {
        ok: false,
        path: rel,
        reason: 'unreadable',
        detail: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      };
    }
  }

  /** Whether a folder's every component resolves inside the root (memoised: one realpath per folder). */
  private folder(relativeDir: string): Promise<FolderCheck> {
    const rel = relativeDir === '.' ? '' : relativeDir;
    if (rel === '') return Promise.resolve({ state: 'inside' });
    let check = this.folders.get(rel);
    if (!check) {
      check = this.checkFolder(rel);
      this.folders.set(rel, check);
    }
    return check;
  }

  private async checkFolder(rel: string): Promise<FolderCheck> {
    const parent = await this.folder(path.posix.dirname(rel));
    if (parent.state !== 'inside') return parent;
    const abs = path.join(this.root, rel);
    const info = await lstat(abs).catch(() => undefined);
    if (!info) return { state: 'missing' };
    if (!info.isSymbolicLink()) return { state: 'inside' };
    const real = await realpath(abs).catch(() => undefined);
    if (real === undefined) return { state: 'missing' };
    if (this.contains(real)) return { state: 'inside' };
    return { state: 'outside', via: rel, target: await readlink(abs).catch(() => '') };
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

type FolderCheck = { state: 'inside' } | { state: 'missing' } | { state: 'outside'; via: string; target: string };

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
