import { describe, expect, it } from '@jest/globals';
import { LineIndex } from '@mm-review/core';
import { DatabaseFile, LineCounter } from '../src/index';
import { canonicalOffset } from '../src/database-file';
import { canonicalText, lineOf, makeEntry } from '../../database/test/helpers';

describe('LineCounter', () => {
  it('agrees with a full line index for offsets asked in any order', () => {
    const text = 'a\nbb\n\nccc\nd';
    const counter = new LineCounter(text);
    const index = new LineIndex(text);
    for (const offset of [9, 0, 4, 11, 5, 2, 7, 1, 10, 3])
      expect(counter.position(offset)).toEqual(index.position(offset));
  });
});

describe('DatabaseFile', () => {
  const entries = [makeEntry({ version: '2.0.0' }), makeEntry({ version: '1.0.0' })];

  it('finds entries and fields in the canonical layout', () => {
    const text = canonicalText(entries);
    const file = new DatabaseFile('plugins.json', text);
    expect(file.canonical).toBe(true);
    const second = lineOf(text, '  {', 3);
    expect(file.locate(1, [])).toEqual({ line: second, column: 3 });
    expect(file.locate(1, ['manifest', 'version'])).toEqual({ line: lineOf(text, '"version": "1.0.0"'), column: 18 });
    expect(file.locate(1, ['manifest', 'version'], 'key')).toEqual({
      line: lineOf(text, '"version": "1.0.0"'),
      column: 7,
    });
    expect(file.locate(1, ['manifest', 'no_such_field'])).toEqual({
      line: lineOf(text, '"manifest"', second),
      column: 17,
    });
  });

  it('finds entries and fields in any other layout with the scanner', () => {
    const text = `[${entries.map((e) => JSON.stringify(e)).join(',\n')}]`;
    const file = new DatabaseFile('plugins.json', text);
    expect(file.canonical).toBe(false);
    expect(file.locate(1, [])).toEqual({ line: 2, column: 1 });
    const line = text.split('\n')[1] ?? '';
    expect(file.locate(1, ['manifest', 'version'])).toEqual({ line: 2, column: line.indexOf('"1.0.0"') + 1 });
  });

  it('falls back to the scanner when a canonical file holds values that are not objects', () => {
    const text = canonicalText([7, makeEntry()]);
    const file = new DatabaseFile('plugins.json', text);
    expect(file.canonical).toBe(true);
    expect(file.locate(1, ['hosting'])).toEqual({ line: lineOf(text, '"hosting"'), column: 16 });
  });
});

describe('canonicalOffset', () => {
  /** Every path of a JSON value, objects' keys and arrays' indices. */
  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out = [prefix];
    if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
    return out;
  }

  it('finds every key and value of canonical entries where the positioned parser does', () => {
    const odd = makeEntry({ version: '3.0.0' });
    Object.assign(odd, {
      labels: [],
      platforms: { 'linux-amd64': {}, 'darwin-amd64': { download_url: 'https://x/y', signature: 'c2ln' } },
      nested: [[1, [2, {}]], { '"quoted" key': '\n  }\n  ]', 'a\\b': null }, [], 'tail'],
    });
    (odd.manifest as Record<string, unknown>).settings_schema = {
      settings: [
        { key: 'A', options: [{ value: 'x' }, { value: 'y' }] },
        { key: 'B', default: null },
      ],
      sections: [],
    };
    const entries = [makeEntry({ version: '2.0.0' }), odd, makeEntry({ version: '1.0.0' })];
    const text = canonicalText(entries);
    const file = new DatabaseFile('plugins.json', text);
    const parsed = new DatabaseFile('plugins.json', text.replace('[\n', '[ \n'));
    expect(file.canonical).toBe(true);
    expect(parsed.canonical).toBe(false);
    let checked = 0;
    entries.forEach((entry, index) => {
      for (const path of paths(entry).slice(1)) {
        for (const which of ['key', 'value'] as const) {
          // The non-canonical copy is one byte longer before every entry.
          expect({ path, which, offset: file.offsetOf(index, path, which) }).toEqual({
            path,
            which,
            offset: parsed.offsetOf(index, path, which) - 1,
          });
          checked++;
        }
      }
      // Paths that are not there fall back to the nearest parent, as before.
      expect(file.offsetOf(index, ['manifest', 'no-such-field'])).toBe(parsed.offsetOf(index, ['manifest']) - 1);
      expect(file.offsetOf(index, ['platforms', 'linux-amd64', 'download_url'])).toBe(
        parsed.offsetOf(index, ['platforms', 'linux-amd64', 'download_url']) - 1,
      );
    });
    expect(checked).toBeGreaterThan(200);
    expect(canonicalOffset(text, file.entryStart(1), ['nested', 9])).toBeUndefined();
    expect(canonicalOffset(text, file.entryStart(1), ['labels', 0])).toBeUndefined();
  });
});

describe('the canonical layout', () => {
  const entries = [makeEntry({ version: '2.0.0' }), null, 7, makeEntry({ version: '1.0.0' })];
  const text = `${JSON.stringify(entries, null, 2)}\n`;

  it('proves the canonical layout entry by entry and gives where each entry starts', () => {
    const file = new DatabaseFile('plugins.json', text);
    expect(file.canonical).toBe(true);
    expect([0, 1, 2, 3].map((i) => text.slice(file.entryStart(i), file.entryStart(i) + 4))).toEqual([
      '{\n  ',
      'null',
      '7,\n ',
      '{\n  ',
    ]);
  });

  it('refuses any other layout, which the full re-encoding then explains', () => {
    for (const other of [
      text.slice(0, -1),
      `${text}\n`,
      text.replace('[\n', '[\n\n'),
      text.replace(',\n  null', ', null'),
      text.replace('"2.0.0"', '"2.0.0" '),
      text.replace('\n]\n', ']\n'),
      `${JSON.stringify(entries, null, 4)}\n`,
      `${JSON.stringify(entries)}\n`,
      '[]',
    ]) {
      const file = new DatabaseFile('plugins.json', other);
      expect(file.canonical).toBe(false);
    }
    expect(new DatabaseFile('plugins.json', text.replace('[\n', '[\n\n')).layoutDifference).toEqual({
      offset: 2,
      expected: '  {',
    });
  });
});
