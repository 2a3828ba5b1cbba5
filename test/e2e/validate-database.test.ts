import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildBundle,
  bundleManifest,
  entryFor,
  generateKey,
  type TestKey,
} from '../../packages/database/test/bundle-helpers';
import { canonicalText, makeEntry } from '../../packages/database/test/helpers';
import { runAction, runCli } from './harness';

const BUNDLE_PATH = '/release/mattermost-plugin-weather-v2.0.0.tar.gz';

/** A local stand-in for the release store: serves the bundles the test built, counts requests. */
function releaseStore(files: Map<string, Buffer>): { server: Server; requests: string[] } {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    if (!body) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    response.setHeader('content-length', String(body.length));
    response.end(body);
  });
  return { server, requests };
}

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd: dir, encoding: 'utf8' },
  ).trim();
}

/** A Marketplace repository: the base commit holds `base`; the working tree holds `head`. Returns the base sha. */
async function marketplaceRepo(dir: string, base: unknown[], head: unknown[]): Promise<string> {
  gitIn(dir, 'init', '-q', '-b', 'production');
  await writeFile(path.join(dir, 'plugins.json'), canonicalText(base));
  gitIn(dir, 'add', 'plugins.json');
  gitIn(dir, 'commit', '-q', '-m', 'base');
  const sha = gitIn(dir, 'rev-parse', 'HEAD');
  await writeFile(path.join(dir, 'plugins.json'), canonicalText(head));
  return sha;
}

describe('validate-database action', () => {
  let dir: string;
  let key: TestKey;
  let stranger: TestKey;
  let store: ReturnType<typeof releaseStore>;
  let origin: string;
  const files = new Map<string, Buffer>();
  const v1 = makeEntry({ version: '1.0.0' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mm-review-database-e2e-'));
    [key, stranger] = await Promise.all([generateKey(), generateKey('Someone else')]);
    await writeFile(path.join(dir, 'marketplace.asc'), key.publicKey);
    store = releaseStore(files);
    await new Promise<void>((resolve) => store.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(store.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => store.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  async function workspace(name: string): Promise<string> {
    const ws = path.join(dir, name);
    execFileSync('mkdir', ['-p', ws]);
    return ws;
  }

  it('passes a clean addition against the pull request base, with the added entry as output and card', async () => {
    const ws = await workspace('clean');
    const v2 = makeEntry({ version: '2.0.0' });
    const sha = await marketplaceRepo(ws, [v1], [v2, v1]);
    const run = await runAction('validate-database', {
      cwd: ws,
      eventName: 'pull_request',
      event: { pull_request: { number: 7, base: { sha } } },
      inputs: {},
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(run.outputs['added-count']).toBe('1');
    expect(JSON.parse(run.outputs['added-entries'] ?? '[]')).toEqual([
      expect.objectContaining({ id: 'com.example.weather', version: '2.0.0', min_server_version: '9.11.0' }),
    ]);
    expect(run.summary).toContain('database-changes');
    expect(run.summary).toContain('> **Weather 2.0.0**');
    expect(run.summary).toContain(
      '[Release notes](https://github.com/example/mattermost-plugin-weather/releases/tag/v2.0.0)',
    );
    expect(run.report?.database).toEqual({ path: 'plugins.json', entries: 2 });
  });

  it('fails an added entry with a non-semver min_server_version, annotated on its plugins.json line', async () => {
    const ws = await workspace('outage');
    const v2 = makeEntry({ version: '2.0.0' });
    (v2.manifest as Record<string, unknown>).min_server_version = '5.6';
    const sha = await marketplaceRepo(ws, [v1], [v2, v1]);
    const run = await runAction('validate-database', { cwd: ws, inputs: { 'base-ref': sha } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failed-checks']).toBe('database-entries');
    const line =
      canonicalText([v2, v1])
        .split('\n')
        .findIndex((l) => l.includes('"5.6"')) + 1;
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'plugins.json', line, col: 29 }),
    );
  });

  it('downloads the added bundle from the store, verifies its signature with the given key and compares its manifest', async () => {
    const ws = await workspace('bundles');
    const manifest = bundleManifest('2.0.0');
    const bundle = await buildBundle(manifest);
    files.set(BUNDLE_PATH, bundle);
    const v2 = await entryFor(manifest, bundle, `${origin}${BUNDLE_PATH}`, key);
    const base = path.join(ws, 'base.json');
    await writeFile(base, canonicalText([v1]));
    await writeFile(path.join(ws, 'plugins.json'), canonicalText([v2, v1]));
    const run = await runAction('validate-database', {
      cwd: ws,
      inputs: {
        base: 'base.json',
        bundles: 'true',
        'public-key': path.join(dir, 'marketplace.asc'),
        'fail-on': 'never',
      },
    });
    expect(run.exitCode).toBe(0);
    const checks = (run.report?.checks ?? []) as { id: string; status: string; findings: { rule: string }[] }[];
    expect(checks.find((c) => c.id === 'bundle-integrity')).toMatchObject({ status: 'pass', findings: [] });
    expect(store.requests).toContain(BUNDLE_PATH);
    // The local store is plain http, which plugins.json never accepts.
    expect(checks.find((c) => c.id === 'database-entries')?.findings.map((f) => f.rule)).toEqual([
      'database-entries/url-not-https',
    ]);
  });

  it('fails a bundle signed by a key that is not the Marketplace key, at the signature line', async () => {
    const ws = await workspace('stranger');
    const manifest = bundleManifest('2.0.0');
    const bundle = await buildBundle(manifest);
    files.set(BUNDLE_PATH, bundle);
    const v2 = await entryFor(manifest, bundle, `${origin}${BUNDLE_PATH}`, stranger);
    await writeFile(path.join(ws, 'base.json'), canonicalText([v1]));
    const text = canonicalText([v2, v1]);
    await writeFile(path.join(ws, 'plugins.json'), text);
    const run = await runAction('validate-database', {
      cwd: ws,
      inputs: { base: 'base.json', bundles: 'true', 'public-key': path.join(dir, 'marketplace.asc') },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failed-checks']).toContain('bundle-integrity');
    const line = text.split('\n').findIndex((l) => l.startsWith('    "signature"')) + 1;
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'plugins.json', line, col: 18 }),
    );
  });

  it('fails with one line for a missing plugins.json', async () => {
    const ws = await workspace('missing');
    const run = await runAction('validate-database', { cwd: ws, inputs: { database: 'nope.json' } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::cannot read .*nope\.json: ENOENT/);
  });
});

describe('validate-database command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mm-review-database-cli-'));
    await writeFile(path.join(dir, 'base.json'), canonicalText([makeEntry({ version: '1.0.0' })]));
    await writeFile(
      path.join(dir, 'plugins.json'),
      canonicalText([makeEntry({ version: '2.0.0' }), makeEntry({ version: '1.0.0' })]),
    );
    await writeFile(path.join(dir, 'removed.json'), canonicalText([]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 on a clean addition and writes the added entries', async () => {
    const result = await runCli(
      ['validate-database', 'plugins.json', '--base', 'base.json', '--added-entries', 'added.json'],
      { cwd: dir },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('database-changes');
    const added = execFileSync('cat', [path.join(dir, 'added.json')], { encoding: 'utf8' });
    expect(JSON.parse(added)).toEqual([expect.objectContaining({ version: '2.0.0' })]);
  });

  it('exits 1 on a removal unless --allow-removals', async () => {
    expect((await runCli(['validate-database', 'removed.json', '--base', 'base.json'], { cwd: dir })).exitCode).toBe(1);
    expect(
      (await runCli(['validate-database', 'removed.json', '--base', 'base.json', '--allow-removals'], { cwd: dir }))
        .exitCode,
    ).toBe(0);
  });

  it('refuses a 600 MB plugins.json with one line and exit 2, before reading it (a sparse file)', async () => {
    const huge = path.join(dir, 'huge.json');
    const handle = await open(huge, 'w');
    await handle.truncate(600 * 1000 * 1000);
    await handle.close();
    const result = await runCli(['validate-database', 'huge.json'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^mm-review: \S*huge\.json is 600000000 bytes, over the 524288000-byte \(500 MiB\) limit for a plugins\.json/,
      ),
    ]);
    const asBase = await runCli(['validate-database', 'plugins.json', '--base', 'huge.json'], { cwd: dir });
    expect(asBase.exitCode).toBe(2);
  }, 60_000);

  it('refuses a FIFO with one line and exit 2 instead of blocking', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    const result = await runCli(['validate-database', 'pipe.json'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^mm-review: \S*pipe\.json is not a regular file \(a named pipe\)/),
    ]);
  }, 60_000);

  it('reports a deeply nested plugins.json (exit 1), without a stack overflow', async () => {
    await writeFile(path.join(dir, 'deep.json'), `${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    const result = await runCli(['validate-database', 'deep.json', '--format', 'json'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { checks: { findings: { rule: string }[] }[] };
    expect(report.checks[0]?.findings[0]?.rule).toBe('database-format/invalid-json');
  }, 60_000);

  it('exits 2 with one line on a usage error', async () => {
    const result = await runCli(['validate-database', 'plugins.json', '--base', 'base.json', '--base-ref', 'HEAD'], {
      cwd: dir,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['mm-review: give --base or --base-ref, not both']);
    const help = await runCli(['validate-database', '--help'], { cwd: dir });
    expect(help.stdout).toContain('--public-key FILE');
  });
});
