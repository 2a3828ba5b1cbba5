import { LineIndex } from '@mm-review/core';
import { tokenizeGo, type GoToken } from '../lex/go';

/**
 * The top-level shape of one Go file, read from its tokens: imports, struct types with
 * their fields, functions and methods with their bodies, package-level variables.
 * Enough for the checks; not a full parser (expressions stay token ranges).
 */
export interface GoImport {
  /** The name the file uses for the package (`pluginapi`, an alias, `_` or `.`). */
  name: string;
  path: string;
  offset: number;
}

export interface GoField {
  name: string;
  offset: number;
  embedded: boolean;
  /** The field's type as written, e.g. `*pluginapi.Client`, `sync.RWMutex`. */
  type: string;
  /** The struct tag's contents, when there is one. */
  tag?: string;
}

export interface GoStruct {
  name: string;
  offset: number;
  fields: GoField[];
}

export interface GoFunc {
  name: string;
  offset: number;
  receiverType?: string;
  /** Token indices of the body's braces; -1 when the function has no body. */
  bodyStart: number;
  bodyEnd: number;
}

export interface GoVar {
  name: string;
  offset: number;
  /** Token indices (exclusive end) of what follows the names: type and initializer. */
  specStart: number;
  specEnd: number;
}

export interface GoFile {
  path: string;
  text: string;
  lines: LineIndex;
  /** The name in the `package` clause ('' when there is none). */
  packageName: string;
  tokens: GoToken[];
  /** For each opening bracket token, the index of its closing one (-1 if unclosed). */
  match: Int32Array;
  imports: GoImport[];
  structs: GoStruct[];
  funcs: GoFunc[];
  vars: GoVar[];
}

export function parseGoFile(path: string, text: string): GoFile {
  const tokens = tokenizeGo(text);
  const file: GoFile = {
    path,
    text,
    lines: new LineIndex(text),
    packageName: '',
    tokens,
    match: matchBrackets(tokens),
    imports: [],
    structs: [],
    funcs: [],
    vars: [],
  };
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as GoToken;
    if (token.kind === 'keyword' && token.text === 'package' && !file.packageName) {
      file.packageName = tokens[i + 1]?.text ?? '';
      i += 2;
    } else if (token.kind === 'keyword' && token.text === 'import') i = parseGroup(file, i + 1, parseImportSpec);
    else if (token.kind === 'keyword' && token.text === 'type') i = parseGroup(file, i + 1, parseTypeSpec);
    else if (token.kind === 'keyword' && token.text === 'var') i = parseGroup(file, i + 1, parseVarSpec);
    else if (token.kind === 'keyword' && token.text === 'func') i = parseFunc(file, i);
    else i = skip(file, i);
  }
  return file;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const MAX_UNCLOSED = 8;

function matchBrackets(tokens: GoToken[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'op') return;
    if (OPENERS[token.text]) stack.push(index);
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      // Pop to the matching opener a few levels down at most (a missing closer in broken
      // code); a closer with no opener near is ignored. The bound keeps this linear.
      for (let depth = stack.length - 1; depth >= Math.max(0, stack.length - MAX_UNCLOSED); depth--) {
        const open = stack[depth] as number;
        if (OPENERS[(tokens[open] as GoToken).text] === token.text) {
          match[open] = index;
          stack.length = depth;
          break;
        }
      }
    }
  });
  return match;
}

/** The index after token i, jumping over a whole bracketed group. */
export function skip(file: GoFile, i: number): number {
  const token = file.tokens[i];
  if (token?.kind === 'op' && OPENERS[token.text]) {
    const close = file.match[i] ?? -1;
    return close === -1 ? file.tokens.length : close + 1;
  }
  return i + 1;
}

/** The index of the `;` ending the statement or spec that starts at i (or the end). */
function specEnd(file: GoFile, i: number, limit: number): number {
  let j = i;
  while (j < limit && file.tokens[j]?.kind !== 'semi') j = skip(file, j);
  return Math.min(j, limit);
}

type SpecParser = (file: GoFile, start: number, end: number) => void;

/** `keyword ( spec; spec; … )` or `keyword spec`; returns the index after it. */
function parseGroup(file: GoFile, i: number, parse: SpecParser): number {
  const token = file.tokens[i];
  if (token?.kind === 'op' && token.text === '(') {
    const close = file.match[i] ?? -1;
    const limit = close === -1 ? file.tokens.length : close;
    let j = i + 1;
    while (j < limit) {
      const end = specEnd(file, j, limit);
      if (end > j) parse(file, j, end);
      j = end + 1;
    }
    return limit + 1;
  }
  const end = specEnd(file, i, file.tokens.length);
  parse(file, i, end);
  return end + 1;
}

function parseImportSpec(file: GoFile, start: number, end: number): void {
  const pathToken = file.tokens.slice(start, end).find((t) => t.kind === 'string');
  if (!pathToken?.value) return;
  const first = file.tokens[start] as GoToken;
  const explicit = first !== pathToken ? first.text : undefined;
  file.imports.push({
    name: explicit ?? defaultImportName(pathToken.value),
    path: pathToken.value,
    offset: first.offset,
  });
}

/** Packages whose name differs from the last element of their import path. */
const PACKAGE_NAMES: Record<string, string> = { 'github.com/mattermost/mattermost-plugin-api': 'pluginapi' };

export function defaultImportName(importPath: string): string {
  const known = PACKAGE_NAMES[importPath.replace(/\/v\d+$/, '')];
  if (known) return known;
  const parts = importPath.split('/');
  let last = parts.pop() ?? importPath;
  if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop() as string;
  return last
    .replace(/^go-/, '')
    .replace(/\.v\d+$/, '')
    .replace(/[^\p{L}\p{Nd}_].*$/u, '');
}

function parseTypeSpec(file: GoFile, start: number, end: number): void {
  const name = file.tokens[start];
  if (name?.kind !== 'ident') return;
  let j = start + 1;
  if (file.tokens[j]?.text === '[') j = skip(file, j);
  if (file.tokens[j]?.text !== 'struct' || file.tokens[j + 1]?.text !== '{' || j + 1 >= end) return;
  file.structs.push({ name: name.text, offset: name.offset, fields: parseFields(file, j + 1) });
}

export function parseFields(file: GoFile, open: number): GoField[] {
  const close = file.match[open] ?? -1;
  const limit = close === -1 ? file.tokens.length : close;
  const fields: GoField[] = [];
  let j = open + 1;
  while (j < limit) {
    const end = specEnd(file, j, limit);
    if (end > j) fields.push(...parseField(file.tokens.slice(j, end)));
    j = end + 1;
  }
  return fields;
}

function parseField(tokens: GoToken[]): GoField[] {
  const last = tokens[tokens.length - 1];
  const tag = last?.kind === 'string' ? last.value : undefined;
  const body = tag === undefined ? tokens : tokens.slice(0, -1);
  const first = body[0];
  if (!first) return [];
  const embedded = first.text === '*' || (first.kind === 'ident' && (body.length === 1 || body[1]?.text === '.'));
  if (embedded) {
    const typeName = [...body].reverse().find((t) => t.kind === 'ident');
    if (!typeName) return [];
    return [withTag({ name: typeName.text, offset: typeName.offset, embedded: true, type: typeText(body) }, tag)];
  }
  const names: GoToken[] = [];
  let k = 0;
  while (body[k]?.kind === 'ident') {
    names.push(body[k] as GoToken);
    if (body[k + 1]?.text !== ',') break;
    k += 2;
  }
  const type = typeText(body.slice(k + 1));
  return names.map((n) => withTag({ name: n.text, offset: n.offset, embedded: false, type }, tag));
}

function withTag(field: GoField, tag: string | undefined): GoField {
  if (tag !== undefined) field.tag = tag;
  return field;
}

/** Tokens joined as Go would print them, with a space only between two words. */
export function typeText(tokens: readonly GoToken[]): string {
  let out = '';
  let previousWord = false;
  for (const token of tokens) {
    const word = token.kind === 'ident' || token.kind === 'keyword';
    if (word && previousWord) out += ' ';
    out += token.text;
    previousWord = word;
  }
  return out;
}

function parseVarSpec(file: GoFile, start: number, end: number): void {
  const names: GoToken[] = [];
  let k = start;
  while (k < end && file.tokens[k]?.kind === 'ident') {
    names.push(file.tokens[k] as GoToken);
    if (file.tokens[k + 1]?.text !== ',') break;
    k += 2;
  }
  for (const name of names) file.vars.push({ name: name.text, offset: name.offset, specStart: k + 1, specEnd: end });
}

function parseFunc(file: GoFile, i: number): number {
  const { tokens } = file;
  let j = i + 1;
  let receiverType: string | undefined;
  if (tokens[j]?.text === '(') {
    const close = file.match[j] ?? -1;
    const receiver = tokens.slice(j + 1, close === -1 ? tokens.length : close);
    const bracket = receiver.findIndex((t) => t.text === '[');
    receiverType = [...(bracket === -1 ? receiver : receiver.slice(0, bracket))]
      .reverse()
      .find((t) => t.kind === 'ident')?.text;
    j = skip(file, j);
  }
  const name = tokens[j];
  if (name?.kind !== 'ident') return j;
  j++;
  if (tokens[j]?.text === '[') j = skip(file, j);
  if (tokens[j]?.text === '(') j = skip(file, j);
  // Results: skip over `struct{…}` / `interface{…}` types until the body or the end.
  while (j < tokens.length) {
    const token = tokens[j] as GoToken;
    if (token.kind === 'semi') break;
    if ((token.text === 'struct' || token.text === 'interface') && tokens[j + 1]?.text === '{') j = skip(file, j + 1);
    else if (token.text === '{') break;
    else j = skip(file, j);
  }
  const func: GoFunc = { name: name.text, offset: name.offset, bodyStart: -1, bodyEnd: -1 };
  if (receiverType) func.receiverType = receiverType;
  if (tokens[j]?.text === '{') {
    func.bodyStart = j;
    func.bodyEnd = file.match[j] === -1 ? tokens.length - 1 : (file.match[j] as number);
    j = func.bodyEnd + 1;
  }
  file.funcs.push(func);
  return j;
}

/** The function whose body contains token index i, if any. */
export function enclosingFunc(file: GoFile, i: number): GoFunc | undefined {
  // Functions are top-level and in source order: the last one starting before i is the only candidate.
  let low = 0;
  let high = file.funcs.length - 1;
  let found: GoFunc | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const func = file.funcs[mid] as GoFunc;
    if (func.offset < (file.tokens[i]?.offset ?? 0)) {
      found = func;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found && found.bodyStart !== -1 && found.bodyStart < i && i < found.bodyEnd ? found : undefined;
}

export function importNames(file: GoFile, test: (path: string) => boolean): Set<string> {
  return new Set(file.imports.filter((imp) => test(imp.path)).map((imp) => imp.name));
}

/** Where the file uses `pkg.Name` for a package it imports under one of `packageNames`. */
export function packageSelectors(
  file: GoFile,
  packageNames: ReadonlySet<string>,
  names: ReadonlySet<string> | ((name: string) => boolean),
): number[] {
  const accept = typeof names === 'function' ? names : (n: string) => names.has(n);
  const hits: number[] = [];
  if (packageNames.size === 0) return hits;
  const { tokens } = file;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const token = tokens[i] as GoToken;
    if (token.kind !== 'ident' || !packageNames.has(token.text)) continue;
    if (tokens[i + 1]?.text !== '.' || tokens[i - 1]?.text === '.') continue;
    const selected = tokens[i + 2] as GoToken;
    if (selected.kind === 'ident' && accept(selected.text)) hits.push(i);
  }
  return hits;
}

/** The first string literal among a call's arguments, given the index of its `(`. */
export function firstStringArgument(file: GoFile, open: number): GoToken | undefined {
  const close = file.match[open] ?? -1;
  const end = close === -1 ? file.tokens.length : close;
  for (let j = open + 1; j < end; j++) {
    const token = file.tokens[j] as GoToken;
    if (token.kind === 'string') return token;
  }
  return undefined;
}
