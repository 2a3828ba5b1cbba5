import { InputError, goFieldFor } from '@mm-review/core';
import { compareEntries } from './order';

/** What ordering and duplicate detection need of an existing entry. */
export interface EntryKey {
  id: string;
  version: string;
  hosting: string;
  /** The entry's `repo_name` (read from plugins.json; not used for ordering). */
  repoName?: string;
  /** The entry's `download_url` (read from plugins.json; not used for ordering). */
  downloadUrl?: string;
}

/** plugins.json as bytes, with the byte span of each top-level entry. */
export interface DatabaseText {
  bytes: Buffer;
  keys: EntryKey[];
  /** `[start, end)` byte offsets of each entry's text, from its `{` to its `}`. */
  spans: [number, number][];
  /** Whether the file has the canonical 2-space layout (then new text matches it exactly). */
  canonical: boolean;
}

const ENTRY_CLOSE = Buffer.from('\n  }');
const NEXT_ENTRY = Buffer.from(',\n  {');
const ARRAY_OPEN = Buffer.from('[\n  {');
const ARRAY_CLOSE = Buffer.from('\n]');

/**
 * Reads plugins.json without ever holding the whole file as one string: in the canonical
 * layout each entry starts with a `\n  {` that nothing deeper can contain, so the entries
 * are found by a byte search and parsed one at a time (the file is still fully
 * validated, and peak memory stays near the file's size). Any other layout falls back to
 * a string-aware scan and one JSON.parse of the whole file.
 */
export function parseDatabase(bytes: Buffer, file: string): DatabaseText {
  const canonical = findCanonicalSpans(bytes);
  if (canonical) {
    const keys: EntryKey[] = [];
    for (const [index, [start, end]] of canonical.entries())
      keys.push(entryKey(parseJson(bytes.toString('utf8', start, end), file, `entry ${index + 1}`)));
    return { bytes, keys, spans: canonical, canonical: true };
  }
  const parsed = parseJson(bytes.toString('utf8'), file);
  if (!Array.isArray(parsed))
    throw new InputError(
      `${file} must be a JSON array of plugin entries, but its top level is ${parsed === null ? 'null' : typeof parsed}`,
    );
  const spans = scanSpans(bytes);
  if (spans.length !== parsed.length)
    throw new InputError(
      `${file}: found ${spans.length} entries in the text but ${parsed.length} when parsed; the file has an unusual layout that cannot be edited safely`,
    );
  return { bytes, keys: parsed.map(entryKey), spans, canonical: false };
}

function parseJson(text: string, file: string, what?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}${what ? ` (${what})` : ''} is not valid JSON (${(error as Error).message}); fix it (validate-database shows where) before adding a release`,
    );
  }
}

/**
 * The fields ordering, duplicates and identity read, as the Marketplace's Go model reads
 * them (and validate-database's entry view): keys matched ignoring case (`"Manifest"` sets
 * manifest), the last spelling in the entry winning.
 */
function entryKey(entry: unknown): EntryKey {
  const fields = goFields(entry, ENTRY_FIELDS);
  const manifest = goFields(fields.manifest, MANIFEST_FIELDS);
  return {
    id: asString(manifest.id),
    version: asString(manifest.version),
    hosting: asString(fields.hosting),
    repoName: asString(fields.repo_name),
    downloadUrl: asString(fields.download_url),
  };
}

const ENTRY_FIELDS = ['manifest', 'hosting', 'repo_name', 'download_url'];
const MANIFEST_FIELDS = ['id', 'version'];

/** The named fields of a record as encoding/json fills a struct; a key spelled exactly needs no folding. */
function goFields(record: unknown, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return out;
  const fields = record as Record<string, unknown>;
  for (const key in fields) {
    // Only the Kelvin sign and the long s fold to ASCII letters, each one UTF-16 unit as they
    // are: a key of another length than every name cannot match one.
    const name = names.includes(key)
      ? key
      : names.some((n) => n.length === key.length)
        ? goFieldFor(key, names)
        : undefined;
    if (name !== undefined) out[name] = fields[key];
  }
  return out;
}

const asString = (value: unknown) => (typeof value === 'string' ? value : '');

function findCanonicalSpans(bytes: Buffer): [number, number][] | undefined {
  const text = bytes.length <= 3 ? bytes.toString('latin1') : '';
  if (text === '[]\n' || text === '[]') return [];
  if (!bytes.subarray(0, ARRAY_OPEN.length).equals(ARRAY_OPEN)) return undefined;
  const tail = bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  if (bytes[tail - 1] !== 0x5d || bytes[tail - 2] !== 0x0a) return undefined;
  const spans: [number, number][] = [];
  let start = 4;
  for (;;) {
    // `\n  }` closes a top-level entry: anything nested is indented further, and strings hold no raw newline.
    const close = bytes.indexOf(ENTRY_CLOSE, start);
    if (close < 0) return undefined;
    const end = close + ENTRY_CLOSE.length;
    spans.push([start, end]);
    if (end === tail - 2 && bytes.subarray(end, end + 2).equals(ARRAY_CLOSE)) return spans;
    if (!bytes.subarray(end, end + NEXT_ENTRY.length).equals(NEXT_ENTRY)) return undefined;
    start = end + NEXT_ENTRY.length - 1;
  }
}

/** Byte spans of the top-level array's elements in any valid JSON layout. */
function scanSpans(bytes: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c === 0x22) {
      i = skipString(bytes, i);
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 2) start = i;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 2) spans.push([start, i + 1]);
      depth--;
    } else if (depth === 1 && c > 0x20 && c !== 0x2c) {
      // A scalar element at the top level (a malformed entry): give it a span too.
      let j = i;
      while (j < bytes.length && !isScalarEnd(bytes[j] as number)) j++;
      spans.push([i, j]);
      i = j - 1;
    }
  }
  return spans;
}

const isScalarEnd = (c: number) => c === 0x2c || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipString(bytes: Buffer, open: number): number {
  for (let i = open + 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return bytes.length;
}

/** Where a new entry goes: after every entry that sorts before it or equal to it. */
export function insertionIndex(keys: readonly EntryKey[], entry: EntryKey): number {
  let index = keys.length;
  for (let i = keys.length - 1; i >= 0; i--) {
    if (compareEntries(keys[i] as EntryKey, entry) <= 0) break;
    index = i;
  }
  return index;
}

/** Entries that are the same release: same id, version and hosting. */
export function duplicatesOf(keys: readonly EntryKey[], entry: EntryKey): number[] {
  const found: number[] = [];
  keys.forEach((key, index) => {
    if (key.id === entry.id && key.version === entry.version && key.hosting === entry.hosting) found.push(index);
  });
  return found;
}

export interface Splice {
  /** The new file, as pieces so a 100 MB file is never copied: slices of the old bytes around the block. */
  pieces: Buffer[];
  /** Byte offset in the new file where the new block starts. */
  blockStart: number;
  /** The inserted text (the entry with its separator). */
  block: string;
  /** Text removed from the old file (a replaced entry), empty for an insertion. */
  removed: string;
  /** Byte offset in the old file where the change happens. */
  oldStart: number;
}

function splice(db: DatabaseText, at: number, removeTo: number, block: string): Splice {
  const { bytes } = db;
  return {
    pieces: [bytes.subarray(0, at), Buffer.from(block, 'utf8'), bytes.subarray(removeTo)],
    blockStart: at,
    block,
    removed: bytes.toString('utf8', at, removeTo),
    oldStart: at,
  };
}

/** Inserts the entry's text before entry `index` (or after the last), touching no other byte. */
export function spliceInsert(db: DatabaseText, index: number, entryText: string): Splice {
  const { bytes, spans } = db;
  if (spans.length === 0) {
    const close = bytes.lastIndexOf(0x5d);
    return splice(db, close, close, `\n${entryText}\n`);
  }
  if (index < spans.length) {
    const at = (spans[index] as [number, number])[0] - (db.canonical ? 2 : 0);
    return splice(db, at, at, db.canonical ? `${entryText},\n` : `${entryText.trimStart()}, `);
  }
  const at = (spans[spans.length - 1] as [number, number])[1];
  return splice(db, at, at, db.canonical ? `,\n${entryText}` : `, ${entryText.trimStart()}`);
}

/** Replaces entry `index` with the new entry's text. */
export function spliceReplace(db: DatabaseText, index: number, entryText: string): Splice {
  const [start, end] = db.spans[index] as [number, number];
  const at = start - (db.canonical ? 2 : 0);
  return splice(db, at, end, db.canonical ? entryText : entryText.trimStart());
}

/** 1-based line of a byte offset (counts newlines; used only for messages and diffs). */
export function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}
