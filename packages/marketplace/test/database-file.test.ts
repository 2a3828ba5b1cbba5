import { describe, expect, it } from '@jest/globals';
import { LineIndex } from '@mm-review/core';
import { DatabaseFile, LineCounter } from '../src/index';
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
