import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  BUNDLE_INSPECT_RULES,
  DownloadError,
  downloadProblem,
  inspectIcon,
  inspectSignature,
  loadBundleManifest,
  MAX_ICON_BYTES,
  openBundle,
  problemMessage,
  readBundle,
  type Bundle,
  type BundleProblem,
} from '../src/index';
import { generateTestKey, type TestKey } from '../../release/test/helpers/keys';
import { pluginBundle, tarball } from '../../release/test/helpers/tarball';

const URL = 'https://plugins.releases.mattermost.com/release/mattermost-plugin-demo-v1.2.0.tar.gz';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>';
const MANIFEST = JSON.stringify({
  id: 'com.example.demo',
  name: 'Demo',
  version: '1.2.0',
  icon_path: 'assets/icon.svg',
});

function expectDeclared(problem: BundleProblem): void {
  expect(BUNDLE_INSPECT_RULES[problem.rule]?.severity).toBe(problem.severity);
}

async function bundleOf(files: Record<string, string | Buffer>, manifest = MANIFEST): Promise<Bundle> {
  return readBundle(pluginBundle(manifest, { files }));
}

describe('downloadProblem', () => {
  it('is not-found for a 404, with the URL and how to fix it', () => {
    const problem = downloadProblem(
      new DownloadError('http-status', `${URL} answered HTTP 404 Not Found.`, URL, 404),
      'the bundle',
    );
    expect(problem).toEqual({
      rule: 'bundle-integrity/not-found',
      severity: 'error',
      problem: `the bundle is not there: ${URL} answered HTTP 404 Not Found`,
      fix: 'servers cannot install the release; publish the bundle at that URL, or fix the URL (repository name and tag)',
      subject: 'bundle',
    });
    expect(problemMessage(problem)).toBe(
      `The bundle is not there: ${URL} answered HTTP 404 Not Found: servers cannot install the release; publish the bundle at that URL, or fix the URL (repository name and tag).`,
    );
    expectDeclared(problem);
  });

  it('is download-failed for any other failure', () => {
    const problem = downloadProblem(
      new DownloadError('timeout', `timed out after 150 ms downloading ${URL}`, URL),
      'the download_url bundle',
    );
    expect(problemMessage(problem)).toBe(
      `The download_url bundle could not be downloaded: timed out after 150 ms downloading ${URL}: retry when the server or network failed; otherwise fix the URL or the bundle.`,
    );
    expect(problem).toMatchObject({ rule: 'bundle-integrity/download-failed', subject: 'bundle' });
    expectDeclared(problem);
  });
});

describe('openBundle', () => {
  it('reads a plugin bundle', async () => {
    const opened = await openBundle(pluginBundle(MANIFEST), 'the bundle');
    expect('bundle' in opened && opened.bundle.root).toBe('com.example.demo');
  });

  it('refuses what is not a gzipped tarball, and a tarball that climbs out of its tree', async () => {
    const text = await openBundle(Buffer.from('plain text, not a tarball'), 'the download_url bundle');
    expect('problem' in text && text.problem).toMatchObject({
      rule: 'bundle-integrity/bundle-unreadable',
      severity: 'error',
      subject: 'bundle',
      problem: 'the download_url bundle is refused: the tarball is corrupt: it ends in the middle of a header',
      fix: "rebuild it with the plugin's release tooling (the starter template's make dist)",
    });
    const hostile = await openBundle(tarball([{ path: 'p/../../etc/cron.d/x', data: 'x' }]), 'the bundle');
    expect('problem' in hostile && problemMessage(hostile.problem)).toMatch(/^The bundle is refused: .*climbs out/);
    if ('problem' in hostile) expectDeclared(hostile.problem);
  });
});

describe('loadBundleManifest', () => {
  it('loads the manifest the server would, with no findings', async () => {
    const result = await loadBundleManifest(await bundleOf({}), 'the bundle');
    expect('loaded' in result && result.loaded.manifest.version).toBe('1.2.0');
    expect(result.findings).toEqual([]);
  });

  it('is manifest-missing in the single folder, or at a top level without one', async () => {
    const inFolder = await loadBundleManifest(
      await readBundle(tarball([{ path: 'p/README.md', data: 'x' }])),
      'the bundle',
    );
    expect('problem' in inFolder && problemMessage(inFolder.problem)).toBe(
      "The bundle has no plugin.yml, plugin.yaml or plugin.json in its folder p/, so the server cannot install it: build it with the plugin's release tooling (the starter template's make dist).",
    );
    const flat = await loadBundleManifest(
      await readBundle(
        tarball([
          { path: 'a/README.md', data: 'x' },
          { path: 'b/README.md', data: 'x' },
        ]),
      ),
      'the bundle',
    );
    expect('problem' in flat && flat.problem).toMatchObject({
      rule: 'bundle-integrity/manifest-missing',
      subject: 'bundle',
      problem: expect.stringContaining('at its top level (which does not hold exactly one folder)'),
    });
  });

  it("is manifest-unreadable when the server cannot load it, naming the manifest's first error", async () => {
    const result = await loadBundleManifest(await bundleOf({}, '{"id": "com.example.demo",'), 'the bundle');
    expect('problem' in result && result.problem).toMatchObject({
      rule: 'bundle-integrity/manifest-unreadable',
      severity: 'error',
      subject: 'manifest',
      problem:
        'com.example.demo/plugin.json in the bundle cannot be loaded by the server (com.example.demo/plugin.json is not valid JSON: a missing property name (is there a trailing comma?), line 1)',
      fix: 'fix the manifest and rebuild the bundle',
    });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings)
      expect(finding).toMatchObject({
        severity: 'error',
        rule: 'manifest/syntax',
        file: 'com.example.demo/plugin.json',
      });
  });
});

describe('inspectSignature', () => {
  let key: TestKey;
  let stranger: TestKey;
  const data = pluginBundle(MANIFEST);
  beforeAll(async () => {
    key = await generateTestKey();
    stranger = await generateTestKey('Someone else');
  });

  it('verifies a binary or armored signature against any of the keys, giving the binary packet', async () => {
    const binary = await key.sign(data);
    const result = await inspectSignature(data, binary, [stranger.publicKey, key.publicKey], 'the bundle', 'x.sig');
    expect(result.problem).toBeUndefined();
    expect(result.verdict?.verified).toBe(true);
    expect(result.binary?.equals(binary)).toBe(true);
    const armored = await inspectSignature(
      data,
      await key.sign(data, 'armored'),
      [key.publicKey],
      'the bundle',
      'x.asc',
    );
    expect(armored.verdict?.verified).toBe(true);
    expect(armored.binary?.subarray(0, 5).toString('latin1')).not.toBe('-----');
  });

  it('is signature-invalid for another key or altered bytes', async () => {
    const other = await inspectSignature(
      data,
      await stranger.sign(data),
      [key.publicKey],
      'the bundle',
      'the signature x.sig',
    );
    expect(other.problem).toMatchObject({
      rule: 'bundle-integrity/signature-invalid',
      severity: 'error',
      subject: 'signature',
      problem: expect.stringMatching(
        /^the signature x\.sig does not verify for the bundle \(key [0-9a-f]{16}\): it was made by a key that is not among the public keys given/,
      ),
      fix: 'servers that require signatures refuse the bundle; do not publish it, re-sign it with the Marketplace release key (or pass the right public key)',
    });
    const altered = await inspectSignature(
      Buffer.concat([data, Buffer.from('x')]),
      await key.sign(data),
      [key.publicKey],
      'the bundle',
      'the signature',
    );
    expect(altered.problem?.problem).toMatch(/does not match the bundle's bytes/);
    if (other.problem) expectDeclared(other.problem);
  });

  it('is signature-unverified (a warning) without a key, still giving the packet and its key id', async () => {
    const result = await inspectSignature(data, await key.sign(data), [], 'the bundle', 'the download_url signature');
    expect(result.problem).toEqual({
      rule: 'bundle-integrity/signature-unverified',
      severity: 'warning',
      subject: 'signature',
      problem: 'the download_url signature was not verified because no public key was given',
      fix: "pass the Marketplace's signing key (the public-key input, --public-key)",
    });
    expect(result.binary).toBeDefined();
    expect(result.verdict?.keyId).toMatch(/^[0-9a-f]{16}$/);
    if (result.problem) expectDeclared(result.problem);
  });

  it('is signature-unreadable for bytes that are no OpenPGP signature, with or without a key', async () => {
    for (const keys of [[], [key.publicKey]]) {
      const result = await inspectSignature(
        data,
        Buffer.from('<html>Not Found</html>'),
        keys,
        'the bundle',
        `${URL}.sig`,
      );
      expect(result.binary).toBeUndefined();
      expect(result.problem).toMatchObject({
        rule: 'bundle-integrity/signature-unreadable',
        severity: 'error',
        subject: 'signature',
        problem: expect.stringMatching(
          new RegExp(`^${URL.replace(/[.]/g, '\\.')}\\.sig is not an OpenPGP signature \\(`),
        ),
        fix: 'use the detached signature that gpg --detach-sign writes for the bundle',
      });
    }
  });
});

describe('inspectIcon', () => {
  it('gives the bytes of an SVG icon, with or without ./ in icon_path', async () => {
    const bundle = await bundleOf({ 'assets/icon.svg': SVG });
    for (const path of ['assets/icon.svg', './assets/icon.svg']) {
      const icon = inspectIcon(bundle, path);
      expect('data' in icon && icon.data.toString()).toBe(SVG);
    }
  });

  it.each([
    [
      'icon-missing',
      {},
      'icon_path "assets/icon.svg" is not in the bundle (looked for com.example.demo/assets/icon.svg): include the icon in the bundle or fix icon_path.',
    ],
    [
      'icon-not-svg',
      { 'assets/icon.svg': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) },
      'icon_path "assets/icon.svg" is a PNG image, and the Marketplace shows only SVG icons: convert it to SVG.',
    ],
    [
      'icon-too-large',
      { 'assets/icon.svg': `<svg>${' '.repeat(MAX_ICON_BYTES)}</svg>` },
      'icon_path "assets/icon.svg" is 257 KiB, over the 256 KiB limit for icon_data, which every server downloads with plugins.json: simplify or optimise the SVG (svgo).',
    ],
    [
      'icon-active-content',
      { 'assets/icon.svg': '<svg onload="alert(1)"/>' },
      'icon_path "assets/icon.svg" holds an event handler attribute (onload), and an icon must be a plain drawing: remove scripts, event handlers, embedded HTML and javascript: links from the SVG.',
    ],
  ])('is %s', async (rule, files, message) => {
    const icon = inspectIcon(await bundleOf(files), 'assets/icon.svg');
    expect('problem' in icon && icon.problem).toMatchObject({ rule: `bundle-integrity/${rule}`, subject: 'icon' });
    expect('problem' in icon && problemMessage(icon.problem)).toBe(message);
    if ('problem' in icon) expectDeclared(icon.problem);
  });

  it('is icon-too-large for a file the reader did not keep (only its size is known)', async () => {
    const bundle = await readBundle(pluginBundle(MANIFEST, { files: { 'assets/icon.svg': SVG } }), {
      maxRetainedFileBytes: 10,
    });
    const icon = inspectIcon(bundle, 'assets/icon.svg');
    expect('problem' in icon && problemMessage(icon.problem)).toMatch(
      /^icon_path "assets\/icon\.svg" is .*, too large to embed as the entry's icon_data: use an SVG of a few KB\.$/,
    );
  });
});
