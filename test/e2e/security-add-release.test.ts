// Issue 16 (Low): a cancelled add-release (SIGTERM from the runner, ^C) leaves no
// temporary file beside plugins.json, and the database as it was.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateTestKey, type TestKey } from '../../packages/release/test/helpers/keys';
import { releaseFiles, startStore } from '../../packages/release/test/helpers/store';
import { DIST, NODE } from './harness';

let key: TestKey;
let store: Awaited<ReturnType<typeof startStore>>;
let cwd: string;

beforeAll(async () => {
  key = await generateTestKey('release');
  store = await startStore((await releaseFiles(key)).files);
  cwd = await mkdtemp(path.join(tmpdir(), 'mm-review-e2e-kill-'));
});
afterAll(async () => {
  await store?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe('add-release, cancelled', () => {
  for (const signal of ['SIGTERM'] as const) {
    it(`removes its temporary file on ${signal}`, async () => {
      const { generateDatabase } = await import('../../packages/marketplace/bench/generate-database.mjs');
      const file = path.join(cwd, 'plugins.json');
      generateDatabase(file, 10_000);
      await writeFile(path.join(cwd, 'release.asc'), key.publicKey);
      const digest = async () =>
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex');
      const before = await digest();
      const args = [
        'add-release',
        '--database',
        'plugins.json',
        '--repo',
        'mattermost-plugin-demo',
        '--tag',
        'v1.2.0',
        '--community',
        '--store',
        `${store.url}/release`,
        '--public-key',
        'release.asc',
      ];
      const child = spawn(NODE, [path.join(DIST, 'cli.js'), ...args], { cwd, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      const temps = () => readdirSync(cwd).filter((name) => name.startsWith('.plugins.json.') && name.endsWith('.tmp'));
      let signalled = false;
      while (child.exitCode === null && child.signalCode === null) {
        if (temps().length > 0) {
          child.kill(signal);
          signalled = true;
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const endedBy = await exited;
      expect(signalled).toBe(true);
      expect(endedBy).toBe(signal); // it still ends as the signal says
      expect(temps()).toEqual([]);
      expect(await digest()).toBe(before);
    }, 120_000);
  }
});
