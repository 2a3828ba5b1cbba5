import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '@mm-review/core';
import { DATABASE_CHECKS, MAX_DATABASE_BYTES, readDatabaseFile } from '../src/index';
import { SIGNATURE, canonicalText, findingsOf, lineOf, makeEntry, statusOf, validate } from './helpers';

const brief = (findings: Finding[]) => findings.map((f) => [f.severity, f.rule, f.line]);
const other = makeEntry({ id: 'com.example.zzz', repo: 'mattermost-plugin-zzz', version: '1.0.0' });
const v1 = makeEntry({ version: '1.0.0' });

describe('plugins.json decoded as the Marketplace decodes it (encoding/json into model.Plugin)', () => {
  it('matches keys to fields ignoring case: "Manifest" is read, and reported where it is written', async () => {
    const entry = makeEntry();
    const { manifest, ...rest } = entry;
    const text = canonicalText([{ ...rest, Manifest: { ...(manifest as object), version: 'v1.2.0' } }]);
    const findings = (await findingsOf('database-entries', text)).filter((f) => !f.rule.includes('release-notes'));
    expect(brief(findings)).toEqual([
      // No base: everything is already published, so only what stops the Marketplace is an error.
      ['warning', 'database-entries/key-case', lineOf(text, '"Manifest"')],
      ['error', 'database-entries/version-invalid', lineOf(text, '"version": "v1.2.0"')],
    ]);
    expect(findings[0]?.column).toBe(5);
    expect(findings[0]?.message).toContain('"Manifest" sets the field "manifest"');
  });

  it('ignores unknown keys (a warning) and reads labels as the model field it is', async () => {
    const entry = {
      ...makeEntry(),
      labels: [{ name: 'Beta', description: 'In beta.', url: 'https://example.com', color: '#7A5600' }],
      extra: 1,
    };
    const text = canonicalText([entry]);
    expect(brief(await findingsOf('database-entries', text))).toEqual([
      ['warning', 'database-entries/key-unknown', lineOf(text, '"extra"')],
    ]);
    const wrongLabels = canonicalText([{ ...makeEntry(), labels: { name: 'Beta' } }]);
    expect(brief(await findingsOf('database-entries', wrongLabels))).toEqual([
      ['error', 'database-entries/type', lineOf(wrongLabels, '"labels"')],
    ]);
  });

  it('keeps the last of duplicate keys', async () => {
    const text = canonicalText([makeEntry()]).replace('"hosting": "",', '"hosting": "everywhere",\n    "hosting": "",');
    expect(await findingsOf('database-entries', text)).toEqual([]);
  });

  it('reads null as the zero value, except a null manifest, which stops the store', async () => {
    const text = canonicalText([
      { ...makeEntry(), enterprise: null },
      { ...other, manifest: null },
    ]);
    const findings = await findingsOf('database-entries', text);
    expect(brief(findings)).toEqual([
      ['warning', 'database-entries/null-value', lineOf(text, '"enterprise": null')],
      ['error', 'database-entries/manifest-missing', lineOf(text, '"manifest": null')],
    ]);
  });

  it('fails on a missing manifest and a null entry even when nothing was touched', async () => {
    const { manifest: _drop, ...noManifest } = makeEntry();
    void _drop;
    const text = canonicalText([noManifest, null]);
    const findings = await findingsOf('database-entries', text, { base: text });
    expect(brief(findings)).toEqual([
      ['error', 'database-entries/manifest-missing', 2],
      ['error', 'database-entries/manifest-missing', lineOf(text, 'null')],
    ]);
    expect(findings[0]?.message).toContain('does not start');
  });

  it('fails on a version that is not strict semver in an untouched entry', async () => {
    const entry = makeEntry();
    (entry.manifest as Record<string, unknown>).version = 'v0.1.0';
    const text = canonicalText([entry]);
    const findings = await findingsOf('database-entries', text, { base: text });
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([
      'database-entries/version-invalid',
    ]);
  });

  it('loads a 0-byte file, a blank file and null as an empty list, with a warning', async () => {
    for (const text of ['', '\n  \n', 'null\n']) {
      const { report } = await validate(text);
      expect(report.checks[0]?.findings.map((f) => [f.severity, f.rule])).toEqual([
        ['warning', 'database-format/empty'],
      ]);
      expect(report.checks.some((c) => c.status === 'fail')).toBe(false);
    }
  });

  it('reads the first JSON value and reports what follows it', async () => {
    const text = `${canonicalText([makeEntry()])}]\n`;
    const { report } = await validate(text, { base: canonicalText([makeEntry()]) });
    expect(report.checks[0]?.findings.map((f) => [f.severity, f.rule, f.line, f.column])).toEqual([
      ['error', 'database-format/trailing-data', lineOf(text, ']', 2) + 1, 1],
    ]);
    expect(statusOf(report, 'database-entries')).toBe('pass');
  });

  it('fails on a value of the wrong type, and on an updated_at time.Time cannot read, even untouched', async () => {
    const text = canonicalText([{ ...makeEntry(), repo_name: 42, updated_at: '2024-10-11 16:52:57' }]);
    const findings = await findingsOf('database-entries', text, { base: text });
    expect(brief(findings)).toEqual([
      ['error', 'database-entries/type', lineOf(text, '"repo_name"')],
      ['error', 'database-entries/updated-at-invalid', lineOf(text, '"updated_at"')],
    ]);
  });

  it('refuses nesting deeper than encoding/json allows, and survives nesting just under it', async () => {
    const tooDeep = `[${'['.repeat(10_001)}${']'.repeat(10_001)}]\n`;
    expect((await validate(tooDeep)).report.checks[0]?.findings[0]?.rule).toBe('database-format/invalid-json');
    const deep = `[${'{"a":'.repeat(9_000)}1${'}'.repeat(9_000)}]`;
    const { report } = await validate(deep, { base: '[]' });
    expect(report.checks.map((c) => c.id)).toEqual([
      'database-format',
      'database-entries',
      'database-changes',
      'bundle-integrity',
    ]);
  });
});

describe('legacy problems warn, new problems fail', () => {
  it('reports key order and sort order as errors only on entries the change adds', async () => {
    const reordered = (entry: Record<string, unknown>) => {
      const { homepage_url, ...rest } = entry;
      return { ...rest, homepage_url };
    };
    const base = canonicalText([reordered(v1), other]);
    const v2 = makeEntry({ version: '2.0.0' });
    const text = canonicalText([reordered(v1), reordered(v2), other]);
    const findings = await findingsOf('database-format', text, { base });
    expect(findings.map((f) => [f.severity, f.rule])).toEqual(
      [
        ['error', 'database-format/key-order'],
        ['warning', 'database-format/key-order'],
        ['error', 'database-format/sort-order'],
      ]
        .sort((a, b) => (a[1] === b[1] ? (a[0] === 'error' ? 1 : -1) : 0))
        .sort(() => 0),
    );
  });

  it('fails a layout change when the base was canonical, and warns when the departure was already there', async () => {
    const base = canonicalText([v1, other]);
    const crlf = base.replace(/\n/g, '\r\n');
    expect(brief(await findingsOf('database-format', crlf, { base }))).toEqual([
      ['error', 'database-format/layout', 1],
    ]);
    const v2 = makeEntry({ version: '2.0.0' });
    const legacyBase = base.replace('"enterprise": false', '"enterprise":false');
    // The same departure, now in v1 (untouched) after the added v2.
    const head = canonicalText([v2, v1, other]).replace(
      /("enterprise": false[\s\S]*?)"enterprise": false/,
      '$1"enterprise":false',
    );
    const findings = await findingsOf('database-format', head, { base: legacyBase });
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('treats an entry re-encoded through a newer model (new zero-valued fields) as untouched', async () => {
    const old = makeEntry({ version: '1.0.0' });
    (old.manifest as Record<string, unknown>).version = 'v1.0.0';
    const reencoded = structuredClone(old);
    (reencoded.manifest as Record<string, unknown>).settings_schema = null;
    (reencoded.manifest as Record<string, unknown>).webapp = null;
    const { report } = await validate(canonicalText([reencoded, other]), { base: canonicalText([old, other]) });
    expect(report.checks.find((c) => c.id === 'database-changes')?.summary).toContain(
      '0 added, 0 modified, 0 removed, 1 unchanged, 1 re-encoded',
    );
    expect(statusOf(report, 'database-changes')).toBe('pass');
  });

  it('checks an entry from a GitHub release by what that generator path wrote', async () => {
    const entry = makeEntry({ version: '2.0.0' });
    entry.download_url =
      'https://github.com/example/mattermost-plugin-weather/releases/download/v2.0.0/com.example.weather-2.0.0.tar.gz';
    entry.platforms = { 'linux-amd64': {}, 'darwin-amd64': {}, 'windows-amd64': {} };
    (entry.manifest as Record<string, unknown>).release_notes_url = '';
    const base = canonicalText([v1, other]);
    expect(await findingsOf('database-changes', canonicalText([entry, v1, other]), { base })).toEqual([]);
    entry.release_notes_url = 'https://github.com/example/mattermost-plugin-weather/releases/tag/v1.0.0';
    const text = canonicalText([entry, v1, other]);
    expect(brief(await findingsOf('database-changes', text, { base }))).toEqual([
      ['error', 'database-changes/copied-field-mismatch', lineOf(text, '"release_notes_url"')],
    ]);
  });

  it('accepts a hand-corrected release notes link with a warning', async () => {
    const entry = makeEntry({ version: '2.0.0' });
    (entry.manifest as Record<string, unknown>).release_notes_url =
      'https://github.com/example/mattermost-plugin-weather/releases/tag/v1.0.0';
    const text = canonicalText([entry, v1, other]);
    expect(brief(await findingsOf('database-changes', text, { base: canonicalText([v1, other]) }))).toEqual([
      ['warning', 'database-changes/copied-field-mismatch', lineOf(text, '"release_notes_url"')],
    ]);
  });

  it('lists at most 20 rewritten entries and counts the rest', async () => {
    const entries = Array.from({ length: 30 }, (_, i) =>
      makeEntry({ id: `com.example.p${String(i).padStart(2, '0')}`, repo: `mattermost-plugin-p${i}` }),
    );
    const rewritten = entries.map((e) => ({ ...e, enterprise: true }));
    const findings = await findingsOf('database-changes', canonicalText(rewritten), { base: canonicalText(entries) });
    expect(findings.filter((f) => f.rule === 'database-changes/modified' && f.severity === 'error')).toHaveLength(20);
    expect(findings.at(-1)).toMatchObject({
      severity: 'notice',
      rule: 'database-changes/modified',
      message: expect.stringMatching(/^10 more rewritten entries/),
    });
  });
});

describe('era-aware format', () => {
  it('warns about an empty signature on an entry written before signatures, and fails it on a new one', async () => {
    const old = { ...makeEntry({ version: '2.0.0' }), signature: '', updated_at: '2019-08-08T23:17:57Z' };
    const base = canonicalText([v1, other]);
    const oldText = canonicalText([old, v1, other]);
    expect(brief(await findingsOf('database-entries', oldText, { base }))).toEqual([
      ['warning', 'database-entries/signature-missing', lineOf(oldText, '"signature": ""')],
    ]);
    const fresh = { ...old, updated_at: '2024-10-11T16:52:57Z' };
    const freshText = canonicalText([fresh, v1, other]);
    expect(brief(await findingsOf('database-entries', freshText, { base }))).toEqual([
      ['error', 'database-entries/signature-missing', lineOf(freshText, '"signature": ""')],
    ]);
  });

  it('warns about a field missing from an entry older than the field', async () => {
    const old: Record<string, unknown> = { ...makeEntry({ version: '2.0.0' }), updated_at: '2020-03-01T00:00:00Z' };
    delete old.platforms;
    const text = canonicalText([old, v1, other]);
    expect(brief(await findingsOf('database-entries', text, { base: canonicalText([v1, other]) }))).toEqual([
      ['warning', 'database-entries/key-missing', 2],
    ]);
  });
});

describe('plugin id takeover', () => {
  const base = canonicalText([v1, other]);
  it('fails an id the base publishes from another repository', async () => {
    const takeover = makeEntry({ version: '99.0.0', repo: 'mattermost-plugin-evil' });
    const text = canonicalText([takeover, v1, other]);
    const findings = (await findingsOf('database-changes', text, { base })).filter((f) =>
      f.rule.startsWith('database-changes/id'),
    );
    expect(brief(findings)).toEqual([
      ['error', 'database-changes/id-other-repository', lineOf(text, '"id": "com.example.weather"')],
    ]);
  });

  it('fails an id equal to a published one of another repository ignoring case', async () => {
    const variant = makeEntry({ id: 'com.example.Weather', version: '3.0.0', repo: 'mattermost-plugin-weather-fork' });
    const text = canonicalText([variant, v1, other]);
    const findings = (await findingsOf('database-changes', text, { base })).filter((f) =>
      f.rule.startsWith('database-changes/id'),
    );
    expect(brief(findings)).toEqual([
      ['error', 'database-changes/id-case-collision', lineOf(text, '"id": "com.example.Weather"')],
    ]);
  });

  it('warns, not fails, when the repository itself changes the case of its id', async () => {
    const variant = makeEntry({ id: 'com.example.Weather', version: '3.0.0' });
    const text = canonicalText([variant, v1, other]);
    const findings = (await findingsOf('database-changes', text, { base })).filter((f) =>
      /database-changes\/(id|repository)/.test(f.rule),
    );
    expect(brief(findings)).toEqual([
      ['warning', 'database-changes/repository-id-changed', lineOf(text, '"id": "com.example.Weather"')],
    ]);
    expect(findings[0]?.message).toBe(
      `The repository "mattermost-plugin-weather" published its earlier releases as "com.example.weather" (line ${lineOf(base, '"id": "com.example.weather"')} of the base), and this release as "com.example.Weather": servers lower-case ids and see one plugin, but plugins.json would list it under two ids. Keep the published spelling, or have a maintainer confirm the change.`,
    );
  });

  it('fails a fork that keeps the repo_name but publishes from another GitHub repository', async () => {
    const github = (owner: string, version: string) =>
      `https://github.com/${owner}/mattermost-plugin-weather/releases/download/v${version}/mattermost-plugin-weather-v${version}.tar.gz`;
    const listed = { ...v1, download_url: github('example', '1.0.0') };
    const fork = { ...makeEntry({ version: '99.0.0' }), download_url: github('someone', '99.0.0') };
    const forkBase = canonicalText([listed, other]);
    const text = canonicalText([fork, listed, other]);
    const findings = (await findingsOf('database-changes', text, { base: forkBase })).filter((f) =>
      f.rule.startsWith('database-changes/id'),
    );
    expect(brief(findings)).toEqual([
      ['error', 'database-changes/id-other-repository', lineOf(text, '"id": "com.example.weather"')],
    ]);
    expect(findings[0]?.message).toContain(
      'comes from the GitHub repository "someone/mattermost-plugin-weather", but the id "com.example.weather" is published from "example/mattermost-plugin-weather"',
    );
  });

  it('warns when a repository publishes under a new id', async () => {
    const renamed = makeEntry({ id: 'com.example.forecast', version: '3.0.0' });
    const text = canonicalText([renamed, v1, other]);
    const findings = (await findingsOf('database-changes', text, { base })).filter((f) =>
      f.rule.startsWith('database-changes/repository'),
    );
    expect(brief(findings)).toEqual([
      ['warning', 'database-changes/repository-id-changed', lineOf(text, '"id": "com.example.forecast"')],
    ]);
  });
});

describe('reading the file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mm-review-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a file over the engine's string limit before reading it (a sparse 600 MB file)", async () => {
    const file = path.join(dir, 'huge.json');
    const handle = await open(file, 'w');
    await handle.truncate(600 * 1000 * 1000);
    await handle.close();
    await expect(readDatabaseFile(file)).rejects.toThrow(
      /^\S+ is 600000000 bytes, over the 524288000-byte \(500 MiB\) limit/,
    );
    expect(MAX_DATABASE_BYTES).toBeLessThan(2 ** 29 - 24);
  });

  it('refuses a FIFO instead of waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    await expect(readDatabaseFile(fifo)).rejects.toThrow(/is not a regular file \(a named pipe\)/);
  });

  it('refuses a directory', async () => {
    await expect(readDatabaseFile(dir)).rejects.toThrow(/is not a regular file \(a directory\)/);
  });

  it('reads a regular file', async () => {
    const file = path.join(dir, 'plugins.json');
    writeFileSync(file, '[]\n');
    await expect(readDatabaseFile(file)).resolves.toBe('[]\n');
  });

  it.each([true, false])('decodes UTF-8 the same way in either read (one step: %s)', async (direct) => {
    const file = path.join(dir, 'utf8.json');
    // é, an emoji, and a byte that is not UTF-8 (0xff): replaced by U+FFFD, as Go's decoder does.
    writeFileSync(file, Buffer.concat([Buffer.from('["é 😀 '), Buffer.from([0xff]), Buffer.from('"]\n')]));
    await expect(readDatabaseFile(file, direct)).resolves.toBe('["é 😀 \ufffd"]\n');
  });
});

describe('rule declarations', () => {
  it('declares every rule the fixtures above make the checks emit, and more', async () => {
    const declared = new Set(DATABASE_CHECKS.flatMap((check) => Object.keys(check.rules ?? {})));
    const texts = [
      canonicalText([
        {
          ...makeEntry(),
          Hosting: '',
          extra: 1,
          enterprise: null,
          signature: 'x',
          updated_at: '2024-10-11T16:52:57.100Z',
        },
        null,
        3,
      ]),
      canonicalText([{ ...makeEntry({ version: '2.0.0', repo: 'other' }), signature: SIGNATURE }, v1, other]),
      '',
      '[',
      `${canonicalText([v1])}x`,
    ];
    const emitted = new Set<string>();
    for (const text of texts) {
      const { report } = await validate(text, { base: canonicalText([v1, other]) });
      for (const check of report.checks) for (const finding of check.findings) emitted.add(finding.rule);
    }
    expect([...emitted].filter((rule) => !declared.has(rule))).toEqual([]);
    expect(emitted.size).toBeGreaterThan(10);
  });
});
