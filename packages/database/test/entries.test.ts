import { describe, expect, it } from '@jest/globals';
import type { Finding } from '@mm-review/core';
import { decodeBase64, entryProblems } from '../src/entries';
import { seededRandom } from '../../../test/helpers/random';
import { NOW, canonicalText, columnOf, findingsOf, lineOf, makeEntry, validate, statusOf } from './helpers';

type Entry = Record<string, unknown>;

/** The database-entries findings of one entry changed by `edit`, added against a base without it (so errors stay errors). */
async function added(edit: (entry: Entry) => void): Promise<{ text: string; findings: Finding[] }> {
  const entry = makeEntry();
  edit(entry);
  const text = canonicalText([entry]);
  return { text, findings: await findingsOf('database-entries', text, { base: canonicalText([]) }) };
}

function manifestOf(entry: Entry): Entry {
  return entry.manifest as Entry;
}

describe('database-entries', () => {
  it('passes a complete, consistent entry', async () => {
    const { findings } = await added(() => undefined);
    expect(findings).toEqual([]);
  });

  it('reports missing and unknown keys; labels is a model field', async () => {
    const { text, findings } = await added((e) => {
      delete e.repo_name;
      e.labels = [{ name: 'Community', description: 'Maintained by the community.', url: '', color: '#123456' }];
      e.bugs_url = 'https://example.com';
    });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'database-entries/key-missing', line: 2, column: 3 }),
      expect.objectContaining({
        severity: 'warning',
        rule: 'database-entries/key-unknown',
        line: lineOf(text, '"bugs_url"'),
        column: 5,
      }),
    ]);
    expect(findings[0]?.message).toContain('no "repo_name"');
    expect(findings[1]?.message).toContain('the Marketplace ignores it');
  });

  it('reports a field of the wrong type as an error even in an untouched entry', async () => {
    const entry = makeEntry();
    entry.enterprise = 'false';
    const text = canonicalText([entry]);
    const findings = await findingsOf('database-entries', text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-entries/type',
        line: lineOf(text, '"enterprise"'),
        column: 19,
      }),
    ]);
  });

  it.each([
    ['hosting', 'both', 'database-entries/hosting-invalid'],
    ['author_type', 'vendor', 'database-entries/author-type-invalid'],
    ['release_stage', 'alpha', 'database-entries/release-stage-invalid'],
  ])('reports %s outside its values', async (key, value, rule) => {
    const { text, findings } = await added((e) => (e[key] = value));
    const line = lineOf(text, `"${key}"`);
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', rule, line, column: columnOf(text, line, `"${value}"`) }),
    ]);
  });

  it('explains the outage a non-semver min_server_version causes, even in an untouched entry', async () => {
    const entry = makeEntry();
    manifestOf(entry).min_server_version = '5.6';
    const text = canonicalText([entry]);
    const findings = await findingsOf('database-entries', text);
    const line = lineOf(text, '"min_server_version"');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-entries/min-server-version-invalid',
        line,
        column: columnOf(text, line, '"5.6"'),
      }),
    ]);
    expect(findings[0]?.message).toMatch(/HTTP 500 to every server.*write 5\.6\.0/);
  });

  it('reports a missing or non-semver version', async () => {
    const invalid = await added((e) => (manifestOf(e).version = 'v1.2.0'));
    expect(invalid.findings.map((f) => f.rule)).toContain('database-entries/version-invalid');
    expect(invalid.findings.find((f) => f.rule === 'database-entries/version-invalid')?.message).toMatch(
      /panic.*drop the leading "v"/,
    );
    const missing = await added((e) => delete manifestOf(e).version);
    expect(missing.findings.map((f) => f.rule)).toContain('database-entries/version-missing');
  });

  it('reports empty, invalid and plain-http URLs', async () => {
    const { text, findings } = await added((e) => {
      e.homepage_url = '';
      e.download_url = 'http://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v1.2.0.tar.gz';
    });
    const rules = findings.map((f) => [f.rule, f.line]);
    expect(rules).toContainEqual(['database-entries/homepage-url-empty', lineOf(text, '"homepage_url"')]);
    expect(rules).toContainEqual(['database-entries/url-not-https', lineOf(text, '"download_url"')]);
    const invalid = await added((e) => (e.download_url = 'release/bundle.tar.gz'));
    expect(invalid.findings.map((f) => f.rule)).toContain('database-entries/url-invalid');
  });

  it('checks that signatures are base64 OpenPGP signature packets', async () => {
    const armored = await added(
      (e) => (e.signature = Buffer.from('-----BEGIN PGP SIGNATURE-----\n').toString('base64')),
    );
    expect(armored.findings).toEqual([
      expect.objectContaining({
        rule: 'database-entries/signature-invalid',
        line: lineOf(armored.text, '"signature"'),
      }),
    ]);
    expect(armored.findings[0]?.message).toMatch(/not an OpenPGP signature packet/);
    const notBase64 = await added((e) => (e.signature = 'not base64!'));
    expect(notBase64.findings[0]?.message).toMatch(/not valid base64/);
    const newFormat = await added((e) => (e.signature = Buffer.from([0xc2, 0x75, 1, 2, 3, 4]).toString('base64')));
    expect(newFormat.findings).toEqual([]);
    const empty = await added((e) => (e.signature = ''));
    expect(empty.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'database-entries/signature-missing' }),
    ]);
  });

  it('reports an empty signature in an untouched entry as a legacy warning', async () => {
    const entry = makeEntry();
    entry.signature = '';
    const findings = await findingsOf('database-entries', canonicalText([entry]));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'database-entries/signature-missing' }),
    ]);
    expect(findings[0]?.message).toMatch(/does not touch/);
  });

  it('checks that icon_data is a base64 SVG data URI', async () => {
    const png = await added((e) => (e.icon_data = 'data:image/png;base64,iVBORw0KGgo='));
    expect(png.findings).toEqual([
      expect.objectContaining({
        rule: 'database-entries/icon-invalid',
        line: lineOf(png.text, '"icon_data"'),
        column: 18,
      }),
    ]);
    const notSvg = await added(
      (e) => (e.icon_data = `data:image/svg+xml;base64,${Buffer.from('hello').toString('base64')}`),
    );
    expect(notSvg.findings[0]?.message).toMatch(/not an SVG document/);
    const empty = await added((e) => (e.icon_data = ''));
    expect(empty.findings).toEqual([]);
  });

  it('reads base64 strictly: padding, alphabet and length, no white space or URL-safe letters', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    expect(decodeBase64(svg)).toBe(Buffer.from(svg, 'base64').toString('latin1'));
    for (const good of ['', 'YQ==', 'YWI=', 'YWJj', '+/+/'])
      expect({ good, ok: decodeBase64(good) !== undefined }).toEqual({ good, ok: true });
    // atob alone accepts the first three (it drops ASCII white space and pads).
    for (const bad of [
      'YW Jj',
      'YWJ\n',
      'YQ=\t',
      'YQ',
      'YQ=',
      'Y===',
      'YQ=a',
      '-_-_',
      'YWJjé===',
      '====',
      'YWJj\u0100AAA',
    ])
      expect({ bad, ok: decodeBase64(bad) !== undefined }).toEqual({ bad, ok: false });
  });

  it('checks the three platform keys and that each bundle has both fields', async () => {
    const { text, findings } = await added((e) => {
      e.platforms = {
        'linux-amd64': { download_url: 'https://example.com/x-v1.2.0-linux-amd64.tar.gz' },
        'darwin-arm64': {},
        'windows-amd64': {},
      };
    });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['database-entries/platforms-invalid', lineOf(text, '"darwin-arm64"')],
      ['database-entries/platforms-invalid', lineOf(text, '"platforms"')],
      ['database-entries/platforms-incomplete', lineOf(text, '"linux-amd64": {')],
    ]);
    expect(findings[2]?.message).toMatch(/no signature; the server swaps in a platform bundle only when both/);
  });

  it('checks a complete platform bundle past its usual shape: extra keys, http, a bad signature', async () => {
    const bundle = (edit: (b: Entry) => void) =>
      added((e) => edit((e.platforms as Record<string, Entry>)['linux-amd64'] as Entry));
    const extra = await bundle((b) => (b.checksum = 'abc'));
    expect(extra.findings.map((f) => [f.rule, f.line])).toEqual([
      ['database-entries/platforms-invalid', lineOf(extra.text, '"linux-amd64": {')],
    ]);
    expect(extra.findings[0]?.message).toMatch(/has "checksum"; a platform bundle has only/);
    const http = await bundle((b) => (b.download_url = String(b.download_url).replace('https:', 'http:')));
    expect(http.findings.map((f) => [f.rule, f.line])).toEqual([
      ['database-entries/url-not-https', lineOf(http.text, '"download_url": "http:')],
    ]);
    expect(http.findings[0]?.message).toMatch(/^platforms\.linux-amd64\.download_url /);
    const armored = await bundle((b) => (b.signature = Buffer.from('-----BEGIN PGP').toString('base64')));
    expect(armored.findings.map((f) => [f.rule, f.message.split(' ')[0]])).toEqual([
      ['database-entries/signature-invalid', 'platforms.linux-amd64.signature'],
    ]);
    const typed = await bundle((b) => (b.signature = 7));
    expect(typed.findings.map((f) => [f.rule, f.severity])).toEqual([['database-entries/type', 'error']]);
  });

  it('still reads every field of an entry whose keys are all present: a null, a wrong type, labels', async () => {
    const nulled = await added((e) => (e.repo_name = null));
    expect(nulled.findings.map((f) => f.rule)).toEqual(['database-entries/null-value']);
    const typed = await added((e) => (e.enterprise = 'false'));
    expect(typed.findings.map((f) => f.rule)).toEqual(['database-entries/type']);
    const labels = await added((e) => (e.labels = { name: 'Community' }));
    expect(labels.findings.map((f) => f.rule)).toEqual(['database-entries/type']);
  });

  it('checks updated_at: the generator format, a real date, not in the future', async () => {
    const local = await added((e) => (e.updated_at = '2024-10-11 16:52:57'));
    expect(local.findings).toEqual([
      expect.objectContaining({
        rule: 'database-entries/updated-at-invalid',
        line: lineOf(local.text, '"updated_at"'),
        column: 19,
      }),
    ]);
    const zeros = await added((e) => (e.updated_at = '2024-10-11T16:52:57.100Z'));
    expect(zeros.findings.map((f) => [f.severity, f.rule])).toEqual([['error', 'database-entries/updated-at-format']]);
    const impossible = await added((e) => (e.updated_at = '2024-02-30T10:00:00Z'));
    expect(impossible.findings.map((f) => f.rule)).toEqual(['database-entries/updated-at-invalid']);
    for (const [date, valid] of [
      ['2024-02-29', true],
      ['2000-02-29', true],
      ['2023-02-29', false],
      ['1900-02-29', false],
      ['2024-04-31', false],
      ['2024-12-31', true],
    ] as const) {
      const leap = await added((e) => (e.updated_at = `${date}T10:00:00Z`));
      expect({ date, rules: leap.findings.map((f) => f.rule) }).toEqual({
        date,
        rules: valid ? [] : ['database-entries/updated-at-invalid'],
      });
    }
    // Date.parse reads 24:00 as the next midnight; Go's time.Parse refuses both.
    for (const edge of ['2024-10-11T24:00:00Z', '2024-10-11T23:59:60Z']) {
      const { findings } = await added((e) => (e.updated_at = edge));
      expect({ edge, rules: findings.map((f) => f.rule) }).toEqual({
        edge,
        rules: ['database-entries/updated-at-invalid'],
      });
    }
    const future = await added((e) => (e.updated_at = '2999-01-01T00:00:00Z'));
    expect(future.findings.map((f) => f.rule)).toEqual(['database-entries/updated-at-future']);
    expect((await added((e) => (e.updated_at = '2019-06-07T00:11:20Z'))).findings).toEqual([]);
  });

  it('reads updated_at as Go does on random times, in-range and out-of-range fields alike', () => {
    const random = seededRandom(20261130);
    const pick = (n: number) => Math.floor(random() * n);
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const now = NOW.getTime();
    for (let i = 0; i < 3000; i++) {
      const [y, mo, d, h, mi, se] = [1900 + pick(1200), pick(14), pick(33), pick(26), pick(62), pick(62)];
      const fraction = ['', '.5', '.080352964', '.1234'][pick(4)] as string;
      const value = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(se, 2)}${fraction}Z`;
      const inMonth = mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
      const valid = inMonth && h <= 23 && mi <= 59 && se <= 59;
      const expected = !valid
        ? ['database-entries/updated-at-invalid']
        : Date.parse(value) > now + 10 * 60 * 1000
          ? ['database-entries/updated-at-future']
          : [];
      const entry = makeEntry();
      entry.updated_at = value;
      const rules = entryProblems(entry, { now: NOW })
        .map((p) => p.rule)
        .filter((rule) => rule.includes('updated-at'));
      expect({ value, rules }).toEqual({ value, rules: expected });
    }
  });

  it('applies the release_notes_url rules of check-changelog', async () => {
    const { text, findings } = await added((e) => {
      e.release_notes_url = 'https://github.com/example/mattermost-plugin-weatherreleases/tag/v1.2.0';
      manifestOf(e).release_notes_url = e.release_notes_url;
    });
    const line = lineOf(text, '"release_notes_url"');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-entries/release-notes-url-missing-slash',
        line,
        column: 26,
      }),
    ]);
    const older = await added(
      (e) => (e.release_notes_url = 'https://github.com/example/mattermost-plugin-weather/releases/tag/v1.1.9'),
    );
    expect(older.findings.map((f) => f.rule)).toEqual(['database-entries/release-notes-url-older-version']);
  });

  it('runs the manifest rules on the embedded manifest, at the manifest line of the field', async () => {
    const { text, findings } = await added((e) => (manifestOf(e).id = 'x!'));
    const line = lineOf(text, '"id": "x!"');
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'database-entries/manifest-id-invalid',
        line,
        column: columnOf(text, line, '"x!"'),
      }),
    ]);
    expect(findings[0]?.message).toMatch(/^manifest: invalid plugin ID/);
  });

  it('reports a manifest field of the wrong type as breaking the Marketplace', async () => {
    const entry = makeEntry();
    manifestOf(entry).name = 5;
    const text = canonicalText([entry]);
    const findings = await findingsOf('database-entries', text);
    const line = lineOf(text, '"name": 5');
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        rule: 'database-entries/manifest-type-mismatch',
        line,
        column: columnOf(text, line, '5'),
      }),
    );
  });

  it('reports the same id, version and hosting listed twice', async () => {
    const text = canonicalText([makeEntry(), makeEntry(), makeEntry({ hosting: 'cloud' })]);
    const findings = await findingsOf('database-entries', text, { base: canonicalText([]) });
    const second = lineOf(text, '  {', 3);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'database-entries/duplicate', line: second, column: 3 }),
    ]);
    expect(findings[0]?.message).toContain('also at line 2');
  });

  it('makes problems in untouched entries warnings and in added ones errors', async () => {
    const old = makeEntry({ version: '1.0.0' });
    old.release_notes_url = '';
    const fresh = makeEntry({ version: '2.0.0' });
    fresh.release_notes_url = '';
    const base = canonicalText([old]);
    const text = canonicalText([fresh, old]);
    const { report } = await validate(text, { base });
    const findings = report.checks.find((c) => c.id === 'database-entries')?.findings ?? [];
    expect(findings.map((f) => [f.severity, f.rule, f.line])).toEqual([
      ['error', 'database-entries/release-notes-url-empty', lineOf(text, '"release_notes_url"')],
      [
        'warning',
        'database-entries/release-notes-url-empty',
        lineOf(text, '"release_notes_url"', lineOf(text, '  {', 3)),
      ],
    ]);
    expect(statusOf(report, 'database-entries')).toBe('fail');
  });

  it('reports an entry that is not an object', async () => {
    const findings = await findingsOf('database-entries', '[\n  "plugin"\n]\n');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'database-entries/not-object', line: 2, column: 3 }),
    ]);
  });
});

describe('database-entries listing caps', () => {
  it('lists the first 1000 errors and 500 warnings in file order and counts the rest, also past entries whose manifest takes the located decoder', async () => {
    const entries = Array.from({ length: 1600 }, (_, i) => {
      const entry = makeEntry({ id: `com.example.p${String(i).padStart(4, '0')}`, repo: `mattermost-plugin-p${i}` });
      entry.author_type = 'nobody';
      // Every third manifest carries a key the Go model does not have: read by the located decoder, asynchronously.
      if (i % 3 === 1) manifestOf(entry).colour = 'blue';
      return entry;
    });
    const text = canonicalText(entries);
    const findings = await findingsOf('database-entries', text, { base: canonicalText([]) });
    const errors = findings.filter((f) => f.severity === 'error');
    const warnings = findings.filter((f) => f.severity === 'warning');
    /** Every line holding `needle`, in file order. */
    const linesWith = (needle: string) => text.split('\n').flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
    // One error per entry: the first 1000 entries' in file order, the other 600 counted.
    expect(new Set(errors.map((f) => f.rule))).toEqual(new Set(['database-entries/author-type-invalid']));
    expect(errors.map((f) => f.line)).toEqual(linesWith('"author_type": "nobody"').slice(0, 1000));
    // A warning in each of 533 entries: the first 500 listed, at the key, the other 33 counted.
    expect(new Set(warnings.map((f) => f.rule))).toEqual(new Set(['database-entries/manifest-unknown-field']));
    expect(warnings.map((f) => f.line)).toEqual(linesWith('"colour": "blue"').slice(0, 500));
    expect(findings.at(-1)).toMatchObject({
      severity: 'notice',
      rule: 'database-entries/more-findings',
      message: expect.stringMatching(
        /^633 more findings are not listed \(the first 1000 errors and 500 warnings are\)/,
      ),
    });
    expect(findings).toHaveLength(1501);
  });
});
