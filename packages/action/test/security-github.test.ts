// Issue 16, Low items on the GitHub boundary: the review comment is found only among the
// token's own comments; API calls have a deadline and a response-size cap; a token an API
// error echoes never reaches a report (JSON, SARIF, Markdown summary or comment, text).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { buildReport, render, runChecks, type Check } from '@mm-review/core';
import { createGitHubApi, loadOctokit } from '@mm-review/github';
import { startGitHubStub, type StubRequest } from '../../../test/e2e/github-stub';
import { upsertComment } from '../src/comment';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function stub(routes: Parameters<typeof startGitHubStub>[0]) {
  const server = await startGitHubStub(routes);
  servers.push(server);
  return server;
}

const marker = '<!-- mm-review:review:. -->';
const target = { owner: 'acme', repo: 'weather', issueNumber: 7, fromFork: false };
const commentsPath = '/repos/acme/weather/issues/7/comments';

function comments(existing: { id: number; body: string; user: { login: string } }[], viewer: string | undefined) {
  return (request: StubRequest) => {
    if (request.method === 'POST' && request.path === '/graphql')
      return viewer
        ? { status: 200, body: { data: { viewer: { login: viewer } } } }
        : { status: 403, body: { message: 'Resource not accessible by integration' } };
    if (request.method === 'GET' && request.path === '/user')
      return { status: 403, body: { message: 'Resource not accessible by integration' } };
    if (request.method === 'GET' && request.path.startsWith(commentsPath)) return { status: 200, body: existing };
    if (request.method === 'POST' && request.path === commentsPath)
      return { status: 201, body: { id: 999, html_url: 'https://github.test/c/999' } };
    const patch = /^\/repos\/acme\/weather\/issues\/comments\/(\d+)$/.exec(request.path);
    if (request.method === 'PATCH' && patch)
      return { status: 200, body: { id: Number(patch[1]), html_url: `https://github.test/c/${patch[1]}` } };
    return undefined;
  };
}

describe("the review comment is the token's own", () => {
  it("ignores a comment by someone else that carries the marker, and updates the bot's own", async () => {
    const forged = { id: 1, body: `${marker}\nall clear`, user: { login: 'mallory' } };
    const own = { id: 2, body: `${marker}\nold review`, user: { login: 'github-actions[bot]' } };
    const github = await stub([comments([forged, own], 'github-actions[bot]')]);
    const outcome = await upsertComment(target, `${marker}\nnew`, marker, 'ghs_test', github.url);
    expect(outcome).toEqual({ status: 'updated', url: 'https://github.test/c/2' });
    expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      '/repos/acme/weather/issues/comments/2',
    ]);
  });

  it("creates a new comment when only someone else's carries the marker", async () => {
    const github = await stub([
      comments([{ id: 1, body: `${marker}\nall clear`, user: { login: 'mallory' } }], 'github-actions'),
    ]);
    expect(await upsertComment(target, `${marker}\nnew`, marker, 'ghs_test', github.url)).toEqual({
      status: 'created',
      url: 'https://github.test/c/999',
    });
    expect(github.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it("updates nothing when the token's identity cannot be read", async () => {
    const github = await stub([
      comments([{ id: 2, body: `${marker}\nold`, user: { login: 'github-actions[bot]' } }], undefined),
    ]);
    expect(await upsertComment(target, `${marker}\nnew`, marker, 'ghs_test', github.url)).toMatchObject({
      status: 'created',
    });
    expect(github.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
});

/** A raw loopback server for answers the JSON stub cannot give (silence, endless bodies). */
async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('GitHub API calls are bounded', () => {
  it('gives up on an API that never answers', async () => {
    const url = await rawServer(() => undefined); // accepts and stays silent
    const api = createGitHubApi({ token: 'ghs_test', baseUrl: url, retries: 0, timeoutMs: 300 });
    await expect(api.getRepository('acme', 'weather')).rejects.toThrow(/within 0.3 s/);
  }, 60_000);

  it('refuses an answer over the size cap, declared or streamed', async () => {
    const big = Buffer.alloc(64 * 1024, 0x20);
    const declared = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length + 2) });
      res.end(Buffer.concat([Buffer.from('{'), big, Buffer.from('}')]));
    });
    await expect(
      createGitHubApi({ token: 'ghs_test', baseUrl: declared, retries: 0, maxResponseBytes: 16 * 1024 }).getRepository(
        'a',
        'b',
      ),
    ).rejects.toThrow(/over the .* limit/);
    const streamed = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length
      res.write('{"full_name":"');
      for (let i = 0; i < 8; i++) res.write(big.toString());
      res.end('"}');
    });
    await expect(
      createGitHubApi({ token: 'ghs_test', baseUrl: streamed, retries: 0, maxResponseBytes: 16 * 1024 }).getRepository(
        'a',
        'b',
      ),
    ).rejects.toThrow(/over the .* limit/);
    // Within the cap, answers are read as before.
    const small = await stub([
      (r) =>
        r.path === '/repos/a/b'
          ? {
              status: 200,
              body: {
                full_name: 'a/b',
                private: false,
                has_issues: true,
                html_url: 'https://github.test/a/b',
                default_branch: 'main',
              },
            }
          : undefined,
    ]);
    expect(
      await createGitHubApi({ token: 'ghs_test', baseUrl: small.url, retries: 0 }).getRepository('a', 'b'),
    ).toMatchObject({ fullName: 'a/b' });
  }, 60_000);
});

describe('a token echoed by an API error is redacted from every report format', () => {
  it('replaces the token in findings, summaries and every rendering', async () => {
    const token = 'ghp_EchoedSecretToken1234567890abcdef';
    const github = await stub([
      (r) => ({ status: 422, body: { message: `Validation failed for ${r.authorization}` } }),
    ]);
    const api = createGitHubApi({ token, baseUrl: github.url, retries: 0 });
    const check: Check<unknown> = {
      id: 'public-repository',
      requirement: null,
      title: 'Public repository',
      async run() {
        await api.getRepository('acme', 'weather');
        return { findings: [] };
      },
    };
    const results = await runChecks([check], {}, { mode: 'new', beta: false });
    expect(JSON.stringify(results)).toContain(token); // the check's own error carries it …
    const report = buildReport({
      tool: { name: 'mm-review', version: '0' },
      command: 'review',
      mode: 'new',
      beta: false,
      checks: results,
    });
    for (const format of ['json', 'sarif', 'markdown', 'text'] as const) {
      const text = render(report, format);
      expect(text).not.toContain(token); // … no report does
      expect(text).toMatch(/token (\*\*\*|\\\*\\\*\\\*)/);
    }
    const octokit = await loadOctokit({ token: 'ghs_another_token_value', baseUrl: github.url, retries: 0 });
    await expect(octokit.request('GET /user')).rejects.toThrow('ghs_another_token_value');
    const second = buildReport({
      tool: { name: 'mm-review', version: '0' },
      command: 'review',
      mode: 'new',
      beta: false,
      checks: [
        {
          id: 'x',
          requirement: null,
          title: 'x',
          status: 'fail',
          summary: 'token ghs_another_token_value',
          findings: [{ severity: 'error', rule: 'x/y', message: 'Bad credentials: ghs_another_token_value' }],
        },
      ],
    });
    expect(JSON.stringify(second)).not.toContain('ghs_another_token_value');
  }, 60_000);
});

describe('annotations', () => {
  it('carry no raw control characters from a file name in the message', async () => {
    const { jest } = await import('@jest/globals');
    const { annotate } = await import('../src/index');
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const file = 'x\u001b[2K\rPASS\u001b[8m.md';
      annotate(
        buildReport({
          tool: { name: 'mm-review', version: '0' },
          command: 'review',
          mode: 'new',
          beta: false,
          checks: [
            {
              id: 'docs',
              requirement: null,
              title: 'Docs',
              status: 'fail',
              findings: [
                {
                  severity: 'error',
                  rule: 'docs/broken-link',
                  message: `README.md links to ${file}.`,
                  file: 'README.md',
                  line: 3,
                },
              ],
            },
          ],
        }),
        '',
      );
    } finally {
      jest.restoreAllMocks();
    }
    const command = written
      .join('')
      .split('\n')
      .find((line) => line.startsWith('::error '));
    expect(command).toBe(
      '::error title=docs/broken-link,file=README.md,line=3::README.md links to x\\u{1b}[2K\\u{d}PASS\\u{1b}[8m.md. [docs/broken-link]',
    );
  });
});
