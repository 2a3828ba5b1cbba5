import { describe, expect, it, afterEach } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { parseManifestText } from '@mm-review/plugin';
import {
  BundleError,
  DownloadError,
  download,
  normalizeManifest,
  readBundle,
  serializeEntry,
  verifySignature,
} from '../src/index';
import { generateTestKey } from '../../release/test/helpers/keys';
import { startServer } from '../../release/test/helpers/server';
import { pluginBundle, tarball } from '../../release/test/helpers/tarball';

const fast = { maxBytes: 1024 * 1024, timeoutMs: 2000, retries: 2, backoffMs: 5 };
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(route: Parameters<typeof startServer>[0]) {
  const server = await startServer(route);
  servers.push(server);
  return server;
}

describe('download', () => {
  it('returns the body', async () => {
    const server = await serve((_req, res) => res.end('hello'));
    expect((await download(`${server.url}/a`, fast)).toString()).toBe('hello');
  });

  it('retries 5xx with backoff, then succeeds', async () => {
    let calls = 0;
    const server = await serve((_req, res) => (++calls < 3 ? res.writeHead(503).end() : res.end('ok')));
    expect((await download(`${server.url}/a`, fast)).toString()).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the retries with the URL and status', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end());
    await expect(download(`${server.url}/x.tar.gz`, fast)).rejects.toThrow(
      new RegExp(`${server.url}/x.tar.gz answered HTTP 500.*after 3 attempts`),
    );
  });

  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const error = await download(`${server.url}/missing`, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(404);
    expect(server.hits).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    await expect(download(`${server.url}/slow`, { ...fast, timeoutMs: 100, retries: 1 })).rejects.toThrow(
      /timed out after 100 ms downloading .*\/slow/,
    );
    expect(server.hits).toHaveLength(2);
  });

  it('retries a body cut short', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      if (calls < 2) res.socket?.destroy();
      else res.end('x'.repeat(93));
    });
    expect((await download(`${server.url}/cut`, fast)).length).toBe(100);
    expect(calls).toBe(2);
  });

  it('fails on a body always cut short', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('partial');
      res.socket?.destroy();
    });
    await expect(download(`${server.url}/cut`, fast)).rejects.toThrow(/\/cut/);
  });

  it('enforces the size cap while streaming, even without content-length', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(600));
      res.end(Buffer.alloc(600));
    });
    await expect(download(`${server.url}/big`, { ...fast, maxBytes: 1000 })).rejects.toThrow(
      /larger than the 1000-byte limit/,
    );
  });

  it('refuses a declared size over the cap before reading', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'content-length': 5000 }).end(Buffer.alloc(5000)));
    await expect(download(`${server.url}/big`, { ...fast, maxBytes: 1000 })).rejects.toThrow(/5000 bytes/);
  });

  it('names the URL when the connection is refused', async () => {
    const server = await serve((_req, res) => res.end());
    const url = `${server.url}/gone`;
    await server.close();
    servers.length = 0;
    await expect(download(url, { ...fast, retries: 0 })).rejects.toThrow(new RegExp(`could not download ${url}`));
  });
});

describe('readBundle', () => {
  it('finds the manifest in the single root folder', async () => {
    const bundle = await readBundle(pluginBundle('{"id":"a"}', { files: { 'assets/icon.svg': '<svg/>' } }));
    expect(bundle.root).toBe('com.example.demo');
    expect(bundle.manifest).toEqual({ file: 'com.example.demo/plugin.json', text: '{"id":"a"}' });
    expect(bundle.files.get('com.example.demo/assets/icon.svg')?.toString()).toBe('<svg/>');
  });

  it('prefers plugin.yml and plugin.yaml over plugin.json, as the server does', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'p/plugin.json', data: '{}' },
        { path: 'p/plugin.yaml', data: 'id: y' },
      ]),
    );
    expect(bundle.manifest?.file).toBe('p/plugin.yaml');
  });

  it('looks at the top level when there is no single root folder', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'plugin.json', data: '{}' },
        { path: 'server/x', data: 'x' },
      ]),
    );
    expect(bundle.root).toBeUndefined();
    expect(bundle.manifest?.file).toBe('plugin.json');
  });

  it('reports no manifest when there is none', async () => {
    expect((await readBundle(tarball([{ path: 'p/README.md', data: 'x' }]))).manifest).toBeUndefined();
  });

  it('accepts an uncompressed tar and "./" prefixes', async () => {
    const bundle = await readBundle(tarball([{ path: './p/plugin.json', data: '{}' }], { gzip: false }));
    expect(bundle.manifest?.file).toBe('p/plugin.json');
  });

  it('resolves links that stay inside the tree', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'p/real.json', data: '{"id":"l"}' },
        { path: 'p/plugin.json', type: '2', linkpath: 'real.json' },
      ]),
    );
    expect(bundle.manifest?.text).toBe('{"id":"l"}');
  });

  const hostile: [string, Buffer, RegExp][] = [
    ['an absolute path', tarball([{ path: '/etc/passwd', data: 'x' }]), /"\/etc\/passwd" is an absolute path/],
    ['a parent segment', tarball([{ path: 'p/../../evil', data: 'x' }]), /climbs out of the bundle/],
    [
      'a symlink out of the tree',
      tarball([{ path: 'p/plugin.json', type: '2', linkpath: '../../etc/passwd' }]),
      /points outside the bundle/,
    ],
    [
      'an absolute symlink',
      tarball([{ path: 'p/icon.svg', type: '2', linkpath: '/etc/passwd' }]),
      /points outside the bundle/,
    ],
    [
      'a hard link out of the tree',
      tarball([{ path: 'p/x', type: '1', linkpath: '../y' }]),
      /points outside the bundle/,
    ],
    ['a character device', tarball([{ path: 'p/tty', type: '3' }]), /is a character device, not a file/],
    ['a FIFO', tarball([{ path: 'p/fifo', type: '6' }]), /is a FIFO/],
    ['not gzip', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage')]), /not valid gzip/],
  ];
  it.each(hostile)('refuses %s', async (_name, data, message) => {
    const error = await readBundle(data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses too many entries', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ path: `p/f${i}`, data: 'x' }));
    await expect(readBundle(tarball(entries), { maxEntries: 10 })).rejects.toThrow(/more than 10 entries/);
  });

  it('refuses a decompression bomb before unpacking it all', async () => {
    const bomb = gzipSync(tarball([{ path: 'p/zeros', data: Buffer.alloc(8 * 1024 * 1024) }], { gzip: false }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(readBundle(bomb, { maxUnpackedBytes: 1024 * 1024 })).rejects.toThrow(
      /unpacks to more than 1048576 bytes/,
    );
  });

  it('refuses entries whose declared sizes add up past the limit', async () => {
    await expect(
      readBundle(
        tarball([
          { path: 'p/a', data: Buffer.alloc(3000) },
          { path: 'p/b', data: Buffer.alloc(3000) },
        ]),
        { maxUnpackedBytes: 5000 },
      ),
    ).rejects.toThrow(/more than 5000 unpacked bytes|unpacks to more than 5000/);
  });

  it('refuses a truncated tarball', async () => {
    const whole = tarball([{ path: 'p/plugin.json', data: 'x'.repeat(2000) }], { gzip: false });
    await expect(readBundle(whole.subarray(0, 1000))).rejects.toThrow(BundleError);
  });

  it('never hangs or throws anything but a BundleError on damaged input', async () => {
    const good = tarball(
      [
        { path: 'p/plugin.json', data: '{"id":"com.example.demo"}' },
        { path: 'p/assets/icon.svg', data: '<svg/>' },
      ],
      { gzip: false },
    );
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const inputs = [
      Buffer.alloc(0),
      Buffer.from('not a tarball at all'),
      Buffer.alloc(1024),
      gzipSync(Buffer.alloc(0)),
    ];
    for (let i = 0; i < 200; i++) {
      const damaged = Buffer.from(good);
      for (let j = 0; j < 1 + (i % 8); j++) damaged[next() % damaged.length] = next() % 256;
      inputs.push(i % 2 ? gzipSync(damaged) : damaged.subarray(0, next() % damaged.length));
    }
    for (const input of inputs) {
      const outcome = await readBundle(input).then(
        () => 'read',
        (error: unknown) => (error instanceof BundleError ? 'refused' : `unexpected ${String(error)}`),
      );
      expect(['read', 'refused']).toContain(outcome);
    }
  });

  it('refuses a manifest over the size limit', async () => {
    await expect(readBundle(pluginBundle('x'.repeat(2000)), { maxManifestBytes: 1000 })).rejects.toThrow(
      /over the 1000-byte limit for a manifest/,
    );
  });
});

describe('verifySignature', () => {
  const data = Buffer.from('bundle bytes');

  it('verifies binary and armored signatures with the right key', async () => {
    const key = await generateTestKey();
    const binary = await verifySignature(data, await key.sign(data), [key.publicKey]);
    expect(binary).toEqual({ verified: true, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect((await verifySignature(data, await key.sign(data, 'armored'), [key.publicKey])).verified).toBe(true);
  });

  it('accepts any of several keys', async () => {
    const [a, b] = [await generateTestKey('a'), await generateTestKey('b')];
    expect((await verifySignature(data, await b.sign(data), [a.publicKey, b.publicKey])).verified).toBe(true);
  });

  it('rejects another key, altered data, garbage, and no key', async () => {
    const [a, b] = [await generateTestKey('a'), await generateTestKey('b')];
    const signature = await a.sign(data);
    expect(await verifySignature(data, signature, [b.publicKey])).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/not among the public keys/),
    });
    expect(await verifySignature(Buffer.from('other'), signature, [a.publicKey])).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/does not match/),
    });
    expect(await verifySignature(data, Buffer.from('nope'), [a.publicKey])).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/not a valid OpenPGP signature/),
    });
    expect(await verifySignature(data, signature, [])).toMatchObject({
      verified: false,
      reason: 'no public key was given',
    });
    expect(await verifySignature(data, signature, ['not a key'])).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/public key 1 is not a valid/),
    });
  });
});

async function normalizedText(json: string): Promise<string> {
  const { loaded } = await parseManifestText('plugin.json', json);
  return serializeEntry(normalizeManifest(loaded!.manifest));
}

describe('normalizeManifest', () => {
  it('writes the zero values, drops unknown fields and sorts maps', async () => {
    const text = await normalizedText(
      JSON.stringify({
        version: '1.0.0',
        ID: 'com.example.demo',
        unknown: 1,
        backend: { executable: 'x' },
        server: { executables: { 'linux-amd64': 'l', 'darwin-amd64': 'd' } },
        settings_schema: { settings: [{ key: 'K', type: 'text', default: { b: 1, a: [{ z: 1, y: 2 }] } }] },
        props: { '10': 1, '9': 2 },
      }),
    );
    expect(JSON.parse(text)).toEqual({
      id: 'com.example.demo',
      name: '',
      version: '1.0.0',
      server: { executables: { 'darwin-amd64': 'd', 'linux-amd64': 'l' }, executable: '' },
      settings_schema: {
        header: '',
        footer: '',
        settings: [
          {
            key: 'K',
            display_name: '',
            type: 'text',
            help_text: '',
            placeholder: '',
            default: { a: [{ y: 2, z: 1 }], b: 1 },
            hosting: '',
            secret: false,
          },
        ],
        sections: null,
      },
      props: { '10': 1, '9': 2 },
    });
    expect(text.indexOf('"darwin-amd64"')).toBeLessThan(text.indexOf('"linux-amd64"'));
    expect(text.indexOf('"10"')).toBeLessThan(text.indexOf('"9"'));
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b": 1'));
  });

  it('keeps the field order of the Go model whatever the input order', async () => {
    const text = await normalizedText(
      '{"settings_schema":{"sections":[{"custom":true,"key":"S"}]},"webapp":{},"min_server_version":"9.0.0","name":"N","id":"x.y"}',
    );
    expect(text).toBe(
      [
        '  {',
        '    "id": "x.y",',
        '    "name": "N",',
        '    "version": "",',
        '    "min_server_version": "9.0.0",',
        '    "webapp": {',
        '      "bundle_path": ""',
        '    },',
        '    "settings_schema": {',
        '      "header": "",',
        '      "footer": "",',
        '      "settings": null,',
        '      "sections": [',
        '        {',
        '          "key": "S",',
        '          "title": "",',
        '          "subtitle": "",',
        '          "settings": null,',
        '          "header": "",',
        '          "footer": "",',
        '          "custom": true',
        '        }',
        '      ]',
        '    }',
        '  }',
      ].join('\n'),
    );
  });

  it('keeps options and regenerate_help_text only when set, and empty arrays as []', async () => {
    const text = await normalizedText(
      '{"id":"x.y","version":"1.0.0","settings_schema":{"settings":[],"sections":[]},"props":{}}',
    );
    expect(JSON.parse(text).settings_schema).toEqual({ header: '', footer: '', settings: [], sections: [] });
    expect(JSON.parse(text).props).toBeUndefined();
  });
});
