import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { fixture, TempRepo } from '../../packages/versioning/test/helpers';
import { runAction } from './harness';

/**
 * The action on a real git repository: a base branch with the released manifest and a
 * pull-request branch on top, run as the runner runs it on a pull_request event.
 */
let repo: TempRepo;
afterEach(() => repo?.dispose());

function pullRequest(head: string): { base: string } {
  repo = new TempRepo();
  repo.write('plugin.json', fixture('base.plugin.json')).commit('Release 1.4.2');
  repo.tag('v1.4.2');
  const base = repo.git('rev-parse', 'HEAD');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write('plugin.json', head).write('CHANGELOG.md', fixture('CHANGELOG.md')).commit('Rename the API key setting');
  return { base };
}

const prEvent = (base: string) => ({
  pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { ref: 'feature' } },
});

describe('check-version-bump action on a pull request', () => {
  it('fails a minor bump over breaking changes, with annotations and outputs', async () => {
    const { base } = pullRequest(fixture('head-breaking.plugin.json'));
    const run = await runAction('check-version-bump', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: prEvent(base),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      result: 'fail',
      'failed-checks': 'version-bump',
      'required-bump': 'major',
      'actual-bump': 'minor',
      'next-version': '2.0.0',
    });
    const located = (level: string) =>
      run.annotations.filter((a) => a.level === level && a.title).map((a) => [a.title, a.file, a.line, a.col]);
    expect(located('error')).toEqual([['version-bump/too-low', 'plugin.json', 4, 14]]);
    expect(located('warning')).toEqual(
      expect.arrayContaining([
        ['version-bump/setting-renamed', 'plugin.json', 15, 16],
        ['version-bump/setting-removed', 'plugin.json', 13, 17],
        ['version-bump/setting-type-changed', 'plugin.json', 23, 17],
        ['version-bump/platform-dropped', 'plugin.json', 7, 20],
        ['version-bump/changelog-breaking', 'CHANGELOG.md', 13, 3],
      ]),
    );
    expect(run.annotations.find((a) => a.title === 'version-bump/too-low')?.message).toContain(
      `1.5.0 is a minor release after 1.4.2 (base-ref ${base.slice(0, 7)}), but setting "APIKey" renamed to "ServiceKey" (plugin.json:15)`,
    );
    expect(run.report).toMatchObject({
      mode: 'update',
      result: 'fail',
      plugin: { id: 'com.example.weather', version: '1.5.0' },
    });
    expect(run.summary).toContain('version-bump');
  });

  it('passes the same changes released as a major version', async () => {
    const { base } = pullRequest(fixture('head-breaking.plugin.json').replace('"1.5.0"', '"2.0.0"'));
    const run = await runAction('check-version-bump', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: prEvent(base),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      'failed-checks': '',
      'required-bump': 'major',
      'actual-bump': 'major',
      'next-version': '2.0.0',
      'pass-count': '2',
    });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
  });

  it('fails a changed plugin id at its line', async () => {
    const { base } = pullRequest(
      fixture('base.plugin.json')
        .replace('"com.example.weather"', '"com.example.forecast"')
        .replace('"1.4.2"', '"1.4.3"'),
    );
    const run = await runAction('check-version-bump', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: prEvent(base),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failed-checks']).toBe('plugin-id-unchanged');
    const id = run.annotations.find((a) => a.title === 'plugin-id-unchanged/changed');
    expect(id).toMatchObject({ level: 'error', file: 'plugin.json', line: 2, col: 9 });
    expect(id?.message).toContain('admins would have to install it anew, reconfigure every setting');
  });

  it('compares with the last release tag on a push, and honours the tag input', async () => {
    pullRequest(fixture('base.plugin.json').replace('"1.4.2"', '"1.4.3"'));
    const run = await runAction('check-version-bump', { cwd: repo.dir, inputs: { tag: 'v1.4.3' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      'required-bump': 'patch',
      'actual-bump': 'patch',
      'next-version': '1.4.3',
    });
    const mismatch = await runAction('check-version-bump', { cwd: repo.dir, inputs: { tag: 'v1.5.0' } });
    expect(mismatch.exitCode).toBe(1);
    expect(mismatch.annotations.find((a) => a.title === 'version-bump/tag-mismatch')).toMatchObject({
      file: 'plugin.json',
      line: 4,
      col: 14,
    });
  });

  it('explains a shallow clone that lacks the base commit', async () => {
    const { base } = pullRequest(fixture('base.plugin.json').replace('"1.4.2"', '"1.4.3"'));
    const shallow = mkdtempSync(path.join(tmpdir(), 'mm-versioning-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, shallow]);
      const run = await runAction('check-version-bump', {
        cwd: shallow,
        eventName: 'pull_request',
        event: prEvent(base),
      });
      expect(run.exitCode).toBe(1);
      expect(run.annotations.find((a) => a.title === 'version-bump/base-ref-missing')?.message).toContain(
        'fetch-depth: 0',
      );
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
  });

  it('skips both checks in new mode', async () => {
    const { base } = pullRequest(fixture('head-breaking.plugin.json'));
    const run = await runAction('check-version-bump', {
      cwd: repo.dir,
      inputs: { mode: 'new' },
      eventName: 'pull_request',
      event: prEvent(base),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', 'skip-count': '2' });
  });
});

describe('a pull request that does not release (issue 18.1)', () => {
  const DEMO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../examples/demo-plugin');

  /** The demo plugin released as v1.2.0 on main, and a pull request on top that changes `file` only. */
  function docsPullRequest(file: string, text: string): { base: string } {
    repo = new TempRepo();
    cpSync(DEMO, repo.dir, { recursive: true });
    repo.commit('Release 1.2.0');
    repo.tag('v1.2.0');
    const base = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs');
    repo.write(file, text).commit(`docs: update ${file}`);
    return { base };
  }

  const event = (base: string) => ({
    pull_request: {
      number: 9,
      base: { sha: base, ref: 'main' },
      head: { ref: 'docs', sha: 'abc123', repo: { full_name: 'mm-review/mattermost-plugin-weather' } },
    },
    repository: { full_name: 'mm-review/mattermost-plugin-weather', private: false, visibility: 'public' },
  });

  it('passes the whole review in update mode for a README-only change, saying what the next release needs', async () => {
    const { base } = docsPullRequest(
      'README.md',
      `${readFileSync(path.join(DEMO, 'README.md'), 'utf8')}\nOne more line of documentation.\n`,
    );
    const run = await runAction('review', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: event(base),
      inputs: { mode: 'update' },
    });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', 'failed-checks': '' });
    const notices = run.annotations.filter((a) => a.level === 'notice').map((a) => a.title);
    expect(notices).toEqual(
      expect.arrayContaining(['version-bump/not-a-release', 'release-notes/changelog-next-entry']),
    );
    const bump = run.annotations.find((a) => a.title === 'version-bump/not-a-release');
    expect(bump).toMatchObject({ file: 'plugin.json', line: 9, col: 14 });
    expect(bump?.message).toContain(
      `The version is still 1.2.0, as at base-ref ${base.slice(0, 7)}, so this change is not a release`,
    );
  }, 60_000);

  it('fails the same change when the workflow sets require-version-bump', async () => {
    const { base } = docsPullRequest(
      'README.md',
      `${readFileSync(path.join(DEMO, 'README.md'), 'utf8')}\nOne more line.\n`,
    );
    const run = await runAction('check-version-bump', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: event(base),
      inputs: { 'require-version-bump': 'true' },
    });
    expect(run.exitCode).toBe(1);
    expect(
      run.annotations.filter((a) => a.level === 'error' && a.title).map((a) => [a.title, a.file, a.line, a.col]),
    ).toEqual([['version-bump/not-bumped', 'plugin.json', 9, 14]]);
    const changelog = await runAction('check-changelog', {
      cwd: repo.dir,
      eventName: 'pull_request',
      event: event(base),
      inputs: { mode: 'update', 'require-version-bump': 'true' },
    });
    expect(changelog.exitCode).toBe(1);
    expect(changelog.annotations.filter((a) => a.level === 'error' && a.title).map((a) => a.title)).toEqual([
      'release-notes/changelog-no-new-entry',
    ]);
  }, 60_000);

  it('keeps a Dependabot-style dependency bump green on version-bump and the changelog', async () => {
    const { base } = docsPullRequest(
      'webapp/package.json',
      '{\n  "name": "weather-webapp",\n  "private": true,\n  "dependencies": { "react": "18.3.1" }\n}\n',
    );
    for (const action of ['check-version-bump', 'check-changelog']) {
      const run = await runAction(action, {
        cwd: repo.dir,
        eventName: 'pull_request',
        event: event(base),
        inputs: { mode: 'update' },
      });
      expect([action, run.exitCode, run.outputs.result]).toEqual([action, 0, 'pass']);
    }
  }, 60_000);
});
