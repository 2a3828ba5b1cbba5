import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from './harness';

const fixtures = 'packages/changelog/test/fixtures';
const good = `${fixtures}/good-plugin`;
const bad = `${fixtures}/bad-plugin`;
const releaseOnly = `${fixtures}/release-plugin`;
const TOKEN = 'ghs_e2eTestToken000000000000000000000000';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
}

/** A local stand-in for the GitHub REST API: answers GET /repos/acme/mattermost-plugin-weather/releases/tags/<tag>. */
function fakeGitHubApi(releases: Record<string, object>): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    const match = /^\/repos\/acme\/mattermost-plugin-weather\/releases\/tags\/([^/?]+)$/.exec(request.url ?? '');
    const release = match?.[1] ? releases[decodeURIComponent(match[1])] : undefined;
    response.setHeader('content-type', 'application/json');
    if (!release) {
      response.statusCode = 404;
      response.end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    response.end(JSON.stringify(release));
  });
  return { server, seen };
}

function releasePayload(tag: string, fields: Record<string, unknown> = {}): object {
  return {
    tag_name: tag,
    name: tag,
    draft: false,
    prerelease: false,
    body: '## Added\n\n- Severe weather alerts.\n',
    html_url: `https://github.com/acme/mattermost-plugin-weather/releases/tag/${tag}`,
    published_at: '2026-11-01T10:00:00Z',
    assets: [],
    ...fields,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('check-changelog action, run as the runner runs it', () => {
  it('passes on a plugin with a matching URL and changelog entry, and outputs the notes', async () => {
    const run = await runAction('check-changelog', { inputs: { path: good, 'github-token': '' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(run.outputs['pass-count']).toBe('1');
    expect(run.outputs['release-notes']).toBe(
      '### Added\n\n- Severe weather alerts in the channel header.\n\n### Fixed\n\n- Temperatures below zero are shown with their sign.',
    );
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    // Without a token the release part is skipped with a notice, never failed.
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        file: `${good}/plugin.json`,
        line: 7,
        title: 'release-notes/release-not-checked',
      }),
    );
    expect(run.summary).toContain('release-notes');
    expect(run.report).toMatchObject({
      result: 'pass',
      checks: [{ id: 'release-notes', requirement: 'product-4', status: 'pass' }],
    });
  });

  it('fails with annotations on plugin.json and the changelog', async () => {
    const run = await runAction('check-changelog', { inputs: { path: bad, 'github-token': '' } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['failed-checks']).toBe('release-notes');
    expect(run.outputs['release-notes']).toBe('');
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: `${bad}/plugin.json`, line: 7, col: 24, title: 'release-notes/url-no-tag' }),
        expect.objectContaining({
          file: `${bad}/plugin.json`,
          line: 7,
          col: 24,
          title: 'release-notes/url-older-version',
        }),
        expect.objectContaining({
          file: `${bad}/CHANGELOG.md`,
          line: 3,
          col: 1,
          title: 'release-notes/changelog-entry-missing',
        }),
      ]),
    );
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        file: `${bad}/CHANGELOG.md`,
        line: 9,
        title: 'release-notes/changelog-out-of-order',
      }),
    );
    expect(run.stdout).toMatch(/::error::1 check failed: release-notes/);
  });

  it('files the check under update-3 in update mode', async () => {
    const run = await runAction('check-changelog', { inputs: { path: good, mode: 'update', 'github-token': '' } });
    expect(run.report).toMatchObject({ mode: 'update', checks: [{ id: 'release-notes', requirement: 'update-3' }] });
  });

  describe('with a token, against a local server standing in for the GitHub API', () => {
    const api = fakeGitHubApi({
      'v1.2.0': releasePayload('v1.2.0'),
      'v1.3.0': releasePayload('v1.3.0', { draft: true, body: '' }),
    });
    let url = '';
    beforeAll(async () => {
      url = await listen(api.server);
    });
    afterAll(async () => {
      await new Promise((resolve) => api.server.close(resolve));
    });

    it('finds the published release with notes and takes its body as the notes when the changelog only points there', async () => {
      api.seen.length = 0;
      const run = await runAction('check-changelog', {
        inputs: { path: releaseOnly, tag: 'v1.2.0', 'github-token': TOKEN },
        env: { GITHUB_API_URL: url },
      });
      expect(run.exitCode).toBe(0);
      expect(run.outputs.result).toBe('pass');
      expect(run.outputs['release-notes']).toBe('## Added\n\n- Severe weather alerts.');
      expect(api.seen).toEqual([
        {
          method: 'GET',
          url: '/repos/acme/mattermost-plugin-weather/releases/tags/v1.2.0',
          authorization: `token ${TOKEN}`,
        },
      ]);
      expect(run.report).toMatchObject({
        checks: [
          {
            id: 'release-notes',
            status: 'pass',
            summary: expect.stringContaining('GitHub release v1.2.0 published with notes'),
          },
        ],
      });
      // The token reaches the log only in the command that masks it.
      expect(run.stdout.split('\n').filter((line) => line.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);
    });

    it('fails on a draft release without notes', async () => {
      const run = await runAction('check-changelog', {
        inputs: { path: releaseOnly, tag: 'v1.3.0', 'github-token': TOKEN },
        env: { GITHUB_API_URL: url },
      });
      expect(run.exitCode).toBe(1);
      const titles = run.annotations.filter((a) => a.level === 'error').map((a) => a.title);
      expect(titles).toEqual(
        expect.arrayContaining(['release-notes/release-draft', 'release-notes/release-body-empty']),
      );
    });

    it('on a pull request, a release not published yet is a notice', async () => {
      const run = await runAction('check-changelog', {
        inputs: { path: releaseOnly, tag: 'v9.9.9', 'github-token': TOKEN },
        env: { GITHUB_API_URL: url },
        eventName: 'pull_request',
        event: { pull_request: { number: 12, base: { sha: '0000000000000000000000000000000000000000' } } },
      });
      expect(run.exitCode).toBe(0);
      expect(run.annotations).toContainEqual(
        expect.objectContaining({ level: 'notice', title: 'release-notes/release-not-published-yet' }),
      );
    });

    it('fails when the linked release does not exist', async () => {
      const run = await runAction('check-changelog', {
        inputs: { path: releaseOnly, tag: 'v9.9.9', 'github-token': TOKEN },
        env: { GITHUB_API_URL: url },
      });
      expect(run.exitCode).toBe(1);
      expect(run.annotations).toContainEqual(
        expect.objectContaining({
          level: 'error',
          file: `${releaseOnly}/plugin.json`,
          line: 5,
          title: 'release-notes/release-missing',
        }),
      );
    });
  });
});
