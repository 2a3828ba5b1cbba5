import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GitHubApi } from '@mm-review/github';
import { addRelease, resolveFlags, versionOfTag, type AddReleaseRequest } from '../src/index';
import { bundleIntegrity } from '../src/checks/bundle-integrity';
import { databaseChanges } from '../src/checks/database-changes';
import { newEntry } from '../src/checks/new-entry';
import { generateTestKey, type TestKey } from './helpers/keys';
import { demoManifest, ICON, releaseFiles, startStore } from './helpers/store';
import { pluginBundle, tarball } from './helpers/tarball';
import { filesRoute } from './helpers/server';

const TOOL = { name: 'mm-review', version: '0.0.0-test' };
const NOW = new Date('2026-11-23T10:11:12.340Z');

let key: TestKey;
let otherKey: TestKey;
let dir: string;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  [key, otherKey] = [await generateTestKey('release'), await generateTestKey('intruder')];
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterAll(async () => undefined);

function existing(id: string, version: string, hosting = '') {
  return {
    homepage_url: 'https://example.com',
    icon_data: '',
    download_url: `https://example.com/${id}-${version}.tar.gz`,
    release_notes_url: `https://example.com/${version}`,
    hosting,
    author_type: 'community',
    release_stage: 'production',
    enterprise: false,
    signature: '',
    repo_name: id === 'com.example.demo' ? 'mattermost-plugin-demo' : id,
    manifest: { id, name: id, version, 'x&<>': 'kept as written' },
    platforms: { 'linux-amd64': {}, 'darwin-amd64': {}, 'windows-amd64': {} },
    updated_at: '2019-06-07T00:11:20Z',
  };
}

const DEFAULT_ENTRIES = [
  existing('com.aaa.first', '1.0.0'),
  existing('com.example.demo', '1.3.0'),
  existing('com.example.demo', '1.1.0'),
  existing('com.zzz.last', '2.0.0'),
];

async function database(entries: object[] = DEFAULT_ENTRIES, text?: string): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'mm-review-release-'));
  const file = path.join(dir, 'plugins.json');
  await writeFile(file, text ?? `${JSON.stringify(entries, null, 2)}\n`);
  return file;
}

async function store(files: Map<string, Buffer>, override?: Parameters<typeof startStore>[1]) {
  const server = await startStore(files, override);
  servers.push(server);
  return server;
}

function request(db: string, storeUrl: string, overrides: Partial<AddReleaseRequest> = {}): AddReleaseRequest {
  return {
    database: db,
    databaseLabel: 'plugins.json',
    repo: 'mattermost-plugin-demo',
    tag: 'v1.2.0',
    flags: resolveFlags({ community: true }),
    source: { kind: 'store', url: `${storeUrl}/release` },
    publicKeys: [key.publicKey],
    download: { retries: 1, backoffMs: 1, timeoutMs: 1000 },
    tool: TOOL,
    ...overrides,
  };
}

/** The new file minus the inserted block (plus what it replaced), compared as bytes. */
function withoutBlock(after: string, s: { blockStart: number; block: string }, removed = ''): string {
  const bytes = Buffer.from(after);
  const end = s.blockStart + Buffer.byteLength(s.block);
  expect(bytes.toString('utf8', s.blockStart, end)).toBe(s.block);
  return Buffer.concat([bytes.subarray(0, s.blockStart), Buffer.from(removed), bytes.subarray(end)]).toString('utf8');
}

const rules = (result: Awaited<ReturnType<typeof addRelease>>) =>
  result.report.checks.flatMap((c) => c.findings.map((f) => f.rule));

/** Every finding's rule is declared in the `rules` of the stage that emitted it. */
function expectDeclared(result: Awaited<ReturnType<typeof addRelease>>): void {
  const declared = new Map([bundleIntegrity, newEntry, databaseChanges].map((c) => [c.id, Object.keys(c.rules ?? {})]));
  for (const check of result.report.checks)
    for (const f of check.findings)
      expect([check.id, f.rule, declared.get(check.id)?.includes(f.rule)]).toEqual([check.id, f.rule, true]);
}

describe('addRelease: the happy path', () => {
  it('splices the entry in at its sorted place and keeps every other byte', async () => {
    const db = await database();
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key, { platforms: ['linux-amd64', 'osx-amd64', 'windows-amd64'] });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.result).toBe('pass');
    expect(result.outcome).toBe('added');
    expect(result.written).toBe(true);
    const after = await readFile(db, 'utf8');
    const splice = result.splice!;
    expect(withoutBlock(after, splice)).toBe(before);
    expect(after).toBe(`${JSON.stringify(JSON.parse(after), null, 2)}\n`);
    const parsed = JSON.parse(after) as { manifest: { id: string; version: string } }[];
    expect(parsed.map((e) => `${e.manifest.id} ${e.manifest.version}`)).toEqual([
      'com.aaa.first 1.0.0',
      'com.example.demo 1.3.0',
      'com.example.demo 1.2.0',
      'com.example.demo 1.1.0',
      'com.zzz.last 2.0.0',
    ]);
  });

  it('builds the 13 keys in order with the icon, the binary signature and the platforms (osx-amd64 under darwin-amd64)', async () => {
    const db = await database();
    const { files } = await releaseFiles(key, { platforms: ['linux-amd64', 'osx-amd64'] });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    const entry = result.entry as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual([
      'homepage_url',
      'icon_data',
      'download_url',
      'release_notes_url',
      'hosting',
      'author_type',
      'release_stage',
      'enterprise',
      'signature',
      'repo_name',
      'manifest',
      'platforms',
      'updated_at',
    ]);
    const base = `${server.url}/release/mattermost-plugin-demo-v1.2.0`;
    expect(entry).toMatchObject({
      homepage_url: 'https://github.com/example/mattermost-plugin-demo',
      icon_data: `data:image/svg+xml;base64,${Buffer.from(ICON).toString('base64')}`,
      download_url: `${base}.tar.gz`,
      release_notes_url: 'https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0',
      hosting: '',
      author_type: 'community',
      release_stage: 'production',
      enterprise: false,
      signature: files.get('/release/mattermost-plugin-demo-v1.2.0.tar.gz.sig')!.toString('base64'),
      repo_name: 'mattermost-plugin-demo',
      updated_at: '2026-11-23T10:11:12.34Z',
    });
    expect(entry.platforms).toEqual({
      'linux-amd64': {
        download_url: `${base}-linux-amd64.tar.gz`,
        signature: files.get('/release/mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz.sig')!.toString('base64'),
      },
      'darwin-amd64': {
        download_url: `${base}-osx-amd64.tar.gz`,
        signature: files.get('/release/mattermost-plugin-demo-v1.2.0-osx-amd64.tar.gz.sig')!.toString('base64'),
      },
      'windows-amd64': {},
    });
    expect((entry.manifest as Record<string, unknown>).server).toEqual({
      executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' },
      executable: '',
    });
    expect(result.verification.bundle).toMatchObject({ verified: true });
    expect(result.pullRequest).toMatchObject({
      branch: 'add_mattermost-plugin-demo_v1.2.0',
      title: 'Add v1.2.0 of mattermost-plugin-demo to the Marketplace',
    });
    expect(result.pullRequest!.body).toMatch(/verified with key `[0-9a-f]{16}`/);
    expect(result.addedEntries).toEqual([
      {
        id: 'com.example.demo',
        name: 'Demo',
        version: '1.2.0',
        min_server_version: '9.0.0',
        release_notes_url: 'https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0',
        homepage_url: 'https://github.com/example/mattermost-plugin-demo',
        download_url: `${base}.tar.gz`,
        repo_name: 'mattermost-plugin-demo',
        release_stage: 'production',
      },
    ]);
  });

  it('prefers darwin-amd64 over osx-amd64 when both exist, and verifies each platform', async () => {
    const db = await database();
    const { files } = await releaseFiles(key, { platforms: ['darwin-amd64', 'osx-amd64'] });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(
      (result.entry!.platforms as Record<string, { download_url?: string }>)['darwin-amd64']!.download_url,
    ).toMatch(/-darwin-amd64\.tar\.gz$/);
    expect(result.verification.platforms['darwin-amd64']).toMatchObject({ verified: true });
  });

  it('appends after the last entry, inserts before the first, and fills an empty database', async () => {
    for (const [entries, text, expected] of [
      [[existing('com.aaa.first', '1.0.0')], undefined, 1],
      [[existing('com.zzz.last', '1.0.0')], undefined, 0],
      [[], '[]\n', 0],
    ] as const) {
      const db = await database([...entries], text);
      const before = await readFile(db, 'utf8');
      const { files } = await releaseFiles(key);
      const server = await store(files);
      const result = await addRelease(request(db, server.url), { now: () => NOW });
      const after = await readFile(db, 'utf8');
      expect(after).toBe(`${JSON.stringify(JSON.parse(after), null, 2)}\n`);
      expect((JSON.parse(after) as { manifest: { id: string } }[])[expected]!.manifest.id).toBe('com.example.demo');
      const s = result.splice!;
      expect(withoutBlock(after, s)).toBe(before);
      await Promise.all(servers.splice(0).map((x) => x.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts bytes, not characters, in a file with multi-byte text', async () => {
    const wide = { ...existing('com.aaa.first', '1.0.0'), homepage_url: 'https://example.com/é/🚀/日本' };
    const db = await database([wide, existing('com.zzz.last', '1.0.0')]);
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    const after = await readFile(db, 'utf8');
    expect(withoutBlock(after, result.splice!)).toBe(before);
    expect((JSON.parse(after) as { manifest: { id: string } }[]).map((e) => e.manifest.id)).toEqual([
      'com.aaa.first',
      'com.example.demo',
      'com.zzz.last',
    ]);
  });

  it('keeps a non-canonical file byte for byte outside the new entry, with a warning', async () => {
    const text = `[${JSON.stringify(existing('com.aaa.first', '1.0.0'))}]`;
    const db = await database([], text);
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    const after = await readFile(db, 'utf8');
    expect(JSON.parse(after)).toHaveLength(2);
    expect(after.startsWith(text.slice(0, -1))).toBe(true);
    expect(rules(result)).toContain('database-changes/layout');
  });

  it('reads a YAML manifest, which the generator cannot', async () => {
    const db = await database();
    const yaml =
      'id: com.example.demo\nname: Demo\nhomepage_url: https://github.com/example/mattermost-plugin-demo\nrelease_notes_url: https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0\nicon_path: assets/icon.svg\nversion: "1.2.0"\nmin_server_version: "9.0.0"\nserver:\n  executable: server/dist/plugin\n';
    const bundle = pluginBundle(yaml, { name: 'plugin.yaml', files: { 'assets/icon.svg': ICON } });
    const { files } = await releaseFiles(key, { bundle });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.outcome).toBe('added');
    expect((result.entry!.manifest as Record<string, unknown>).server).toEqual({ executable: 'server/dist/plugin' });
  });

  it('reads the bundle and signature from a GitHub release (armored .asc is stored de-armored)', async () => {
    const db = await database();
    const manifest = JSON.stringify(demoManifest());
    const bundle = pluginBundle(manifest, { files: { 'assets/icon.svg': ICON } });
    const linux = pluginBundle(manifest, { files: { 'assets/icon.svg': ICON, 'server/x': 'x' } });
    const files = new Map<string, Buffer>([
      ['/dl/demo-1.2.0.tar.gz', bundle],
      ['/dl/demo-1.2.0.tar.gz.asc', await key.sign(bundle, 'armored')],
      ['/dl/demo-1.2.0-linux-amd64.tar.gz', linux],
      ['/dl/demo-1.2.0-linux-amd64.tar.gz.sig', await key.sign(linux)],
    ]);
    const server = await store(files);
    const asset = (name: string) => ({
      name,
      url: `${server.url}/api/${name}`,
      browserDownloadUrl: `${server.url}/dl/${name}`,
      size: 1,
    });
    const asked: string[] = [];
    const github: GitHubApi = {
      getRelease: async (owner, repo, tag) => {
        asked.push(`${owner}/${repo}@${tag}`);
        return {
          tagName: tag,
          name: tag,
          draft: false,
          prerelease: false,
          body: '',
          htmlUrl: '',
          publishedAt: null,
          assets: [
            'demo-1.2.0.tar.gz',
            'demo-1.2.0.tar.gz.asc',
            'demo-1.2.0-linux-amd64.tar.gz',
            'demo-1.2.0-linux-amd64.tar.gz.sig',
          ].map(asset),
        };
      },
      getRepository: async () => undefined,
      privateVulnerabilityReporting: async () => undefined,
    };
    const result = await addRelease(
      request(db, server.url, { source: { kind: 'github', owner: 'example', repo: 'mattermost-plugin-demo' } }),
      { now: () => NOW, github },
    );
    expect(asked).toEqual(['example/mattermost-plugin-demo@v1.2.0']);
    expect(result.outcome).toBe('added');
    expect(result.entry!.download_url).toBe(`${server.url}/dl/demo-1.2.0.tar.gz`);
    const signature = Buffer.from(result.entry!.signature as string, 'base64');
    expect(signature[0]! & 0x80).toBe(0x80);
    expect((result.entry!.platforms as Record<string, { download_url?: string }>)['linux-amd64']!.download_url).toBe(
      `${server.url}/dl/demo-1.2.0-linux-amd64.tar.gz`,
    );
  });
});

describe('addRelease: verification', () => {
  it('refuses to add without a public key (fails closed), and writes nothing', async () => {
    const db = await database();
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url, { publicKeys: [] }), { now: () => NOW });
    expect(result.outcome).toBe('refused');
    expect(result.written).toBe(false);
    expectDeclared(result);
    const unverified = result.report.checks
      .flatMap((c) => c.findings)
      .find((f) => f.rule === 'database-entries/signature-unverified');
    expect(unverified).toEqual({
      severity: 'error',
      rule: 'database-entries/signature-unverified',
      message:
        'No public key was given, so the bundle signature cannot be verified and nothing was added; pass the release key (public-key input, --public-key), or set allow-unverified (--allow-unverified) to add the release unverified on purpose.',
    });
    expect(await readFile(db, 'utf8')).toBe(before);
  });

  it('with allow-unverified, adds and says loudly that nothing was verified, in the PR body too', async () => {
    const db = await database();
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url, { publicKeys: [], allowUnverified: true }), {
      now: () => NOW,
    });
    expect(result.outcome).toBe('added');
    const unverified = result.report.checks
      .flatMap((c) => c.findings)
      .find((f) => f.rule === 'database-entries/signature-unverified');
    expect(unverified?.severity).toBe('warning');
    expect(unverified?.message).toMatch(
      /^NOTHING WAS VERIFIED: no public key was given and allow-unverified \(--allow-unverified\) is set/,
    );
    expect(result.report.checks.find((c) => c.id === 'bundle-integrity')?.summary).toMatch(/signature NOT verified/);
    expect(result.pullRequest!.body.split('\n').slice(0, 2)).toEqual([
      '> [!WARNING]',
      '> The bundle signature was **not verified** (allow-unverified, no public key). Check the signature against the release key before merging.',
    ]);
    expect(result.pullRequest!.body).toMatch(
      /\| Signature \| \*\*NOT VERIFIED\*\*: no public key was given and the run set allow-unverified/,
    );
  });

  it('refuses a bundle signed by another key and leaves the file alone', async () => {
    const db = await database();
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(otherKey);
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.outcome).toBe('refused');
    expect(rules(result)).toContain('bundle-integrity/signature-invalid');
    expect(await readFile(db, 'utf8')).toBe(before);
  });

  it('refuses a tampered bundle', async () => {
    const db = await database();
    const { files } = await releaseFiles(key);
    const name = '/release/mattermost-plugin-demo-v1.2.0.tar.gz';
    files.set(`${name}.sig`, await key.sign(Buffer.from('something else')));
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(
      result.report.checks[0]!.findings.find((f) => f.rule === 'bundle-integrity/signature-invalid')?.message,
    ).toMatch(/does not match the bundle's bytes/);
  });

  it('refuses a missing signature', async () => {
    const db = await database();
    const { files } = await releaseFiles(key);
    files.delete('/release/mattermost-plugin-demo-v1.2.0.tar.gz.sig');
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.outcome).toBe('refused');
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/signature-missing',
      message: expect.stringContaining('.tar.gz.sig'),
    });
  });

  it('refuses a signature file that is no signature, even without a key', async () => {
    const db = await database();
    const { files } = await releaseFiles(key);
    files.set('/release/mattermost-plugin-demo-v1.2.0.tar.gz.sig', Buffer.from('<html>Not Found</html>'));
    const server = await store(files);
    const result = await addRelease(request(db, server.url, { publicKeys: [], allowUnverified: true }), {
      now: () => NOW,
    });
    expect(result.outcome).toBe('refused');
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/signature-unreadable',
      message: expect.stringContaining('.tar.gz.sig is not an OpenPGP signature'),
    });
  });

  it('refuses a platform bundle whose signature does not verify', async () => {
    const db = await database();
    const { files } = await releaseFiles(key, { platforms: ['linux-amd64'] });
    files.set(
      '/release/mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz.sig',
      await otherKey.sign(files.get('/release/mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz')!),
    );
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings.filter((f) => f.rule === 'bundle-integrity/signature-invalid')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^The signature .*-linux-amd64\.tar\.gz\.sig does not verify for the linux-amd64 bundle .*-linux-amd64\.tar\.gz \(key [0-9a-f]{16}\): it was made by a key that is not among the public keys given/,
        ),
      }),
    ]);
    expect(result.outcome).toBe('refused');
  });

  it('leaves out a platform whose bundle or signature is missing', async () => {
    const db = await database();
    const { files } = await releaseFiles(key, { platforms: ['linux-amd64', 'windows-amd64'] });
    files.delete('/release/mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz.sig');
    files.delete('/release/mattermost-plugin-demo-v1.2.0-windows-amd64.tar.gz');
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.entry!.platforms).toEqual({ 'linux-amd64': {}, 'darwin-amd64': {}, 'windows-amd64': {} });
  });

  it('refuses a platform bundle of another plugin or version', async () => {
    const db = await database();
    const { files, add } = await releaseFiles(key);
    const other = pluginBundle(JSON.stringify(demoManifest({ version: '1.1.0' })));
    add('mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz', other);
    add('mattermost-plugin-demo-v1.2.0-linux-amd64.tar.gz.sig', await key.sign(other));
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(rules(result)).toContain('bundle-integrity/platform-mismatch');
  });
});

describe('addRelease: faults', () => {
  it('retries a 500 and then reports the URL and status', async () => {
    const db = await database();
    const server = await store(new Map(), (_req, res) => res.writeHead(500).end());
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/download-failed',
      message: expect.stringMatching(/mattermost-plugin-demo-v1\.2\.0\.tar\.gz answered HTTP 500 .*after 2 attempts/),
    });
    expect(server.hits.length).toBe(2);
  });

  it('names the signature when its download fails (not a 4xx, which means no signature)', async () => {
    const db = await database();
    const { files } = await releaseFiles(key);
    const serve = filesRoute(files);
    const server = await store(files, (req, res) => {
      if (req.url?.endsWith('.sig')) res.writeHead(503).end();
      else serve(req, res);
    });
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.outcome).toBe('refused');
    expect(result.report.checks[0]!.findings).toEqual([
      {
        severity: 'error',
        rule: 'bundle-integrity/download-failed',
        message: `The signature could not be downloaded: ${server.url}/release/mattermost-plugin-demo-v1.2.0.tar.gz.sig answered HTTP 503 Service Unavailable (after 2 attempts): retry when the server or network failed; otherwise fix the URL or the bundle.`,
      },
    ]);
  });

  it('names a missing bundle', async () => {
    const db = await database();
    const server = await store(new Map());
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/not-found',
      message: expect.stringMatching(/answered HTTP 404/),
    });
    expect(result.report.checks.map((c) => c.status)).toEqual(['fail', 'skip', 'skip']);
  });

  it('times out a store that never answers', async () => {
    const db = await database();
    const server = await store(new Map(), () => undefined);
    const result = await addRelease(request(db, server.url, { download: { retries: 0, timeoutMs: 150 } }), {
      now: () => NOW,
    });
    expect(result.report.checks[0]!.findings[0]!.message).toMatch(/timed out after 150 ms/);
  });

  it('reports a body cut short', async () => {
    const db = await database();
    const server = await store(new Map(), (_req, res) => {
      res.writeHead(200, { 'content-length': 5000 });
      res.write(Buffer.alloc(100));
      res.socket?.destroy();
    });
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/download-failed',
      message: expect.stringContaining('mattermost-plugin-demo-v1.2.0.tar.gz'),
    });
  });

  it.each([
    ['a path climbing out', tarball([{ path: 'p/../../../etc/cron.d/x', data: 'x' }]), /climbs out/],
    [
      'a link out of the tree',
      tarball([{ path: 'p/plugin.json', type: '2', linkpath: '/etc/passwd' }]),
      /points outside/,
    ],
    ['a device', tarball([{ path: 'p/dev', type: '4' }]), /is a block device, not a file/],
  ])('refuses a hostile tarball: %s', async (_name, bundle, message) => {
    const db = await database();
    const { files } = await releaseFiles(key, { bundle });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/bundle-unreadable',
      message: expect.stringMatching(message),
    });
    expectDeclared(result);
  });

  it('refuses a bundle without a manifest', async () => {
    const db = await database();
    const { files } = await releaseFiles(key, { bundle: tarball([{ path: 'p/README.md', data: 'x' }]) });
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/manifest-missing',
      message: expect.stringContaining('in its folder p/'),
    });
  });

  it('leaves no temporary file behind and the old file intact when the write fails', async () => {
    const db = await database();
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o500);
    try {
      if (process.getuid?.() === 0) return; // root writes anywhere; the kill test in test/e2e covers this path
      await expect(addRelease(request(db, server.url), { now: () => NOW })).rejects.toThrow();
    } finally {
      await chmod(dir, 0o700);
    }
    expect(await readFile(db, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['plugins.json']);
  });
});

describe('addRelease: the entry', () => {
  async function run(
    manifest: Record<string, unknown>,
    overrides: Partial<AddReleaseRequest> = {},
    icon?: string | Buffer,
  ) {
    const db = await database();
    const { files } = await releaseFiles(key, { manifest, ...(icon ? { icon } : {}) });
    const server = await store(files);
    const result = await addRelease(request(db, server.url, overrides), { now: () => NOW });
    expectDeclared(result);
    return result;
  }

  it('stops on manifest errors unless --allow-invalid-manifest, with the location in the bundle', async () => {
    const refused = await run(demoManifest({ min_server_version: '9.0' }));
    expect(refused.outcome).toBe('refused');
    const finding = refused.report.checks[1]!.findings.find((f) => f.severity === 'error');
    expect(finding).toMatchObject({ file: 'com.example.demo/plugin.json', line: 10, column: 25 });
    const allowed = await run(demoManifest({ min_server_version: '9.0' }), { allowInvalidManifest: true });
    expect(allowed.outcome).toBe('added');
    expect(allowed.report.checks[1]!.findings.find((f) => f.rule === finding!.rule)).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('Allowed by the allow-invalid-manifest input, --allow-invalid-manifest'),
    });
  });

  it('refuses an icon that is missing or not SVG, and warns when there is none', async () => {
    const missing = await run(demoManifest({ icon_path: 'assets/nope.svg' }));
    expect(missing.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/icon-missing',
      file: 'com.example.demo/plugin.json',
      line: 8,
    });
    const png = await run(demoManifest(), {}, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    expect(png.report.checks[0]!.findings[0]).toMatchObject({
      rule: 'bundle-integrity/icon-not-svg',
      message: expect.stringContaining('a PNG image'),
    });
    const none = await run(demoManifest({ icon_path: undefined }));
    expect(none.outcome).toBe('added');
    expect(none.entry!.icon_data).toBe('');
    expect(rules(none)).toContain('bundle-integrity/icon-unset');
  });

  it('refuses a bundle whose version is not the tag', async () => {
    const result = await run(demoManifest({ version: '1.1.9' }));
    expect(result.report.checks[0]!.findings.find((f) => f.rule === 'bundle-integrity/version-mismatch')).toMatchObject(
      { line: 9 },
    );
  });

  it('refuses an empty or broken release_notes_url, and takes --release-notes-url instead', async () => {
    const empty = await run(demoManifest({ release_notes_url: undefined }));
    expect(rules(empty)).toContain('database-entries/release-notes-url-empty');
    expect(empty.outcome).toBe('refused');
    const slash = await run(
      demoManifest({ release_notes_url: 'https://github.com/example/mattermost-plugin-demoreleases/tag/v1.2.0' }),
    );
    expect(slash.outcome).toBe('refused');
    const fixed = await run(demoManifest({ release_notes_url: undefined }), {
      releaseNotesUrl: 'https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0',
    });
    expect(fixed.outcome).toBe('added');
    expect(fixed.entry!.release_notes_url).toBe(
      'https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0',
    );
    expect((fixed.entry!.manifest as Record<string, unknown>).release_notes_url).toBeUndefined();
  });

  it('refuses an empty homepage_url, and takes --homepage-url instead', async () => {
    const empty = await run(demoManifest({ homepage_url: '' }));
    expect(
      empty.report.checks[1]!.findings.find((f) => f.rule === 'database-entries/homepage-url-empty'),
    ).toMatchObject({ line: 5 });
    const fixed = await run(demoManifest({ homepage_url: '' }), { homepageUrl: 'https://example.com/demo' });
    expect(fixed.entry!.homepage_url).toBe('https://example.com/demo');
  });

  it('writes the flags into the entry', async () => {
    const result = await run(demoManifest(), {
      flags: resolveFlags({ partner: true, beta: true, enterprise: true, onPrem: true }),
    });
    expect(result.entry).toMatchObject({
      author_type: 'partner',
      release_stage: 'beta',
      enterprise: true,
      hosting: 'on-prem',
    });
  });
});

describe('addRelease: a listed plugin cannot be taken over', () => {
  const listed = (id: string, version: string, repo: string) => ({ ...existing(id, version), repo_name: repo });
  const lineOf = (text: string, n: number) =>
    text.split('\n').reduce<number[]>((found, line, i) => (line === '  {' ? [...found, i + 1] : found), [])[n];

  async function attempt(
    entries: object[],
    manifestId: string,
    repo: string,
    overrides: Partial<AddReleaseRequest> = {},
  ) {
    const db = await database(entries);
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key, { repo, manifest: demoManifest({ id: manifestId }) });
    const server = await store(files);
    const log: string[] = [];
    const result = await addRelease(request(db, server.url, { repo, ...overrides }), {
      now: () => NOW,
      log: (line) => log.push(line),
    });
    expectDeclared(result);
    const found = result.report.checks.flatMap((c) => c.findings).filter((f) => f.rule.startsWith('database-changes/'));
    return { result, before, after: await readFile(db, 'utf8'), found, log };
  }

  it('refuses an id listed for another repository (a signed bundle of one repository added as another plugin)', async () => {
    const entries = [listed('com.mattermost.calls', '1.0.0', 'mattermost-plugin-calls')];
    const { result, before, after, found } = await attempt(entries, 'com.mattermost.calls', 'evil-plugin');
    expect(result.outcome).toBe('refused');
    expect(after).toBe(before);
    expect(found).toEqual([
      {
        severity: 'error',
        rule: 'database-changes/id-other-repository',
        message:
          'The id com.mattermost.calls is listed in plugins.json for the repository mattermost-plugin-calls, not evil-plugin; adding this bundle would replace that plugin on every server that has it. Release it under its own id, or pass allow-id-change (--allow-id-change) if the plugin really moved to evil-plugin.',
        file: 'plugins.json',
        line: lineOf(before, 0),
        column: 3,
      },
    ]);
  });

  it('refuses an id that equals a listed id ignoring case (the server lowercases ids)', async () => {
    const entries = [listed('com.aaa.first', '1.0.0', 'first'), listed('github', '2.0.0', 'mattermost-plugin-github')];
    const { result, found, before } = await attempt(entries, 'GitHub', 'evil-plugin');
    expect(result.outcome).toBe('refused');
    expect(found.map((f) => [f.severity, f.rule, f.line])).toEqual([
      ['error', 'database-changes/id-case-collision', lineOf(before, 1)],
    ]);
    expect(found[0]?.message).toBe(
      'The id GitHub equals the listed id github ignoring case, and the server lowercases ids, so it would install over that plugin. Choose an id that differs in more than case, or pass allow-id-change (--allow-id-change) if both are the same plugin.',
    );
  });

  it("refuses a bundle whose id differs from the repository's earlier entries", async () => {
    const entries = [listed('com.example.demo', '1.1.0', 'mattermost-plugin-demo')];
    const { result, found } = await attempt(entries, 'com.example.other', 'mattermost-plugin-demo');
    expect(result.outcome).toBe('refused');
    expect(found.map((f) => [f.severity, f.rule])).toEqual([['error', 'database-changes/repository-id-changed']]);
    expect(found[0]?.message).toMatch(
      /^Earlier releases of mattermost-plugin-demo in plugins.json carry the id com.example.demo, but this bundle's id is com.example.other;/,
    );
  });

  it('refuses a case-only change of its own id as an id change, not as a collision', async () => {
    const entries = [listed('com.example.demo', '1.1.0', 'mattermost-plugin-demo')];
    const { result, found, before } = await attempt(entries, 'com.example.Demo', 'mattermost-plugin-demo');
    expect(result.outcome).toBe('refused');
    expect(found.map((f) => [f.severity, f.rule, f.line])).toEqual([
      ['error', 'database-changes/repository-id-changed', lineOf(before, 0)],
    ]);
    expect(found[0]?.message).toBe(
      "Earlier releases of mattermost-plugin-demo in plugins.json carry the id com.example.demo, and this bundle's id is com.example.Demo: servers lowercase ids and see one plugin, but plugins.json would list it under two ids. Keep the listed spelling, or pass allow-id-change (--allow-id-change) if the change is intended.",
    );
  });

  it('adds a release under an id the repository already published, and a plugin whose move is listed', async () => {
    // jira went jira → com.mattermost.jira → jira: going back to a listed id of the same repository is no change.
    const back = await attempt(
      [
        listed('com.example.demo', '1.0.0', 'mattermost-plugin-demo'),
        listed('com.example.old', '0.9.0', 'mattermost-plugin-demo'),
      ],
      'com.example.demo',
      'mattermost-plugin-demo',
    );
    expect(back.result.outcome).toBe('added');
    expect(back.found.filter((f) => f.severity !== 'notice')).toEqual([]);
    // Listed from an old repository and already from this one: the move was accepted once.
    const moved = await attempt(
      [
        listed('com.example.demo', '1.0.0', 'mattermost-plugin-demo-old'),
        listed('com.example.demo', '1.1.0', 'mattermost-plugin-demo'),
      ],
      'com.example.demo',
      'mattermost-plugin-demo',
    );
    expect(moved.result.outcome).toBe('added');
    expect(moved.found.filter((f) => f.severity !== 'notice')).toEqual([]);
  });

  it('adds with allow-id-change, keeping each finding as a logged warning', async () => {
    const entries = [listed('com.mattermost.calls', '1.0.0', 'mattermost-plugin-calls')];
    const { result, found, log } = await attempt(entries, 'com.mattermost.calls', 'mattermost-plugin-calls-fork', {
      allowIdChange: true,
    });
    expect(result.outcome).toBe('added');
    expect(found.map((f) => [f.severity, f.rule])).toEqual([['warning', 'database-changes/id-other-repository']]);
    expect(found[0]?.message).toMatch(/\(Allowed by the allow-id-change input, --allow-id-change\.\)$/);
    expect(log.some((line) => line.startsWith('allow-id-change: accepting database-changes/id-other-repository'))).toBe(
      true,
    );
  });

  it('refuses a GitHub release of another repository passed under the listed repository name', async () => {
    const db = await database([
      {
        ...listed('com.example.demo', '1.1.0', 'mattermost-plugin-demo'),
        download_url: 'https://github.com/example/mattermost-plugin-demo/releases/download/v1.1.0/demo-1.1.0.tar.gz',
      },
    ]);
    const bundle = pluginBundle(JSON.stringify(demoManifest()), { files: { 'assets/icon.svg': ICON } });
    const server = await store(
      new Map([
        ['/dl/demo-1.2.0.tar.gz', bundle],
        ['/dl/demo-1.2.0.tar.gz.sig', await key.sign(bundle)],
      ]),
    );
    const asset = (name: string) => ({
      name,
      url: `${server.url}/api/${name}`,
      browserDownloadUrl: `${server.url}/dl/${name}`,
      size: 1,
    });
    const github: GitHubApi = {
      getRelease: async (_owner, _repo, tag) => ({
        tagName: tag,
        name: tag,
        draft: false,
        prerelease: false,
        body: '',
        htmlUrl: '',
        publishedAt: null,
        assets: ['demo-1.2.0.tar.gz', 'demo-1.2.0.tar.gz.sig'].map(asset),
      }),
      getRepository: async () => undefined,
      privateVulnerabilityReporting: async () => undefined,
    };
    const result = await addRelease(
      request(db, server.url, {
        repo: 'mattermost-plugin-demo',
        source: { kind: 'github', owner: 'attacker', repo: 'demo-fork' },
      }),
      { now: () => NOW, github },
    );
    expect(result.outcome).toBe('refused');
    const found = result.report.checks.flatMap((c) => c.findings).filter((f) => f.rule.startsWith('database-changes/'));
    expect(found.map((f) => f.message)).toEqual([
      'The id com.example.demo is listed in plugins.json for the repository example/mattermost-plugin-demo, not attacker/demo-fork; adding this bundle would replace that plugin on every server that has it. Release it under its own id, or pass allow-id-change (--allow-id-change) if the plugin really moved to attacker/demo-fork.',
    ]);
  });

  it('accepts the same repository under another spelling of its name, and entries without repo_name', async () => {
    const entries = [
      listed('com.example.demo', '1.1.0', 'Mattermost-Plugin-Demo'),
      listed('com.example.demo', '1.0.0', ''),
    ];
    const { result, found } = await attempt(entries, 'com.example.demo', 'mattermost-plugin-demo');
    expect(result.outcome).toBe('added');
    expect(found).toEqual([]);
  });
});

describe('addRelease: duplicates and dry runs', () => {
  async function withDuplicate(onDuplicate?: 'fail' | 'skip' | 'replace', dryRun = false) {
    const db = await database([
      ...DEFAULT_ENTRIES.slice(0, 2),
      existing('com.example.demo', '1.2.0'),
      ...DEFAULT_ENTRIES.slice(2),
    ]);
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url, { ...(onDuplicate ? { onDuplicate } : {}), dryRun }), {
      now: () => NOW,
    });
    return { result, before, after: await readFile(db, 'utf8') };
  }

  it('fails on a duplicate by default, pointing at the existing entry', async () => {
    const { result, before, after } = await withDuplicate();
    expect(result.outcome).toBe('refused');
    const thirdEntryLine = before
      .split('\n')
      .reduce<number[]>((found, line, i) => (line === '  {' ? [...found, i + 1] : found), [])[2];
    expect(result.report.checks[2]!.findings[0]).toMatchObject({
      rule: 'database-changes/duplicate',
      file: 'plugins.json',
      line: thirdEntryLine,
      column: 3,
    });
    expect(after).toBe(before);
  });

  it('skips a duplicate with --on-duplicate skip', async () => {
    const { result, before, after } = await withDuplicate('skip');
    expect(result.outcome).toBe('skipped');
    expect(result.report.result).toBe('pass');
    expect(after).toBe(before);
  });

  it('replaces only that entry with --on-duplicate replace', async () => {
    const { result, before, after } = await withDuplicate('replace');
    expect(result.outcome).toBe('replaced');
    const s = result.splice!;
    expect(withoutBlock(after, s, s.removed)).toBe(before);
    expect((JSON.parse(after) as unknown[]).length).toBe(5);
  });

  it('treats another hosting as another release', async () => {
    const db = await database([existing('com.example.demo', '1.2.0', 'cloud')]);
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url), { now: () => NOW });
    expect(result.outcome).toBe('added');
  });

  it('prints the entry and a diff in a dry run, and writes nothing', async () => {
    const db = await database();
    const before = await readFile(db, 'utf8');
    const { files } = await releaseFiles(key);
    const server = await store(files);
    const result = await addRelease(request(db, server.url, { dryRun: true }), { now: () => NOW });
    expect(result.outcome).toBe('added');
    expect(result.written).toBe(false);
    expect(await readFile(db, 'utf8')).toBe(before);
    const lines = result.diff!.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '--- a/plugins.json',
      '+++ b/plugins.json',
      expect.stringMatching(/^@@ -\d+,\d+ \+\d+,\d+ @@$/),
    ]);
    expect(lines.filter((l) => l.startsWith('-'))).toEqual(['--- a/plugins.json']);
    expect(lines.filter((l) => l.startsWith('+')).length).toBe(result.entryText!.split('\n').length + 1);
    const [, oldFrom, oldCount, newFrom, newCount] = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[2]!)!.map(Number);
    expect(before.split('\n').slice(oldFrom! - 1, oldFrom! - 1 + oldCount!)).toEqual(
      lines
        .slice(3, -1)
        .filter((l) => !l.startsWith('+'))
        .map((l) => l.slice(1)),
    );
    expect(newFrom).toBe(oldFrom);
    expect(newCount! - oldCount!).toBe(result.entryText!.split('\n').length);
  });
});

describe('flags and tags', () => {
  it.each([
    [{}, 'you must either set the release as a official or as a partner or as a community plugin'],
    [
      { community: true, official: true },
      'you must either set the release as a official or as a partner or as a community plugin',
    ],
    [
      { community: true, cloud: true, onPrem: true },
      'if you want to make a plugin available for cloud and on-prem, just drop both flags',
    ],
    [{ community: true, beta: true, experimental: true }, "can't set the release as both beta and experimental"],
  ])('refuses %j as the generator does', (flags, message) => {
    expect(() => resolveFlags(flags)).toThrow(message);
  });

  it('maps the flags', () => {
    expect(resolveFlags({ official: true, experimental: true, cloud: true })).toEqual({
      authorType: 'mattermost',
      releaseStage: 'experimental',
      enterprise: false,
      hosting: 'cloud',
    });
  });

  it('accepts tags as blang/semver ParseTolerant does', () => {
    expect(versionOfTag('v1.2.3')).toBe('1.2.3');
    expect(versionOfTag('1.2.3-rc.1')).toBe('1.2.3-rc.1');
    expect(versionOfTag('v1.2')).toBe('1.2.0');
    expect(() => versionOfTag('latest')).toThrow('latest is an invalid tag. Something like v2.3.4 is expected');
    expect(() => versionOfTag('v1.2.3.4')).toThrow(/invalid tag/);
  });
});
