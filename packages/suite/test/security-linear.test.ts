// Issue 16, item 5: a file or issue body at its size cap must not stall a review. Each scan
// that used a backtracking regex is now a linear pass that counts the characters it looks
// at; the tests feed each hostile shape at its size cap, halve it twice, and assert that
// doubling the input at most doubles the work (counts of work, never wall time).
import { describe, expect, it } from '@jest/globals';
import { compareTarget, parseChangelog } from '../../changelog/src/parse';
import { parseYaml } from '../../plugin/src/manifest/parse';
import { MAX_MANIFEST_BYTES } from '../../plugin/src/manifest/load';
import { MAX_CHANGELOG_BYTES } from '../../changelog/src/changelog-file';
import { scanChangelog } from '../../versioning/src/changelog';
import { parseSubmission, reviewSection, withoutComments } from '../src/submission';
import { seededRandom } from '../../../test/helpers/random';

/** GitHub refuses issue bodies over 65,536 characters. */
const MAX_ISSUE_BODY = 65_536;

type Work = { steps: number };

/** Work at sizes cap/4, cap/2 and cap; each doubling may at most double it (plus 10 % slack for constant terms). */
function expectLinear(
  cap: number,
  build: (size: number) => string,
  run: (input: string, work: Work) => void,
): number[] {
  const counts = [cap / 4, cap / 2, cap].map((size) => {
    const input = build(Math.floor(size));
    const work = { steps: 0 };
    run(input, work);
    return work.steps;
  });
  expect(counts[0]).toBeGreaterThan(0);
  for (let i = 1; i < counts.length; i++)
    expect((counts[i] as number) / (counts[i - 1] as number)).toBeLessThanOrEqual(2.2);
  return counts;
}

/** `random(n)`: an integer in [0, n) from the suite's seeded PRNG. */
function prng(seed: number): (n: number) => number {
  const next = seededRandom(seed);
  return (n) => Math.floor(next() * n);
}

const repeatTo = (unit: string, size: number, prefix = '', suffix = '') =>
  prefix + unit.repeat(Math.max(0, Math.floor((size - prefix.length - suffix.length) / unit.length))) + suffix;

describe('linear scans at the size caps', () => {
  it('an ATX heading line of repeated "# " at the cap (check-version-bump reads the changelog with the one Markdown reader)', async () => {
    const line = (size: number) => repeatTo('# ', size, '## ', 'x');
    // The whole scan at the cap returns: the line is a heading, not the version's.
    await expect(
      scanChangelog('CHANGELOG.md', `## 1.0.0\n\nBREAKING: renamed\n\n${line(MAX_CHANGELOG_BYTES - 40)}\n`, '1.0.0'),
    ).resolves.toHaveLength(1);
  });

  it('a version heading linking /compare/ with many dots (check-changelog, review in new mode)', async () => {
    const link = (size: number) => repeatTo('.', size, 'https://github.com/acme/demo/compare/', 'x?');
    expectLinear(MAX_CHANGELOG_BYTES, link, (input, work) => {
      expect(compareTarget(input, work)).toBeUndefined();
    });
    const changelog = `## [1.1.0](${link(MAX_CHANGELOG_BYTES - 40)})\n\n- fixed\n`;
    const parsed = await parseChangelog('CHANGELOG.md', changelog);
    expect(parsed.entries.map((e) => e.version)).toEqual(['1.1.0']);
    expect(parsed.entries[0]?.compareTarget).toBeUndefined();
  });

  it('keeps the compare-link semantics (the same answers as the regex it replaces, on short links)', () => {
    const old = /\/compare\/[^/]*?\.\.\.?([^/?#]+)$/;
    const random = prng(5);
    for (let i = 0; i < 5000; i++) {
      const link = `https://github.com/a/b/compare/${Array.from({ length: random(10) }, () => './?#v1'[random(6)]).join('')}`;
      expect([link, compareTarget(link)]).toEqual([link, old.exec(link)?.[1] || undefined]);
    }
    expect(compareTarget('https://github.com/a/b/compare/v1.0.6...v1.1.0')).toBe('v1.1.0');
    expect(compareTarget('https://github.com/a/b/compare/v1.0.6..v1.1.0')).toBe('v1.1.0');
    expect(compareTarget('https://github.com/a/b/compare/a?x..b..c')).toBe('b..c');
    expect(compareTarget('https://github.com/a/b/compare/a..b?x..c')).toBe('c');
    expect(compareTarget('https://github.com/a/b/compare/v1...v2/files')).toBeUndefined();
    expect(compareTarget('https://github.com/a/b/compare/v1..')).toBeUndefined();
    expect(compareTarget('https://github.com/a/b/compare/v1....')).toBe('.');
    expect(compareTarget('https://github.com/a/b/releases/tag/v1')).toBeUndefined();
  });

  it('an issue body of "#", of "<!--" and of a long Review section (parse-submission)', () => {
    expectLinear(
      MAX_ISSUE_BODY,
      (size) => '#'.repeat(size),
      (input, work) => expect(reviewSection(input, work)).toBe(''),
    );
    expectLinear(
      MAX_ISSUE_BODY,
      (size) => repeatTo('<!--', size),
      (input, work) => expect(withoutComments(input, work)).toBe(input),
    );
    expectLinear(
      MAX_ISSUE_BODY,
      (size) => repeatTo('#\n', size, '### Review commit\n'),
      (input, work) => expect(reviewSection(input, work)).toBe(''),
    );
    for (const body of [
      '#'.repeat(MAX_ISSUE_BODY),
      repeatTo('<!--', MAX_ISSUE_BODY),
      repeatTo('# ', MAX_ISSUE_BODY, '', 'Review commit\n'),
    ]) {
      expect(() => parseSubmission({ body })).toThrow('names no GitHub repository');
    }
    expect(
      parseSubmission({
        body: repeatTo('.', MAX_ISSUE_BODY, '#### Review commit\nhttps://github.com/acme/demo/tree/main'),
      }).ref,
    ).toBe('main');
  });

  it('a plugin.yaml with as many keys as fit under the manifest cap: duplicate keys checked with a set', async () => {
    // The yaml package compares each key with every earlier one (`items.some(...)` in its
    // uniqueKeys check) unless that check is off. Its predicate calls are the proxy for the
    // parser's work: counted through Array.prototype.some while parsing, they must grow
    // linearly with the number of keys (they grew with its square: 80,000 keys took a minute).
    const keys = (size: number) =>
      Array.from({ length: Math.floor(size / 12) }, (_, i) => `k${String(i).padStart(7, '0')}: 1`).join('\n');
    const original = Array.prototype.some;
    const counts: number[] = [];
    for (const size of [MAX_MANIFEST_BYTES / 4, MAX_MANIFEST_BYTES / 2, MAX_MANIFEST_BYTES]) {
      const text = keys(size);
      let calls = 0;
      Array.prototype.some = function some(
        this: unknown[],
        predicate: (value: unknown, index: number, array: unknown[]) => unknown,
        thisArg?: unknown,
      ) {
        return original.call(this, (value: unknown, index: number, array: unknown[]) => {
          calls++;
          return predicate.call(thisArg, value, index, array);
        });
      };
      try {
        const parsed = await parseYaml(text);
        expect(parsed.problems).toEqual([]);
      } finally {
        Array.prototype.some = original;
      }
      counts.push(calls + text.length);
    }
    for (let i = 1; i < counts.length; i++)
      expect((counts[i] as number) / (counts[i - 1] as number)).toBeLessThanOrEqual(2.2);
  }, 60_000);

  it('still reports duplicate YAML keys, where the second one is, in any mapping', async () => {
    const parsed = await parseYaml(
      'id: a\nname: x\nid: b\nsettings_schema:\n  settings:\n    - key: a\n      key: b\n',
    );
    expect(parsed.root).toBeUndefined();
    expect(parsed.problems.map((p) => [p.rule, p.offset, p.message])).toEqual([
      ['manifest/syntax', 14, 'is not valid YAML: Map keys must be unique'],
      ['manifest/syntax', 68, 'is not valid YAML: Map keys must be unique'],
    ]);
    expect((await parseYaml('a: {x: 1, x: 2}\n')).problems.map((p) => p.offset)).toEqual([10]);
  });
});
