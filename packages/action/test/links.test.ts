import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { sourceLinks } from '../src/links';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-links-'));
  temps.push(dir);
  return dir;
}

/** A repository with one commit whose plugin lives in `plugin/`; returns [root, sha]. */
async function repository(): Promise<[string, string]> {
  const root = await temp();
  await mkdir(path.join(root, 'plugin'));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'a',
    GIT_AUTHOR_EMAIL: 'a@example.com',
    GIT_COMMITTER_NAME: 'a',
    GIT_COMMITTER_EMAIL: 'a@example.com',
  };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: root, env, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'init');
  return [root, git('rev-parse', 'HEAD')];
}

const env = {
  GITHUB_SERVER_URL: 'https://github.test',
  GITHUB_REPOSITORY: 'mattermost/mattermost-marketplace',
  GITHUB_SHA: 'aaaaaaaa',
};

describe('sourceLinks', () => {
  it('links another repository at its checked-out commit, with paths from its root', async () => {
    const [root, sha] = await repository();
    const links = await sourceLinks({
      dir: path.join(root, 'plugin'),
      workspacePrefix: 'submitted/plugin',
      repository: 'acme/weather',
      env,
    });
    expect(links).toEqual({ fileUrlBase: `https://github.test/acme/weather/blob/${sha}`, pathPrefix: 'plugin' });
  });

  it("links a pull request's head commit in the workflow's own repository", async () => {
    const [root] = await repository();
    const links = await sourceLinks({
      dir: root,
      workspacePrefix: '',
      env,
      event: { pull_request: { head: { sha: 'bbbbbbbb' } } },
    });
    expect(links).toEqual({
      fileUrlBase: 'https://github.test/mattermost/mattermost-marketplace/blob/bbbbbbbb',
      pathPrefix: '',
    });
  });

  it('without git metadata: GITHUB_SHA for the own repository, no links for another one', async () => {
    const dir = await temp();
    expect(await sourceLinks({ dir, workspacePrefix: 'p', env })).toEqual({
      fileUrlBase: 'https://github.test/mattermost/mattermost-marketplace/blob/aaaaaaaa',
      pathPrefix: 'p',
    });
    expect(await sourceLinks({ dir, workspacePrefix: 'p', repository: 'acme/weather', env })).toEqual({
      pathPrefix: 'p',
    });
  });
});
