/**
 * License text normalisation in the spirit of GitHub's licensee: two texts that differ
 * only in layout, case, punctuation, copyright lines, list markers, URLs, titles or the
 * "how to apply" appendix normalise to the same words. The reference SPDX texts and the
 * plugin's files go through the same function, so every rule here is symmetric.
 */

export interface NormalizedLicense {
  /** The distinct words, the set the similarity is computed on. */
  words: Set<string>;
  /** Characters of the normalised text (words joined by one space); penalises truncation. */
  length: number;
}

const END_OF_TERMS = /^[ \t#*_>-]*end of terms and conditions[ \t#*_.]*$/im;
/**
 * A copyright notice line: "Copyright (c) 2020 Foo", "Copyright The Foo Authors", "© 2020 Foo".
 * Wrapped body lines that merely start with the word ("copyright license to reproduce",
 * "COPYRIGHT HOLDERS AND CONTRIBUTORS") continue in lower case or with those words, and
 * "(c)" opens a notice only with a year on the line (else it is Apache's clause 4(c)).
 */
const COPYRIGHT_LINE =
  /^[ \t#*_>-]*(?:[Pp]ortions[ \t]+)?(?:(?:[Cc]opyright|COPYRIGHT)(?!\w)(?![ \t]+(?:[a-z]|(?:HOLDERS?|OWNERS?|NOTICE|LAW|LICENSE|AND|OR)\b))|(?:\([Cc]\)|©)(?=.*\b(?:1[89]|20)\d\d\b)).*$|^[ \t#*_>-]*(?:[Aa]ll [Rr]ights [Rr]eserved|ALL RIGHTS RESERVED)\b.*$/gm;
const SPDX_TAG_LINE = /^.*spdx-license-identifier:.*$/gim;
const URL = /\b(?:https?|ftp):\/\/[^\s<>)\]"']+|\bwww\.[^\s<>)\]"']+/gi;
/** Starts only where a token starts, so a long run of text is scanned once, not once per character. */
const EMAIL = /(?<![^\s<>()[\]"'])[^\s<>()[\]"'@]{1,64}@[^\s<>()[\]"'@]{1,255}/g;
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\([^)\n]{0,500}\)/g;
/** Template fields of the SPDX texts (`<year>`, `[name of copyright owner]`) and their filled-in twins. */
const FIELD = /<[^<>\n]{1,80}>|\[[^[\]\n]{1,80}\]/g;
const LIST_MARKER = /^[ \t>]*(?:\(?(?:[0-9]{1,3}|[a-z]|[ivx]{1,4})[.)]|[*\-•+·])[ \t]+/gim;
const HORIZONTAL_RULE = /^[ \t]*[-=*_~#]{3,}[ \t]*$/gm;
/** BSD-3-Clause names its owner in clause 3; the SPDX text says "the copyright holder". */
const BSD_NAMED_OWNER = /neither the name of [\s\S]{1,160}? nor the names of/gi;

const SPELLING: Record<string, string> = {
  licence: 'license',
  licences: 'licenses',
  licenced: 'licensed',
  licencee: 'licensee',
  acknowledgment: 'acknowledgement',
  judgment: 'judgement',
  organisation: 'organization',
  authorised: 'authorized',
  authorisation: 'authorization',
  favour: 'favor',
  offence: 'offense',
  programme: 'program',
  whilst: 'while',
  owner: 'holder',
  owners: 'holders',
};

const WORD = /[\p{L}\p{N}]+/gu;

export function normalizeLicenseText(text: string): NormalizedLicense {
  const words = licenseWords(text);
  return { words: new Set(words), length: words.length === 0 ? 0 : words.join(' ').length };
}

/** The words of a license text after normalisation, in order. */
export function licenseWords(text: string): string[] {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const end = END_OF_TERMS.exec(body);
  if (end) body = body.slice(0, end.index);
  body = body
    .replace(MARKDOWN_LINK, '$1')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(SPDX_TAG_LINE, '')
    .replace(COPYRIGHT_LINE, '')
    .replace(HORIZONTAL_RULE, '')
    .replace(FIELD, ' ')
    .replace(LIST_MARKER, '')
    .replace(BSD_NAMED_OWNER, 'neither the name of the copyright holder nor the names of')
    .replace(/&/g, ' and ')
    .replace(/\b(sub|non)[-\s]+(licen[cs]e|commercial)/gi, '$1$2');
  body = stripTitle(body).toLowerCase();
  const words = body.match(WORD) ?? [];
  return words.map((word) => SPELLING[word] ?? word);
}

/**
 * Drops the leading title and version lines ("The MIT License (MIT)", "Apache License",
 * "Version 2.0, January 2004"): files keep or omit them freely, and their few words would
 * otherwise weigh as much as a changed clause.
 */
function stripTitle(text: string): string {
  const lines = text.split('\n');
  let index = 0;
  for (;;) {
    while (index < lines.length && (lines[index] ?? '').trim() === '') index++;
    const line = (lines[index] ?? '').trim();
    if (index >= lines.length || !isTitleLine(line)) break;
    index++;
  }
  return lines.slice(index).join('\n');
}

/** A short line in title case or capitals that names a license, or a "Version …" line. */
function isTitleLine(line: string): boolean {
  if (line.length === 0 || line.length > 100) return false;
  if (/^version\b/i.test(line)) return true;
  const words = line.match(WORD) ?? [];
  if (!/licen[sc]e/i.test(line) || words.length > 10 || /[.;]$/.test(line)) return false;
  const capitalised = words.filter((word) => /^[\p{Lu}\p{N}]/u.test(word)).length;
  return capitalised >= Math.ceil(words.length * 0.6);
}
