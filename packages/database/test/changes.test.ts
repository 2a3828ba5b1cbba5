import { describe, expect, it } from '@jest/globals';
import { canonicalText, findingsOf, lineOf, makeEntry, validate, statusOf } from './helpers';

const v1 = makeEntry({ version: '1.0.0' });
const v2 = makeEntry({ version: '2.0.0' });
const other = makeEntry({ id: 'com.example.zoo', repo: 'mattermost-plugin-zoo', version: '0.5.0' });
const base = canonicalText([v1, other]);

describe('database-changes', () => {
  it('is skipped without a base', async () => {
    const { report, added } = await validate(base);
    expect(statusOf(report, 'database-changes')).toBe('skip');
    expect(report.checks.find((c) => c.id === 'database-changes')?.findings[0]?.rule).toBe('database-changes/no-base');
    expect(added).toEqual([]);
  });

  it('passes a clean addition and lists it for the announcement', async () => {
    const { report, added } = await validate(canonicalText([v2, v1, other]), { base });
    expect(statusOf(report, 'database-changes')).toBe('pass');
    expect(report.checks.find((c) => c.id === 'database-changes')?.summary).toBe(
      'Against base.json: 1 added, 0 modified, 0 removed, 2 unchanged.',
    );
    expect(added).toEqual([
      {
        id: 'com.example.weather',
        name: 'Weather',
        version: '2.0.0',
        min_server_version: '9.11.0',
        release_notes_url: 'https://github.com/example/mattermost-plugin-weather/releases/tag/v2.0.0',
        homepage_url: 'https://github.com/example/mattermost-plugin-weather',
        download_url: 'https://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v2.0.0.tar.gz',
        repo_name: 'mattermost-plugin-weather',
        release_stage: 'production',
      },
    ]);
  });

  it('fails a removal unless removals are allowed', async () => {
    const text = canonicalText([v1]);
    const findings = await findingsOf('database-changes', text, { base });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-changes/removed',
        file: 'plugins.json',
        line: 1,
        column: 1,
      }),
    ]);
    expect(findings[0]?.message).toMatch(/^com\.example\.zoo 0\.5\.0 \(line \d+ of the base\) was removed/);
    const allowed = await findingsOf('database-changes', text, { base, options: { allowRemovals: true } });
    expect(allowed.map((f) => f.severity)).toEqual(['notice']);
  });

  it('fails a rewritten entry at its first changed field unless modifications are allowed', async () => {
    const rewritten = {
      ...v1,
      download_url: 'https://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v1.0.0-fixed.tar.gz',
      signature: v2.signature,
    };
    const text = canonicalText([rewritten, other]);
    const findings = await findingsOf('database-changes', text, { base });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-changes/modified',
        line: lineOf(text, '"download_url"'),
        column: 5,
      }),
    ]);
    expect(findings[0]?.message).toContain('(download_url changed)');
    const allowed = await validate(text, { base, options: { allowModifications: true } });
    expect(statusOf(allowed.report, 'database-changes')).toBe('pass');
  });

  it('treats a rewritten entry as touched, so its problems are errors', async () => {
    const rewritten = { ...v1, release_notes_url: '' };
    const findings = await findingsOf('database-entries', canonicalText([rewritten, other]), { base });
    expect(findings.map((f) => [f.severity, f.rule])).toEqual([['error', 'database-entries/release-notes-url-empty']]);
  });

  it('sees swapped entries as unchanged (database-format reports the order)', async () => {
    const text = canonicalText([other, v1]);
    const { report } = await validate(text, { base });
    expect(statusOf(report, 'database-changes')).toBe('pass');
    expect(report.checks.find((c) => c.id === 'database-changes')?.summary).toContain(
      '0 added, 0 modified, 0 removed, 2 unchanged',
    );
    // Both entries are unchanged, but the change moved them out of order: an error.
    expect(statusOf(report, 'database-format')).toBe('fail');
  });

  it('matches entries in a base that is not in the canonical layout', async () => {
    const { report } = await validate(canonicalText([v2, v1, other]), { base: JSON.stringify([v1, other]) });
    expect(report.checks.find((c) => c.id === 'database-changes')?.summary).toContain(
      '1 added, 0 modified, 0 removed, 2 unchanged',
    );
  });

  it('requires new entries to name the manifest version and repo_name in their URLs', async () => {
    const wrong = makeEntry({ version: '2.0.0' });
    wrong.download_url = 'https://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v2.0.1.tar.gz';
    wrong.repo_name = 'mattermost-plugin-forecast';
    const text = canonicalText([wrong, v1, other]);
    const findings = await findingsOf('database-changes', text, { base });
    const line = lineOf(text, '"download_url"');
    expect(findings.map((f) => [f.severity, f.rule, f.line])).toEqual([
      ['error', 'database-changes/url-version-mismatch', line],
      ['error', 'database-changes/repo-name-mismatch', line],
      [
        'error',
        'database-changes/repo-name-mismatch',
        lineOf(
          text,
          '"download_url": "https://plugins.releases.mattermost.com/release/mattermost-plugin-weather-v2.0.0-linux',
        ),
      ],
      ['warning', 'database-changes/repo-name-mismatch', lineOf(text, '"repo_name"')],
      ['error', 'database-changes/id-other-repository', lineOf(text, '"id": "com.example.weather"')],
    ]);
    expect(findings[0]?.message).toContain('"mattermost-plugin-weather-v2.0.1.tar.gz", which is not version 2.0.0');
  });

  it('requires the URLs copied from the manifest to be copied verbatim', async () => {
    const wrong = makeEntry({ version: '2.0.0' });
    wrong.homepage_url = 'https://github.com/example/mattermost-plugin-weather/';
    const text = canonicalText([wrong, v1, other]);
    const findings = await findingsOf('database-changes', text, { base });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'database-changes/copied-field-mismatch',
        line: lineOf(text, '"homepage_url"'),
        column: 21,
      }),
    ]);
  });

  it('is skipped when the base does not parse', async () => {
    const { report } = await validate(base, { base: '[' });
    expect(report.checks.find((c) => c.id === 'database-changes')?.findings[0]?.rule).toBe(
      'database-changes/base-unreadable',
    );
  });
});
