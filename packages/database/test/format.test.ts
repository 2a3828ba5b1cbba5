import { describe, expect, it } from '@jest/globals';
import { canonicalText, columnOf, findingsOf, lineOf, makeEntry, validate, statusOf } from './helpers';

const two = [makeEntry({ version: '2.0.0' }), makeEntry({ version: '1.0.0' })];

describe('database-format', () => {
  it('passes the canonical layout and order', async () => {
    const { report } = await validate(canonicalText(two));
    expect(statusOf(report, 'database-format')).toBe('pass');
    expect(report.database).toEqual({ path: 'plugins.json', entries: 2 });
  });

  it('points at the syntax error of a file that does not parse', async () => {
    const text = '[\n  {\n    "hosting": "",\n  }\n]\n';
    const findings = await findingsOf('database-format', text);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'database-format/invalid-json',
        file: 'plugins.json',
        line: 4,
        column: 3,
      }),
    ]);
    const { report } = await validate(text);
    expect(statusOf(report, 'database-entries')).toBe('skip');
  });

  it('refuses a file that is not an array', async () => {
    const findings = await findingsOf('database-format', '\n{"entries": []}\n');
    expect(findings[0]).toMatchObject({ rule: 'database-format/invalid-json', line: 2, column: 1 });
    expect(findings[0]?.message).toMatch(/must be a JSON array of entries, but is an object/);
  });

  it('points at the first line that is not in the canonical layout', async () => {
    const text = `${JSON.stringify(two, null, 4)}\n`;
    const findings = await findingsOf('database-format', text);
    expect(findings).toEqual([expect.objectContaining({ rule: 'database-format/layout', line: 2, column: 3 })]);
    expect(findings[0]?.message).toContain('The canonical line is "  {"');
  });

  it('explains a missing trailing newline, CRLF and escaped characters', async () => {
    const canonical = canonicalText(two);
    const noNewline = await findingsOf('database-format', canonical.slice(0, -1));
    expect(noNewline[0]).toMatchObject({ rule: 'database-format/layout', line: canonical.split('\n').length - 1 });
    expect(noNewline[0]?.message).toMatch(/does not end with a newline/);
    const crlf = await findingsOf('database-format', canonical.replace(/\n/g, '\r\n'));
    expect(crlf[0]).toMatchObject({ line: 1, column: 2 });
    expect(crlf[0]?.message).toMatch(/CRLF/);
    const escaped = canonical.replace('Weather forecasts in channels.', 'Weather \\u0026 forecasts');
    const line = lineOf(escaped, '\\u0026');
    const found = await findingsOf('database-format', escaped);
    expect(found[0]).toMatchObject({ line, column: columnOf(escaped, line, '\\u0026') });
    expect(found[0]?.message).toMatch(/writes it raw/);
  });

  it('reports keys out of the canonical order at the misplaced key', async () => {
    const { download_url, hosting, ...rest } = makeEntry();
    const reordered = { hosting, download_url, ...rest };
    const text = canonicalText([reordered]);
    const findings = await findingsOf('database-format', text);
    const line = lineOf(text, '"download_url"');
    expect(findings).toEqual([expect.objectContaining({ rule: 'database-format/key-order', line, column: 5 })]);
    expect(findings[0]?.message).toContain('"download_url" comes after "hosting"');
  });

  it('reports entries out of order: id ascending, then version descending', async () => {
    const text = canonicalText([makeEntry({ version: '1.0.0' }), makeEntry({ version: '2.0.0' })]);
    const findings = await findingsOf('database-format', text);
    const line = lineOf(text, '  {', 3);
    expect(findings).toEqual([expect.objectContaining({ rule: 'database-format/sort-order', line, column: 3 })]);
    expect(findings[0]?.message).toContain('com.example.weather 2.0.0 is listed after com.example.weather 1.0.0');
    const ids = canonicalText([makeEntry({ id: 'com.example.zeta' }), makeEntry({ id: 'com.example.alpha' })]);
    expect(await findingsOf('database-format', ids)).toEqual([
      expect.objectContaining({ rule: 'database-format/sort-order' }),
    ]);
  });

  it('sorts a prerelease below its release', async () => {
    const ok = canonicalText([makeEntry({ version: '1.0.0' }), makeEntry({ version: '1.0.0-rc1' })]);
    expect(await findingsOf('database-format', ok)).toEqual([]);
    const wrong = canonicalText([makeEntry({ version: '1.0.0-rc1' }), makeEntry({ version: '1.0.0' })]);
    expect(await findingsOf('database-format', wrong)).toEqual([
      expect.objectContaining({ rule: 'database-format/sort-order' }),
    ]);
  });

  it('lists at most 20 sort problems and counts the rest', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => makeEntry({ version: `${i + 1}.0.0` }));
    // Without a base every entry is already published: the order is a legacy warning.
    const findings = await findingsOf('database-format', canonicalText(entries));
    expect(findings.filter((f) => f.severity === 'warning')).toHaveLength(20);
    expect(findings.at(-1)?.message).toMatch(/^9 more database-format\/sort-order problems/);
  });

  it('survives input nested too deep to re-encode', async () => {
    const deep = `[${'['.repeat(20000)}${']'.repeat(20000)}]\n`;
    const { report } = await validate(deep);
    // Deeper than encoding/json's 10,000 levels: the Marketplace refuses it, so it is not JSON to it.
    expect(report.checks.map((c) => c.status)).toEqual(['fail', 'skip', 'skip', 'skip']);
    expect(report.checks[0]?.findings[0]?.message).toContain('more than 10000 deep');
  });
});
