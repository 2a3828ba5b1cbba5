import { describe, expect, it } from '@jest/globals';
import { isCanonicalLayout } from '../src/canonical';
import { DatabaseFile } from '../src/database-file';
import { seededRandom } from '../../../test/helpers/random';

const STRING_PARTS = [
  'a',
  'key',
  '',
  ' ',
  '"',
  '\\',
  '\n',
  '\t',
  '\u0001',
  '\u001f',
  'é',
  '\u2028',
  '😀',
  '\ud800',
  '\udc00',
  '/',
  '<svg>',
  '__proto__',
  '1',
  '0',
];
const NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012, 0.1];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 4 || pick < 0.35)
    return STRING_PARTS.slice(0, 1 + Math.floor(next() * 4))
      .map(() => STRING_PARTS[Math.floor(next() * STRING_PARTS.length)])
      .join('');
  if (pick < 0.45) return NUMBERS[Math.floor(next() * NUMBERS.length)];
  if (pick < 0.5) return next() < 0.5;
  if (pick < 0.55) return null;
  if (pick < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) object[String(value(next, 99))] = value(next, depth + 1);
  return object;
}

/** Small edits that keep the text JSON (or not): every one must be refused unless the text is still canonical. */
const EDITS: ((text: string, at: number) => string)[] = [
  (t, at) => `${t.slice(0, at)} ${t.slice(at)}`,
  (t, at) => `${t.slice(0, at)}\n${t.slice(at)}`,
  (t, at) => t.slice(0, at) + t.slice(at + 1),
  (t, at) => `${t.slice(0, at)}\\/${t.slice(at + 1)}`,
  (t) => t.replace(/"\w/, (m) => `"\\u00${m.charCodeAt(1).toString(16)}`),
  (t) => t.replace(/\\u00(1f|01)/, (_m, hex: string) => `\\u00${hex.toUpperCase()}`),
  (t) => t.replace(/(\d)(,|\n)/, '$1.0$2'),
  (t) => t.replace(/: /, ':'),
  (t) => t.replace(/\n {2}/, '\n\t'),
  (t) => t.replace(/\[\]/, '[\n  ]'),
  (t) =>
    t.replace(
      /\{\n( +)("[^"\n]*": [^\n]*?),?\n/,
      (m, pad: string, member: string) => `{\n${pad}${member},\n${pad}${member},\n`,
    ),
  (t) => `${t}\n`,
  (t) => t.replace(/\n$/, ''),
];

describe('isCanonicalLayout', () => {
  it('says yes exactly when the text is JSON.stringify(entries, null, 2) and a newline', () => {
    const next = seededRandom(20261130);
    let canonical = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      // As the caller does: the entries are what JSON.parse made of the text.
      const text = `${JSON.stringify(
        Array.from({ length: 1 + Math.floor(next() * 20) }, () => value(next, 0)),
        null,
        2,
      )}\n`;
      const entries = JSON.parse(text) as unknown[];
      expect({ text, canonical: isCanonicalLayout(text, entries) }).toEqual({ text, canonical: true });
      canonical++;
      const edited = EDITS[Math.floor(next() * EDITS.length)]!(text, Math.floor(next() * text.length));
      let parsed: unknown;
      try {
        parsed = JSON.parse(edited);
      } catch {
        continue;
      }
      if (!Array.isArray(parsed)) continue;
      const truth = edited === `${JSON.stringify(parsed, null, 2)}\n`;
      expect({ edited, canonical: isCanonicalLayout(edited, parsed) }).toEqual({
        edited,
        canonical: truth,
      });
      if (!truth) refused++;
    }
    expect(canonical).toBe(3000);
    expect(refused).toBeGreaterThan(500);
  });

  it('finds entry starts only as far as asked, and the same in any order of questions', () => {
    const random = seededRandom(7);
    const entries = Array.from({ length: 60 }, (_, i) => ({ i, nested: { list: [{ deep: '  {' }], text: '\n  {' } }));
    const text = `${JSON.stringify(entries, null, 2)}\n`;
    const expected = entries.map((_, i) => text.indexOf(`{\n    "i": ${i},`));
    for (let round = 0; round < 20; round++) {
      const file = new DatabaseFile('plugins.json', text);
      for (let question = 0; question < 30; question++) {
        const index = Math.floor(random() * entries.length);
        if (random() < 0.5) expect(file.entryStart(index)).toBe(expected[index]);
        else {
          const offset = Math.floor(random() * text.length);
          const owner = expected.filter((start) => start <= offset).length - 1;
          expect({ offset, entry: file.entryAt(offset) }).toEqual({ offset, entry: Math.max(owner, 0) });
        }
      }
      expect(file.entryText(59)).toBe(text.slice(expected[59], text.lastIndexOf(']')));
    }
  });

  it('gives where each entry starts, in groups and across them', () => {
    const entries = [{ a: 1 }, null, [], 'x', [1, { b: [] }], ...Array.from({ length: 15 }, (_, i) => ({ i }))];
    const text = `${JSON.stringify(entries, null, 2)}\n`;
    const file = new DatabaseFile('plugins.json', text);
    expect(file.canonical).toBe(true);
    expect([0, 1, 2, 3, 4, 8, 19].map((i) => text.slice(file.entryStart(i), file.entryStart(i) + 3))).toEqual([
      '{\n ',
      'nul',
      '[],',
      '"x"',
      '[\n ',
      '{\n ',
      '{\n ',
    ]);
    expect(isCanonicalLayout('[]\n', [])).toBe(true);
    expect(isCanonicalLayout('[]', [])).toBe(false);
    // A departure in the last entry of a group, and in the first of the next, is found.
    for (const index of [7, 8, 19]) {
      const edited = text.replace(`"i": ${index - 5}\n`, `"i":  ${index - 5}\n`);
      expect({ index, canonical: isCanonicalLayout(edited, JSON.parse(edited) as unknown[]) }).toEqual({
        index,
        canonical: false,
      });
    }
  });

  it('handles values nested deeper than the model ever nests', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    const text = `${JSON.stringify([deep], null, 2)}\n`;
    expect(isCanonicalLayout(text, [deep])).toBe(true);
  });
});
