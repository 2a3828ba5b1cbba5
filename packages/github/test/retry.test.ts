import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubApi, loadOctokit } from '@mm-review/github';

/** A loopback GitHub API that counts requests per path: /repos/o/gone is a 404, /repos/o/flaky fails once with a 502. */
let server: Server;
let baseUrl = '';
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    const count = (hits.get(url) ?? 0) + 1;
    hits.set(url, count);
    res.setHeader('content-type', 'application/json');
    if (url === '/repos/o/flaky' && count === 1) {
      res.writeHead(502).end(JSON.stringify({ message: 'Bad Gateway' }));
    } else if (url === '/repos/o/flaky') {
      res.writeHead(200).end(
        JSON.stringify({
          full_name: 'o/flaky',
          private: false,
          has_issues: true,
          html_url: 'https://github.com/o/flaky',
          default_branch: 'master',
        }),
      );
    } else if (url === '/repos/o/denied') {
      res.writeHead(403).end(JSON.stringify({ message: 'Resource not accessible by integration' }));
    } else {
      res.writeHead(404).end(JSON.stringify({ message: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => hits.clear());

describe('GitHub client retries', () => {
  it('asks once for a URL that answers 404, with the default retries', async () => {
    const api = createGitHubApi({ token: 't', baseUrl });
    await expect(api.getRepository('o', 'gone')).resolves.toBeUndefined();
    await expect(api.getRelease('o', 'gone', 'v1.0.0')).resolves.toBeUndefined();
    expect(Object.fromEntries(hits)).toEqual({ '/repos/o/gone': 1, '/repos/o/gone/releases/tags/v1.0.0': 1 });
  });

  it('asks once for a 403 and throws it', async () => {
    const octokit = await loadOctokit({ token: 't', baseUrl });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'denied' })).rejects.toMatchObject({
      status: 403,
    });
    expect(hits.get('/repos/o/denied')).toBe(1);
  });

  it('still retries a server error', async () => {
    const api = createGitHubApi({ token: 't', baseUrl, retries: 1 });
    await expect(api.getRepository('o', 'flaky')).resolves.toMatchObject({
      fullName: 'o/flaky',
      defaultBranch: 'master',
    });
    expect(hits.get('/repos/o/flaky')).toBe(2);
  }, 30_000);
});
