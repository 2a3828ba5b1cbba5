// The README's adoption paths, each run as its reusable workflow calls the bundled action,
// against a local stub of the GitHub API: the release gate on a tag push before the release
// exists, the Marketplace submission bot's links, and one request per URL that answers 404.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ROOT, runAction } from './harness';
import { startGitHubStub, type StubRequest } from './github-stub';

/** Spawns the bundled action several times: generous, so a loaded 2-core runner passes. */
const TIMEOUT = 180_000;
const DEMO = path.join(ROOT, 'examples/demo-plugin');
const PLUGIN_REPO = 'mm-review/mattermost-plugin-weather';
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

function git(cwd: string, ...args: string[]): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: cwd,
  };
  return execFileSync(
    'git',
    ['-c', 'init.defaultBranch=master', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args],
    { cwd, env, encoding: 'utf8' },
  ).trim();
}

async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-adoption-'));
  temps.push(dir);
  return dir;
}

/**
 * The example plugin as a repository with two releases: v1.1.0 (tagged and released) and
 * v1.2.0, whose tag has just been pushed. Returns the directory and the commit of v1.2.0.
 */
async function pluginRepository(dir: string): Promise<string> {
  await cp(DEMO, dir, { recursive: true });
  const manifestPath = path.join(dir, 'plugin.json');
  const changelogPath = path.join(dir, 'CHANGELOG.md');
  const manifest = await readFile(manifestPath, 'utf8');
  const changelog = await readFile(changelogPath, 'utf8');
  await writeFile(
    manifestPath,
    manifest
      .replace(/"version": "1\.2\.0"/, '"version": "1.1.0"')
      .replace('releases/tag/v1.2.0', 'releases/tag/v1.1.0'),
  );
  await writeFile(changelogPath, changelog.replace(/## \[1\.2\.0\][\s\S]*?(?=## \[1\.1\.0\])/, ''));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Release 1.1.0');
  git(dir, 'tag', 'v1.1.0');
  await writeFile(manifestPath, manifest);
  await writeFile(changelogPath, changelog);
  git(dir, 'commit', '-q', '-am', 'Release 1.2.0');
  git(dir, 'tag', 'v1.2.0');
  return git(dir, 'rev-parse', 'HEAD');
}

const publicRepository = (request: StubRequest) =>
  request.method === 'GET' && request.path === `/repos/${PLUGIN_REPO}`
    ? {
        status: 200,
        body: {
          full_name: PLUGIN_REPO,
          private: false,
          visibility: 'public',
          has_issues: true,
          html_url: `https://github.com/${PLUGIN_REPO}`,
          default_branch: 'master',
        },
      }
    : undefined;

/** Requests grouped by `METHOD path`, for "asked once" assertions. */
function counts(requests: StubRequest[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const r of requests) result[`${r.method} ${r.path}`] = (result[`${r.method} ${r.path}`] ?? 0) + 1;
  return result;
}

describe('release gate (plugin-release.yml) on a tag push', () => {
  it(
    'passes before the GitHub release exists, with the changelog entry as the notes to publish',
    async () => {
      const dir = await temp();
      const sha = await pluginRepository(dir);
      const github = await startGitHubStub([
        publicRepository,
        (r) =>
          r.method === 'GET' && r.path.startsWith(`/repos/${PLUGIN_REPO}/releases?`)
            ? { status: 200, body: [] }
            : undefined,
      ]);
      try {
        // The inputs plugin-release.yml passes, and the defaults action.yml gives the rest.
        const run = await runAction('review', {
          cwd: dir,
          inputs: {
            path: '.',
            mode: 'update',
            tag: 'v1.2.0',
            beta: 'false',
            'fail-on': 'fail',
            'github-token': 'ghs_gate',
            comment: 'false',
          },
          env: {
            GITHUB_API_URL: github.url,
            GITHUB_REPOSITORY: PLUGIN_REPO,
            GITHUB_SERVER_URL: 'https://github.test',
            GITHUB_SHA: sha,
            GITHUB_REF: 'refs/tags/v1.2.0',
            GITHUB_REF_NAME: 'v1.2.0',
            GITHUB_REF_TYPE: 'tag',
          },
          event: {
            ref: 'refs/tags/v1.2.0',
            after: sha,
            repository: { full_name: PLUGIN_REPO, default_branch: 'master' },
            pusher: { name: 'dev' },
          },
          eventName: 'push',
        });
        expect(run.stderr).toBe('');
        expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
        expect(run.exitCode).toBe(0);
        expect(run.outputs.result).toBe('pass');
        expect(run.outputs['release-notes']).toBe(
          '### Added\n\n- The daily forecast post can now be turned on in the System Console (`Enable Daily Post`).',
        );
        const checks = (run.report?.checks ?? []) as { id: string; status: string; findings: { rule: string }[] }[];
        const notes = checks.find((c) => c.id === 'release-notes');
        expect(notes?.status).toBe('pass');
        expect(notes?.findings.map((f) => f.rule)).toContain('release-notes/release-not-published-yet');
        expect(checks.find((c) => c.id === 'version-bump')?.status).toMatch(/^(pass|warn)$/);
        // The gate looked for the published release and for a draft, once each.
        expect(counts(github.requests)).toMatchObject({
          [`GET /repos/${PLUGIN_REPO}/releases/tags/v1.2.0`]: 1,
          [`GET /repos/${PLUGIN_REPO}/releases?per_page=100`]: 1,
        });
      } finally {
        await github.close();
      }
    },
    TIMEOUT,
  );

  it(
    'checks the published release when it runs on release: published',
    async () => {
      const dir = await temp();
      const sha = await pluginRepository(dir);
      const github = await startGitHubStub([publicRepository]);
      try {
        const run = await runAction('review', {
          cwd: dir,
          inputs: {
            path: '.',
            mode: 'update',
            tag: 'v1.2.0',
            beta: 'false',
            'fail-on': 'fail',
            'github-token': 'ghs_gate',
            comment: 'false',
          },
          env: {
            GITHUB_API_URL: github.url,
            GITHUB_REPOSITORY: PLUGIN_REPO,
            GITHUB_SERVER_URL: 'https://github.test',
            GITHUB_SHA: sha,
            GITHUB_REF: 'refs/tags/v1.2.0',
          },
          event: {
            action: 'published',
            release: { tag_name: 'v1.2.0', draft: false },
            repository: { full_name: PLUGIN_REPO, default_branch: 'master' },
          },
          eventName: 'release',
        });
        // The stub has no such release: on release: published that is a failure.
        expect(run.exitCode).toBe(1);
        expect(run.outputs['failed-checks']).toContain('release-notes');
        expect(run.annotations).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              level: 'error',
              message: expect.stringContaining('has no published GitHub release for the tag v1.2.0'),
            }),
          ]),
        );
      } finally {
        await github.close();
      }
    },
    TIMEOUT,
  );
});

describe('Marketplace submission bot (marketplace-submission.yml)', () => {
  it(
    'links the findings into the submitted repository at the reviewed commit, not into the Marketplace repository',
    async () => {
      const workspace = await temp();
      const submitted = path.join(workspace, 'submitted-plugin');
      const sha = await pluginRepository(submitted);
      // A finding to link: the submitted manifest's release_notes_url points at another version.
      const manifest = await readFile(path.join(submitted, 'plugin.json'), 'utf8');
      await writeFile(
        path.join(submitted, 'plugin.json'),
        manifest.replace('releases/tag/v1.2.0', 'releases/tag/v1.0.0'),
      );
      const comments: { id: number; body: string; html_url: string }[] = [];
      const marketplaceComments = '/repos/mattermost/mattermost-marketplace/issues/42/comments';
      const github = await startGitHubStub([
        publicRepository,
        (r) =>
          r.method === 'GET' && r.path.startsWith(marketplaceComments) ? { status: 200, body: comments } : undefined,
        (r) => {
          if (r.method !== 'POST' || r.path !== marketplaceComments) return undefined;
          const comment = {
            id: 1,
            body: (r.body as { body: string }).body,
            html_url: 'https://github.test/mattermost/mattermost-marketplace/issues/42#issuecomment-1',
          };
          comments.push(comment);
          return { status: 201, body: comment };
        },
      ]);
      try {
        const event = {
          issue: {
            number: 42,
            title: 'Add Weather to the Marketplace',
            labels: [{ name: 'Plugin/New' }],
            body: `#### Review commit\nhttps://github.com/${PLUGIN_REPO}/releases/tag/v1.2.0\n`,
          },
          repository: { full_name: 'mattermost/mattermost-marketplace', default_branch: 'master' },
        };
        const parsed = await runAction('parse-submission', { cwd: workspace, event, eventName: 'issues' });
        expect(parsed.outputs).toMatchObject({ repository: PLUGIN_REPO, ref: 'v1.2.0', mode: 'new' });
        // The review step as marketplace-submission.yml calls it, with parse-submission's outputs.
        const run = await runAction('review', {
          cwd: workspace,
          inputs: {
            path: 'submitted-plugin',
            repository: parsed.outputs.repository ?? '',
            mode: parsed.outputs.mode ?? '',
            comment: 'true',
            'fail-on': 'never',
            'github-token': 'ghs_bot',
            beta: 'false',
          },
          env: {
            GITHUB_API_URL: github.url,
            GITHUB_REPOSITORY: 'mattermost/mattermost-marketplace',
            GITHUB_SERVER_URL: 'https://github.test',
            GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
          },
          event,
          eventName: 'issues',
        });
        expect(run.exitCode).toBe(0);
        expect(comments).toHaveLength(1);
        const link = `https://github.test/${PLUGIN_REPO}/blob/${sha}/plugin.json#L7`;
        for (const text of [comments[0]?.body ?? '', run.summary]) {
          expect(text).toContain(`(${link})`);
          expect(text).not.toContain('mattermost-marketplace/blob/');
          expect(text).not.toContain('/submitted-plugin/');
        }
      } finally {
        await github.close();
      }
    },
    TIMEOUT,
  );
});

describe('GitHub API errors', () => {
  it(
    'asks for no URL twice after a 404',
    async () => {
      const dir = await temp();
      await pluginRepository(dir);
      // Everything is a 404: the repository, its releases, its security settings.
      const github = await startGitHubStub([]);
      try {
        const run = await runAction('review', {
          cwd: dir,
          inputs: {
            path: '.',
            mode: 'new',
            beta: 'false',
            'fail-on': 'never',
            'github-token': 'ghs_404',
            comment: 'false',
          },
          env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: PLUGIN_REPO, GITHUB_SERVER_URL: 'https://github.test' },
          event: { ref: 'refs/heads/master', repository: { full_name: PLUGIN_REPO, default_branch: 'master' } },
          eventName: 'push',
        });
        expect(run.exitCode).toBe(0);
        expect(github.requests.length).toBeGreaterThan(0);
        const repeated = Object.entries(counts(github.requests)).filter(([, n]) => n > 1);
        expect(repeated).toEqual([]);
      } finally {
        await github.close();
      }
    },
    TIMEOUT,
  );
});
