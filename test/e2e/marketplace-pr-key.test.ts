import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
import { runAction } from './harness';

// Issue 16 item 7: the pull-request check must not verify bundles with a key the pull request brings.

const BUNDLE_PATH = '/release/mattermost-plugin-weather-v2.0.0.tar.gz';

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd: dir, encoding: 'utf8' },
  ).trim();
}

describe('validate-database reads a key file from the base commit', () => {
  let dir: string;
  let key: TestKey;
  let forger: TestKey;
  let server: Server;
  let origin: string;
  const served = new Map<string, Buffer>();
  const v1 = makeEntry({ version: '1.0.0' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mm-review-pr-key-'));
    [key, forger] = await Promise.all([generateKey(), generateKey('Forger')]);
    server = createServer((request, response) => {
      const body = served.get(request.url ?? '');
      response.statusCode = body ? 200 : 404;
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  /** The base commit holds plugins.json [v1] and (unless `keyInBase` is false) keys/marketplace.asc; the pull request adds v2 signed by `signer` and writes `prKey`. */
  async function pullRequest(
    name: string,
    signer: TestKey,
    prKey: string,
    keyInBase = true,
  ): Promise<{ ws: string; sha: string }> {
    const ws = path.join(dir, name);
    await mkdir(path.join(ws, 'keys'), { recursive: true });
    gitIn(ws, 'init', '-q', '-b', 'production');
    await writeFile(path.join(ws, 'plugins.json'), canonicalText([v1]));
    if (keyInBase) await writeFile(path.join(ws, 'keys', 'marketplace.asc'), key.publicKey);
    gitIn(ws, 'add', '-A');
    gitIn(ws, 'commit', '-q', '-m', 'base');
    const sha = gitIn(ws, 'rev-parse', 'HEAD');
    const manifest = bundleManifest('2.0.0');
    const bundle = await buildBundle(manifest);
    served.set(BUNDLE_PATH, bundle);
    const v2 = await entryFor(manifest, bundle, `${origin}${BUNDLE_PATH}`, signer);
    await writeFile(path.join(ws, 'plugins.json'), canonicalText([v2, v1]));
    await writeFile(path.join(ws, 'keys', 'marketplace.asc'), prKey);
    // The pull request's commit on top of the base, as the merge commit actions/checkout makes.
    gitIn(ws, 'add', '-A');
    gitIn(ws, 'commit', '-q', '--allow-empty', '-m', 'pull request');
    return { ws, sha };
  }

  const inputs = { bundles: 'true', 'public-key': 'keys/marketplace.asc', 'fail-on': 'never' };

  it('fails a pull request that swaps the key file for the key its forged bundle is signed with', async () => {
    const { ws, sha } = await pullRequest('swapped', forger, forger.publicKey);
    const run = await runAction('validate-database', {
      cwd: ws,
      eventName: 'pull_request',
      event: { pull_request: { number: 3, base: { sha } } },
      inputs,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      '::error::this pull request changes the public key keys/marketplace.asc, and a pull request may not change the key its own bundles are verified with',
    );
  }, 60_000);

  it('fails a pull request that adds the key file', async () => {
    const { ws, sha } = await pullRequest('added', forger, forger.publicKey, false);
    const run = await runAction('validate-database', { cwd: ws, inputs: { ...inputs, 'base-ref': sha } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`::error::the public key keys/marketplace.asc is not in the base commit ${sha}`);
  }, 60_000);

  it('takes a key file a step wrote from a secret (not in the commit) as it is', async () => {
    const { ws, sha } = await pullRequest('secret', key, key.publicKey, false);
    gitIn(ws, 'rm', '-q', '--cached', 'keys/marketplace.asc');
    gitIn(ws, 'commit', '-q', '-m', 'key not committed');
    const run = await runAction('validate-database', { cwd: ws, inputs: { ...inputs, 'base-ref': sha } });
    const checks = (run.report?.checks ?? []) as { id: string; status: string }[];
    expect(checks.find((c) => c.id === 'bundle-integrity')?.status).toBe('pass');
  }, 60_000);

  it("verifies with the base commit's key when the pull request leaves it alone", async () => {
    const good = await pullRequest('kept', key, key.publicKey);
    const passed = await runAction('validate-database', { cwd: good.ws, inputs: { ...inputs, 'base-ref': good.sha } });
    const checks = (passed.report?.checks ?? []) as { id: string; status: string }[];
    expect(checks.find((c) => c.id === 'bundle-integrity')?.status).toBe('pass');
    const forged = await pullRequest('forged', forger, key.publicKey);
    const failed = await runAction('validate-database', {
      cwd: forged.ws,
      inputs: { ...inputs, 'base-ref': forged.sha },
    });
    const rules = ((failed.report?.checks ?? []) as { id: string; findings: { rule: string }[] }[]).flatMap((c) =>
      c.findings.map((f) => f.rule),
    );
    expect(rules).toContain('bundle-integrity/signature-invalid');
  }, 60_000);
});
