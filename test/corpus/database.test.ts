import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import type { Finding, Report } from '@mm-review/core';
import { checkReleaseNotesUrl } from '@mm-review/changelog';
import {
  DatabaseFile,
  isPlainReleasePage,
  locatedManifestProblems,
  manifestProblems,
  validateDatabase,
} from '@mm-review/database';
import { CORPUS_DIR, describeCorpus } from './corpus';

type Entry = Record<string, unknown> & { manifest: Record<string, unknown> };

const NOW = new Date('2026-11-23T00:00:00Z');

function read(name: string): string {
  return readFileSync(path.join(CORPUS_DIR, 'marketplace', `plugins.${name}.json`), 'utf8');
}

function text(entries: unknown[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

async function validate(head: string, base?: string) {
  return validateDatabase({
    head: { file: 'plugins.json', text: head },
    ...(base === undefined ? {} : { base: { file: 'base.json', text: base } }),
    tool: { name: 'mm-review', version: '0.0.0' },
    options: { now: () => NOW },
  });
}

function check(report: Report, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function countRules(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[`${f.severity} ${f.rule}`] = (counts[`${f.severity} ${f.rule}`] ?? 0) + 1;
  return counts;
}

/** A later release of a real entry, with every URL naming the new version, as the generator would write it. */
function nextRelease(entry: Entry, version: string): Entry {
  const old = entry.manifest.version as string;
  const swap = (value: unknown) => (typeof value === 'string' ? value.split(old).join(version) : value);
  const copy = JSON.parse(JSON.stringify(entry)) as Entry;
  copy.download_url = swap(copy.download_url);
  copy.release_notes_url = swap(copy.release_notes_url);
  copy.manifest.version = version;
  copy.manifest.release_notes_url = swap(copy.manifest.release_notes_url);
  for (const platform of Object.values(copy.platforms as Record<string, Record<string, unknown>>)) {
    if (platform.download_url) platform.download_url = swap(platform.download_url);
  }
  return copy;
}

describeCorpus('validate-database on the real Marketplace databases', () => {
  it('passes the production database, with its known bad release-notes URLs as warnings', async () => {
    const { report } = await validate(read('production'));
    expect(report.result).toBe('pass');
    expect(report.database).toEqual({ path: 'plugins.json', entries: 134 });
    expect(check(report, 'database-format').status).toBe('pass');
    const entries = check(report, 'database-entries');
    expect(entries.status).toBe('warn');
    expect(entries.findings.every((f) => f.severity !== 'error')).toBe(true);
    const counts = countRules(entries.findings);
    // gitlab 1.9.1 and 1.9.0, github 2.3.0, jira 4.1.1 and zoom 1.8.0 glue "releases" to the repository name;
    // jira 4.1.1 also links its release candidate v4.1.1-rc1 (docs/mattermost.md §3, real mistakes).
    expect(counts['warning database-entries/release-notes-url-missing-slash']).toBe(5);
    expect(counts['warning database-entries/release-notes-url-prerelease-tag']).toBe(1);
    // 2019-era entries were written before signatures were stored.
    expect(counts['warning database-entries/signature-missing']).toBe(22);
    const slash = entries.findings
      .filter((f) => f.rule === 'database-entries/release-notes-url-missing-slash')
      .map((f) => f.line);
    const lines = read('production').split('\n');
    for (const line of slash)
      expect(lines[(line as number) - 1]).toMatch(
        /^ {4}"release_notes_url": "https:\/\/github\.com\/mattermost\/mattermost-plugin-(gitlab|github|jira|zoom)releases\//,
      );
  });

  it('passes the pre-removal database, with its listed-twice nps 1.0.0 as a warning', async () => {
    const { report } = await validate(read('pre-removal-2023-09'));
    expect(report.result).toBe('pass');
    expect(check(report, 'database-format').status).toBe('pass');
    const counts = countRules(check(report, 'database-entries').findings);
    expect(counts['warning database-entries/duplicate']).toBe(1);
    expect(counts['warning database-entries/release-notes-url-empty']).toBe(8);
    expect(counts['warning database-entries/homepage-url-empty']).toBe(2);
    expect(Object.keys(counts).some((k) => k.startsWith('error'))).toBe(false);
  });

  it('passes the private-beta overlay', async () => {
    const { report } = await validate(read('private-beta'));
    expect(report.result).toBe('pass');
    expect(report.database?.entries).toBe(22);
    expect(check(report, 'database-format').status).toBe('pass');
  });

  it('sees no change when a database is compared with itself', async () => {
    for (const name of ['production', 'pre-removal-2023-09', 'private-beta']) {
      const file = read(name);
      const { report, added } = await validate(file, file);
      expect(check(report, 'database-changes').status).toBe('pass');
      expect(added).toEqual([]);
    }
  });

  it('fails an added entry with min_server_version "5.6", at its line', async () => {
    const base = read('production');
    const entries = JSON.parse(base) as Entry[];
    const bad = nextRelease(entries[18] as Entry, '1.2.1');
    bad.manifest.min_server_version = '5.6';
    const head = text([...entries.slice(0, 18), bad, ...entries.slice(18)]);
    const { report, added } = await validate(head, base);
    expect(report.result).toBe('fail');
    const findings = check(report, 'database-entries').findings.filter((f) => f.severity === 'error');
    const line = head.split('\n').findIndex((l) => l === '      "min_server_version": "5.6",') + 1;
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'database-entries/min-server-version-invalid', line, column: 29 }),
    ]);
    expect(added.map((a) => [a.id, a.version, a.min_server_version])).toEqual([
      ['com.mattermost.calls', '1.2.1', '5.6'],
    ]);
    expect(check(report, 'database-changes').status).toBe('pass');
  });

  it('passes a clean addition: the newest Calls release added to a base without it', async () => {
    const head = read('production');
    const entries = JSON.parse(head) as Entry[];
    expect(entries[18]?.manifest.version).toBe('1.2.0');
    const base = text([...entries.slice(0, 18), ...entries.slice(19)]);
    const { report, added } = await validate(head, base);
    expect(report.result).toBe('pass');
    expect(check(report, 'database-changes').summary).toBe(
      'Against base.json: 1 added, 0 modified, 0 removed, 133 unchanged.',
    );
    expect(check(report, 'database-changes').findings).toEqual([]);
    expect(added).toEqual([
      expect.objectContaining({
        id: 'com.mattermost.calls',
        name: 'Calls',
        version: '1.2.0',
        release_notes_url: 'https://github.com/mattermost/mattermost-plugin-calls/releases/tag/v1.2.0',
      }),
    ]);
  });

  it('validates production against the snapshot before it: only the releases added since can fail', async () => {
    const { report } = await validate(read('production'), read('pre-removal-2023-09'));
    const changes = check(report, 'database-changes');
    // A model change wrote "secret": false and "sections": null into 98 entries: re-encoded, not rewritten.
    expect(changes.summary).toBe(
      'Against base.json: 36 added, 0 modified, 111 removed, 0 unchanged, 98 re-encoded without a change of value.',
    );
    expect(check(report, 'database-format').findings).toEqual([]);
    const errors = check(report, 'database-entries').findings.filter((f) => f.severity === 'error');
    // The 2024 additions that glue "releases" to the repository name (404s) and link jira's -rc1 for 4.1.1.
    expect(countRules(errors)).toEqual({
      'error database-entries/release-notes-url-missing-slash': 5,
      'error database-entries/release-notes-url-prerelease-tag': 1,
    });
    // The 2019 entries were published unsigned: legacy, re-encoded or not.
    expect(countRules(check(report, 'database-entries').findings)['warning database-entries/signature-missing']).toBe(
      22,
    );
    // Community plugins were removed in 2023-09 on purpose: an error unless removals are allowed; 20 listed, the rest counted.
    expect(countRules(changes.findings)).toEqual({
      'error database-changes/removed': 20,
      'notice database-changes/removed': 1,
      'warning database-changes/copied-field-mismatch': 1,
    });
    // github 2.1.7's entry links its own release while its manifest still said v2.1.6: a hand correction.
    expect(changes.findings.find((f) => f.rule === 'database-changes/copied-field-mismatch')?.message).toContain(
      'v2.1.6',
    );
  });

  it('finds no error in any snapshot validated against itself: every problem there is legacy', async () => {
    for (const name of ['production', 'pre-removal-2023-09', 'private-beta']) {
      const file = read(name);
      for (const base of [file, undefined]) {
        const { report } = await validate(file, base);
        const errors = report.checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
        expect([name, errors.map((f) => f.rule)]).toEqual([name, []]);
      }
    }
  });

  it('fails swapped entries on the order only', async () => {
    const base = read('production');
    const entries = JSON.parse(base) as Entry[];
    [entries[0], entries[1]] = [entries[1] as Entry, entries[0] as Entry];
    const head = text(entries);
    const { report } = await validate(head, base);
    const format = check(report, 'database-format');
    const secondEntry = head.split('\n').findIndex((l, i) => i > 2 && l === '  {') + 1;
    expect(format.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'database-format/sort-order', line: secondEntry, column: 3 }),
    ]);
    expect(format.findings[0]?.message).toContain(
      'com.github.manland.mattermost-plugin-gitlab 1.9.1 is listed after com.github.manland.mattermost-plugin-gitlab 1.9.0',
    );
    expect(check(report, 'database-changes').status).toBe('pass');
  });

  it('fails a rewritten entry, and its legacy problems become errors', async () => {
    const base = read('production');
    const entries = JSON.parse(base) as Entry[];
    (entries[0] as Entry).download_url =
      'https://plugins.releases.mattermost.com/release/mattermost-plugin-gitlab-v1.9.1.tar.gz';
    const head = text(entries);
    const { report } = await validate(head, base);
    const changes = check(report, 'database-changes');
    expect(changes.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'database-changes/modified', line: 5, column: 5 }),
    ]);
    expect(changes.findings[0]?.message).toContain(
      'com.github.manland.mattermost-plugin-gitlab 1.9.1 was rewritten (download_url changed)',
    );
    const touched = check(report, 'database-entries').findings.filter((f) => f.severity === 'error');
    expect(touched.map((f) => [f.rule, f.line])).toEqual([['database-entries/release-notes-url-missing-slash', 6]]);
  });

  it('catches the real inconsistency of Calls 0.5.0, whose download_url names v0.5.1, when it is added', async () => {
    const head = read('production');
    const entries = JSON.parse(head) as Entry[];
    const index = entries.findIndex((e) => e.manifest.id === 'com.mattermost.calls' && e.manifest.version === '0.5.0');
    const base = text([...entries.slice(0, index), ...entries.slice(index + 1)]);
    const { report } = await validate(head, base);
    const findings = check(report, 'database-changes').findings;
    expect(findings.map((f) => f.rule)).toContain('database-changes/url-version-mismatch');
    expect(findings.find((f) => f.rule === 'database-changes/url-version-mismatch')?.message).toContain(
      '"mattermost-plugin-calls-v0.5.1.tar.gz", which is not version 0.5.0',
    );
  });

  it('skips the release-notes rules only for links in which they find nothing, on every real entry', async () => {
    let fast = 0;
    for (const name of ['production', 'pre-removal-2023-09', 'private-beta']) {
      for (const entry of JSON.parse(read(name)) as Entry[]) {
        const version = entry.manifest.version as string;
        const homepage = (entry.homepage_url as string) || (entry.manifest.homepage_url as string | undefined) || '';
        const url = entry.release_notes_url as string;
        if (!isPlainReleasePage(url, homepage, version)) continue;
        fast++;
        const support = entry.manifest.support_url as string | undefined;
        expect([
          url,
          checkReleaseNotesUrl(url, { version, homepageUrl: homepage, ...(support ? { supportUrl: support } : {}) }),
        ]).toEqual([url, []]);
      }
    }
    expect(fast).toBeGreaterThan(100);
  });

  it('gets the same manifest findings on the fast path as from the located decoder, for every real entry', async () => {
    let compared = 0;
    let withFindings = 0;
    for (const name of ['production', 'pre-removal-2023-09', 'private-beta']) {
      const database = new DatabaseFile('plugins.json', read(name));
      for (const [index, entry] of (database.entries ?? []).entries()) {
        const key = (p: { rule: string; message: string }) => `${p.rule} ${p.message}`;
        const fast = (await manifestProblems(database, index, (entry as Entry).manifest)).map(key).sort();
        const located = (await locatedManifestProblems(database, index)).map(key).sort();
        expect(fast).toEqual(located);
        compared++;
        if (fast.length) withFindings++;
      }
    }
    expect(compared).toBe(365);
    expect(withFindings).toBeGreaterThan(50);
  });
});
