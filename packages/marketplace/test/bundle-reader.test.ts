import { describe, expect, it } from '@jest/globals';
import { createGzip } from 'node:zlib';
import { BundleError, readBundle } from '../src/index';
import { tarball, type TarEntry } from '../../release/test/helpers/tarball';

const manifest = (id: string) => `{"id":"${id}","version":"1.0.0"}`;

async function refusal(entries: TarEntry[]): Promise<string> {
  const error = await readBundle(tarball(entries)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BundleError);
  return (error as Error).message;
}

describe('readBundle reads names as Go archive/tar does', () => {
  it('takes a PAX path record alone', async () => {
    const long = `com.example.demo/${'d'.repeat(120)}/notes.txt`;
    const bundle = await readBundle(
      tarball([
        { path: 'com.example.demo/plugin.json', data: manifest('com.example.demo') },
        { path: 'short', pax: { path: long }, data: 'x' },
      ]),
    );
    expect([...bundle.sizes.keys()]).toEqual(['com.example.demo/plugin.json', long]);
  });

  it('takes a GNU long name alone', async () => {
    const long = `com.example.demo/${'d'.repeat(120)}/notes.txt`;
    const bundle = await readBundle(
      tarball([
        { path: 'com.example.demo/plugin.json', data: manifest('com.example.demo') },
        { path: 'short', longName: long, data: 'x', format: 'gnu' },
      ]),
    );
    expect(bundle.sizes.has(long)).toBe(true);
  });

  it('joins the USTAR prefix to the name', async () => {
    const bundle = await readBundle(
      tarball([{ path: 'plugin.json', prefix: 'com.example.demo', data: manifest('com.example.demo') }]),
    );
    expect(bundle.manifest?.file).toBe('com.example.demo/plugin.json');
  });

  it('treats an old-style type NUL as a file, or a folder when the name ends in a slash', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'p/', type: '\0' },
        { path: 'p/plugin.json', type: '\0', data: manifest('a') },
      ]),
    );
    expect(bundle.root).toBe('p');
    expect(bundle.manifest?.text).toBe(manifest('a'));
  });
});

describe('readBundle refuses archives that tar readers read differently', () => {
  it('a GNU long name together with a PAX path (Go takes the long name, node-tar the PAX path)', async () => {
    const message = await refusal([
      { path: 'com.example.demo/', type: '5' },
      {
        path: 'x',
        pax: { path: 'com.example.demo/plugin.json' },
        longName: 'com.mattermost.calls/plugin.json',
        data: manifest('com.mattermost.calls'),
      },
    ]);
    expect(message).toBe(
      'the tarball is refused: the entry "com.mattermost.calls/plugin.json" has both a GNU long name and a PAX path record, which tar readers resolve differently',
    );
  });

  it('a GNU long link together with a PAX linkpath', async () => {
    expect(
      await refusal([{ path: 'p/plugin.json', type: '2', pax: { linkpath: 'a.json' }, longLink: 'b.json' }]),
    ).toMatch(/both a GNU long name and a PAX path record/);
  });

  it('any GNU.sparse record (Go renames the entry to GNU.sparse.name)', async () => {
    const message = await refusal([
      {
        path: 'p/plugin.json',
        pax: {
          'GNU.sparse.name': 'com.mattermost.calls/plugin.json',
          'GNU.sparse.major': '1',
          'GNU.sparse.minor': '0',
        },
        data: manifest('x'),
      },
    ]);
    expect(message).toBe(
      "the tarball is refused: it holds a GNU sparse record (GNU.sparse.name), which Go's tar reader turns into another file name",
    );
  });

  it.each([
    ['7', 'contiguous file'],
    ['g', 'PAX global header'],
    ['S', 'GNU sparse file'],
    ['V', 'GNU volume label'],
    ['Z', 'an entry of unknown type "Z"'],
  ])('an entry of type %s', async (type, name) => {
    const message = await refusal([
      { path: 'p/plugin.json', data: manifest('a') },
      { path: 'p/other', type, data: 'x' },
    ]);
    expect(message).toBe(
      `the tarball is refused: "p/other" is ${name.startsWith('an ') ? name : `a ${name}`}, not a file, folder or link`,
    );
  });

  it('a path that appears twice, also when spelt "./p/x"', async () => {
    expect(
      await refusal([
        { path: 'p/plugin.json', data: manifest('com.example.demo') },
        { path: 'p/plugin.json', data: manifest('com.mattermost.calls') },
      ]),
    ).toBe(
      'the tarball is refused: "p/plugin.json" appears twice, and which copy a tar reader keeps differs; rebuild the bundle so each path appears once',
    );
    expect(
      await refusal([
        { path: 'p/a', data: 'x' },
        { path: './p/a', type: '2', linkpath: 'b' },
      ]),
    ).toMatch(/"p\/a" appears twice/);
  });

  it('manifests that differ only in case', async () => {
    expect(
      await refusal([
        { path: 'p/plugin.json', data: manifest('a') },
        { path: 'p/Plugin.JSON', data: manifest('b') },
      ]),
    ).toBe(
      'the tarball is refused: "p/plugin.json" and "p/Plugin.JSON" differ only in case, so which manifest a server installs depends on its file system; keep one',
    );
  });

  it('a folder or link that declares data (Go skips none of it, other readers skip it)', async () => {
    expect(await refusal([{ path: 'p/', type: '5', size: 512, data: Buffer.alloc(512) }])).toMatch(
      /the folder "p\/" declares 512 bytes of data/,
    );
  });

  it('two PAX headers or two GNU long names before one entry', async () => {
    const twice = Buffer.concat([
      tarball([{ path: 'p/a', pax: { path: 'p/b' }, data: 'x' }], { gzip: false }).subarray(0, 1024),
      tarball([{ path: 'p/a', pax: { path: 'p/c' }, data: 'x' }], { gzip: false }),
    ]);
    const error = await readBundle(twice).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/two PAX extended headers precede one entry/);
  });

  it('a malformed PAX record and a header with a bad checksum', async () => {
    const bad = tarball([{ path: 'p/a', pax: { path: 'p/b' }, data: 'x' }], { gzip: false });
    bad.write('99', 512, 'latin1');
    await expect(readBundle(bad)).rejects.toThrow(/PAX record length is out of range/);
    const damaged = tarball([{ path: 'p/a', data: 'x' }], { gzip: false });
    damaged[0] = 0x71;
    await expect(readBundle(damaged)).rejects.toThrow(/checksum does not match/);
  });

  it('still reads the ordinary bundle the starter template builds', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'com.example.demo/', type: '5' },
        { path: 'com.example.demo/plugin.json', data: manifest('com.example.demo') },
        { path: 'com.example.demo/assets/', type: '5' },
        { path: 'com.example.demo/assets/icon.svg', data: '<svg/>' },
        { path: 'com.example.demo/server/dist/plugin-linux-amd64', data: Buffer.alloc(3000, 1) },
      ]),
    );
    expect(bundle.manifest?.file).toBe('com.example.demo/plugin.json');
    expect(bundle.files.get('com.example.demo/assets/icon.svg')?.toString()).toBe('<svg/>');
    expect(bundle.sizes.get('com.example.demo/server/dist/plugin-linux-amd64')).toBe(3000);
  });
});

/** A gzipped tarball holding `p/plugin.json` and one file of `size` zero bytes, built as a stream. */
async function gzipBomb(size: number): Promise<Buffer> {
  const head = tarball(
    [
      { path: 'p/plugin.json', data: manifest('com.example.demo') },
      { path: 'p/zeros', size, data: '' },
    ],
    { gzip: false },
  );
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write(head.subarray(0, head.length - 1024));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = size + 1024; left > 0; left -= zeros.length) {
    if (!gzip.write(left >= zeros.length ? zeros : zeros.subarray(0, left)))
      await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

describe('readBundle streams under a memory budget', () => {
  it('reads a 1 MB bundle that unpacks to 1000 MiB holding one chunk at a time', async () => {
    const size = 1000 * 1024 * 1024;
    const bomb = await gzipBomb(size);
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const bundle = await readBundle(bomb).finally(() => clearInterval(sampler));
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(bundle.manifest?.file).toBe('p/plugin.json');
    expect(bundle.sizes.get('p/zeros')).toBe(size);
    expect(bundle.files.has('p/zeros')).toBe(false);
    expect(bundle.stats.unpackedBytes).toBeGreaterThanOrEqual(size);
    expect(bundle.stats.retainedBytes).toBe(manifest('com.example.demo').length);
    expect(bundle.stats.peakBufferedBytes).toBeLessThanOrEqual(128 * 1024);
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);

  it('keeps small files within the budget and only the sizes of the rest', async () => {
    const bundle = await readBundle(
      tarball([
        { path: 'p/plugin.json', data: manifest('a') },
        { path: 'p/a', data: Buffer.alloc(600) },
        { path: 'p/b', data: Buffer.alloc(600) },
        { path: 'p/big', data: Buffer.alloc(5000) },
      ]),
      { maxRetainedFileBytes: 1000, maxRetainedBytes: 1000 },
    );
    expect([...bundle.files.keys()]).toEqual(['p/plugin.json', 'p/a']);
    expect(Object.fromEntries(bundle.sizes)).toEqual({
      'p/plugin.json': manifest('a').length,
      'p/a': 600,
      'p/b': 600,
      'p/big': 5000,
    });
  });
});
