import { gzipSync } from 'node:zlib';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeManifest } from '@mm-review/marketplace';
import type { Manifest } from '@mm-review/plugin';
import { ICON, makeEntry } from './helpers';

export const SVG_TEXT = Buffer.from(ICON.slice('data:image/svg+xml;base64,'.length), 'base64');

export interface TestKey {
  publicKey: string;
  sign(data: Buffer): Promise<string>;
}

/** A key generated at test time (no key material is committed); sign() gives the base64 of a binary detached signature. */
export async function generateKey(name = 'Marketplace test'): Promise<TestKey> {
  const openpgp = await import('openpgp');
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: 'marketplace@example.com' }],
    format: 'armored',
  });
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return {
    publicKey,
    async sign(data) {
      const message = await openpgp.createMessage({ binary: new Uint8Array(data) });
      const signature = await openpgp.sign({ message, signingKeys, detached: true, format: 'binary' });
      return Buffer.from(signature as Uint8Array).toString('base64');
    },
  };
}

export function bundleManifest(version = '2.0.0'): Manifest {
  const entry = makeEntry({ version });
  return entry.manifest as Manifest;
}

/** A plugin bundle as `make dist` builds it: `<id>/plugin.json` and the icon, gzipped by node-tar. */
export async function buildBundle(
  manifest: Manifest,
  files: Record<string, string | Buffer> = { 'assets/icon.svg': SVG_TEXT },
): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-bundle-'));
  try {
    const root = manifest.id ?? 'plugin';
    await mkdir(path.join(dir, root, 'assets'), { recursive: true });
    await writeFile(path.join(dir, root, 'plugin.json'), JSON.stringify(manifest, null, 2));
    for (const [name, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, root, name)), { recursive: true });
      await writeFile(path.join(dir, root, name), data);
    }
    const tar = await import('tar');
    const chunks: Buffer[] = [];
    for await (const chunk of tar.create({ gzip: true, cwd: dir, portable: true }, [root]))
      chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The entry the generator would write for a bundle at `url`, signed by `key`. */
export async function entryFor(
  manifest: Manifest,
  bundle: Buffer,
  url: string,
  key: TestKey,
): Promise<Record<string, unknown>> {
  const entry = makeEntry({ version: manifest.version ?? '' });
  entry.download_url = url;
  entry.signature = await key.sign(bundle);
  entry.manifest = JSON.parse(JSON.stringify(normalizeManifest(manifest)));
  entry.platforms = { 'linux-amd64': {}, 'darwin-amd64': {}, 'windows-amd64': {} };
  return entry;
}

/**
 * A gzipped ustar archive written byte by byte, for hostile bundles node-tar's writer
 * refuses to make (a `..` path).
 */
export function rawTarball(entries: { path: string; data: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data);
    const header = Buffer.alloc(512);
    header.write(entry.path, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\u000000', 257, 'latin1');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
