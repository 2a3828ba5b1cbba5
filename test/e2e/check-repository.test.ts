import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAction } from './harness';

const fixtures = 'packages/repository/test/fixtures';
const open = `${fixtures}/open-plugin`;
const closed = `${fixtures}/closed-plugin`;
const REPO = 'acme/mattermost-plugin-weather';
const TOKEN = 'ghs_e2eRepositoryToken0000000000000000000';

interface Seen {
  url: string;
  authorization?: string;
}

/** A local stand-in for the GitHub REST API: the repository and its private vulnerability reporting. */
function fakeGitHubApi(repository: Record<string, unknown>, reportingEnabled: boolean): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
    response.setHeader('content-type', 'application/json');
    if (request.url === `/repos/${REPO}`) {
      response.end(JSON.stringify({ full_name: REPO, html_url: `https://github.com/${REPO}`, default_branch: 'main', ...repository }));
    } else if (request.url === `/repos/${REPO}/private-vulnerability-reporting`) {
      response.end(JSON.stringify({ enabled: reportingEnabled }));
    } else {
      response.statusCode = 404;
      response.end(JSON.stringify({ message: 'Not Found' }));
    }
  });
  return { server, seen };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const env = (apiUrl: string): Record<string, string> => ({ GITHUB_REPOSITORY: REPO, GITHUB_API_URL: apiUrl });
const pushEvent = (repository: Record<string, unknown>): object => ({ ref: 'refs/heads/main', repository: { full_name: REPO, ...repository } });

describe('check-repository action, run as the runner runs it', () => {
  const publicApi = fakeGitHubApi({ private: false, visibility: 'public', has_issues: true }, true);
  const privateApi = fakeGitHubApi({ private: true, visibility: 'private', has_issues: false }, false);
  let publicUrl = '';
  let privateUrl = '';
  beforeAll(async () => {
    publicUrl = await listen(publicApi.server);
    privateUrl = await listen(privateApi.server);
  });
  afterAll(async () => {
    await new Promise((resolve) => publicApi.server.close(resolve));
    await new Promise((resolve) => privateApi.server.close(resolve));
  });

  it('passes a public MIT plugin whose policy points to enabled private vulnerability reporting', async () => {
    const run = await runAction('check-repository', {
      inputs: { path: open, 'github-token': TOKEN },
      env: env(publicUrl),
      event: pushEvent({ private: false, visibility: 'public', has_issues: true }),
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', 'failed-checks': '', 'pass-count': '3', 'fail-count': '0' });
    // Visibility and issues came from the payload; only private vulnerability reporting needed the API.
    expect(publicApi.seen.map((s) => s.url)).toEqual([`/repos/${REPO}/private-vulnerability-reporting`]);
    expect(publicApi.seen[0]?.authorization).toBe(`token ${TOKEN}`);
    expect(run.summary).toContain('MIT (100%)');
    // The runner masks the token (::add-mask::); it appears nowhere else.
    expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    const checks = (run.report?.checks ?? []) as { id: string; status: string; summary?: string }[];
    expect(checks.map((c) => [c.id, c.status])).toEqual([['license', 'pass'], ['public-repository', 'pass'], ['security-contact', 'pass']]);
    expect(checks[0]?.summary).toBe('LICENSE: MIT (100%), OSI-approved');
  });

  it('fails a private, source-available plugin with annotations on its files', async () => {
    const run = await runAction('check-repository', {
      inputs: { path: closed, 'github-token': TOKEN },
      env: env(privateUrl),
      event: pushEvent({ private: true, visibility: 'private' }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['failed-checks']?.split(',')).toEqual(['license', 'public-repository', 'security-contact']);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', file: `${closed}/LICENSE`, line: 1, col: 10, title: 'license/not-open-source' }),
        expect.objectContaining({ level: 'warning', file: `${closed}/LICENSE.enterprise`, line: 1, col: 1, title: 'license/link-dangling' }),
        expect.objectContaining({ level: 'error', file: `${closed}/README.md`, line: 5, col: 1, title: 'security-contact/no-contact' }),
      ]),
    );
    const privateError = run.annotations.find((a) => a.title === 'public-repository/private');
    expect(privateError?.message).toContain(`${REPO} is private, according to the workflow event payload`);
  });

  it('asks the API when the payload does not say, and reports disabled issues at support_url', async () => {
    const run = await runAction('check-repository', {
      inputs: { path: open, 'github-token': TOKEN },
      env: env(privateUrl),
      event: { ref: 'refs/heads/main' },
      eventName: 'workflow_dispatch',
    });
    expect(run.exitCode).toBe(1);
    expect(privateApi.seen.map((s) => s.url)).toContain(`/repos/${REPO}`);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', title: 'public-repository/private' }),
        expect.objectContaining({ level: 'error', file: `${open}/plugin.json`, line: 7, col: 18, title: 'public-repository/issues-disabled' }),
        expect.objectContaining({ level: 'error', file: `${open}/SECURITY.md`, line: 5, title: 'security-contact/private-reporting-disabled' }),
      ]),
    );
  });

  it('skips what needs the network without a token, and fail-on never keeps the step green', async () => {
    const run = await runAction('check-repository', { inputs: { path: open, 'github-token': '', 'fail-on': 'never' }, env: { GITHUB_REPOSITORY: REPO } });
    expect(run.exitCode).toBe(0);
    const checks = (run.report?.checks ?? []) as { id: string; status: string }[];
    expect(checks.map((c) => [c.id, c.status])).toEqual([['license', 'pass'], ['public-repository', 'skip'], ['security-contact', 'manual']]);
  });
});
