import { describe, expect, it } from '@jest/globals';
import { compareEntries, isStrictVersion } from '../src/index';

const key = (id: string, version: string) => ({ id, version });

describe('compareEntries', () => {
  it('orders ids by bytes ascending', () => {
    expect(compareEntries(key('com.a', '1.0.0'), key('com.b', '1.0.0'))).toBeLessThan(0);
    expect(compareEntries(key('com.B', '1.0.0'), key('com.a', '1.0.0'))).toBeLessThan(0);
    expect(compareEntries(key('com.é', '1.0.0'), key('com.z', '1.0.0'))).toBeGreaterThan(0);
  });

  it('orders versions of one id descending, a prerelease below its release', () => {
    expect(compareEntries(key('x', '2.0.0'), key('x', '1.10.0'))).toBeLessThan(0);
    expect(compareEntries(key('x', '1.10.0'), key('x', '1.9.0'))).toBeLessThan(0);
    expect(compareEntries(key('x', '1.0.0'), key('x', '1.0.0-rc.1'))).toBeLessThan(0);
    expect(compareEntries(key('x', '1.0.0'), key('x', 'v1.0.0'))).toBe(0);
  });

  it('puts a version that is not semver below every semver version, such versions by their text descending', () => {
    expect(compareEntries(key('x', '0.0.1'), key('x', 'latest'))).toBeLessThan(0);
    expect(compareEntries(key('x', 'beta'), key('x', 'alpha'))).toBeLessThan(0);
  });
});

describe('isStrictVersion', () => {
  it('accepts strict semver only', () => {
    expect(isStrictVersion('1.2.3-beta.1')).toBe(true);
    expect(isStrictVersion('v1.2.3')).toBe(true);
    expect(isStrictVersion('1.2')).toBe(false);
    expect(isStrictVersion('latest')).toBe(false);
  });
});
