import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { buildReport, type CheckResult, type Finding } from '@mm-review/core';
import { ANNOTATIONS_PER_TYPE, SUMMARY_LIMIT_BYTES, annotate, summaryMarkdown } from '../src/index';

function reportWith(findings: Finding[]) {
  const check: CheckResult = { id: 'manifest', requirement: null, title: 'Manifest', status: 'fail', findings };
  return buildReport({
    tool: { name: 'mm-review', version: '0' },
    command: 'review',
    mode: 'new',
    beta: false,
    checks: [check],
  });
}

const finding = (severity: Finding['severity'], i: number): Finding => ({
  severity,
  rule: `r/${severity}`,
  message: `${severity} ${i}`,
  file: 'plugin.json',
  line: i + 1,
  column: 1,
});

describe('annotations', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('annotates at most ten of each type, most important first, and says how many more', () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, i) => finding('warning', i)),
      ...Array.from({ length: 12 }, (_, i) => finding('error', i)),
    ];
    const { omitted } = annotate(reportWith(findings), 'plugins/weather');
    const commands = written.join('').split('\n').filter(Boolean);
    const errors = commands.filter((c) => c.startsWith('::error '));
    expect(errors).toHaveLength(ANNOTATIONS_PER_TYPE);
    expect(errors[0]).toBe('::error title=r/error,file=plugins/weather/plugin.json,line=1,col=1::error 0 [r/error]');
    expect(commands.filter((c) => c.startsWith('::warning '))).toHaveLength(ANNOTATIONS_PER_TYPE);
    expect(omitted).toEqual({ error: 2, warning: 15, notice: 0 });
    expect(commands.at(-1)).toContain('2 more errors and 15 more warnings are not annotated');
  });

  it('prefers findings with a file over ones without', () => {
    const findings = [
      ...Array.from({ length: 10 }, (_, i) => ({ ...finding('error', i), file: undefined })),
      finding('error', 99),
    ];
    annotate(reportWith(findings), '');
    expect(written.join('').split('\n')[0]).toContain('file=plugin.json,line=100');
  });
});

describe('job summary', () => {
  it('stays under 1 MiB with thousands of findings and says it listed fewer', () => {
    const long = 'x'.repeat(400);
    const findings = Array.from({ length: 5000 }, (_, i) => ({ ...finding('error', i), message: `${long} ${i}` }));
    const text = summaryMarkdown(reportWith(findings), '');
    expect(Buffer.byteLength(text)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(text).toContain('more in the JSON report and SARIF file');
  });

  it('truncates with a note when even the bare checklist is over the limit', () => {
    const text = summaryMarkdown(reportWith([finding('error', 1)]), '', 200);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200);
    expect(text).toContain('1 MiB limit');
  });
});
