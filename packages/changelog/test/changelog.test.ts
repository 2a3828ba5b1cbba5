import { describe, expect, it } from '@jest/globals';
import { githubSlug } from '@mm-review/github';
import { entryMarkdown, parseChangelog, versionOfHeading } from '../src/parse';
import { reviewChangelog } from '../src/rules';

const keepAChangelog = `# Changelog
All notable changes to this project will be documented in this file.

## [Unreleased]

## [1.2.0] - 2024-05-01
### Added
- Weather alerts.

## [1.1.0] - 2024-03-01
### Fixed
- Units.

[1.2.0]: https://github.com/acme/weather/compare/v1.1.0...v1.2.0
`;

function rules(review: { findings: { severity: string; rule: string; line?: number; column?: number }[] }): string[] {
  return review.findings.map((f) => `${f.severity}:${f.rule.replace('release-notes/', '')}@${f.line}:${f.column}`);
}

describe('versionOfHeading', () => {
  it.each([
    ['[1.2.0] - 2024-05-01', '1.2.0'],
    ['v1.2.0', '1.2.0'],
    ['1.2.0 (2024-05-01)', '1.2.0'],
    ['Version 1.2.0', '1.2.0'],
    ['[1.0.0-rc.4] - 2023-06-15', '1.0.0-rc.4'],
    ['0.1', '0.1'],
    ['1.2.0: the big one', '1.2.0'],
  ])('%s → %s', (text, version) => {
    expect(versionOfHeading(text)).toEqual({ version, unreleased: false });
  });

  it('knows Unreleased and ignores other headings', () => {
    expect(versionOfHeading('[Unreleased]')).toEqual({ version: 'Unreleased', unreleased: true });
    expect(versionOfHeading('Added')).toBeUndefined();
    expect(versionOfHeading('2024-05-01')).toBeUndefined();
    expect(versionOfHeading('1 item')).toBeUndefined();
  });
});

describe('parseChangelog', () => {
  it('reads Keep a Changelog with located entries and their Markdown', async () => {
    const parsed = await parseChangelog('CHANGELOG.md', keepAChangelog);
    expect(parsed.entries.map((e) => [e.version, e.heading.line, e.empty])).toEqual([
      ['Unreleased', 4, true],
      ['1.2.0', 6, false],
      ['1.1.0', 10, false],
    ]);
    expect(entryMarkdown(parsed, parsed.entries[1]!)).toBe('### Added\n- Weather alerts.');
  });

  it('reads release-please headings with compare links', async () => {
    const text =
      '# Changelog\n\n## [1.1.0](https://github.com/acme/w/compare/v1.0.0...v1.1.0) (2026-07-14)\n\n### Features\n\n* more\n\n## [1.0.0](https://github.com/acme/w/compare/v0.9.0...v1.0.0) (2026-07-01)\n\n* first\n';
    const parsed = await parseChangelog('CHANGELOG.md', text);
    expect(parsed.entries.map((e) => [e.version, e.compareTarget, e.heading.line])).toEqual([
      ['1.1.0', 'v1.1.0', 3],
      ['1.0.0', 'v1.0.0', 9],
    ]);
  });

  it('reads setext headings and plain "## v1.2.0" headings', async () => {
    const setext = await parseChangelog(
      'CHANGELOG',
      '0.9.1 (19/05/2022)\n-----\n\nwebapp:\n* fix\n\n0.9.0 (18/05/2022)\n-----\n\n* first\n',
    );
    expect(setext.entries.map((e) => [e.version, e.heading.line, e.heading.column])).toEqual([
      ['0.9.1', 1, 1],
      ['0.9.0', 7, 1],
    ]);
    expect(entryMarkdown(setext, setext.entries[0]!)).toBe('webapp:\n* fix');
    const plain = await parseChangelog('HISTORY.md', '# History\n\n  ## v1.2.0\n- a\n\n## v1.1.0 (2020-01-01)\n- b\n');
    expect(plain.entries.map((e) => [e.version, e.heading.line, e.heading.column])).toEqual([
      ['1.2.0', 3, 3],
      ['1.1.0', 6, 1],
    ]);
  });

  it('keeps a same-level sub-heading ("## Added") inside the entry above it', async () => {
    const parsed = await parseChangelog(
      'CHANGELOG.md',
      '## 0.0.3 - 2018-09-21\n## Added\n- Inject version\n\n## 0.0.1 - 2018-08-16\n### Added\n- Initial release\n',
    );
    expect(parsed.entries.map((e) => [e.version, e.empty])).toEqual([
      ['0.0.3', false],
      ['0.0.1', false],
    ]);
  });

  it('finds a pointer to the releases page', async () => {
    const parsed = await parseChangelog(
      'CHANGELOG.md',
      '# Changelog\n\nThe changelog can be found at https://github.com/acme/weather/releases.\n',
    );
    expect(parsed.entries).toEqual([]);
    expect(parsed.pointer).toEqual({ line: 3, url: 'https://github.com/acme/weather/releases' });
  });

  it('finds a pointer whose URL is wrapped before "/releases"', async () => {
    const parsed = await parseChangelog(
      'CHANGELOG.md',
      '# Changelog\n\nThe changelog can be found at https://github.com/acme/weather\n/releases.\n',
    );
    expect(parsed.pointer).toEqual({ line: 3, url: 'https://github.com/acme/weather/releases' });
    expect(reviewChangelog(parsed, '1.2.0').verdict).toBe('pointer');
  });

  it('computes GitHub anchors', () => {
    expect(githubSlug('[1.2.0] - 2024-05-01')).toBe('120---2024-05-01');
    expect(githubSlug('v1.2.0 (2024-05-01)')).toBe('v120-2024-05-01');
  });

  it('does not crash or blow up on hostile input', async () => {
    const nested = '> '.repeat(5000) + '## 1.0.0\n' + '- '.repeat(5000) + 'x\n';
    const many = Array.from({ length: 5_000 }, (_, i) => `## 1.0.${5_000 - i}\n- change\n`).join('');
    const started = Date.now();
    for (const text of [
      '',
      '\u0000\u0001binary\u0000',
      nested,
      many,
      '## ' + '['.repeat(50_000),
      '\r## 1.0.0\r- a\r',
    ]) {
      await expect(parseChangelog('CHANGELOG.md', text)).resolves.toBeDefined();
    }
    const parsed = await parseChangelog('CHANGELOG.md', many);
    expect(parsed.entries).toHaveLength(5_000);
    expect(reviewChangelog(parsed, '1.0.5000').verdict).toBe('entry');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('fuzzing', () => {
  const pieces = [
    '## ',
    '# ',
    '[',
    ']',
    '(',
    ')',
    'v',
    '1',
    '.',
    '0',
    '-rc',
    ' - 2024-05-01',
    '\n',
    '\r\n',
    '\r',
    '-----\n',
    '=====\n',
    '- item',
    '> ',
    '```',
    '<!-- x -->',
    'Unreleased',
    'https://github.com/a/b/compare/v1...v2',
    ' ',
    '\t',
    '\u0000',
    '\uFFFD',
    '#',
  ];
  function randomText(seed: number): string {
    let state = seed;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648);
    return Array.from({ length: 20 + (next() % 200) }, () => pieces[next() % pieces.length]).join('');
  }

  it('parses and reviews 300 random changelogs without throwing, with every finding located', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const parsed = await parseChangelog('CHANGELOG.md', randomText(seed));
      for (const version of ['1.0.0', '1.0', undefined]) {
        const review = reviewChangelog(parsed, version);
        for (const finding of review.findings) {
          expect(finding.file).toBe('CHANGELOG.md');
          expect(finding.line).toBeGreaterThan(0);
          expect(finding.line).toBeLessThanOrEqual(parsed.lines.length);
        }
      }
    }
  });
});

describe('reviewChangelog', () => {
  it('passes with a non-empty entry for the version', async () => {
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', keepAChangelog), '1.2.0');
    expect(review.verdict).toBe('entry');
    expect(review.findings).toEqual([]);
    expect(review.notes).toBe('### Added\n- Weather alerts.');
  });

  it('changelog-entry-missing: located at the newest entry, with the Unreleased hint', async () => {
    const text = keepAChangelog.replace('## [Unreleased]\n', '## [Unreleased]\n- Pending.\n');
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', text), '1.3.0');
    expect(review.verdict).toBe('entry-missing');
    expect(rules(review)).toEqual(['error:changelog-entry-missing@7:1']);
    expect(review.findings[0]?.message).toContain('the newest entry is 1.2.0 at line 7');
    expect(review.findings[0]?.message).toContain('rename that heading to 1.3.0');
  });

  it('changelog-entry-empty: an error for this version, a notice for others', async () => {
    const text = '## 1.2.0\n\n### Added\n\n## 1.1.0\n\n## 1.0.0\n- first\n';
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', text), '1.2.0');
    expect(review.verdict).toBe('entry-empty');
    expect(rules(review)).toEqual(['error:changelog-entry-empty@1:1', 'notice:changelog-entry-empty@5:1']);
  });

  it('changelog-out-of-order, changelog-duplicate-version, changelog-version-not-semver', async () => {
    const text = '## v0.3.0\n- c\n## v0.2.0\n- b\n## v0.2.1\n- b1\n## v0.2.0\n- b again\n## 0.1\n- a\n';
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', text), '0.3.0');
    expect(rules(review)).toEqual([
      'warning:changelog-version-not-semver@9:1',
      'warning:changelog-duplicate-version@7:1',
      'warning:changelog-out-of-order@5:1',
    ]);
    const ordered = reviewChangelog(
      await parseChangelog('CHANGELOG.md', '## 1.0.0\n- a\n## 1.1.0\n- b\n## 1.2.0\n- c\n'),
      '1.2.0',
    );
    expect(ordered.findings).toEqual([]);
  });

  it('changelog-unreleased-misplaced and changelog-compare-link-mismatch', async () => {
    const text = '## [1.1.0](https://github.com/a/b/compare/v1.0.0...v1.0.9)\n- b\n## Unreleased\n## 1.0.0\n- a\n';
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', text), '1.1.0');
    expect(rules(review)).toEqual([
      'notice:changelog-unreleased-misplaced@3:1',
      'warning:changelog-compare-link-mismatch@1:1',
    ]);
  });

  it('changelog-template-stub: the starter template placeholder stuck at 0.0.1', async () => {
    const stub =
      '# Changelog\nAll notable changes to this project will be documented in this file.\n\n## 0.0.1 - 2018-08-16\n### Added\n- Initial release\n';
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', stub), '0.7.1');
    expect(review.verdict).toBe('stub');
    expect(rules(review)).toEqual(['notice:changelog-template-stub@4:1']);
    expect(reviewChangelog(await parseChangelog('CHANGELOG.md', stub), '0.0.1').verdict).toBe('entry');
  });

  it('changelog-pointer and changelog-no-entries', async () => {
    const pointer = reviewChangelog(
      await parseChangelog('CHANGELOG.md', '# Changelog\n\nSee https://github.com/acme/weather/releases\n'),
      '1.2.0',
    );
    expect(pointer.verdict).toBe('pointer');
    expect(rules(pointer)).toEqual(['notice:changelog-pointer@3:1']);
    const stale = reviewChangelog(
      await parseChangelog(
        'CHANGELOG.md',
        '# Changelog\n\nAll releases can be found at https://github.com/acme/weather/releases.\n\n## 0.3.0\n- old\n',
      ),
      '1.2.0',
    );
    expect(stale.verdict).toBe('pointer');
    expect(stale.findings[0]?.message).toContain('the newest entry is 0.3.0 at line 5');
    const none = reviewChangelog(await parseChangelog('CHANGELOG.md', '# Changelog\n\nNothing yet.\n'), '1.2.0');
    expect(rules(none)).toEqual(['warning:changelog-no-entries@1:1']);
  });

  it('matches the cloud build of a release to the release entry', async () => {
    const review = reviewChangelog(await parseChangelog('CHANGELOG.md', keepAChangelog), '1.2.0-cloud');
    expect(review.verdict).toBe('entry');
  });
});
