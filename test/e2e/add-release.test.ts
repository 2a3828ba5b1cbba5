import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateTestKey, type TestKey } from '../../packages/release/test/helpers/keys';
import { releaseFiles, startStore } from '../../packages/release/test/helpers/store';
import { DIST, NODE, runAction, runCli } from './harness';

// add-release as the runner and a maintainer run it: a local plugin store serving a bundle
// this test builds and signs, and a plugins.json in a temporary workspace.

const ENTRY = (id: string, version: string) => ({
  homepage_url: 'https://example.com',
  icon_data: '',
  download_url: `https://example.com/${id}-${version}.tar.gz`,
  release_notes_url: `https://example.com/${version}`,
  hosting: '',
  author_type: 'community',
  release_stage: 'production',
  enterprise: false,
  signature: '',
  repo_name: id,
  manifest: { id, name: id, version },
  platforms: { 'linux-amd64': {}, 'darwin-amd64': {}, 'windows-amd64': {} },
  updated_at: '2019-06-07T00:11:20Z',
});
const DATABASE = `${JSON.stringify([ENTRY('com.aaa.first', '1.0.0'), ENTRY('com.zzz.last', '2.0.0')], null, 2)}\n`;

let key: TestKey;
let intruder: TestKey;
let store: Awaited<ReturnType<typeof startStore>>;
let badStore: Awaited<ReturnType<typeof startStore>>;
let workspace: string;

beforeAll(async () => {
  [key, intruder] = [await generateTestKey('release'), await generateTestKey('intruder')];
  store = await startStore((await releaseFiles(key, { platforms: ['linux-amd64', 'darwin-amd64'] })).files);
  badStore = await startStore((await releaseFiles(intruder)).files);
});
afterAll(async () => {
  await store?.close();
  await badStore?.close();
});

async function freshWorkspace(text = DATABASE): Promise<string> {
  if (workspace) await rm(workspace, { recursive: true, force: true });
  workspace = await mkdtemp(path.join(tmpdir(), 'mm-review-e2e-release-'));
  await writeFile(path.join(workspace, 'plugins.json'), text);
  await writeFile(path.join(workspace, 'release.asc'), key.publicKey);
  return workspace;
}

const baseInputs = () => ({
  tag: 'v1.2.0',
  repo: 'mattermost-plugin-demo',
  'author-type': 'community',
  store: `${store.url}/release`,
  'public-key': key.publicKey,
});

describe('add-release action', () => {
  it('adds a verified release and outputs the entry and the pull request', async () => {
    const cwd = await freshWorkspace();
    const run = await runAction('add-release', { cwd, inputs: baseInputs() });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      outcome: 'added',
      written: 'true',
      'signature-verified': 'true',
      branch: 'add_mattermost-plugin-demo_v1.2.0',
      title: 'Add v1.2.0 of mattermost-plugin-demo to the Marketplace',
    });
    expect(run.outputs.body).toMatch(/verified with key/);
    const entry = JSON.parse(run.outputs.entry!) as Record<string, unknown>;
    expect(Object.keys(entry)).toHaveLength(13);
    expect(JSON.parse(run.outputs['added-entries']!)).toEqual([
      expect.objectContaining({ id: 'com.example.demo', version: '1.2.0' }),
    ]);
    const after = await readFile(path.join(cwd, 'plugins.json'), 'utf8');
    expect(JSON.parse(after)).toEqual([ENTRY('com.aaa.first', '1.0.0'), entry, ENTRY('com.zzz.last', '2.0.0')]);
    expect(after).toBe(`${JSON.stringify(JSON.parse(after), null, 2)}\n`);
    expect((entry.platforms as Record<string, { download_url?: string }>)['darwin-amd64']!.download_url).toMatch(
      /-darwin-amd64\.tar\.gz$/,
    );
    expect(run.report).toMatchObject({
      command: 'add-release',
      database: { path: 'plugins.json', entries: 3 },
      result: 'pass',
    });
    expect(run.summary).toContain('bundle-integrity');
  });

  it('fails closed when no public key is given', async () => {
    const cwd = await freshWorkspace();
    const { 'public-key': _key, ...inputs } = baseInputs();
    const run = await runAction('add-release', { cwd, inputs });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ outcome: 'refused', written: 'false', 'signature-verified': 'false' });
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', title: 'database-entries/signature-unverified' }),
      ]),
    );
    expect(await readFile(path.join(cwd, 'plugins.json'), 'utf8')).toBe(DATABASE);
  });

  it('adds unverified only with allow-unverified, warning loudly and saying so in the PR body', async () => {
    const cwd = await freshWorkspace();
    const { 'public-key': _key, ...inputs } = baseInputs();
    const run = await runAction('add-release', { cwd, inputs: { ...inputs, 'allow-unverified': 'true' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['signature-verified']).toBe('false');
    expect(run.outputs.body).toMatch(/^> \[!WARNING\]\n> The bundle signature was \*\*not verified\*\*/);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^NOTHING WAS VERIFIED/) }),
      ]),
    );
  });

  it('refuses an id listed for another repository unless allow-id-change', async () => {
    const cwd = await freshWorkspace();
    // ENTRY lists com.example.demo under the repository "com.example.demo", not mattermost-plugin-demo.
    await writeFile(path.join(cwd, 'taken.json'), `${JSON.stringify([ENTRY('com.example.demo', '1.0.0')], null, 2)}\n`);
    const run = await runAction('add-release', { cwd, inputs: { ...baseInputs(), database: 'taken.json' } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', title: 'database-changes/id-other-repository' }),
      ]),
    );
    const allowed = await runAction('add-release', {
      cwd,
      inputs: { ...baseInputs(), database: 'taken.json', 'allow-id-change': 'true' },
    });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.outputs.outcome).toBe('added');
  });

  it('reads the key from a file path too, and refuses a bundle signed by another key', async () => {
    const cwd = await freshWorkspace();
    const run = await runAction('add-release', {
      cwd,
      inputs: { ...baseInputs(), store: `${badStore.url}/release`, 'public-key': 'release.asc' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({
      result: 'fail',
      outcome: 'refused',
      written: 'false',
      'failed-checks': 'bundle-integrity',
    });
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', title: 'bundle-integrity/signature-invalid' }),
      ]),
    );
    expect(await readFile(path.join(cwd, 'plugins.json'), 'utf8')).toBe(DATABASE);
  });

  it('shows the diff in a dry run and writes nothing', async () => {
    const cwd = await freshWorkspace();
    const run = await runAction('add-release', { cwd, inputs: { ...baseInputs(), 'dry-run': 'true' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ outcome: 'added', written: 'false' });
    expect(run.outputs.diff).toMatch(/^--- a\/plugins\.json\n\+\+\+ b\/plugins\.json\n@@ /);
    expect(run.summary).toContain('```diff');
    expect(await readFile(path.join(cwd, 'plugins.json'), 'utf8')).toBe(DATABASE);
  });

  it('fails with one line on a bad input', async () => {
    const cwd = await freshWorkspace();
    const { 'author-type': _a, ...inputs } = baseInputs();
    const run = await runAction('add-release', { cwd, inputs });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::input author-type is required: community, official or partner');
  });
});

describe('mm-review add-release', () => {
  const args = () => [
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

  it('adds the release and says so', async () => {
    const cwd = await freshWorkspace();
    const run = await runCli([...args(), '--entry-output', 'entry.json'], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('add-release: added com.example.demo 1.2.0 to plugins.json');
    const database = JSON.parse(await readFile(path.join(cwd, 'plugins.json'), 'utf8')) as unknown[];
    expect(database).toHaveLength(3);
    expect(JSON.parse(await readFile(path.join(cwd, 'entry.json'), 'utf8'))).toEqual(database[1]);
  });

  it('exits 1 without --public-key, and adds with --allow-unverified saying nothing was verified', async () => {
    const cwd = await freshWorkspace();
    const keyless = args().slice(0, -2);
    const refused = await runCli(keyless, { cwd });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('add-release: refused: nothing was written to plugins.json');
    const allowed = await runCli([...keyless, '--allow-unverified'], { cwd });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stderr).toContain(
      "WARNING: no --public-key given and --allow-unverified set: the bundle's signature was NOT verified.",
    );
  });

  it('prints the entry and the diff in a dry run', async () => {
    const cwd = await freshWorkspace();
    const run = await runCli([...args(), '--dry-run'], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Entry (dry run, nothing written):');
    expect(run.stdout).toMatch(
      /\n\+ {4}"download_url": "http:\/\/127\.0\.0\.1:\d+\/release\/mattermost-plugin-demo-v1\.2\.0\.tar\.gz",\n/,
    );
    expect(await readFile(path.join(cwd, 'plugins.json'), 'utf8')).toBe(DATABASE);
  });

  it('exits 1 on a duplicate and 0 with --on-duplicate skip', async () => {
    const cwd = await freshWorkspace();
    expect((await runCli(args(), { cwd })).exitCode).toBe(0);
    const again = await runCli([...args(), '--format', 'json'], { cwd });
    expect(again.exitCode).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({
      result: 'fail',
      checks: expect.arrayContaining([expect.objectContaining({ id: 'database-changes', status: 'fail' })]),
    });
    expect((await runCli([...args(), '--on-duplicate', 'skip'], { cwd })).exitCode).toBe(0);
  });

  it.each([
    [
      ['--community', '--partner'],
      'you must either set the release as a official or as a partner or as a community plugin',
    ],
    [
      ['--community', '--cloud', '--on-prem'],
      'if you want to make a plugin available for cloud and on-prem, just drop both flags',
    ],
    [['--community', '--beta', '--experimental'], "can't set the release as both beta and experimental"],
  ])("refuses %j with the generator's message and exit 2", async (extra, message) => {
    const cwd = await freshWorkspace();
    const flags = args().filter((a) => a !== '--community');
    const run = await runCli([...flags, ...extra], { cwd });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe(`mm-review: ${message}`);
  });

  it('refuses a tag that is not semver', async () => {
    const cwd = await freshWorkspace();
    const run = await runCli(
      args().map((a) => (a === 'v1.2.0' ? 'latest' : a)),
      { cwd },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('latest is an invalid tag. Something like v2.3.4 is expected');
  });

  it('leaves the old file intact when killed during the write', async () => {
    const { generateDatabase } = await import('../../packages/marketplace/bench/generate-database.mjs');
    const cwd = await freshWorkspace();
    const file = path.join(cwd, 'plugins.json');
    generateDatabase(file, 10_000);
    const digest = async () =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    const before = await digest();
    const child = spawn(NODE, [path.join(DIST, 'cli.js'), ...args()], { cwd, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killedDuringWrite = false;
    while (child.exitCode === null) {
      if (readdirSync(cwd).some((name) => name.startsWith('.plugins.json.') && name.endsWith('.tmp'))) {
        child.kill('SIGKILL');
        killedDuringWrite = true;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await exited;
    expect(killedDuringWrite).toBe(true);
    expect(await digest()).toBe(before);
    expect(existsSync(file)).toBe(true);
  }, 120_000);
});
