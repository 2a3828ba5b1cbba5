import { findNodeAtLocation, parseTree, visit, type Node as JsonNode } from 'jsonc-parser';
import { GO_MAX_NESTING, goFold, lastAtOrBefore, type Position } from '@mm-review/core';
import { isCanonicalLayout } from './canonical';

export type JsonPath = readonly (string | number)[];

export interface ParseFailure {
  offset: number;
  message: string;
  /** The scanner's complaint is text after a complete first value (Go reads only that value). */
  afterValue?: boolean;
}

/**
 * One plugins.json, parsed the fast way (JSON.parse) and located lazily: the canonical
 * layout is proven by re-serialising, entry start offsets come from one linear scan,
 * and an entry is parsed with positions only when a finding needs its lines.
 */
export class DatabaseFile {
  /** The decoded array, or undefined when the text is not a JSON array. */
  readonly entries: unknown[] | undefined;
  readonly failure: ParseFailure | undefined;
  /**
   * How the Marketplace reads a file that holds no array: a 0-byte (or blank) file and
   * `null` both load as an empty list (PluginsFromReader ignores io.EOF; null leaves the
   * slice nil).
   */
  readonly empty: 'blank' | 'null' | undefined;
  /** Where text after the first JSON value starts: the Go decoder reads one value and never looks further. */
  readonly trailingOffset: number | undefined;
  /** Why the canonical re-encoding could not be made (too deep for the engine's stack, or too large). */
  readonly reencodeFailure: string | undefined;
  /** Whether the text is exactly `JSON.stringify(entries, null, 2) + "\n"`. */
  readonly canonical: boolean;
  /** Where the text first departs from the canonical layout, when it does. */
  readonly layoutDifference: { offset: number; expected: string } | undefined;
  private readonly lines: LineCounter;
  private starts: number[] | undefined;
  /** Whether `starts` holds every entry's start (the canonical layout's are found as far as asked). */
  private allStarts = false;
  /** A canonical file of objects only: each entry starts its own line with "  {". */
  private onlyObjects: boolean | undefined;
  /** The positioned tree of the last entry asked for: findings come entry by entry, and trees are large. */
  private lastTree: { index: number; tree: JsonNode | undefined } | undefined;

  constructor(
    /** The path shown in findings (relative to the workspace). */
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineCounter(text);
    const decoded = decode(text);
    this.entries = decoded.entries;
    this.failure = decoded.failure;
    this.empty = decoded.empty;
    this.trailingOffset = decoded.trailingOffset;
    if (!this.entries || this.empty) {
      this.canonical = false;
      this.layoutDifference = undefined;
      this.reencodeFailure = undefined;
      return;
    }
    // The usual file is canonical: proven by walking the entries along the text, without a
    // second copy of the whole file; anything else takes the full re-encoding below.
    if (this.trailingOffset === undefined && isCanonicalLayout(text, this.entries)) {
      this.canonical = true;
      this.layoutDifference = undefined;
      this.reencodeFailure = undefined;
      return;
    }
    const { expected, failure } = serialize(this.entries);
    // Only a file that does not re-encode to itself can nest deeper than the canonical layout shows.
    if (expected === undefined || text.length !== expected.length + 1) {
      const depth = deepestNesting(text, GO_MAX_NESTING);
      if (depth > GO_MAX_NESTING) {
        this.entries = undefined;
        this.failure = {
          offset: firstNonSpace(text),
          message: `nests arrays and objects more than ${GO_MAX_NESTING} deep, which the Marketplace's Go decoder refuses (encoding/json "exceeded max depth")`,
        };
        this.canonical = false;
        this.layoutDifference = undefined;
        this.reencodeFailure = undefined;
        return;
      }
    }
    this.reencodeFailure = failure;
    // Text after the first value is reported on its own (trailing-data); the layout is the value's.
    const body = this.trailingOffset === undefined ? text : text.slice(0, this.trailingOffset);
    // Compared without appending the newline (concatenating would copy the whole file), and
    // in 1 MB slices: one comparison of two 100 MB strings is several times slower.
    this.canonical =
      expected !== undefined &&
      body.length === expected.length + 1 &&
      body.endsWith('\n') &&
      samePrefix(body, expected);
    this.layoutDifference =
      this.canonical || expected === undefined ? undefined : firstDifference(body, `${expected}\n`);
  }

  get entryCount(): number {
    return this.entries?.length ?? 0;
  }

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  /** The offset where entry `index` begins (its `{`). */
  entryStart(index: number): number {
    return this.entryStarts(index)[index] ?? 0;
  }

  /** The index of the entry that contains `offset` (the last entry starting at or before it; 0 before the first). */
  entryAt(offset: number): number {
    return lastAtOrBefore(this.entryStarts(-1, offset), offset);
  }

  /** The text of one entry, from its first character to just before the next entry. */
  entryText(index: number): string {
    const starts = this.entryStarts(index + 1);
    const start = starts[index] ?? 0;
    const next = starts[index + 1];
    if (next !== undefined) return this.text.slice(start, next);
    return this.text.slice(start, this.text.lastIndexOf(']'));
  }

  /**
   * The line and column of a field of an entry (`['manifest', 'version']`), or of its
   * key with `which: 'key'`; a missing field falls back to its nearest parent.
   */
  locate(index: number, path: JsonPath, which: 'key' | 'value' = 'value'): Position {
    return this.position(this.offsetOf(index, path, which));
  }

  offsetOf(index: number, path: JsonPath, which: 'key' | 'value' = 'value'): number {
    const start = this.entryStart(index);
    if (path.length === 0) return start;
    const fast = this.canonical ? canonicalOffset(this.text, start, path, which) : undefined;
    if (fast !== undefined) return fast;
    const tree = this.tree(index);
    if (!tree) return start;
    const resolved = resolveKeyCase(tree, path);
    for (let depth = resolved.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(tree, resolved.slice(0, depth) as (string | number)[]);
      if (!node) continue;
      const key =
        which === 'key' && depth > 0 && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return start + (key ?? node).offset;
    }
    return start;
  }

  /** The exact source text of a field of an entry with the position it starts at. */
  fieldSource(index: number, path: JsonPath): { text: string; start: Position } | undefined {
    const tree = this.tree(index);
    const node = tree && findNodeAtLocation(tree, resolveKeyCase(tree, path) as (string | number)[]);
    if (!node) return undefined;
    const offset = this.entryStart(index) + node.offset;
    return { text: this.text.slice(offset, offset + node.length), start: this.position(offset) };
  }

  private tree(index: number): JsonNode | undefined {
    if (this.lastTree?.index !== index) this.lastTree = { index, tree: parseTree(this.entryText(index)) };
    return this.lastTree.tree;
  }

  /**
   * Entry start offsets, known at least through entry `index` and past `offset`. In the
   * canonical layout they are found as far as asked (findings are usually listed for the
   * first entries with a problem, and the file can hold 100 MB); otherwise by one full scan.
   */
  private entryStarts(index = -1, offset = -1): number[] {
    if (this.allStarts && this.starts) return this.starts;
    // Only an object begins with "{": a file holding other values is scanned.
    this.onlyObjects ??= this.canonical && (this.entries ?? []).every(isPlainObject);
    if (!this.onlyObjects) {
      this.allStarts = true;
      return (this.starts = scannedStarts(this.text));
    }
    const starts = (this.starts ??= []);
    const count = this.entryCount;
    const short = () =>
      starts.length <= index || (starts.length === 0 ? -1 : (starts[starts.length - 1] as number)) <= offset;
    let from = starts.length === 0 ? 0 : (starts[starts.length - 1] as number) + 1;
    while (starts.length < count && short()) {
      const at = this.text.indexOf(CANONICAL_ENTRY, from);
      if (at === -1) {
        this.allStarts = true;
        return starts;
      }
      starts.push(at + CANONICAL_ENTRY.length - 1);
      from = at + CANONICAL_ENTRY.length;
    }
    this.allStarts = starts.length >= count;
    return starts;
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How an entry begins in the canonical layout: on its own line, indented two spaces (deeper lines are indented more). */
const CANONICAL_ENTRY = '\n  {';

/**
 * Where a path inside the entry at `start` begins, read from the canonical layout alone
 * (JSON.stringify with 2 spaces): every member begins its own line, indented 2 spaces per
 * level, and a container ends at the first line that holds only its closing bracket at its
 * own indent (strings cannot hold a raw line break). Undefined when the path is not there
 * as written (a missing field, another key case), which the positioned parser then resolves.
 */
export function canonicalOffset(
  text: string,
  start: number,
  path: JsonPath,
  which: 'key' | 'value' = 'value',
): number | undefined {
  let at = start;
  // The top-level array's elements are indented 2 spaces.
  let indent = 2;
  let keyAt = -1;
  for (const step of path) {
    const open = text.charCodeAt(at);
    const inner = '\n' + ' '.repeat(indent + 2);
    const end = text.indexOf(`\n${' '.repeat(indent)}${open === 123 ? '}' : ']'}`, at);
    // An empty container (`{}`, `[]`) holds no path; a full one breaks its line after the bracket.
    if ((open !== 123 && open !== 91) || text.charCodeAt(at + 1) !== 10 || end === -1) return undefined;
    if (typeof step === 'string') {
      if (open !== 123) return undefined;
      const key = `${inner}${JSON.stringify(step)}: `;
      const found = text.indexOf(key, at);
      if (found === -1 || found > end) return undefined;
      keyAt = found + inner.length;
      at = found + key.length;
    } else {
      if (open !== 91) return undefined;
      let line = at;
      let element = -1;
      while (element < step) {
        line = text.indexOf(inner, line + 1);
        if (line === -1 || line > end) return undefined;
        const first = text.charCodeAt(line + inner.length);
        // A line at this indent either begins an element or closes one.
        if (first !== 125 && first !== 93 && first !== 32) element++;
      }
      keyAt = -1;
      at = line + inner.length;
    }
    indent += 2;
  }
  return which === 'key' && keyAt !== -1 ? keyAt : at;
}

/**
 * A path of model field names as the entry spells it: the Go decoder matched the entry's
 * top-level key ignoring case (`"Manifest"`), so findings locate that key. The last
 * spelling wins, as it does in the decoder.
 */
function resolveKeyCase(tree: JsonNode, path: JsonPath): JsonPath {
  const first = path[0];
  if (typeof first !== 'string' || tree.type !== 'object' || findNodeAtLocation(tree, [first])) return path;
  const folded = goFold(first);
  let key: string | undefined;
  for (const property of tree.children ?? []) {
    const name = property.children?.[0]?.value;
    if (typeof name === 'string' && goFold(name) === folded) key = name;
  }
  return key === undefined ? path : [key, ...path.slice(1)];
}

interface Decoded {
  entries?: unknown[];
  failure?: ParseFailure;
  empty?: 'blank' | 'null';
  trailingOffset?: number;
}

function decode(text: string): Decoded {
  let value: unknown;
  let trailingOffset: number | undefined;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (/^\s*$/.test(text)) return { entries: [], empty: 'blank' };
    const failure = syntaxFailure(text, error as Error);
    // encoding/json's Decoder reads the first value and stops: what follows it is never read.
    const end = failure.afterValue ? firstValueEnd(text) : undefined;
    if (end === undefined) return { failure };
    try {
      value = JSON.parse(text.slice(0, end));
      trailingOffset = failure.offset;
    } catch {
      return { failure };
    }
  }
  if (value === null)
    return { entries: [], empty: 'null', ...(trailingOffset === undefined ? {} : { trailingOffset }) };
  if (!Array.isArray(value)) {
    const kind = value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return {
      failure: { offset: firstNonSpace(text), message: `plugins.json must be a JSON array of entries, but is ${kind}` },
    };
  }
  return { entries: value, ...(trailingOffset === undefined ? {} : { trailingOffset }) };
}

/** Whether brackets nest deeper than `limit` (a scan without recursion; returns the depth reached). */
function deepestNesting(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \\ */) i++;
      else if (code === 34) inString = false;
      continue;
    }
    if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > limit) return depth;
    } else if (code === 93 || code === 125) depth--;
  }
  return 0;
}

/** The end offset of the first top-level JSON value, by the offset-reporting scanner. */
function firstValueEnd(text: string): number | undefined {
  let depth = 0;
  let end: number | undefined;
  let broken = false;
  visit(text, {
    onObjectBegin: () => void depth++,
    onArrayBegin: () => void depth++,
    onObjectEnd: (offset, length) => {
      if (--depth === 0 && end === undefined) end = offset + length;
    },
    onArrayEnd: (offset, length) => {
      if (--depth === 0 && end === undefined) end = offset + length;
    },
    onLiteralValue: (_v, offset, length) => {
      if (depth === 0 && end === undefined) end = offset + length;
    },
    onError: (_code, offset) => {
      if (end === undefined || offset < end) broken = true;
    },
  });
  return broken ? undefined : end;
}

/**
 * Whether `text` starts with all of `prefix`. Compared in 1 MB slices: V8 compares flat
 * slices with memcmp, while one comparison of two 100 MB strings is several times slower.
 */
function samePrefix(text: string, prefix: string): boolean {
  const block = 1 << 20;
  for (let at = 0; at < prefix.length; at += block) {
    const end = Math.min(at + block, prefix.length);
    if (text.slice(at, end) !== prefix.slice(at, end)) return false;
  }
  return true;
}

function serialize(entries: unknown[]): { expected?: string; failure?: string } {
  try {
    return { expected: JSON.stringify(entries, null, 2) };
  } catch (error) {
    // Nesting deep enough to exhaust the stack, or a re-encoding over the engine's string limit.
    const tooLarge = /string length/i.test((error as Error).message);
    return {
      failure: tooLarge
        ? "its canonical re-encoding is longer than the JavaScript engine's 512 MiB string limit"
        : 'it nests too deeply to be re-encoded (the Marketplace model never nests this deep)',
    };
  }
}

/** Where JSON.parse stopped, found again by a scanner that reports offsets (only on failure). */
function syntaxFailure(text: string, error: Error): ParseFailure {
  let failure: ParseFailure | undefined;
  visit(text, {
    onError(code, offset) {
      failure ??= {
        offset,
        message: `is not valid JSON here (${errorName(code)})`,
        ...(code === 9 ? { afterValue: true } : {}),
      };
    },
  });
  if (failure) return failure;
  const position = /position (\d+)/.exec(error.message);
  return { offset: position ? Number(position[1]) : 0, message: `is not valid JSON (${error.message.split('\n')[0]})` };
}

const ERROR_NAMES: Record<number, string> = {
  1: 'an unexpected symbol',
  2: 'an invalid number',
  3: 'a property name was expected',
  4: 'a value was expected',
  5: 'a colon was expected',
  6: 'a comma was expected',
  7: 'a closing brace was expected',
  8: 'a closing bracket was expected',
  9: 'the end of the file was expected',
  10: 'comments are not allowed',
  11: 'an unterminated comment',
  12: 'an unterminated string',
  13: 'an unterminated number',
  14: 'an invalid unicode escape',
  15: 'an invalid escape character',
  16: 'an invalid character in a string',
};

function errorName(code: number): string {
  // Comments are tolerated by jsonc-parser but not by JSON.parse; its first complaint names them.
  return ERROR_NAMES[code] ?? `error ${code}`;
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : 0;
}

function firstDifference(text: string, expected: string): { offset: number; expected: string } {
  const length = Math.min(text.length, expected.length);
  let offset = 0;
  // Compare in blocks first: the files are large and usually differ late, if at all.
  const block = 4096;
  while (offset + block <= length && text.slice(offset, offset + block) === expected.slice(offset, offset + block))
    offset += block;
  while (offset < length && text.charCodeAt(offset) === expected.charCodeAt(offset)) offset++;
  const lineStart = expected.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = expected.indexOf('\n', offset);
  return { offset, expected: expected.slice(lineStart, lineEnd === -1 ? undefined : lineEnd) };
}

/** In the canonical layout every entry, and nothing else, begins a line with exactly `  {`. */
/** The start offsets of the top-level array's elements, by a scanner that follows any layout. */
function scannedStarts(text: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  const element = (offset: number) => {
    if (depth === 1) starts.push(offset);
  };
  visit(text, {
    onObjectBegin: (offset) => {
      element(offset);
      depth++;
    },
    onObjectEnd: () => {
      depth--;
    },
    onArrayBegin: (offset) => {
      element(offset);
      depth++;
    },
    onArrayEnd: () => {
      depth--;
    },
    onLiteralValue: (_value, offset) => element(offset),
  });
  return starts;
}

/**
 * Offsets to lines without an index of the whole file: lines are counted from the
 * nearest position already asked for, so locating the findings of a few entries in a
 * 100 MB file costs about one scan, and nothing when there are none.
 */
export class LineCounter {
  private readonly offsets: number[] = [0];
  private readonly lineNumbers: number[] = [1];

  constructor(private readonly text: string) {}

  position(offset: number): Position {
    const target = Math.max(0, Math.min(offset, this.text.length));
    const slot = lastAtOrBefore(this.offsets, target);
    let line = this.lineNumbers[slot] ?? 1;
    let at = this.offsets[slot] ?? 0;
    for (
      let next = this.text.indexOf('\n', at);
      next !== -1 && next < target;
      next = this.text.indexOf('\n', next + 1)
    ) {
      line++;
      at = next + 1;
    }
    this.remember(slot + 1, at, line);
    return { line, column: target - at + 1 };
  }

  private remember(slot: number, lineStart: number, line: number): void {
    if (this.offsets[slot - 1] === lineStart) return;
    this.offsets.splice(slot, 0, lineStart);
    this.lineNumbers.splice(slot, 0, line);
  }
}
