import { describe, expect, it } from '@jest/globals';
import { serializeEntry } from '../src/index';

describe('serializeEntry', () => {
  it('matches JSON.stringify at 2-space indentation inside the array', () => {
    const entry = { a: 'x&<>', b: [1, { c: null }], d: {}, e: [], f: false };
    const file = JSON.stringify([entry], null, 2);
    expect(`[\n${serializeEntry(entry)}\n]`).toBe(file);
  });
});
