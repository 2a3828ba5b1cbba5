import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { BundleError } from './errors';

export interface BundleLimits {
  /** Files, folders and links together. */
  maxEntries?: number;
  /** Decompressed size of the whole tarball (decompression bombs stop here). */
  maxUnpackedBytes?: number;
  /** The manifest is text of a few KB; anything larger is refused. */
  maxManifestBytes?: number;
}

export interface BundleManifest {
  /** Path inside the tarball (`com.example.foo/plugin.json`). */
  file: string;
  text: string;
}

export interface Bundle {
  /** Regular files by normalised path; links inside the tree resolve to their target's bytes. */
  files: Map<string, Buffer>;
  /** The single top-level folder, when the tarball has one (the server then looks inside it). */
  root?: string;
  manifest: BundleManifest | undefined;
}

export const DEFAULT_BUNDLE_LIMITS: Required<BundleLimits> = {
  maxEntries: 10_000,
  maxUnpackedBytes: 1024 * 1024 * 1024,
  maxManifestBytes: 1024 * 1024,
};

/** The manifest names the server tries, in its order. */
const MANIFEST_NAMES = ['plugin.yml', 'plugin.yaml', 'plugin.json'];
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const MAX_LINK_HOPS = 16;

interface RawEntry {
  path: string;
  type: string;
  linkpath?: string;
  data?: Buffer;
}

/**
 * Reads a plugin bundle (gzipped or plain tar) in memory, never touching the disk.
 * Every unsafe entry (absolute path, `..`, a link leaving the tree, a device) and every
 * limit (entries, unpacked bytes) is refused with a BundleError before anything is used.
 */
export async function readBundle(gzippedTar: Buffer, limits: BundleLimits = {}): Promise<Bundle> {
  const limit = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  const tar = await decompress(gzippedTar, limit.maxUnpackedBytes);
  const entries = await parseTar(tar, limit);
  const { files, links, dirs } = classify(entries);
  resolveLinks(files, links);
  const root = singleRoot(files, links, dirs);
  return { files, ...(root === undefined ? {} : { root }), manifest: findManifest(files, root, limit.maxManifestBytes) };
}

async function decompress(data: Buffer, maxBytes: number): Promise<Buffer> {
  const gzipped = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
  if (!gzipped) {
    if (data.length > maxBytes) throw new BundleError('too-large', `the tarball is ${data.length} bytes, over the ${maxBytes}-byte limit`);
    return data;
  }
  try {
    return await promisify(gunzip)(data, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new BundleError('too-large', `the tarball unpacks to more than ${maxBytes} bytes (a decompression bomb or an oversized bundle)`);
    }
    throw new BundleError('not-gzip', `the bundle is not valid gzip: ${(error as Error).message}`);
  }
}

async function parseTar(tar: Buffer, limit: Required<BundleLimits>): Promise<RawEntry[]> {
  const { Parser } = await import('tar');
  return new Promise((resolve, reject) => {
    const entries: RawEntry[] = [];
    let unpacked = 0;
    let failure: BundleError | undefined;
    const fail = (error: BundleError) => {
      failure ??= error;
      parser.abort(error);
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry) => {
        if (failure) return entry.resume();
        const problem = entryProblem(entry.path, entry.type, entry.linkpath) ?? (entries.length >= limit.maxEntries ? `more than ${limit.maxEntries} entries` : undefined);
        unpacked += entry.size;
        const tooBig = unpacked > limit.maxUnpackedBytes ? `more than ${limit.maxUnpackedBytes} unpacked bytes` : undefined;
        if (problem ?? tooBig) {
          fail(new BundleError('unsafe-entry', `the tarball is refused: ${problem ?? tooBig}`));
          return entry.resume();
        }
        const raw: RawEntry = { path: normalisePath(entry.path), type: entry.type, ...(entry.linkpath ? { linkpath: entry.linkpath } : {}) };
        entries.push(raw);
        if (!FILE_TYPES.has(entry.type)) return entry.resume();
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => (raw.data = Buffer.concat(chunks)));
      },
    });
    parser.on('error', (error: Error) => fail(error instanceof BundleError ? error : new BundleError('corrupt', `the tarball is corrupt: ${error.message}`)));
    parser.on('abort', () => reject(failure));
    parser.on('end', () => (failure ? reject(failure) : resolve(entries)));
    parser.end(tar);
  });
}

/** Why an entry is unsafe, or undefined. */
function entryProblem(rawPath: string, type: string, linkpath: string | undefined): string | undefined {
  if (isAbsolute(rawPath)) return `"${rawPath}" is an absolute path`;
  if (hasParentSegment(rawPath)) return `"${rawPath}" climbs out of the bundle with ".."`;
  if (type === 'SymbolicLink' || type === 'Link') {
    const target = linkpath ?? '';
    if (type === 'Link' ? isAbsolute(target) || hasParentSegment(target) : escapes(rawPath, target)) return `the link "${rawPath}" points outside the bundle (to "${target}")`;
    return undefined;
  }
  if (FILE_TYPES.has(type) || type === 'Directory') return undefined;
  return `"${rawPath}" is a ${type}, not a file, folder or link`;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
}

function hasParentSegment(p: string): boolean {
  return p.split(/[\\/]/).includes('..');
}

/** Whether a symbolic link's target, resolved from its own folder, leaves the tree. */
function escapes(linkPath: string, target: string): boolean {
  if (target === '' || isAbsolute(target)) return true;
  const parts = normalisePath(linkPath).split('/').slice(0, -1);
  for (const segment of target.split(/[\\/]/)) {
    if (segment === '..') {
      if (parts.length === 0) return true;
      parts.pop();
    } else if (segment !== '.' && segment !== '') {
      parts.push(segment);
    }
  }
  return false;
}

function normalisePath(p: string): string {
  return p
    .split(/[\\/]/)
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

function classify(entries: RawEntry[]) {
  const files = new Map<string, Buffer>();
  const links = new Map<string, string>();
  const dirs = new Set<string>();
  for (const entry of entries) {
    files.delete(entry.path);
    links.delete(entry.path);
    if (entry.type === 'Directory') dirs.add(entry.path);
    else if (entry.type === 'SymbolicLink') links.set(entry.path, joinRelative(entry.path, entry.linkpath ?? ''));
    else if (entry.type === 'Link') links.set(entry.path, normalisePath(entry.linkpath ?? ''));
    else files.set(entry.path, entry.data ?? Buffer.alloc(0));
  }
  return { files, links, dirs };
}

function joinRelative(linkPath: string, target: string): string {
  const parts = linkPath.split('/').slice(0, -1);
  for (const segment of target.split(/[\\/]/)) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** Links that reach a file within a few hops become that file; others (folders, loops, dangling) are left out. */
function resolveLinks(files: Map<string, Buffer>, links: Map<string, string>): void {
  for (const [link, first] of links) {
    let target = first;
    for (let hop = 0; hop < MAX_LINK_HOPS && links.has(target); hop++) target = links.get(target) as string;
    const data = files.get(target);
    if (data) files.set(link, data);
  }
}

function singleRoot(files: Map<string, Buffer>, links: Map<string, string>, dirs: Set<string>): string | undefined {
  const tops = new Set<string>();
  let topLevelFile = false;
  for (const p of [...files.keys(), ...links.keys(), ...dirs]) {
    const slash = p.indexOf('/');
    tops.add(slash < 0 ? p : p.slice(0, slash));
    if (slash < 0 && !dirs.has(p)) topLevelFile = true;
  }
  const [only] = tops;
  return tops.size === 1 && !topLevelFile && only !== undefined ? only : undefined;
}

function findManifest(files: Map<string, Buffer>, root: string | undefined, maxBytes: number): BundleManifest | undefined {
  for (const name of MANIFEST_NAMES) {
    const file = root === undefined ? name : `${root}/${name}`;
    const data = files.get(file);
    if (!data) continue;
    if (data.length > maxBytes) throw new BundleError('manifest-too-large', `${file} is ${data.length} bytes, over the ${maxBytes}-byte limit for a manifest`);
    return { file, text: data.toString('utf8') };
  }
  return undefined;
}
