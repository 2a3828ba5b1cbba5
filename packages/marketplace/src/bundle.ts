import { BundleError } from './errors';

export interface BundleLimits {
  /** Files, folders and links together. */
  maxEntries?: number;
  /** Decompressed size of the whole tarball (decompression bombs stop here). */
  maxUnpackedBytes?: number;
  /** The manifest is text of a few KB; anything larger is refused. */
  maxManifestBytes?: number;
  /** Contents of one file kept in memory (larger files are streamed past and only their size is kept). */
  maxRetainedFileBytes?: number;
  /** Contents of all files kept in memory together; the rest are streamed past. */
  maxRetainedBytes?: number;
}

export interface BundleManifest {
  /** Path inside the tarball (`com.example.foo/plugin.json`). */
  file: string;
  text: string;
}

export interface BundleStats {
  /** Bytes of the tar stream read (after decompression). */
  unpackedBytes: number;
  /** Bytes of file contents kept in `files`. */
  retainedBytes: number;
  /** The most bytes of tar stream held at once while reading (a header, a PAX record, a chunk). */
  peakBufferedBytes: number;
}

export interface Bundle {
  /**
   * Contents of regular files by normalised path (links inside the tree resolve to their
   * target's bytes). Only files within the retention limits are kept; `sizes` lists them all.
   */
  files: Map<string, Buffer>;
  /** Size of every regular file (and link resolving to one), kept or not. */
  sizes: Map<string, number>;
  /** The single top-level folder, when the tarball has one (the server then looks inside it). */
  root?: string;
  manifest: BundleManifest | undefined;
  stats: BundleStats;
}

export const DEFAULT_BUNDLE_LIMITS: Required<BundleLimits> = {
  maxEntries: 10_000,
  maxUnpackedBytes: 1024 * 1024 * 1024,
  maxManifestBytes: 1024 * 1024,
  maxRetainedFileBytes: 4 * 1024 * 1024,
  maxRetainedBytes: 64 * 1024 * 1024,
};

/** The manifest names the server tries, in its order. */
const MANIFEST_NAMES = ['plugin.yml', 'plugin.yaml', 'plugin.json'];
const MAX_LINK_HOPS = 16;
/** Go's archive/tar refuses PAX and GNU long-name records larger than this. */
const MAX_SPECIAL_FILE_BYTES = 1024 * 1024;
const BLOCK = 512;

type EntryType = 'File' | 'Directory' | 'SymbolicLink' | 'Link';

interface RawEntry {
  path: string;
  type: EntryType;
  linkpath?: string;
  size: number;
  data?: Buffer;
}

/** Names of the tar entry types, for messages. */
const TYPE_NAMES: Record<string, string> = {
  '3': 'character device',
  '4': 'block device',
  '6': 'FIFO',
  '7': 'contiguous file',
  g: 'PAX global header',
  S: 'GNU sparse file',
  D: 'GNU directory dump',
  M: 'GNU multi-volume continuation',
  N: 'GNU old long name',
  V: 'GNU volume label',
};

/**
 * Reads a plugin bundle (gzipped or plain tar) as a stream, never touching the disk and
 * never holding more than the retained files and one chunk in memory. The tar is read as
 * Go's archive/tar (what the server installs with) reads it, and every archive that tar
 * readers could read differently is refused: GNU long names or links beside PAX path
 * records, GNU sparse records, entry types other than file, folder, symlink and hard link,
 * and paths that appear twice. Every unsafe entry (absolute path, `..`, a link leaving the
 * tree) and every limit (entries, unpacked bytes) is refused with a BundleError before
 * anything is used.
 */
export async function readBundle(data: Buffer, limits: BundleLimits = {}): Promise<Bundle> {
  const limit = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  const gzipped = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
  if (!gzipped && data.length > limit.maxUnpackedBytes)
    throw new BundleError(
      'too-large',
      `the tarball is ${data.length} bytes, over the ${limit.maxUnpackedBytes}-byte limit`,
    );
  const source = gzipped ? gunzipStream(data) : plainStream(data);
  const reader = new StreamReader(source, limit.maxUnpackedBytes);
  let entries: RawEntry[];
  try {
    entries = await parseTar(reader, limit);
  } finally {
    await reader.close();
  }
  const { files, sizes, links, dirs } = classify(entries);
  resolveLinks(files, sizes, links);
  const root = singleRoot(sizes, links, dirs);
  const retainedBytes = entries.reduce((sum, e) => sum + (e.data?.length ?? 0), 0);
  const stats: BundleStats = { unpackedBytes: reader.consumed, retainedBytes, peakBufferedBytes: reader.peakBuffered };
  return {
    files,
    sizes,
    ...(root === undefined ? {} : { root }),
    manifest: findManifest(files, sizes, root, limit.maxManifestBytes),
    stats,
  };
}

async function* plainStream(data: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += 64 * 1024) yield data.subarray(offset, offset + 64 * 1024);
}

async function* gunzipStream(data: Buffer): AsyncGenerator<Buffer> {
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  gunzip.end(data);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('not-gzip', `the bundle is not valid gzip: ${(error as Error).message}`);
  } finally {
    gunzip.destroy();
  }
}

/** Pulls exact byte counts out of a chunk stream, counting what it reads against the unpacked limit. */
class StreamReader {
  consumed = 0;
  peakBuffered = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private done = false;

  constructor(
    private readonly source: AsyncGenerator<Buffer>,
    private readonly maxBytes: number,
  ) {}

  /** Pulls one more chunk; false at the end of the stream. */
  private async pull(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = next.value;
    this.consumed += chunk.length;
    if (this.consumed > this.maxBytes) {
      throw new BundleError(
        'too-large',
        `the tarball unpacks to more than ${this.maxBytes} bytes (a decompression bomb or an oversized bundle)`,
      );
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return true;
  }

  /** Exactly `n` bytes (n small: a header or a record), or fewer at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.pendingBytes < n && (await this.pull()));
    this.peakBuffered = Math.max(this.peakBuffered, this.pendingBytes);
    const all =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    const taken = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(taken.length);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    return Buffer.from(taken);
  }

  /** Passes `n` bytes to `sink` chunk by chunk (or drops them); false when the stream ends first. */
  async stream(n: number, sink?: (chunk: Buffer) => void): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.pendingBytes === 0 && !(await this.pull())) return false;
      this.peakBuffered = Math.max(this.peakBuffered, this.pendingBytes);
      const head = this.pending[0] as Buffer;
      const piece = head.subarray(0, Math.min(left, head.length));
      sink?.(Buffer.from(piece));
      left -= piece.length;
      this.pendingBytes -= piece.length;
      if (piece.length === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(piece.length);
    }
    return true;
  }

  async close(): Promise<void> {
    this.pending = [];
    await this.source.return(undefined).catch(() => undefined);
  }
}

/** One parsed 512-byte header, before PAX and GNU records are applied. */
interface Header {
  name: string;
  linkname: string;
  size: number;
  typeflag: string;
}

async function parseTar(reader: StreamReader, limit: Required<BundleLimits>): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  let retained = 0;
  let pax: Map<string, string> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length === 0 && !pax && longName === undefined && longLink === undefined) break;
    if (block.length < BLOCK)
      throw corrupt(
        block.length === 0
          ? 'it ends right after an extended header, with no entry for it'
          : 'it ends in the middle of a header',
      );
    if (isZero(block)) {
      const second = await reader.read(BLOCK);
      if (second.length === 0 || isZero(second)) {
        if (pax || longName !== undefined || longLink !== undefined)
          throw corrupt('it ends right after an extended header, with no entry for it');
        break;
      }
      throw corrupt('a zero block is followed by more entries');
    }
    const header = parseHeader(block);
    if (header.typeflag === 'x' || header.typeflag === 'L' || header.typeflag === 'K') {
      if (header.size > MAX_SPECIAL_FILE_BYTES)
        throw corrupt(`an extended header of ${header.size} bytes is over the ${MAX_SPECIAL_FILE_BYTES}-byte limit`);
      const body = await reader.read(header.size);
      if (body.length < header.size) throw corrupt('it ends inside an extended header');
      await skipPadding(reader, header.size);
      if (header.typeflag === 'x') {
        if (pax) throw refuse('two PAX extended headers precede one entry, and tar readers disagree on which applies');
        pax = parsePax(body);
      } else if (header.typeflag === 'L') {
        if (longName !== undefined)
          throw refuse('two GNU long names precede one entry, and tar readers disagree on which applies');
        longName = cString(body);
      } else {
        if (longLink !== undefined)
          throw refuse('two GNU long link names precede one entry, and tar readers disagree on which applies');
        longLink = cString(body);
      }
      continue;
    }
    const entry = applyRecords(header, pax, longName, longLink);
    pax = longName = longLink = undefined;
    if (entries.length >= limit.maxEntries) throw refuse(`more than ${limit.maxEntries} entries`);
    const problem = entryProblem(entry.path, entry.type, entry.linkpath, entry.rawType);
    if (problem) throw refuse(problem);
    const path = normalisePath(entry.path);
    const raw: RawEntry = {
      path,
      type: entry.type as EntryType,
      size: entry.size,
      ...(entry.linkpath ? { linkpath: entry.linkpath } : {}),
    };
    entries.push(raw);
    if (raw.type !== 'File') continue;
    const keep = isManifestCandidate(path)
      ? entry.size <= limit.maxManifestBytes
      : entry.size <= limit.maxRetainedFileBytes && retained + entry.size <= limit.maxRetainedBytes;
    const chunks: Buffer[] = [];
    if (!(await reader.stream(entry.size, keep ? (chunk) => chunks.push(chunk) : undefined)))
      throw corrupt(`it ends inside ${path}`);
    await skipPadding(reader, entry.size);
    if (keep) {
      raw.data = Buffer.concat(chunks, entry.size);
      retained += entry.size;
    }
  }
  return entries;
}

async function skipPadding(reader: StreamReader, size: number): Promise<void> {
  const padding = (BLOCK - (size % BLOCK)) % BLOCK;
  if (padding && !(await reader.stream(padding))) throw corrupt('it ends inside the padding of an entry');
}

const corrupt = (detail: string) => new BundleError('corrupt', `the tarball is corrupt: ${detail}`);
const refuse = (detail: string) => new BundleError('unsafe-entry', `the tarball is refused: ${detail}`);

function isZero(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** The text up to the first NUL, as Go's parseString reads a field. */
function cString(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return bytes.toString('utf8', 0, nul < 0 ? bytes.length : nul);
}

/** A numeric field as Go's parseNumeric reads it: base-256 when the high bit is set, else octal trimmed of spaces and NULs. */
function numeric(field: Buffer, what: string): number {
  if (field.length > 0 && ((field[0] as number) & 0x80) !== 0) {
    if (((field[0] as number) & 0x40) !== 0) throw corrupt(`the ${what} field is negative`);
    let value = 0;
    for (const [i, byte] of field.entries()) {
      value = value * 256 + (i === 0 ? byte & 0x7f : byte);
      if (value > Number.MAX_SAFE_INTEGER) throw corrupt(`the ${what} field is too large`);
    }
    return value;
  }
  let start = 0;
  let end = field.length;
  while (start < end && (field[start] === 0x20 || field[start] === 0)) start++;
  while (end > start && (field[end - 1] === 0x20 || field[end - 1] === 0)) end--;
  const text = cString(field.subarray(start, end));
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw corrupt(`the ${what} field "${text}" is not an octal number`);
  const value = parseInt(text, 8);
  if (value > Number.MAX_SAFE_INTEGER) throw corrupt(`the ${what} field is too large`);
  return value;
}

/** One header block as Go's archive/tar reads it (readHeader): checksum, format, prefix. */
function parseHeader(block: Buffer): Header {
  const stored = numeric(block.subarray(148, 156), 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (block[i] as number);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  if (stored !== unsigned && stored !== signed)
    throw corrupt('a header checksum does not match (not a tar archive, or a damaged one)');
  const magic = block.toString('latin1', 257, 263);
  const version = block.toString('latin1', 263, 265);
  const star = magic === 'ustar\0' && block.toString('latin1', 508, 512) === 'tar\0';
  const ustar = magic === 'ustar\0' && !star;
  const gnu = magic === 'ustar ' && version === ' \0';
  for (const [from, to, what] of [
    [100, 108, 'mode'],
    [108, 116, 'uid'],
    [116, 124, 'gid'],
    [136, 148, 'mtime'],
  ] as const)
    numeric(block.subarray(from, to), what);
  const size = numeric(block.subarray(124, 136), 'size');
  let name = cString(block.subarray(0, 100));
  let prefix = '';
  if (ustar || star || gnu) {
    numeric(block.subarray(329, 337), 'devmajor');
    numeric(block.subarray(337, 345), 'devminor');
  }
  if (ustar) prefix = cString(block.subarray(345, 500));
  else if (star) prefix = cString(block.subarray(345, 476));
  else if (gnu) {
    // Go falls back to reading a USTAR prefix when these GNU time fields do not parse: refuse that guess.
    for (const [from, to, what] of [
      [345, 357, 'atime'],
      [357, 369, 'ctime'],
    ] as const) {
      if (block[from] !== 0) numeric(block.subarray(from, to), what);
    }
  }
  if (prefix) name = `${prefix}/${name}`;
  const typeflag = String.fromCharCode(block[156] as number);
  return { name, linkname: cString(block.subarray(157, 257)), size, typeflag };
}

/** PAX records (`<length> <key>=<value>\n`) as Go's parsePAX reads them; malformed ones are refused. */
function parsePax(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0) throw corrupt('a PAX record has no length');
    const lengthText = body.toString('latin1', offset, space);
    if (!/^[+]?\d+$/.test(lengthText))
      throw corrupt(`a PAX record length "${lengthText.slice(0, 20)}" is not a number`);
    const length = Number(lengthText);
    if (length < 5 || offset + length > body.length || length <= lengthText.length + 1)
      throw corrupt('a PAX record length is out of range');
    const record = body.subarray(space + 1, offset + length);
    if (record[record.length - 1] !== 0x0a) throw corrupt('a PAX record does not end in a newline');
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw corrupt('a PAX record has no key');
    const key = record.toString('utf8', 0, equals);
    const value = record.toString('utf8', equals + 1, record.length - 1);
    if (
      key.includes('\0') ||
      ((key === 'path' || key === 'linkpath' || key === 'uname' || key === 'gname') && value.includes('\0'))
    )
      throw corrupt(`the PAX record ${key} holds a NUL byte`);
    if (key.startsWith('GNU.sparse.'))
      throw refuse(`it holds a GNU sparse record (${key}), which Go's tar reader turns into another file name`);
    records.set(key, value);
    offset += length;
  }
  return records;
}

/** The entry after PAX and GNU records, in Go's order (PAX first, then GNU long names win), refusing mixtures. */
function applyRecords(
  header: Header,
  pax: Map<string, string> | undefined,
  longName: string | undefined,
  longLink: string | undefined,
) {
  if ((longName !== undefined || longLink !== undefined) && (pax?.has('path') || pax?.has('linkpath'))) {
    throw refuse(
      `the entry "${longName ?? header.name}" has both a GNU long name and a PAX path record, which tar readers resolve differently`,
    );
  }
  let path = pax?.get('path') ?? header.name;
  let linkpath = pax?.get('linkpath') ?? header.linkname;
  let size = header.size;
  const paxSize = pax?.get('size');
  if (paxSize !== undefined) {
    if (!/^\d+$/.test(paxSize) || Number(paxSize) > Number.MAX_SAFE_INTEGER)
      throw corrupt(`the PAX size "${paxSize.slice(0, 20)}" is not a size`);
    size = Number(paxSize);
  }
  if (longName !== undefined) path = longName;
  if (longLink !== undefined) linkpath = longLink;
  let type: string;
  switch (header.typeflag) {
    case '0':
      type = 'File';
      break;
    case '\0':
      type = path.endsWith('/') ? 'Directory' : 'File';
      break;
    case '5':
      type = 'Directory';
      break;
    case '2':
      type = 'SymbolicLink';
      break;
    case '1':
      type = 'Link';
      break;
    default:
      type = 'Other';
  }
  // Go reads no data for folders and links whatever their size field says; other readers do.
  if ((type === 'Directory' || type === 'SymbolicLink' || type === 'Link') && size !== 0) {
    throw refuse(
      `the ${type === 'Directory' ? 'folder' : 'link'} "${path}" declares ${size} bytes of data, which tar readers skip differently`,
    );
  }
  return { path, linkpath, size, type, rawType: header.typeflag };
}

/** Why an entry is unsafe, or undefined. */
function entryProblem(
  rawPath: string,
  type: string,
  linkpath: string | undefined,
  rawType: string,
): string | undefined {
  if (rawPath === '' || normalisePath(rawPath) === '') return 'an entry has an empty path';
  if (isAbsolute(rawPath)) return `"${rawPath}" is an absolute path`;
  if (hasParentSegment(rawPath)) return `"${rawPath}" climbs out of the bundle with ".."`;
  if (type === 'SymbolicLink' || type === 'Link') {
    const target = linkpath ?? '';
    if (type === 'Link' ? target === '' || isAbsolute(target) || hasParentSegment(target) : escapes(rawPath, target))
      return `the link "${rawPath}" points outside the bundle (to "${target}")`;
    return undefined;
  }
  if (type === 'File' || type === 'Directory') return undefined;
  const name = TYPE_NAMES[rawType] ?? `an entry of unknown type "${rawType.replace(/[^\x20-\x7e]/g, '?')}"`;
  return `"${rawPath}" is ${TYPE_NAMES[rawType] ? `a ${name}` : name}, not a file, folder or link`;
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

/** Whether a path is where the server may look for the manifest (top level or one folder down). */
function isManifestCandidate(path: string): boolean {
  const parts = path.split('/');
  return parts.length <= 2 && MANIFEST_NAMES.includes((parts[parts.length - 1] as string).toLowerCase());
}

function classify(entries: RawEntry[]) {
  const files = new Map<string, Buffer>();
  const sizes = new Map<string, number>();
  const links = new Map<string, string>();
  const dirs = new Set<string>();
  const seen = new Map<string, EntryType>();
  const manifests = new Map<string, string>();
  for (const entry of entries) {
    const before = seen.get(entry.path);
    if (before && !(before === 'Directory' && entry.type === 'Directory')) {
      throw refuse(
        `"${entry.path}" appears twice, and which copy a tar reader keeps differs; rebuild the bundle so each path appears once`,
      );
    }
    seen.set(entry.path, entry.type);
    if (isManifestCandidate(entry.path) && entry.type !== 'Directory') {
      const folded = entry.path.toLowerCase();
      const other = manifests.get(folded);
      if (other !== undefined && other !== entry.path) {
        throw refuse(
          `"${other}" and "${entry.path}" differ only in case, so which manifest a server installs depends on its file system; keep one`,
        );
      }
      manifests.set(folded, entry.path);
    }
    if (entry.type === 'Directory') dirs.add(entry.path);
    else if (entry.type === 'SymbolicLink') links.set(entry.path, joinRelative(entry.path, entry.linkpath ?? ''));
    else if (entry.type === 'Link') links.set(entry.path, normalisePath(entry.linkpath ?? ''));
    else {
      sizes.set(entry.path, entry.size);
      if (entry.data) files.set(entry.path, entry.data);
    }
  }
  return { files, sizes, links, dirs };
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
function resolveLinks(files: Map<string, Buffer>, sizes: Map<string, number>, links: Map<string, string>): void {
  for (const [link, first] of links) {
    let target = first;
    for (let hop = 0; hop < MAX_LINK_HOPS && links.has(target); hop++) target = links.get(target) as string;
    const size = sizes.get(target);
    if (size === undefined) continue;
    sizes.set(link, size);
    const data = files.get(target);
    if (data) files.set(link, data);
  }
}

function singleRoot(sizes: Map<string, number>, links: Map<string, string>, dirs: Set<string>): string | undefined {
  const tops = new Set<string>();
  let topLevelFile = false;
  for (const p of [...sizes.keys(), ...links.keys(), ...dirs]) {
    const slash = p.indexOf('/');
    tops.add(slash < 0 ? p : p.slice(0, slash));
    if (slash < 0 && !dirs.has(p)) topLevelFile = true;
  }
  const [only] = tops;
  return tops.size === 1 && !topLevelFile && only !== undefined ? only : undefined;
}

function findManifest(
  files: Map<string, Buffer>,
  sizes: Map<string, number>,
  root: string | undefined,
  maxBytes: number,
): BundleManifest | undefined {
  for (const name of MANIFEST_NAMES) {
    const file = root === undefined ? name : `${root}/${name}`;
    const size = sizes.get(file);
    if (size === undefined) continue;
    if (size > maxBytes)
      throw new BundleError(
        'manifest-too-large',
        `${file} is ${size} bytes, over the ${maxBytes}-byte limit for a manifest`,
      );
    const data = files.get(file);
    if (!data)
      throw new BundleError(
        'manifest-too-large',
        `${file} links to a file that is not kept in memory while reading; make the manifest a regular file`,
      );
    return { file, text: data.toString('utf8') };
  }
  return undefined;
}
