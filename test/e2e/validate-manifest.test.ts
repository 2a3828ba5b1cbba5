import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT, runAction, runCli } from './harness';

const demo = 'examples/demo-plugin';
const bad = 'test/e2e/fixtures/bad-plugin';

describe('validate-manifest action, run as the runner runs it', () => {
  it('passes on the example plugin with outputs, a report and a summary', async () => {
    const run = await runAction('validate-manifest', { inputs: { path: demo } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(run.outputs['failed-checks']).toBe('');
    expect(run.outputs['fail-count']).toBe('0');
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.summary).toContain('Passed');
    expect(run.summary).toContain('com.github.mm-review.weather');
    expect(run.outputs.report).toMatch(/validate-manifest-report\.json$/);
    expect(run.report).toMatchObject({
      schemaVersion: 1,
      result: 'pass',
      plugin: { id: 'com.github.mm-review.weather', version: '1.2.0' },
    });
  });

  it('fails on a failing plugin with annotations on plugin.json', async () => {
    const run = await runAction('validate-manifest', { inputs: { path: bad } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['failed-checks']?.split(',')).toEqual(
      expect.arrayContaining(['manifest', 'issue-tracker', 'stable-version', 'plugin-id', 'min-server-version']),
    );
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors.filter((a) => a.file)) expect(error.file).toBe(`${bad}/plugin.json`);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: `${bad}/plugin.json`,
          line: 5,
          col: 25,
          title: 'manifest/min-server-version-invalid',
        }),
      ]),
    );
    expect(run.stdout).toMatch(/::error::\d+ checks? failed: manifest/);
    expect(run.summary).toContain('Failed');
  });

  it('rejects a bad input value with a one-line error', async () => {
    const run = await runAction('validate-manifest', { inputs: { path: demo, 'fail-on': 'sometimes' } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::input fail-on must be one of fail, warn, never, not "sometimes"');
  });
});

describe('mm-review CLI bundle', () => {
  it('reviews the example plugin and exits 0', async () => {
    const run = await runCli(['review', demo]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('PASS');
  });

  it('exits 1 with file:line findings on a failing plugin', async () => {
    const run = await runCli(['validate-manifest', bad]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`${bad}/plugin.json:5:25`);
  });

  it('exits 2 with one line for a missing directory or an unknown option', async () => {
    const missing = await runCli(['review', 'no/such/dir']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runCli(['review', '--frobnicate']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
  });

  it('writes a JSON report that follows the docs/architecture.md §5 shape', async () => {
    const out = path.join(ROOT, 'node_modules', '.e2e-report.json');
    const run = await runCli(['validate-manifest', bad, '--format', 'json', '--output', out]);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(await readFile(out, 'utf8'));
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'mm-review' },
      mode: 'new',
      result: 'fail',
      plugin: { id: 'com.mattermost.plugin-starter-template', manifestPath: 'plugin.json' },
    });
    expect(Object.keys(report.counts)).toEqual(['pass', 'fail', 'warn', 'manual', 'skip']);
  });
});
