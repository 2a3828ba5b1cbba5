import { describe, expect, it } from '@jest/globals';
import { canonicalText, makeEntry, validate } from './helpers';

/** A small deterministic PRNG, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const MUTATIONS: ((text: string, at: number, next: () => number) => string)[] = [
  (text, at) => text.slice(0, at),
  (text, at) => text.slice(0, at) + text.slice(at + 1),
  (text, at, next) => text.slice(0, at) + '{}[],:"\\\u0000\ud800x'[Math.floor(next() * 12)] + text.slice(at),
  (text, at) => text.slice(0, at) + text.slice(at).replace(/"[^"]*"/, 'null'),
  (text, at) => text.slice(0, at) + text.slice(at).replace(/"[^"]*"/, '{"a": [1, 2, {"b": true}]}'),
  (text, at) => text.slice(0, at) + text.slice(at).replace(/"[^"]*"/, '12345678901234567890'),
];

describe('robustness', () => {
  const base = canonicalText([makeEntry({ version: '2.0.0' }), makeEntry({ version: '1.0.0' })]);

  it('never throws and never stops on an internal error, whatever the bytes', async () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const mutate = MUTATIONS[round % MUTATIONS.length] as (typeof MUTATIONS)[number];
      const text = mutate(base, Math.floor(next() * base.length), next);
      const { report } = await validate(text, { base });
      const findings = report.checks.flatMap((c) => c.findings);
      expect(findings.filter((f) => f.rule.endsWith('/internal-error'))).toEqual([]);
      for (const finding of findings.filter((f) => f.severity !== 'notice' && f.file)) {
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(finding.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('reports values of every wrong type inside an entry with a location', async () => {
    const entry = makeEntry();
    entry.platforms = ['linux-amd64'];
    entry.manifest = { id: ['x'], version: 1, settings_schema: { settings: [null, 'x', { type: 5 }] } };
    const { report } = await validate(canonicalText([entry]));
    const findings = report.checks.flatMap((c) => c.findings);
    expect(findings.filter((f) => f.rule.endsWith('/internal-error'))).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'database-entries/type',
        'database-entries/version-missing',
        'database-entries/manifest-type-mismatch',
      ]),
    );
    expect(report.result).toBe('fail');
  });

  it('handles binary data and an empty file', async () => {
    const binary = await validate(Buffer.from([0x1f, 0x8b, 0, 0, 0xff, 0xfe]).toString('latin1'));
    expect(binary.report.checks[0]?.findings[0]).toMatchObject({
      rule: 'database-format/invalid-json',
      line: 1,
      column: 1,
    });
    // The Marketplace loads a 0-byte file as an empty list (PluginsFromReader ignores io.EOF).
    const empty = await validate('');
    expect(empty.report.checks[0]?.findings).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'database-format/empty', line: 1, column: 1 }),
    ]);
  });
});
