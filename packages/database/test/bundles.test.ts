import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Finding } from '@mm-review/core';
import { buildBundle, bundleManifest, entryFor, generateKey, rawTarball, type TestKey } from './bundle-helpers';
import { canonicalText, lineOf, makeEntry, validate, statusOf } from './helpers';

const URL_V2 = 'https://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v2.0.0.tar.gz';
const base = canonicalText([makeEntry({ version: '1.0.0' })]);

function fakeFetch(files: Record<string, Buffer>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const body = files[String(input)];
    return body
      ? new Response(body, { status: 200, headers: { 'content-length': String(body.length) } })
      : new Response('not found', { status: 404 });
  }) as typeof fetch;
}

async function check(
  entry: Record<string, unknown>,
  files: Record<string, Buffer>,
  publicKeys: string[],
): Promise<{ text: string; findings: Finding[]; status?: string }> {
  const text = canonicalText([entry, makeEntry({ version: '1.0.0' })]);
  const { report } = await validate(text, {
    base,
    options: { bundles: true, bundle: { publicKeys, fetch: fakeFetch(files), retries: 0 } },
  });
  return {
    text,
    findings: report.checks.find((c) => c.id === 'bundle-integrity')?.findings ?? [],
    status: statusOf(report, 'bundle-integrity'),
  };
}

describe('bundle-integrity', () => {
  let key: TestKey;
  let stranger: TestKey;
  beforeAll(async () => {
    key = await generateKey();
    stranger = await generateKey('Someone else');
  });

  it('is skipped unless asked, and without a base', async () => {
    const { report } = await validate(base);
    expect(report.checks.find((c) => c.id === 'bundle-integrity')?.findings[0]?.rule).toBe(
      'bundle-integrity/not-requested',
    );
    const noBase = await validate(base, { options: { bundles: true } });
    expect(noBase.report.checks.find((c) => c.id === 'bundle-integrity')?.findings[0]?.rule).toBe(
      'bundle-integrity/no-base',
    );
  });

  it('passes a bundle whose manifest and icon match and whose signature verifies', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const result = await check(await entryFor(manifest, bundle, URL_V2, key), { [URL_V2]: bundle }, [
      stranger.publicKey,
      key.publicKey,
    ]);
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('fails a signature made by another key, at the signature line', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const result = await check(await entryFor(manifest, bundle, URL_V2, stranger), { [URL_V2]: bundle }, [
      key.publicKey,
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'bundle-integrity/signature-invalid',
        line: lineOf(result.text, '"signature"'),
        column: 18,
      }),
    ]);
    expect(result.findings[0]?.message).toMatch(/not among the public keys given/);
  });

  it('fails a bundle altered after signing', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const entry = await entryFor(manifest, bundle, URL_V2, key);
    const altered = await buildBundle({ ...manifest, description: 'Changed after signing.' });
    const result = await check(entry, { [URL_V2]: altered }, [key.publicKey]);
    expect(result.findings.map((f) => f.rule)).toEqual([
      'bundle-integrity/signature-invalid',
      'bundle-integrity/manifest-mismatch',
    ]);
    expect(result.findings[1]).toMatchObject({ line: lineOf(result.text, '"description"') });
    expect(result.findings[1]?.message).toContain('in "description" (bundle: "Changed after signing."');
  });

  it('warns that signatures are unverified without a public key', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const result = await check(await entryFor(manifest, bundle, URL_V2, key), { [URL_V2]: bundle }, []);
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'bundle-integrity/signature-unverified' }),
    ]);
  });

  it('reports a bundle that is not there at the download_url line', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const result = await check(await entryFor(manifest, bundle, URL_V2, key), {}, [key.publicKey]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'bundle-integrity/not-found',
        line: lineOf(result.text, '"download_url"'),
        column: 21,
      }),
    ]);
    expect(result.findings[0]?.message).toBe(
      `The download_url bundle is not there: ${URL_V2} answered HTTP 404: servers cannot install the release; publish the bundle at that URL, or fix the URL (repository name and tag).`,
    );
  });

  it("reports an icon that is not the bundle's icon, and a bundle without a manifest", async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest, { 'assets/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    const result = await check(await entryFor(manifest, bundle, URL_V2, key), { [URL_V2]: bundle }, [key.publicKey]);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'bundle-integrity/icon-mismatch', line: lineOf(result.text, '"icon_data"') }),
    ]);
    const notABundle = Buffer.from('plain text, not a tarball');
    const broken = await check(await entryFor(manifest, notABundle, URL_V2, key), { [URL_V2]: notABundle }, [
      key.publicKey,
    ]);
    expect(broken.findings.map((f) => f.rule)).toEqual(['bundle-integrity/bundle-unreadable']);
  });

  it('reports an icon the generator would refuse (active content), at the icon_data line', async () => {
    const manifest = bundleManifest();
    const active = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    const bundle = await buildBundle(manifest, { 'assets/icon.svg': active });
    const entry = await entryFor(manifest, bundle, URL_V2, key);
    entry.icon_data = `data:image/svg+xml;base64,${Buffer.from(active).toString('base64')}`;
    const result = await check(entry, { [URL_V2]: bundle }, [key.publicKey]);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        rule: 'bundle-integrity/icon-active-content',
        message:
          'icon_path "assets/icon.svg" holds an event handler attribute (onload), and an icon must be a plain drawing: remove scripts, event handlers, embedded HTML and javascript: links from the SVG.',
        file: 'plugins.json',
        line: lineOf(result.text, '"icon_data"'),
        column: 18,
      },
    ]);
  });

  it('reports an icon_path missing from the bundle while the entry has icon_data', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest, { 'README.md': 'no icon' });
    const result = await check(await entryFor(manifest, bundle, URL_V2, key), { [URL_V2]: bundle }, [key.publicKey]);
    expect(result.findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        'bundle-integrity/icon-missing',
        lineOf(result.text, '"icon_data"'),
        'icon_path "assets/icon.svg" is not in the bundle (looked for com.example.weather/assets/icon.svg): include the icon in the bundle or fix icon_path, and regenerate the entry (it has icon_data).',
      ],
    ]);
  });

  it('reports a signature that is no OpenPGP signature, with or without a key', async () => {
    const manifest = bundleManifest();
    const bundle = await buildBundle(manifest);
    const entry = await entryFor(manifest, bundle, URL_V2, key);
    entry.signature = Buffer.from('not a signature').toString('base64');
    for (const keys of [[], [key.publicKey]]) {
      const result = await check(entry, { [URL_V2]: bundle }, keys);
      expect(result.findings).toEqual([
        expect.objectContaining({
          severity: 'error',
          rule: 'bundle-integrity/signature-unreadable',
          line: lineOf(result.text, '"signature"'),
          message: expect.stringMatching(/^The download_url signature is not an OpenPGP signature \(/),
        }),
      ]);
    }
  });

  it('refuses a bundle whose paths climb out of the tree before reading anything from it', async () => {
    const manifest = bundleManifest();
    const hostile = rawTarball([
      { path: 'com.example.weather/plugin.json', data: JSON.stringify(manifest) },
      { path: 'com.example.weather/../../etc/cron.d/evil', data: '* * * * * root true\n' },
    ]);
    const result = await check(await entryFor(manifest, hostile, URL_V2, key), { [URL_V2]: hostile }, [key.publicKey]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'bundle-integrity/bundle-unreadable',
        line: lineOf(result.text, '"download_url"'),
      }),
    ]);
    expect(result.findings[0]?.message).toMatch(/climbs out of the bundle/);
  });
});
