import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runChecks, Workspace, type CheckResult, type Mode } from '@mm-review/core';
import type { GitHubApi, ReleaseInfo } from '@mm-review/github';
import { defaultServices, PluginContext, type PluginReviewOptions } from '@mm-review/plugin';
import { analyzeReleaseNotes, releaseNotesCheck, releaseNotesMarkdown } from '../src/check';

const REPO = 'https://github.com/acme/mattermost-plugin-weather';
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'build');
const BUILD = {
  concat: readFileSync(path.join(FIXTURES, 'concat.main.go'), 'utf8'),
  joinPath: readFileSync(path.join(FIXTURES, 'join-path.main.go'), 'utf8'),
  always: readFileSync(path.join(FIXTURES, 'always.main.go'), 'utf8'),
};
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function plugin(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-changelog-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

function manifest(fields: Record<string, unknown>): string {
  return (
    JSON.stringify(
      { id: 'com.acme.weather', name: 'Weather', homepage_url: REPO, support_url: `${REPO}/issues`, ...fields },
      null,
      2,
    ) + '\n'
  );
}

const CHANGELOG =
  '# Changelog\n\n## [1.2.0] - 2024-05-01\n### Added\n- Weather alerts.\n\n## [1.1.0] - 2024-03-01\n- Units.\n';

function release(fields: Partial<ReleaseInfo> = {}): ReleaseInfo {
  return {
    tagName: 'v1.2.0',
    name: 'v1.2.0',
    draft: false,
    prerelease: false,
    body: '## Added\n- Weather alerts.',
    htmlUrl: `${REPO}/releases/tag/v1.2.0`,
    publishedAt: '2024-05-01T00:00:00Z',
    assets: [],
    ...fields,
  };
}

function fakeGitHub(releases: Record<string, ReleaseInfo | Error>): GitHubApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getRelease(owner, repo, tag) {
      calls.push(`${owner}/${repo}@${tag}`);
      const found = releases[tag];
      if (found instanceof Error) throw found;
      return found;
    },
    async getRepository() {
      return undefined;
    },
    async privateVulnerabilityReporting() {
      return undefined;
    },
  };
}

async function review(
  dir: string,
  options: Partial<PluginReviewOptions> = {},
  github?: GitHubApi,
): Promise<{ result: CheckResult; context: PluginContext }> {
  const mode: Mode = options.mode ?? 'new';
  const context = new PluginContext(
    await Workspace.open(dir),
    { mode, beta: false, ...options },
    { ...defaultServices, ...(github ? { github } : {}) },
  );
  const [result] = await runChecks([releaseNotesCheck], context, { mode, beta: false });
  return { result: result as CheckResult, context };
}

function located(result: CheckResult): string[] {
  return result.findings.map(
    (f) => `${f.severity}:${f.rule.replace('release-notes/', '')}@${f.file ?? ''}:${f.line ?? ''}:${f.column ?? ''}`,
  );
}

describe('release-notes check: release_notes_url in plugin.json', () => {
  it('passes with the release URL of this version and a changelog entry', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
      'CHANGELOG.md': CHANGELOG,
    });
    const { result, context } = await review(dir);
    expect(result.status).toBe('pass');
    expect(result.requirement).toBe('product-4');
    expect(located(result)).toEqual(['notice:release-not-checked@plugin.json:7:24']);
    expect(result.summary).toContain('CHANGELOG.md has an entry for 1.2.0 (line 3)');
    expect(await releaseNotesMarkdown(context)).toBe('### Added\n- Weather alerts.');
  });

  it('locates a URL problem on the release_notes_url value', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.1.0` }),
      'CHANGELOG.md': CHANGELOG,
    });
    const { result } = await review(dir);
    expect(result.status).toBe('fail');
    expect(located(result)).toContain('error:url-older-version@plugin.json:7:24');
  });

  it('url-missing when plugin.json has a version but no release_notes_url', async () => {
    const dir = await plugin({ 'plugin.json': manifest({ version: '1.2.0' }), 'CHANGELOG.md': CHANGELOG });
    const { result } = await review(dir);
    expect(located(result)).toContain('error:url-missing@plugin.json:1:1');
    expect(result.findings.find((f) => f.rule.endsWith('url-missing'))?.message).toContain(
      `"release_notes_url": "${REPO}/releases/tag/v1.2.0"`,
    );
  });

  it('url-empty on an explicit empty value', async () => {
    const dir = await plugin({ 'plugin.json': manifest({ version: '1.2.0', release_notes_url: '' }) });
    const { result } = await review(dir);
    expect(located(result)).toContain('error:url-empty@plugin.json:7:24');
  });

  it('validates the URL a concatenating build writes from homepage_url (issue 14.1)', async () => {
    const dir = await plugin({
      'plugin.json': manifest({}),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.concat,
    });
    const { result } = await review(dir, { tag: 'v1.2.0' });
    expect(result.status).toBe('fail');
    expect(located(result)).toContain('error:url-missing-slash@plugin.json:4:19');
    const message = result.findings.find((f) => f.rule.endsWith('url-missing-slash'))?.message ?? '';
    expect(message).toBe(
      `the release_notes_url that build/manifest/main.go (line 31) writes from homepage_url for the tag v1.2.0 (${REPO}releases/tag/v1.2.0) glues the repository name to "releases" ("mattermost-plugin-weatherreleases": a "/" is missing), so the link is a 404; write ${REPO}/releases/tag/v1.2.0. Replace the concatenation in build/manifest/main.go (line 31) with url.JoinPath(manifest.HomepageURL, "releases", "tag", BuildTagLatest), as the current starter template does, or set release_notes_url in plugin.json.`,
    );

    const fixed = await plugin({
      'plugin.json': manifest({ homepage_url: `${REPO}/` }),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.concat,
    });
    const ok = await review(fixed, { tag: 'v1.2.0' });
    expect(ok.result.status).toBe('pass');
    expect(ok.result.summary).toContain(`release_notes_url written by the build ${REPO}/releases/tag/v1.2.0`);
  });

  it('passes the URL a url.JoinPath build writes, with or without a trailing "/" (issue 14.1)', async () => {
    for (const homepage of [REPO, `${REPO}/`]) {
      const dir = await plugin({
        'plugin.json': manifest({ homepage_url: homepage }),
        'CHANGELOG.md': CHANGELOG,
        'build/manifest/main.go': BUILD.joinPath,
      });
      const { result } = await review(dir, { tag: 'v1.2.0' });
      expect(result.status).toBe('pass');
      expect(located(result)).toEqual(['notice:release-not-checked@plugin.json:4:19']);
      expect(result.summary).toContain(`release_notes_url written by the build ${REPO}/releases/tag/v1.2.0;`);
    }
  });

  it('says a homepage that is no GitHub repository yields no release page (issue 14.1)', async () => {
    const homepage = 'https://mattermost.com/pl/mattermost-plugin-weather';
    const dir = await plugin({
      'plugin.json': manifest({ homepage_url: homepage, support_url: `${REPO}/issues` }),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.joinPath,
    });
    const { result } = await review(dir, { tag: 'v1.2.0' });
    expect(located(result)).toEqual([
      'error:url-injected-not-release@plugin.json:4:19',
      'notice:release-not-checked@plugin.json:4:19',
    ]);
    expect(result.findings[0]?.message).toBe(
      `homepage_url ${homepage} is not a GitHub repository, so the release_notes_url that build/manifest/main.go (line 32) writes from homepage_url for the tag v1.2.0 (${homepage}/releases/tag/v1.2.0) is no release page; set "release_notes_url" in plugin.json to this version's release notes (the build then keeps it).`,
    );
    const declared = await plugin({
      'plugin.json': manifest({
        homepage_url: homepage,
        version: '1.2.0',
        release_notes_url: `${REPO}/releases/tag/v1.2.0`,
      }),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.joinPath,
    });
    expect((await review(declared)).result.status).toBe('pass');
  });

  it('notes a build that overwrites release_notes_url, and checks the URL it writes instead', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ homepage_url: `${REPO}/`, release_notes_url: `${REPO}/releases/tag/v0.9.0` }),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.always,
    });
    const { result } = await review(dir, { tag: 'v1.2.0' });
    expect(result.status).toBe('pass');
    expect(located(result)).toEqual([
      'notice:url-overwritten-by-build@plugin.json:6:24',
      'notice:release-not-checked@plugin.json:4:19',
    ]);
  });

  it('never prints a URL the build does not write', async () => {
    const noTool = await plugin({ 'plugin.json': manifest({}), 'CHANGELOG.md': CHANGELOG });
    const unknown = (await review(noTool, { tag: 'v1.2.0' })).result;
    expect(located(unknown)).toEqual([
      'notice:url-injected@plugin.json:4:19',
      'notice:release-not-checked@plugin.json:4:19',
    ]);
    expect(unknown.findings[0]?.message).not.toContain('releases/tag');
    const silent = await plugin({
      'plugin.json': manifest({ version: '1.2.0' }),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': 'package main\n\nfunc main() {}\n',
    });
    const missing = (await review(silent)).result;
    expect(located(missing)).toContain('error:url-missing@plugin.json:1:1');
    expect(missing.findings[0]?.message).toMatch(
      /^plugin.json has no release_notes_url \(build\/manifest\/main.go does not write one\)/,
    );
  });

  it('names the tag the build names when a release and its candidate share HEAD (issue 14.3)', async () => {
    const dir = await plugin({
      'plugin.json': manifest({}),
      'CHANGELOG.md': CHANGELOG,
      'build/manifest/main.go': BUILD.joinPath,
    });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'release');
    git('tag', '-a', '-m', 'rc2', 'v1.2.0-rc2');
    git('tag', '-a', '-m', 'final', 'v1.2.0');
    const { result } = await review(dir);
    expect(result.status).toBe('pass');
    expect(result.summary).toContain(`release_notes_url written by the build ${REPO}/releases/tag/v1.2.0;`);
    expect(result.summary).toContain('CHANGELOG.md has an entry for 1.2.0');
  });

  it('takes a version the Makefile replaces while packaging as unknown, not as a version needing an entry', async () => {
    const makefile =
      "VERSION ?= $(shell git describe --tags --always | sed 's/^v//')\n\ndist:\n\tcp plugin.json dist/\n\tsed -i s/0.0.0-unreleased/${VERSION}/g dist/plugin.json\n";
    const dir = await plugin({
      'plugin.json': manifest({ version: '0.0.0-unreleased', release_notes_url: `${REPO}/releases` }),
      'CHANGELOG.md': CHANGELOG,
      Makefile: makefile,
    });
    const { result } = await review(dir);
    expect(result.status).toBe('fail');
    expect(located(result)).toEqual([
      'notice:version-unknown@plugin.json:6:14',
      'error:url-releases-list@plugin.json:7:24',
    ]);
    expect(result.findings[0]?.message).toContain(
      '"version": "0.0.0-unreleased", a placeholder that Makefile (line 5) replaces at build time',
    );
    const tagged = (await review(dir, { tag: 'v1.2.0' })).result;
    expect(tagged.summary).toContain('CHANGELOG.md has an entry for 1.2.0');
  });

  it('skips (never passes) when the version is unknown', async () => {
    const dir = await plugin({ 'plugin.json': manifest({}) });
    const { result } = await review(dir);
    expect(result.status).toBe('skip');
    expect(result.findings.map((f) => f.rule)).toContain('release-notes/version-unknown');
  });

  it('skips without a readable manifest', async () => {
    const dir = await plugin({ 'README.md': '# x\n' });
    expect((await review(dir)).result.status).toBe('skip');
  });

  it('verifies a link to the changelog entry', async () => {
    const good = await plugin({
      'plugin.json': manifest({
        version: '1.2.0',
        release_notes_url: `${REPO}/blob/main/CHANGELOG.md#120---2024-05-01`,
      }),
      'CHANGELOG.md': CHANGELOG,
    });
    expect((await review(good)).result.status).toBe('pass');
    const missing = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/blob/main/CHANGELOG.md#130` }),
      'CHANGELOG.md': CHANGELOG,
    });
    const missingResult = (await review(missing)).result;
    expect(located(missingResult)).toContain('error:url-anchor-missing@plugin.json:7:24');
    expect(missingResult.findings.find((f) => f.rule.endsWith('url-anchor-missing'))?.message).toContain(
      '#120---2024-05-01',
    );
    const other = await plugin({
      'plugin.json': manifest({
        version: '1.2.0',
        release_notes_url: `${REPO}/blob/main/CHANGELOG.md#110---2024-03-01`,
      }),
      'CHANGELOG.md': CHANGELOG,
    });
    expect(located((await review(other)).result)).toContain('error:url-other-version@plugin.json:7:24');
  });
});

describe('release-notes check: the changelog file', () => {
  it('finds a changelog in docs/ in any case, passing over a directory named like one', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.3.0', release_notes_url: `${REPO}/releases/tag/v1.3.0` }),
      'docs/changelog.md': CHANGELOG,
      'changelog/README.md': '# Not a changelog\n',
    });
    const { result } = await review(dir);
    expect(located(result)).toContain('error:changelog-entry-missing@docs/changelog.md:3:1');
  });

  it('reports a changelog it cannot read, without failing on it', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
    });
    await symlink('/etc/hostname', path.join(dir, 'CHANGELOG.md'));
    const { result } = await review(dir);
    expect(located(result)).toContain('warning:changelog-unreadable@CHANGELOG.md::');
    const binary = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
      'CHANGELOG.md': '\u0000\u0001\u0002',
    });
    expect(located((await review(binary)).result)).toContain('warning:changelog-unreadable@CHANGELOG.md::');
  });

  it('a missing changelog is a notice: the GitHub release holds the notes', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
    });
    const { result } = await review(dir);
    expect(result.status).toBe('pass');
    expect(result.findings.map((f) => f.rule)).toContain('release-notes/changelog-missing');
  });
});

describe('release-notes check: the GitHub release', () => {
  const published = { 'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }) };

  it('passes with a published release that has notes, and takes its body as the notes', async () => {
    const github = fakeGitHub({ 'v1.2.0': release() });
    const { result, context } = await review(await plugin(published), {}, github);
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'release-notes/changelog-missing' })]);
    expect(result.summary).toContain('GitHub release v1.2.0 published with notes');
    expect(await releaseNotesMarkdown(context)).toBe('## Added\n- Weather alerts.');
    expect((await analyzeReleaseNotes(context)).notes?.source).toBe('github-release');
    expect(github.calls).toEqual(['acme/mattermost-plugin-weather@v1.2.0']);
  });

  it('release-missing: an error when release_notes_url links it', async () => {
    const { result } = await review(await plugin(published), {}, fakeGitHub({}));
    expect(located(result)).toContain('error:release-missing@plugin.json:7:24');
  });

  it('release-not-published-yet: a notice on a pull request, which prepares the release', async () => {
    const { result } = await review(
      await plugin(published),
      { event: { pull_request: { number: 7 } } },
      fakeGitHub({}),
    );
    expect(result.status).toBe('pass');
    expect(located(result)).toContain('notice:release-not-published-yet@plugin.json:7:24');
  });

  it('release-missing: a warning when the changelog links and holds the notes', async () => {
    const dir = await plugin({
      'plugin.json': manifest({
        version: '1.2.0',
        release_notes_url: `${REPO}/blob/main/CHANGELOG.md#120---2024-05-01`,
      }),
      'CHANGELOG.md': CHANGELOG,
    });
    const { result } = await review(dir, {}, fakeGitHub({}));
    expect(located(result)).toEqual(['warning:release-missing@plugin.json:7:24']);
  });

  it('release-draft, release-body-empty, release-prerelease', async () => {
    const { result } = await review(
      await plugin(published),
      {},
      fakeGitHub({ 'v1.2.0': release({ draft: true, body: ' ', prerelease: true }) }),
    );
    expect(located(result)).toEqual(
      expect.arrayContaining([
        'error:release-draft@plugin.json:7:24',
        'error:release-body-empty@plugin.json:7:24',
        'warning:release-prerelease@plugin.json:7:24',
      ]),
    );
    const withChangelog = await plugin({ ...published, 'CHANGELOG.md': CHANGELOG });
    const tolerated = (await review(withChangelog, {}, fakeGitHub({ 'v1.2.0': release({ body: null }) }))).result;
    expect(located(tolerated)).toEqual(['warning:release-body-empty@plugin.json:7:24']);
  });

  it('tries the tag without v', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/1.2.0` }),
    });
    const github = fakeGitHub({ '1.2.0': release({ tagName: '1.2.0' }) });
    expect((await review(dir, {}, github)).result.status).toBe('pass');
  });

  it('an API error is a notice, never a failure', async () => {
    const { result } = await review(await plugin(published), {}, fakeGitHub({ 'v1.2.0': new Error('HTTP 502') }));
    expect(result.status).toBe('pass');
    expect(located(result)).toContain('notice:release-lookup-failed@plugin.json:7:24');
  });

  it('computes once for the check and the output', async () => {
    const github = fakeGitHub({ 'v1.2.0': release() });
    const { context } = await review(await plugin(published), {}, github);
    await releaseNotesMarkdown(context);
    await releaseNotesMarkdown(context);
    expect(github.calls).toHaveLength(1);
  });
});

describe('release-notes check: update mode', () => {
  function commit(dir: string, message: string): void {
    const run = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      });
    run('add', '-A');
    run('commit', '-q', '-m', message);
  }

  async function repository(base: string, head: string): Promise<string> {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.1.0', release_notes_url: `${REPO}/releases/tag/v1.1.0` }),
      'CHANGELOG.md': base,
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    commit(dir, 'base');
    execFileSync('git', ['tag', 'v1.1.0'], { cwd: dir });
    await writeFile(
      path.join(dir, 'plugin.json'),
      manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
    );
    await writeFile(path.join(dir, 'CHANGELOG.md'), head);
    commit(dir, 'head');
    return dir;
  }

  const base = '# Changelog\n\n## [1.1.0] - 2024-03-01\n- Units.\n';

  it('passes when the changelog gained an entry since the base, filed under update-3', async () => {
    const { result } = await review(await repository(base, CHANGELOG), { mode: 'update', baseRef: 'v1.1.0' });
    expect(result.status).toBe('pass');
    expect(result.requirement).toBe('update-3');
  });

  it('changelog-no-new-entry when it did not', async () => {
    const { result } = await review(await repository(base, base.replace('Units.', 'Units, fixed.')), {
      mode: 'update',
      baseRef: 'v1.1.0',
    });
    expect(located(result)).toContain('error:changelog-no-new-entry@CHANGELOG.md:3:1');
  });

  it('says why when the base cannot be read', async () => {
    const dir = await repository(base, CHANGELOG);
    const missing = (await review(dir, { mode: 'update', baseRef: 'v0.0.9' })).result;
    expect(located(missing)).toContain('notice:changelog-base@CHANGELOG.md::');
    expect(missing.findings.find((f) => f.rule.endsWith('changelog-base'))?.message).toBe(
      'Whether CHANGELOG.md gained an entry since the last release was not checked: base-ref v0.0.9 is not in the git history.',
    );
    const untagged = await plugin({
      'plugin.json': manifest({ version: '1.2.0', release_notes_url: `${REPO}/releases/tag/v1.2.0` }),
      'CHANGELOG.md': CHANGELOG,
    });
    execFileSync('git', ['init', '-q'], { cwd: untagged });
    commit(untagged, 'first');
    expect(located((await review(untagged, { mode: 'update' })).result)).toContain(
      'notice:changelog-base@CHANGELOG.md::',
    );
  });

  it('finds the base as version-bump does: the last release tag when no base-ref is given (issue 14.2)', async () => {
    const gained = await repository(base, CHANGELOG);
    expect((await review(gained, { mode: 'update' })).result.status).toBe('pass');
    const stale = await repository(base, base.replace('Units.', 'Units, fixed.'));
    const { result } = await review(stale, { mode: 'update' });
    expect(located(result)).toContain('error:changelog-no-new-entry@CHANGELOG.md:3:1');
    expect(result.findings.find((f) => f.rule.endsWith('changelog-no-new-entry'))?.message).toBe(
      'CHANGELOG.md has gained no entry since tag v1.1.0; add one for 1.2.0 describing what changed.',
    );
  });

  it('requires no entry from a changelog that points to the GitHub releases or is the template placeholder (issue 14.2)', async () => {
    const pointer =
      '# Changelog\n\nSee the [GitHub releases](https://github.com/acme/mattermost-plugin-weather/releases).\n';
    const stub =
      '# Changelog\nAll notable changes to this project will be documented in this file.\n\n## 0.0.1\n- Initial release\n';
    for (const text of [pointer, stub]) {
      const { result } = await review(await repository(text, text), { mode: 'update' });
      expect(result.status).toBe('pass');
      expect(result.findings.every((f) => f.severity === 'notice')).toBe(true);
      expect(result.findings.map((f) => f.rule)).toContain(
        text === stub ? 'release-notes/changelog-template-stub' : 'release-notes/changelog-pointer',
      );
    }
  });

  it('a change that keeps the version is no release: a notice for the next entry, an error only when asked (issue 18.1)', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.1.0', release_notes_url: `${REPO}/releases/tag/v1.1.0` }),
      'CHANGELOG.md': base,
      'README.md': '# Weather\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    commit(dir, 'release');
    execFileSync('git', ['tag', 'v1.1.0'], { cwd: dir });
    await writeFile(path.join(dir, 'README.md'), '# Weather\n\nShows the forecast.\n');
    commit(dir, 'docs: describe the plugin');
    const docs = (await review(dir, { mode: 'update' })).result;
    expect(docs.status).toBe('pass');
    expect(located(docs)).toEqual([
      'notice:release-not-checked@plugin.json:7:24',
      'notice:changelog-next-entry@CHANGELOG.md:3:1',
    ]);
    expect(docs.findings[1]?.message).toBe(
      'CHANGELOG.md has gained no entry since tag v1.1.0, and the version is still 1.1.0, as at tag v1.1.0, so this change is not a release; the next release needs an entry for its version in CHANGELOG.md.',
    );
    const prBase = (await review(dir, { mode: 'update', baseRef: 'HEAD~1' })).result;
    expect(prBase.status).toBe('pass');
    const required = (await review(dir, { mode: 'update', requireVersionBump: true })).result;
    expect(located(required)).toContain('error:changelog-no-new-entry@CHANGELOG.md:3:1');
  });

  it('an entry missing for a version already released warns on a change that is no release', async () => {
    const dir = await plugin({
      'plugin.json': manifest({ version: '1.1.0', release_notes_url: `${REPO}/releases/tag/v1.1.0` }),
      'CHANGELOG.md': '# Changelog\n\n## [1.0.0] - 2024-01-01\n- First.\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    commit(dir, 'release');
    execFileSync('git', ['tag', 'v1.1.0'], { cwd: dir });
    await writeFile(path.join(dir, 'README.md'), '# Weather\n');
    commit(dir, 'docs: add a README');
    const { result } = await review(dir, { mode: 'update' });
    expect(result.status).toBe('warn');
    expect(located(result)).toContain('warning:changelog-entry-missing@CHANGELOG.md:3:1');
    expect(located((await review(dir, { mode: 'new' })).result)).toContain(
      'error:changelog-entry-missing@CHANGELOG.md:3:1',
    );
  });
});
