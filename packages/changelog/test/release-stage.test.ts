import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runChecks, Workspace, type CheckResult } from '@mm-review/core';
import type { GitHubApi, ReleaseInfo } from '@mm-review/github';
import { defaultServices, PluginContext, type PluginReviewOptions } from '@mm-review/plugin';
import { releaseNotesCheck, releaseNotesMarkdown } from '../src/check';
import { releaseStage } from '../src/release';

const REPO = 'https://github.com/acme/mattermost-plugin-weather';
const MANIFEST =
  JSON.stringify(
    {
      id: 'com.acme.weather',
      name: 'Weather',
      version: '1.2.0',
      homepage_url: REPO,
      support_url: `${REPO}/issues`,
      release_notes_url: `${REPO}/releases/tag/v1.2.0`,
    },
    null,
    2,
  ) + '\n';
const CHANGELOG = '# Changelog\n\n## [1.2.0] - 2024-05-01\n### Added\n- Weather alerts.\n';
const TAG_PUSH = { ref: 'refs/tags/v1.2.0', pusher: { name: 'dev' } };
const NO_CHANGELOG = 'notice:changelog-missing@undefined:undefined:undefined';
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function plugin(withChangelog: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-stage-'));
  temps.push(dir);
  await writeFile(path.join(dir, 'plugin.json'), MANIFEST);
  if (withChangelog) await writeFile(path.join(dir, 'CHANGELOG.md'), CHANGELOG);
  return dir;
}

function draft(body: string | null): ReleaseInfo {
  return {
    tagName: 'v1.2.0',
    name: 'v1.2.0',
    draft: true,
    prerelease: false,
    body,
    htmlUrl: `${REPO}/releases/tag/untagged-1`,
    publishedAt: null,
    assets: [],
  };
}

/** No published release; the draft (if any) is only visible through getDraftRelease. */
function github(drafts: ReleaseInfo[] = []): GitHubApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getRelease(_owner, _repo, tag) {
      calls.push(`tag ${tag}`);
      return undefined;
    },
    async getDraftRelease(_owner, _repo, tags) {
      calls.push(`drafts ${tags.join(',')}`);
      return drafts.find((d) => tags.includes(d.tagName));
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
  options: Partial<PluginReviewOptions>,
  api: GitHubApi,
): Promise<{ result: CheckResult; context: PluginContext }> {
  const context = new PluginContext(
    await Workspace.open(dir),
    { mode: 'new', beta: false, ...options },
    { ...defaultServices, github: api },
  );
  const [result] = await runChecks([releaseNotesCheck], context, { mode: 'new', beta: false });
  return { result: result as CheckResult, context };
}

const located = (result: CheckResult) =>
  result.findings.map((f) => `${f.severity}:${f.rule.replace('release-notes/', '')}@${f.file}:${f.line}:${f.column}`);

describe('releaseStage', () => {
  it('reads the stage from the event payload', () => {
    expect(releaseStage(undefined)).toBe('published');
    expect(releaseStage({ pull_request: { number: 1 } })).toBe('pull-request');
    expect(releaseStage(TAG_PUSH)).toBe('tag');
    expect(releaseStage({ ref: 'refs/heads/master' })).toBe('published');
    expect(releaseStage({ action: 'published', release: { tag_name: 'v1.2.0' } })).toBe('published');
  });
});

describe('release gate on a tag push, before the release exists', () => {
  it('passes with the changelog entry as the notes to publish', async () => {
    const { result, context } = await review(await plugin(true), { event: TAG_PUSH, tag: 'v1.2.0' }, github());
    expect(result.status).toBe('pass');
    expect(located(result)).toEqual(['notice:release-not-published-yet@plugin.json:7:24']);
    expect(await releaseNotesMarkdown(context)).toBe('### Added\n- Weather alerts.');
  });

  it('passes with a draft release that has the notes, and takes them', async () => {
    const api = github([draft('## Added\n- Weather alerts.')]);
    const { result, context } = await review(await plugin(false), { event: TAG_PUSH, tag: 'v1.2.0' }, api);
    expect(result.status).toBe('pass');
    expect(located(result)).toEqual([NO_CHANGELOG]);
    expect(result.summary).toContain('draft release v1.2.0 has the notes');
    expect(await releaseNotesMarkdown(context)).toBe('## Added\n- Weather alerts.');
    expect(api.calls).toEqual(['tag v1.2.0', 'tag 1.2.0', 'drafts v1.2.0,1.2.0']);
  });

  it('fails when nothing holds the notes the release would publish', async () => {
    const { result } = await review(await plugin(false), { event: TAG_PUSH, tag: 'v1.2.0' }, github());
    expect(result.status).toBe('fail');
    expect(located(result)).toEqual([NO_CHANGELOG, 'error:release-missing@plugin.json:7:24']);
    expect(result.findings[1]?.message).toContain('would be published without notes');
  });

  it('fails on a draft without notes when the changelog has none', async () => {
    const { result } = await review(await plugin(false), { event: TAG_PUSH, tag: 'v1.2.0' }, github([draft('')]));
    expect(located(result)).toEqual([NO_CHANGELOG, 'error:release-body-empty@plugin.json:7:24']);
  });
});

describe('release gate on release: published', () => {
  it('checks the published release: a missing one is an error', async () => {
    const api = github([draft('notes')]);
    const { result } = await review(
      await plugin(true),
      { event: { action: 'published', release: { tag_name: 'v1.2.0' } } },
      api,
    );
    expect(located(result)).toEqual(['error:release-missing@plugin.json:7:24']);
    expect(api.calls).toEqual(['tag v1.2.0', 'tag 1.2.0']);
  });
});
