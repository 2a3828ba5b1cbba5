import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runChecks, type CheckResult } from '@mm-review/core';
import { createGitHubApi, type GitHubApi, type RepositoryInfo } from '@mm-review/github';
import type { PluginReviewOptions } from '@mm-review/plugin';
import { publicRepositoryCheck } from '../src/index';
import { contextFor, fakeGitHub, makeTree, manifest, removeTrees } from './helpers';

afterAll(removeTrees);

const PUBLIC: RepositoryInfo = {
  fullName: 'example/demo',
  private: false,
  visibility: 'public',
  hasIssues: true,
  htmlUrl: 'https://github.com/example/demo',
  defaultBranch: 'main',
};

async function check(
  options: Partial<PluginReviewOptions>,
  github?: GitHubApi,
  manifestText = manifest(),
): Promise<CheckResult> {
  const root = await makeTree({ 'plugin.json': manifestText });
  const [result] = await runChecks([publicRepositoryCheck], await contextFor(root, options, github), {
    mode: 'new',
    beta: false,
  });
  if (!result) throw new Error('no result');
  return result;
}

const event = (repository: Record<string, unknown>): Record<string, unknown> => ({
  repository: { full_name: 'example/demo', ...repository },
});

describe('public-repository', () => {
  it('passes a public repository from the event payload, without asking the API', async () => {
    const github = fakeGitHub();
    const result = await check({ event: event({ private: false, visibility: 'public', has_issues: true }) }, github);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('example/demo is public (the workflow event payload); issues are enabled.');
    expect(github.calls).toEqual([]);
  });

  it('fails a private repository from the event payload', async () => {
    const result = await check({ event: event({ private: true, visibility: 'private' }) });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'public-repository/private' }),
    ]);
    expect(result.findings[0]?.message).toContain('example/demo is private, according to the workflow event payload');
  });

  it('fails an internal repository', async () => {
    const result = await check({ event: event({ private: false, visibility: 'internal' }) });
    expect(result.findings[0]?.message).toContain('is internal (not public)');
  });

  it("fails when support_url is this repository's issues page and issues are disabled, at the support_url value", async () => {
    const result = await check({ event: event({ private: false, visibility: 'public', has_issues: false }) });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'public-repository/issues-disabled', file: 'plugin.json', line: 7, column: 18 }),
    ]);
  });

  it('does not ask about issues when support_url points elsewhere', async () => {
    const result = await check(
      { event: event({ private: false, has_issues: false }) },
      undefined,
      manifest({ support_url: 'https://example.com/support' }),
    );
    expect(result.status).toBe('pass');
  });

  it('asks the API for the repository named by the option (the Marketplace bot reviews another repository)', async () => {
    const github = fakeGitHub({
      getRepository: async () => ({ ...PUBLIC, fullName: 'other/plugin', hasIssues: false }),
    });
    const result = await check(
      { repository: 'other/plugin', event: event({ private: true }) },
      github,
      manifest({ support_url: 'https://github.com/other/plugin/issues' }),
    );
    expect(github.calls).toEqual(['repo other/plugin']);
    expect(result.status).toBe('fail');
    expect(result.findings.map((f) => f.rule)).toEqual(['public-repository/issues-disabled']);
    expect(result.summary).toBe('other/plugin is public (the GitHub API); issues are disabled.');
  });

  it("keeps the payload's visibility and asks the API only whether issues are on", async () => {
    const github = fakeGitHub({ getRepository: async () => ({ ...PUBLIC, private: false, hasIssues: false }) });
    const result = await check({ event: event({ private: true, visibility: 'private' }) }, github);
    expect(github.calls).toEqual(['repo example/demo']);
    expect(
      result.findings.map((f) => [
        f.rule,
        f.message.includes('workflow event payload') || f.message.includes('(the GitHub API)'),
      ]),
    ).toEqual([
      ['public-repository/private', true],
      ['public-repository/issues-disabled', true],
    ]);
  });

  it('falls back to homepage_url for the repository name', async () => {
    const github = fakeGitHub({ getRepository: async () => PUBLIC });
    const result = await check({}, github);
    expect(github.calls).toEqual(['repo example/demo']);
    expect(result.status).toBe('pass');
  });

  it('fails when the API cannot see the repository', async () => {
    const result = await check({}, fakeGitHub());
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'public-repository/not-found' })]);
    expect(result.findings[0]?.message).toContain('example/demo (from homepage_url) is not visible');
  });

  it('skips, saying why, when the API fails', async () => {
    const result = await check({}, fakeGitHub({ getRepository: async () => Promise.reject(new Error('HTTP 502')) }));
    expect(result.status).toBe('skip');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'notice', rule: 'public-repository/api-error' }),
    ]);
    expect(result.summary).toContain('HTTP 502');
  });

  it('skips offline and without a token, saying which', async () => {
    const offline = await check({ offline: true }, fakeGitHub({ getRepository: async () => PUBLIC }));
    expect(offline.status).toBe('skip');
    expect(offline.summary).toContain('the review runs offline');
    const noToken = await check({});
    expect(noToken.summary).toContain('no GitHub token was given');
    const unknown = await check(
      {},
      undefined,
      manifest({ homepage_url: 'https://example.com', support_url: 'https://example.com/help' }),
    );
    expect(unknown.summary).toContain('neither homepage_url nor support_url is a GitHub repository URL');
  });

  describe('through Octokit against a local server', () => {
    let server: http.Server;
    let baseUrl: string;
    const requests: string[] = [];
    beforeAll(async () => {
      server = http.createServer((request, response) => {
        requests.push(`${request.method} ${request.url}`);
        if (request.url === '/repos/example/demo') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              full_name: 'example/demo',
              private: true,
              visibility: 'private',
              has_issues: true,
              html_url: 'https://github.com/example/demo',
              default_branch: 'main',
            }),
          );
        } else {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end('{"message":"Not Found"}');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reads visibility from GET /repos/{owner}/{repo}', async () => {
      const result = await check({}, createGitHubApi({ token: 't', baseUrl, retries: 0 }));
      expect(requests).toContain('GET /repos/example/demo');
      expect(result.status).toBe('fail');
      expect(result.findings[0]?.message).toContain('according to the GitHub API');
    });
  });
});
