import { describe, expect, it } from '@jest/globals';
import { lastAtOrBefore, nearestName } from '../src/index';

describe('nearestName', () => {
  it('gives the first closest name within the distance, or nothing', () => {
    expect(nearestName('lisense', ['license', 'logging'], 2)).toBe('license');
    expect(nearestName('homepage_ur', ['homepage_url', 'support_url'], 2)).toBe('homepage_url');
    expect(nearestName('abc', ['abd', 'abe'], 2)).toBe('abd');
    expect(nearestName('xyz', ['license'], 2)).toBeUndefined();
    expect(nearestName('a', ['abcd'], 2)).toBeUndefined();
    expect(nearestName('a', ['abc'], 2)).toBe('abc');
    expect(nearestName('same', ['same', 'sane'], 0)).toBe('same');
  });
});

describe('lastAtOrBefore', () => {
  it('finds the last value at or before the target in a sorted list', () => {
    const sorted = [0, 4, 4, 9, 20];
    expect([0, 3, 4, 5, 9, 19, 20, 99].map((t) => lastAtOrBefore(sorted, t))).toEqual([0, 0, 2, 2, 3, 3, 4, 4]);
    expect(lastAtOrBefore([5, 10], 1)).toBe(0);
    expect(lastAtOrBefore([], 1)).toBe(0);
  });
});
