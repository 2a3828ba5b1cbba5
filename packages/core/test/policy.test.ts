import { describe, expect, it } from '@jest/globals';
import { applyPolicy, baselineOf, fingerprint, type CheckResult, type FindingPolicy } from '@mm-review/core';

const check = (id: string, findings: CheckResult['findings'], status: CheckResult['status'] = 'fail'): CheckResult => ({
  id,
  requirement: null,
  title: id,
  status,
  findings,
});

const logging = check('logging', [
  {
    severity: 'error',
    rule: 'logging/stderr',
    message: 'server/plugin.go:12:3 prints to stderr; log through p.API.LogError.',
    file: 'server/plugin.go',
    line: 12,
    column: 3,
  },
  {
    severity: 'warning',
    rule: 'logging/dropped-error',
    message: 'The error is dropped.',
    file: 'server/generated/api.go',
    line: 4,
    column: 1,
  },
]);

const policy = (over: Partial<FindingPolicy> = {}): FindingPolicy => ({
  config: '.mm-review.yml',
  checksOff: [],
  rules: {},
  ignoreChecks: new Set(['logging']),
  ...over,
});

describe('applyPolicy: configuration', () => {
  it('drops the findings of a rule turned off, counts them by rule, and recomputes the status', () => {
    const out = applyPolicy([logging], policy({ rules: { 'logging/stderr': 'off' } }), undefined);
    expect(out.checks[0]?.findings.map((f) => f.rule)).toEqual(['logging/dropped-error']);
    expect(out.checks[0]?.status).toBe('warn');
    expect(out.suppressed).toEqual({
      config: '.mm-review.yml',
      findings: 1,
      rules: { 'logging/stderr': 1 },
      checks: [],
      severityChanged: 0,
    });
  });

  it("changes a rule's severity and counts the change", () => {
    const out = applyPolicy([logging], policy({ rules: { 'logging/stderr': 'warning' } }), undefined);
    expect(out.checks[0]?.findings[0]?.severity).toBe('warning');
    expect(out.checks[0]?.status).toBe('warn');
    expect(out.suppressed?.severityChanged).toBe(1);
  });

  it('drops findings under ignored paths only for the code checks', () => {
    const docs = check('documentation', [
      {
        severity: 'error',
        rule: 'documentation/screenshot',
        message: 'No screenshot.',
        file: 'server/generated/README.md',
      },
    ]);
    const out = applyPolicy(
      [logging, docs],
      policy({ ignored: (file) => file.startsWith('server/generated/') }),
      undefined,
    );
    expect(out.checks[0]?.findings.map((f) => f.rule)).toEqual(['logging/stderr']);
    expect(out.checks[1]?.findings).toHaveLength(1);
    expect(out.suppressed?.rules).toEqual({ 'logging/dropped-error': 1 });
  });

  it('keeps manual and skip statuses', () => {
    const manual = check(
      'security-review',
      [{ severity: 'warning', rule: 'security-review/tls', message: 'TLS off.' }],
      'manual',
    );
    const out = applyPolicy([manual], policy({ rules: { 'security-review/tls': 'off' } }), undefined);
    expect(out.checks[0]?.status).toBe('manual');
  });
});

describe('applyPolicy: baseline', () => {
  it('reports known findings as notices, fails only on new ones, and counts what was fixed', () => {
    const data = baselineOf([logging], 'mm-review test');
    expect(data.findings.map((f) => [f.rule, f.file, f.count])).toEqual([
      ['logging/dropped-error', 'server/generated/api.go', 1],
      ['logging/stderr', 'server/plugin.go', 1],
    ]);
    const later = check('logging', [
      // moved down 30 lines: still the known finding
      {
        severity: 'error',
        rule: 'logging/stderr',
        message: 'server/plugin.go:42:3 prints to stderr; log through p.API.LogError.',
        file: 'server/plugin.go',
        line: 42,
        column: 3,
      },
      {
        severity: 'error',
        rule: 'logging/stderr',
        message: 'server/other.go:1:1 prints to stderr; log through p.API.LogError.',
        file: 'server/other.go',
        line: 1,
        column: 1,
      },
    ]);
    const out = applyPolicy([later], undefined, { file: '.mm-review-baseline.json', data });
    expect(out.checks[0]?.findings.map((f) => [f.file, f.severity, f.known ?? false])).toEqual([
      ['server/plugin.go', 'notice', true],
      ['server/other.go', 'error', false],
    ]);
    expect(out.checks[0]?.status).toBe('fail');
    expect(out.baseline).toEqual({ file: '.mm-review-baseline.json', known: 1, fixed: 1 });
  });

  it('matches as many findings as the baseline counts, no more', () => {
    const twice = check(
      'logging',
      [1, 2, 3].map((line) => ({
        severity: 'warning' as const,
        rule: 'logging/dropped-error',
        message: 'The error is dropped.',
        file: 'a.go',
        line,
      })),
    );
    const data = baselineOf([check('logging', twice.findings.slice(0, 2))], 't');
    expect(data.findings[0]?.count).toBe(2);
    const out = applyPolicy([twice], undefined, { file: 'b.json', data });
    expect(out.checks[0]?.findings.filter((f) => f.known)).toHaveLength(2);
    expect(out.checks[0]?.status).toBe('warn');
  });

  it('fingerprints ignore locations in the message but not the rule, file or words', () => {
    const base = { rule: 'r/x', file: 'a.go', message: 'a.go:3:4 uses X at line 3.' };
    expect(fingerprint(base)).toBe(fingerprint({ ...base, message: 'a.go:90:1 uses X at line 90.' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, message: 'a.go:3:4 uses Y at line 3.' }));
    expect(fingerprint(base)).not.toBe(fingerprint({ ...base, file: 'b.go' }));
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('rule declarations', () => {
  it('the runner reports a finding whose rule its check does not declare, and registers the declared ones', async () => {
    const { runChecks, setUndeclaredRuleHandler, declaredRule } = await import('@mm-review/core');
    const seen: string[] = [];
    setUndeclaredRuleHandler((checkId, finding) => seen.push(`${checkId}:${finding.rule}`));
    try {
      const check = {
        id: 'demo',
        requirement: null,
        title: 'Demo',
        rules: { 'demo/known': { severity: 'warning' as const, description: 'A known problem.' } },
        run: () => ({
          findings: [
            { severity: 'warning' as const, rule: 'demo/known', message: 'k' },
            { severity: 'error' as const, rule: 'demo/unknown', message: 'u' },
          ],
        }),
      };
      await runChecks([check], {}, { mode: 'new', beta: false });
      expect(seen).toEqual(['demo:demo/unknown']);
      expect(declaredRule('demo/known')).toMatchObject({
        check: 'demo',
        severity: 'warning',
        helpUri: 'https://github.com/mm-review/mm-review/blob/main/docs/rules/demo.md#known',
      });
      expect(declaredRule('demo/internal-error')).toMatchObject({ severity: 'error' });
    } finally {
      const { setUndeclaredRuleHandler: reset } = await import('@mm-review/core');
      reset((checkId, finding) => {
        throw new Error(`check ${checkId} returned a finding of rule "${finding.rule}", which it does not declare`);
      });
    }
  });
});
