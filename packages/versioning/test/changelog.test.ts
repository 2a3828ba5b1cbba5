import { describe, expect, it } from '@jest/globals';
import { shipsPath, commitReasons, scanChangelog } from '../src/index';
import { fixture } from './helpers';

const pick = (reasons: Awaited<ReturnType<typeof scanChangelog>>) =>
  reasons.map((r) => [r.rule, r.level, r.file, r.line, r.column]);

describe('scanChangelog', () => {
  it('reads only the entry for the version, outside code blocks, and ignores negations', async () => {
    const reasons = await scanChangelog('CHANGELOG.md', fixture('CHANGELOG.md'), '1.5.0');
    expect(pick(reasons)).toEqual([
      ['version-bump/changelog-breaking', 'major', 'CHANGELOG.md', 13, 3],
      ['version-bump/changelog-feature', 'minor', 'CHANGELOG.md', 9, 1],
      ['version-bump/changelog-feature', 'minor', 'CHANGELOG.md', 10, 3],
    ]);
    expect(reasons[0]?.message).toContain('says "BREAKING CHANGE: the API key setting is now named ServiceKey');
  });

  it('finds nothing in a patch entry', async () => {
    const text =
      '# Changes\n\n## v1.4.3\n\n- Fixed a crash when the key is empty.\n\n## v1.4.2\n\n- Breaking: old stuff.\n';
    expect(await scanChangelog('CHANGELOG.md', text, '1.4.3')).toEqual([]);
  });

  it('does not mistake a prerelease heading for its final version', async () => {
    const text = '## 2.0.0-rc.1\n\n- Breaking: removed the webhook.\n\n## 1.9.0\n';
    expect(await scanChangelog('CHANGELOG.md', text, '2.0.0')).toEqual([]);
    expect(pick(await scanChangelog('CHANGELOG.md', text, '2.0.0-rc.1'))).toEqual([
      ['version-bump/changelog-breaking', 'major', 'CHANGELOG.md', 3, 3],
    ]);
  });

  it('reads setext headings', async () => {
    const text =
      'Changelog\n=========\n\n1.2.0\n-----\n* Requires a manual migration of the subscriptions.\n\n1.1.0\n-----\n* Fixes.\n';
    expect(pick(await scanChangelog('CHANGELOG', text, '1.2.0'))).toEqual([
      ['version-bump/changelog-breaking', 'major', 'CHANGELOG', 6, 21],
    ]);
  });

  it('stays linear on a pathological line', async () => {
    const text = `## 1.0.0\n\n${'new '.repeat(200_000)}\n`;
    const started = Date.now();
    expect(await scanChangelog('CHANGELOG.md', text, '1.0.0')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('commitReasons', () => {
  const commit = (hash: string, subject: string, body = '') => ({ hash, subject, body });

  it('takes "!" and BREAKING CHANGE footers as major, feat as minor', () => {
    const reasons = commitReasons([
      commit('a'.repeat(40), 'feat(api)!: drop the v1 webhook'),
      commit(
        'b'.repeat(40),
        'refactor: store subscriptions by channel',
        'Details.\n\nBREAKING CHANGE: subscriptions must be recreated',
      ),
      commit('c'.repeat(40), 'feat: add /weather forecast'),
      commit('d'.repeat(40), 'fix: typo'),
      commit('e'.repeat(40), 'Merge pull request #12 from someone/feature!'),
    ]);
    expect(reasons.map((r) => [r.rule, r.level])).toEqual([
      ['version-bump/commit-breaking', 'major'],
      ['version-bump/commit-breaking', 'major'],
      ['version-bump/commit-feature', 'minor'],
    ]);
    expect(reasons[0]?.message).toBe(
      'Commit aaaaaaa "feat(api)!: drop the v1 webhook" marks a breaking change (the "!" of a conventional commit), which needs a major version.',
    );
    expect(reasons[1]?.message).toContain('a BREAKING CHANGE: footer');
  });

  it('summarises long runs of the same evidence', () => {
    const many = Array.from({ length: 12 }, (_, i) => commit(String(i).padStart(40, '0'), `feat: thing ${i}`));
    const reasons = commitReasons(many);
    expect(reasons).toHaveLength(6);
    expect(reasons[5]?.message).toMatch(/^7 more commits of the same kind/);
  });

  it('counts a commit only when it changes what ships, never CI- or docs-only commits (issue 14.7)', () => {
    const withFiles = (hash: string, subject: string, files: string[]) => ({ hash, subject, body: '', files });
    const reasons = commitReasons([
      withFiles('1'.repeat(40), 'feat: add a workflow for releases', ['.github/workflows/release.yml']),
      withFiles('2'.repeat(40), 'feat!: rewrite the README', ['README.md', 'docs/setup.md']),
      withFiles('3'.repeat(40), 'feat: test the store', ['server/store_test.go', 'webapp/src/store.test.ts']),
      withFiles('4'.repeat(40), 'feat: add /weather forecast', [
        'server/command.go',
        'webapp/src/index.tsx',
        'README.md',
      ]),
      withFiles('5'.repeat(40), 'feat!: require a new setting', ['plugin.json']),
      withFiles('6'.repeat(40), 'feat: bundle the new icon', ['assets/icon.svg']),
    ]);
    expect(reasons.map((r) => [r.rule, r.what])).toEqual([
      ['version-bump/commit-breaking', 'commit 5555555 (a breaking change)'],
      ['version-bump/commit-feature', 'commit 4444444 (a feature)'],
      ['version-bump/commit-feature', 'commit 6666666 (a feature)'],
    ]);
    expect(reasons[1]?.message).toBe(
      'Commit 4444444 "feat: add /weather forecast" adds a feature (conventional commit "feat") to what ships (server/command.go and 1 more file), which needs at least a minor version.',
    );
    expect(shipsPath('server/main.go')).toBe(true);
    expect(shipsPath('go.mod')).toBe(true);
    expect(shipsPath('webapp/e2e/login.spec.ts')).toBe(false);
    expect(shipsPath('build/manifest/main.go')).toBe(false);
    expect(shipsPath('Makefile')).toBe(false);
  });

  it('finds nothing in fixes', () => {
    expect(
      commitReasons([commit('f'.repeat(40), 'fix: handle empty key'), commit('0'.repeat(40), 'chore(deps): bump x')]),
    ).toEqual([]);
  });
});
