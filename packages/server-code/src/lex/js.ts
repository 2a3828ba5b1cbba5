import { isDigit, quotedEnd } from './scan';

/**
 * A tokenizer for JavaScript / TypeScript / JSX, just precise enough to find calls:
 * it drops comments, string literals, template literal text (keeping the code inside
 * `${…}`) and regular expression literals (told from division by the token before, as
 * the grammar does), and yields identifiers and punctuation with their offsets.
 * JSX text is read as code; a quote in it (`<p>Don't</p>`) is a string to the end of
 * its line at worst, never further. One pass, linear, never throws.
 */

export interface JsToken {
  kind: 'ident' | 'punct' | 'literal';
  text: string;
  offset: number;
}

const IDENT = /[\p{L}_$][\p{L}\p{Nd}_$]*/uy;
const NUMBER = /[0-9][0-9a-zA-Z_.]*|\.[0-9][0-9a-zA-Z_]*/y;

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

export function tokenizeJs(text: string): JsToken[] {
  const tokens: JsToken[] = [];
  /** One entry per open `{`: whether it opened a `${` inside a template literal. */
  const braces: boolean[] = [];
  const length = text.length;
  let i = 0;

  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'literal') return false;
    if (last.kind === 'ident') return REGEX_AFTER_WORDS.has(last.text);
    return !(last.text === ')' || last.text === ']' || last.text === '}');
  };

  const scanTemplate = (from: number): number => {
    let j = from;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 96) return j + 1;
      else if (c === 36 /* $ */ && text.charCodeAt(j + 1) === 123) {
        braces.push(true);
        return j + 2;
      } else j++;
    }
    return length;
  };

  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff || c === 0xa0) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        const end = text.indexOf('\n', i);
        i = end === -1 ? length : end;
        continue;
      }
      if (next === 42) {
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? length : end + 2;
        continue;
      }
      if (regexAllowed()) {
        i = regexEnd(text, i);
        tokens.push({ kind: 'literal', text: '/re/', offset: i });
        continue;
      }
    }
    if (c === 34 || c === 39) {
      i = quotedEnd(text, i, c);
      tokens.push({ kind: 'literal', text: '""', offset: i });
      continue;
    }
    if (c === 96) {
      tokens.push({ kind: 'literal', text: '``', offset: i });
      i = scanTemplate(i + 1);
      continue;
    }
    if (c === 125 /* } */ && braces.length > 0 && braces[braces.length - 1]) {
      braces.pop();
      i = scanTemplate(i + 1);
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], offset: i });
      i += ident[0].length;
      continue;
    }
    if (c >= 48 && c <= 57) {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text)?.[0] ?? (text[i] as string);
      tokens.push({ kind: 'literal', text: number, offset: i });
      i += number.length;
      continue;
    }
    if (c === 123) braces.push(false);
    else if (c === 125) braces.pop();
    const punct = text.startsWith('?.', i) && !isDigit(text.charCodeAt(i + 2)) ? '?.' : String.fromCodePoint(text.codePointAt(i) ?? c);
    tokens.push({ kind: 'punct', text: punct, offset: i });
    i += punct.length;
  }
  return tokens;
}



/** End of a regular expression literal: a `/` outside a character class, then its flags. */
function regexEnd(text: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 47 && !inClass) {
      i++;
      while (i < text.length && /[a-z]/i.test(text[i] as string)) i++;
      return i;
    }
    if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    i += c === 92 ? 2 : 1;
  }
  return text.length;
}
