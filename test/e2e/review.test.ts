import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { ROOT, runAction } from './harness';
import { startGitHubStub, type StubRequest } from './github-stub';

const demo = 'examples/demo-plugin';
const commentsPath = '/repos/acme/weather/issues/7/comments';
const pullRequestEvent = (fork = false) => ({
  pull_request: {
    number: 7,
    head: { sha: 'abc123', repo: { full_name: fork ? 'someone/weather' : 'acme/weather' } },
    base: { sha: 'def456', repo: { full_name: 'acme/weather' } },
  },
  repository: { full_name: 'acme/weather', private: false, visibility: 'public' },
});

/** Comments kept by the stub, so a second run finds the first run's comment. */
function commentStore() {
  const comments: { id: number; body: string; html_url: string; user: { login: string } }[] = [];
  const route = (request: StubRequest) => {
    if (request.method === 'POST' && request.path === '/graphql')
      return { status: 200, body: { data: { viewer: { login: 'github-actions[bot]' } } } };
    if (request.method === 'GET' && request.path.startsWith(commentsPath)) return { status: 200, body: comments };
    if (request.method === 'POST' && request.path === commentsPath) {
      const comment = {
        id: comments.length + 100,
        body: (request.body as { body: string }).body,
        html_url: `https://github.test/acme/weather/pull/7#issuecomment-${comments.length + 100}`,
        user: { login: 'github-actions[bot]' },
      };
      comments.push(comment);
      return { status: 201, body: comment };
    }
    const patch = /^\/repos\/acme\/weather\/issues\/comments\/(\d+)$/.exec(request.path);
    if (request.method === 'PATCH' && patch) {
      const comment = comments.find((c) => c.id === Number(patch[1]));
      if (!comment) return { status: 404 };
      comment.body = (request.body as { body: string }).body;
      return { status: 200, body: comment };
    }
    return undefined;
  };
  return { comments, route };
}

const env = (url: string) => ({
  GITHUB_API_URL: url,
  GITHUB_REPOSITORY: 'acme/weather',
  GITHUB_SERVER_URL: 'https://github.test',
  GITHUB_SHA: 'abc123',
});

describe('review action, run as the runner runs it', () => {
  it('comments the checklist on a pull request, then updates the same comment', async () => {
    const store = commentStore();
    const github = await startGitHubStub([store.route]);
    try {
      const inputs = { path: demo, comment: 'true', 'github-token': 'ghs_e2eSecretToken', 'fail-on': 'never' };
      const first = await runAction('review', {
        inputs,
        env: env(github.url),
        event: pullRequestEvent(),
        eventName: 'pull_request',
      });
      expect(first.exitCode).toBe(0);
      expect(store.comments).toHaveLength(1);
      expect(store.comments[0]?.body).toMatch(
        /^<!-- mm-review:review:examples\/demo-plugin -->\n## .* review of com\.github\.mm-review\.weather/,
      );
      expect(store.comments[0]?.body).toContain(
        '(https://github.test/acme/weather/blob/abc123/examples/demo-plugin/plugin.json#L7)',
      );
      expect(first.outputs['comment-url']).toContain('#issuecomment-100');

      const second = await runAction('review', {
        inputs,
        env: env(github.url),
        event: pullRequestEvent(),
        eventName: 'pull_request',
      });
      expect(second.exitCode).toBe(0);
      expect(store.comments).toHaveLength(1);
      expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(github.requests.filter((r) => r.method === 'POST' && r.path === commentsPath)).toHaveLength(1);
      expect(github.requests.every((r) => r.authorization === 'token ghs_e2eSecretToken')).toBe(true);
      expect(first.stdout.replace('::add-mask::ghs_e2eSecretToken', '')).not.toContain('ghs_e2eSecretToken');
    } finally {
      await github.close();
    }
  }, 60_000);

  it('falls back to the job summary when a fork pull request may not comment', async () => {
    const github = await startGitHubStub([
      (r) =>
        r.path.startsWith(commentsPath)
          ? { status: 403, body: { message: 'Resource not accessible by integration' } }
          : undefined,
    ]);
    try {
      const run = await runAction('review', {
        inputs: { path: demo, comment: 'true', 'github-token': 'ghs_readonly' },
        env: env(github.url),
        event: pullRequestEvent(true),
        eventName: 'pull_request',
      });
      expect(run.exitCode).toBe(0);
      expect(run.annotations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            level: 'warning',
            message: expect.stringContaining('a pull request from a fork gets a read-only token'),
          }),
        ]),
      );
      expect(run.summary).toContain('The review comment could not be posted');
      expect(run.outputs['comment-url']).toBeUndefined();
    } finally {
      await github.close();
    }
  });

  it('comments on a Marketplace submission issue', async () => {
    const store = commentStore();
    const github = await startGitHubStub([
      (r) => store.route({ ...r, path: r.path.replace('/issues/42/', '/issues/7/') }),
    ]);
    try {
      const event = {
        issue: {
          number: 42,
          title: 'Add Weather to Marketplace',
          body: '#### Review commit\nhttps://github.com/acme/weather/releases/tag/v1.2.0',
        },
        repository: { full_name: 'acme/weather' },
      };
      // The stub knows no repository or release, so those checks fail; the comment must still be posted.
      const run = await runAction('review', {
        inputs: { path: demo, comment: 'true', 'github-token': 't', 'fail-on': 'never' },
        env: env(github.url),
        event,
        eventName: 'issues',
      });
      expect(run.stdout).not.toContain('unexpected error');
      expect(run.exitCode).toBe(0);
      expect(
        github.requests.some((r) => r.method === 'POST' && r.path === '/repos/acme/weather/issues/42/comments'),
      ).toBe(true);
    } finally {
      await github.close();
    }
  });

  it('parse-submission reads the repository, ref and mode from the issue', async () => {
    const event = {
      issue: {
        number: 42,
        title: 'Update Weather to 1.3.0',
        labels: [{ name: 'Plugin/Update' }],
        body: '#### Review reference\nhttps://github.com/acme/weather/releases/tag/v1.3.0\n',
      },
    };
    const run = await runAction('parse-submission', { event, eventName: 'issues' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ repository: 'acme/weather', ref: 'v1.3.0', mode: 'update' });
  });
});

describe('review reports', () => {
  const temp: string[] = [];
  afterAll(async () => {
    await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', async () => {
    const schema = JSON.parse(await readFile(path.join(ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
    const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
    const run = await runAction('review', { inputs: { path: 'test/e2e/fixtures/bad-plugin', 'fail-on': 'never' } });
    const sarifPath = run.outputs.sarif;
    expect(sarifPath).toBeDefined();
    expect(run.report?.result).toBe('fail');
    // The runner's temp dir is gone; render the same SARIF from the JSON report.
    const { renderSarif } = await import('@mm-review/core');
    const sarif = JSON.parse(renderSarif(run.report as never, { pathPrefix: 'test/e2e/fixtures/bad-plugin' }));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.runs[0].results.length).toBeGreaterThan(5);
  });

  it('keeps the job summary under 1 MiB and the annotations capped for a plugin with thousands of findings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-many-'));
    temp.push(dir);
    const settings = Array.from({ length: 3000 }, (_, i) => ({
      key: `Setting${i}`,
      display_name: `setting number ${i}`,
      type: 'Text',
      help_text: `does thing ${i}`,
      default: i,
    }));
    await writeFile(
      path.join(dir, 'plugin.json'),
      JSON.stringify(
        {
          id: 'com.example.many',
          name: 'Many',
          version: '1.0.0',
          min_server_version: '10.11.0',
          webapp: { bundle_path: 'main.js' },
          settings_schema: { settings },
        },
        null,
        2,
      ),
    );
    const run = await runAction('review', { cwd: dir, inputs: { path: '.' } });
    expect(run.exitCode).toBe(1);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
    const findings = (run.report?.checks as { findings: unknown[] }[]).reduce((n, c) => n + c.findings.length, 0);
    expect(findings).toBeGreaterThan(10_000);
    expect(run.annotations.filter((a) => a.level === 'error' && a.file)).toHaveLength(10);
    expect(run.annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(run.annotations.some((a) => /more errors? and \d+ more warnings? are not annotated/.test(a.message))).toBe(
      true,
    );
  });
});
