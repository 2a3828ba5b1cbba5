import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGitHubStub, type StubRequest } from './github-stub';
import { ROOT, runAction, runCli } from './harness';

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
function fakeGitHubApi(
  repository: Record<string, unknown>,
  reportingEnabled: boolean,
): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({
      url: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
    });
    response.setHeader('content-type', 'application/json');
    if (request.url === `/repos/${REPO}`) {
      response.end(
        JSON.stringify({
          full_name: REPO,
          html_url: `https://github.com/${REPO}`,
          default_branch: 'main',
          ...repository,
        }),
      );
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
const pushEvent = (repository: Record<string, unknown>): object => ({
  ref: 'refs/heads/main',
  repository: { full_name: REPO, ...repository },
});

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
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['license', 'pass'],
      ['public-repository', 'pass'],
      ['security-contact', 'pass'],
    ]);
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
        expect.objectContaining({
          level: 'error',
          file: `${closed}/LICENSE`,
          line: 1,
          col: 10,
          title: 'license/not-open-source',
        }),
        expect.objectContaining({
          level: 'warning',
          file: `${closed}/LICENSE.enterprise`,
          line: 1,
          col: 1,
          title: 'license/link-dangling',
        }),
        expect.objectContaining({
          level: 'error',
          file: `${closed}/README.md`,
          line: 5,
          col: 1,
          title: 'security-contact/no-contact',
        }),
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
        expect.objectContaining({
          level: 'error',
          file: `${open}/plugin.json`,
          line: 7,
          col: 18,
          title: 'public-repository/issues-disabled',
        }),
        expect.objectContaining({
          level: 'error',
          file: `${open}/SECURITY.md`,
          line: 5,
          title: 'security-contact/private-reporting-disabled',
        }),
      ]),
    );
  });

  it('skips what needs the network without a token, and fail-on never keeps the step green', async () => {
    const run = await runAction('check-repository', {
      inputs: { path: open, 'github-token': '', 'fail-on': 'never' },
      env: { GITHUB_REPOSITORY: REPO },
    });
    expect(run.exitCode).toBe(0);
    const checks = (run.report?.checks ?? []) as { id: string; status: string }[];
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['license', 'pass'],
      ['public-repository', 'skip'],
      ['security-contact', 'manual'],
    ]);
  });

  describe("security-contact and the owner's default SECURITY.md", () => {
    const OWNER_POLICY =
      '# Security\n\nReport vulnerabilities through [our disclosure program](https://acme.example/security/vulnerability-disclosure/).\n';
    let plugin = '';
    beforeAll(async () => {
      plugin = await mkdtemp(path.join(tmpdir(), 'mm-review-e2e-org-policy-'));
      await writeFile(
        path.join(plugin, 'plugin.json'),
        JSON.stringify({
          id: 'com.github.acme.weather',
          name: 'Weather',
          version: '1.2.0',
          min_server_version: '9.5.0',
          homepage_url: `https://github.com/${REPO}`,
          support_url: `https://github.com/${REPO}/issues`,
        }),
      );
      await writeFile(path.join(plugin, 'README.md'), '# Weather\n\nWeather forecasts in Mattermost channels.\n');
      await copyFile(path.join(ROOT, open, 'LICENSE'), path.join(plugin, 'LICENSE'));
    });
    afterAll(async () => {
      await rm(plugin, { recursive: true, force: true });
    });

    /** The API of an owner whose public .github repository holds a SECURITY.md in .github/, or none. */
    const ownerRoutes = (policy: string | undefined) => [
      (r: StubRequest) =>
        r.path === '/repos/acme/.github'
          ? {
              status: 200,
              body: {
                full_name: 'acme/.github',
                private: false,
                has_issues: false,
                html_url: 'https://github.com/acme/.github',
                default_branch: 'main',
              },
            }
          : undefined,
      (r: StubRequest) =>
        policy !== undefined && decodeURIComponent(r.path) === '/repos/acme/.github/contents/.github/SECURITY.md'
          ? { status: 200, body: { type: 'file', encoding: 'base64', content: Buffer.from(policy).toString('base64') } }
          : undefined,
    ];

    it("passes on the organisation's vulnerability-report page, read from acme/.github with the token", async () => {
      const stub = await startGitHubStub(ownerRoutes(OWNER_POLICY));
      try {
        const run = await runAction('check-repository', {
          cwd: plugin,
          inputs: { path: '.', 'github-token': TOKEN },
          env: env(stub.url),
          event: pushEvent({ private: false, visibility: 'public', has_issues: true }),
        });
        expect(run.stderr).toBe('');
        const checks = (run.report?.checks ?? []) as { id: string; status: string; summary?: string }[];
        const contact = checks.find((c) => c.id === 'security-contact');
        expect(contact?.status).toBe('pass');
        expect(contact?.summary).toBe(
          "Security contact: vulnerability-report page https://acme.example/security/vulnerability-disclosure/ in acme/.github/.github/SECURITY.md:3, the owner's default policy that GitHub shows for acme/mattermost-plugin-weather (GitHub API).",
        );
        expect(stub.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
      } finally {
        await stub.close();
      }
    }, 60_000);

    it('fails when the owner has no default policy either', async () => {
      const stub = await startGitHubStub(ownerRoutes(undefined));
      try {
        const run = await runAction('check-repository', {
          cwd: plugin,
          inputs: { path: '.', 'github-token': TOKEN },
          env: env(stub.url),
          event: pushEvent({ private: false, visibility: 'public', has_issues: true }),
        });
        expect(run.outputs['failed-checks']).toBe('security-contact');
        expect(run.annotations).toEqual(
          expect.arrayContaining([expect.objectContaining({ level: 'error', title: 'security-contact/missing' })]),
        );
        expect(run.annotations.find((a) => a.title === 'security-contact/missing')?.message).toContain(
          'acme/.github has no default SECURITY.md',
        );
      } finally {
        await stub.close();
      }
    }, 60_000);

    it('says "cannot tell" offline, once, and never "No security contact found"', async () => {
      const run = await runCli(['check-repository', plugin, '--offline']);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('- security-contact');
      expect(run.stdout).toContain('Cannot tell whether acme/mattermost-plugin-weather has a security contact');
      expect(run.stdout).not.toContain('No security contact found');
      expect(run.stdout.match(/Not checked without GitHub/g)).toHaveLength(1);
      expect(run.stdout).toContain('Not checked without GitHub: 2 checks (public-repository, security-contact)');
    }, 60_000);
  });
});
