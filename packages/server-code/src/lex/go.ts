import { isDigit, quotedEnd } from './scan';

/**
 * A tokenizer for Go source, after the Go specification's lexical rules: comments are
 * dropped, interpreted and raw strings and runes become single tokens (so nothing in
 * them is ever mistaken for code), and semicolons are inserted at line ends exactly
 * where the compiler inserts them, which lets later passes split statements and struct
 * fields. Malformed input (an unterminated string or comment, a stray byte) never
 * throws: the token ends where the line or the file does. One pass, linear in the text.
 */

export type GoTokenKind = 'ident' | 'keyword' | 'number' | 'string' | 'rune' | 'op' | 'semi';

export interface GoToken {
  kind: GoTokenKind;
  /** The source text of the token (for an inserted semicolon: "\n"). */
  text: string;
  offset: number;
  /** For strings: the contents without quotes, common escapes decoded. */
  value?: string;
}

const KEYWORDS = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

/** Keywords after which a line end inserts a semicolon (Go spec, "Semicolons"). */
const SEMI_KEYWORDS = new Set(['break', 'continue', 'fallthrough', 'return']);

const OPERATORS = [
  '<<=',
  '>>=',
  '&^=',
  '...',
  '&&',
  '||',
  '<-',
  '++',
  '--',
  '==',
  '!=',
  '<=',
  '>=',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '&^',
  '~',
];

const MULTI_CHAR_STARTS = new Set(OPERATORS.map((op) => op.charCodeAt(0)));
const IDENT = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
const IDENT_REST = /[\p{L}\p{Nd}_]*/uy;
const NUMBER =
  /0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?i?|0[bBoO][0-9_]+i?|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?i?/y;

export function tokenizeGo(text: string): GoToken[] {
  const tokens: GoToken[] = [];
  const length = text.length;
  let i = 0;

  const lastInsertsSemicolon = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return false;
    switch (last.kind) {
      case 'ident':
      case 'number':
      case 'string':
      case 'rune':
        return true;
      case 'keyword':
        return SEMI_KEYWORDS.has(last.text);
      case 'op':
        return last.text === ')' || last.text === ']' || last.text === '}' || last.text === '++' || last.text === '--';
      default:
        return false;
    }
  };
  const lineEnd = (offset: number): void => {
    if (lastInsertsSemicolon()) tokens.push({ kind: 'semi', text: '\n', offset });
  };

  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineEnd(i);
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? length : end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? length : close + 2;
      // A general comment spanning lines acts like a newline.
      const newline = text.indexOf('\n', i);
      if (newline !== -1 && newline < end) lineEnd(i);
      i = end;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const end = quotedEnd(text, i, c);
      const raw = text.slice(i, end);
      tokens.push({
        kind: c === 34 ? 'string' : 'rune',
        text: raw,
        offset: i,
        value: unescape(raw.slice(1, raw.endsWith(String.fromCharCode(c)) && raw.length > 1 ? -1 : undefined)),
      });
      i = end;
      continue;
    }
    if (c === 96 /* ` */) {
      const close = text.indexOf('`', i + 1);
      const end = close === -1 ? length : close + 1;
      const raw = text.slice(i, end);
      tokens.push({
        kind: 'string',
        text: raw,
        offset: i,
        value: raw.slice(1, close === -1 ? undefined : -1).replace(/\r/g, ''),
      });
      i = end;
      continue;
    }
    if (isAsciiWordStart(c) || c > 127) {
      const end = identEnd(text, i);
      if (end > i) {
        const word = text.slice(i, end);
        tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'ident', text: word, offset: i });
        i = end;
        continue;
      }
    }
    if ((c >= 48 && c <= 57) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      const word = number?.[0] || (text[i] as string);
      tokens.push({ kind: 'number', text: word, offset: i });
      i += word.length;
      continue;
    }
    const op =
      (MULTI_CHAR_STARTS.has(c) ? OPERATORS.find((candidate) => text.startsWith(candidate, i)) : undefined) ??
      String.fromCodePoint(text.codePointAt(i) ?? c);
    tokens.push({ kind: 'op', text: op, offset: i });
    i += op.length;
  }
  lineEnd(length);
  return tokens;
}

function isAsciiWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** End of the identifier at i (i when there is none): ASCII by hand, the common case; Unicode by regex. */
function identEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const code = text.charCodeAt(j);
    if (isAsciiWordStart(code) || (j > i && code >= 48 && code <= 57)) {
      j++;
      continue;
    }
    if (code <= 127) return j;
    const pattern = j === i ? IDENT : IDENT_REST;
    pattern.lastIndex = j;
    return pattern.exec(text) ? pattern.lastIndex : j;
  }
  return j;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\' };

function unescape(body: string): string {
  return body.includes('\\') ? body.replace(/\\(.)/g, (whole, c: string) => ESCAPES[c] ?? whole) : body;
}
