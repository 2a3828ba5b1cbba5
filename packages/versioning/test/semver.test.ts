import { describe, expect, it } from '@jest/globals';
import { classifyBump, covers, nextVersion, pickReleaseTags, tagVersion, type BumpLevel } from '../src/index';

describe('classifyBump', () => {
  it.each([
    ['1.2.3', '1.2.4', 'patch', 'patch'],
    ['1.2.3', '1.3.0', 'minor', 'minor'],
    ['1.2.3', '2.0.0', 'major', 'major'],
    ['1.2.3', '2.0.0-rc.1', 'major', 'major'],
    ['1.3.0-rc.1', '1.3.0', 'release', 'minor'],
    ['2.0.0-rc.1', '2.0.0', 'release', 'major'],
    ['1.3.0-rc.1', '1.3.0-rc.2', 'prerelease', 'minor'],
    ['1.2.3', '1.2.2', 'downgrade', undefined],
    ['1.3.0', '1.3.0-rc.1', 'downgrade', undefined],
    ['1.2.3', '1.2.3', 'none', undefined],
    ['1.2.3', '1.2.3+build.7', 'none', undefined],
  ])('%s → %s is %s', (base, head, kind, level) => {
    expect(classifyBump(base, head)).toEqual(level ? { kind, level } : { kind });
  });

  it('refuses to classify what is not strict semver', () => {
    expect(classifyBump('0.1', '1.0.0')).toBeUndefined();
    expect(classifyBump('1.0.0', 'v1.1.0')).toBeUndefined();
  });
});

describe('covers', () => {
  it('needs the level or above from 1.0.0 on', () => {
    expect(covers({ kind: 'minor', level: 'minor' }, 'major', '1.4.0')).toBe(false);
    expect(covers({ kind: 'major', level: 'major' }, 'major', '1.4.0')).toBe(true);
    expect(covers({ kind: 'minor', level: 'minor' }, 'patch', '1.4.0')).toBe(true);
    expect(covers({ kind: 'patch', level: 'patch' }, 'minor', '1.4.0')).toBe(false);
  });

  it('lets a 0.x minor bump carry a breaking change, as semver allows before 1.0.0', () => {
    expect(covers({ kind: 'minor', level: 'minor' }, 'major', '0.4.0')).toBe(true);
    expect(covers({ kind: 'patch', level: 'patch' }, 'major', '0.4.0')).toBe(false);
  });

  it('credits a final release with the level its prerelease announced', () => {
    expect(covers({ kind: 'release', level: 'major' }, 'major', '2.0.0-rc.1')).toBe(true);
    expect(covers({ kind: 'release', level: 'minor' }, 'major', '1.3.0-rc.1')).toBe(false);
  });

  it('never credits a downgrade or an unchanged version', () => {
    expect(covers({ kind: 'downgrade' }, 'patch', '1.0.0')).toBe(false);
    expect(covers({ kind: 'none' }, 'patch', '1.0.0')).toBe(false);
  });
});

describe('nextVersion', () => {
  it.each([
    ['1.4.2', 'patch', '1.4.3'],
    ['1.4.2', 'minor', '1.5.0'],
    ['1.4.2', 'major', '2.0.0'],
    ['0.4.2', 'major', '0.5.0'],
    ['1.3.0-rc.1', 'minor', '1.3.0'],
    ['1.3.0-rc.1', 'major', '2.0.0'],
  ] as [string, BumpLevel, string][])('%s + %s → %s', (reference, level, next) => {
    expect(nextVersion(reference, level)).toBe(next);
  });

  it('has no answer for a version that is not semver', () => {
    expect(nextVersion('0.1', 'patch')).toBeUndefined();
  });
});

describe('tagVersion', () => {
  it('reads release tags with and without v', () => {
    expect(tagVersion('v1.2.0')).toEqual({ ok: true, tag: 'v1.2.0', version: '1.2.0' });
    expect(tagVersion('refs/tags/v2.0.0-rc.1')).toEqual({ ok: true, tag: 'v2.0.0-rc.1', version: '2.0.0-rc.1' });
    expect(tagVersion('0.0.1-alpha')).toEqual({ ok: true, tag: '0.0.1-alpha', version: '0.0.1-alpha' });
  });

  it.each([
    ['v0.1', /all three parts/],
    ['v07.0', /leading zeros/],
    ['client/v0.1.0', /monorepo/],
    ['latest-master', /not a semver release tag/],
    ['v0.3.1.issue_115', /not a semver release tag/],
  ])('reports %s instead of failing on it', (tag, problem) => {
    const parsed = tagVersion(tag);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });
});

describe('pickReleaseTags', () => {
  const tags = ['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v0.0.2', 'v0.1', 'client/v9.0.0', 'v2.0.0'];

  it('prefers the highest final release below the head version', () => {
    expect(pickReleaseTags(tags, new Set(), '1.2.0')[0]).toEqual({ tag: 'v1.1.0', version: '1.1.0' });
  });

  it('skips tags on HEAD and non-release tags', () => {
    expect(pickReleaseTags(tags, new Set(['v2.0.0'])).map((t) => t.tag)).toEqual([
      'v1.1.0',
      'v1.0.0',
      'v0.0.2',
      'v1.2.0-rc.1',
    ]);
  });

  it('falls back to a prerelease when no final release is below', () => {
    expect(pickReleaseTags(['v1.0.0-rc.1', 'v1.0.0-rc.2'], new Set(), '1.0.0')[0]?.tag).toBe('v1.0.0-rc.2');
  });
});
