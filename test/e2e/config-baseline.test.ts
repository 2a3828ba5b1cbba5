import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ROOT, runAction, runCli } from './harness';

// A plugin whose server code needs a newer server than it declares: four errors
// (server-compatibility/api-too-new ×2 in two files, hook-too-new, webapp-registry-too-new).
const FIXTURE = path.join(ROOT, 'packages/server-code/test/fixtures/too-new');
const TIMEOUT = 120_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mm-review-config-'));
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface JsonReport {
  result: string;
  checks: {
    id: string;
    status: string;
    summary?: string;
    findings: { rule: string; severity: string; file?: string; known?: boolean }[];
  }[];
  suppressed?: { findings: number; rules: Record<string, number>; checks: string[]; severityChanged: number };
  baseline?: { known: number; fixed: number };
}
const check = (report: JsonReport, id: string) => report.checks.find((c) => c.id === id);
const json = async (args: string[]) => {
  const run = await runCli([...args, '--format', 'json', '--offline'], { cwd: dir });
  return { exitCode: run.exitCode, stderr: run.stderr, report: JSON.parse(run.stdout || '{}') as JsonReport };
};

describe('.mm-review.yml and the baseline, through the CLI and the action bundles', () => {
  it(
    'turns a check off: skipped, named in the report, and the run passes',
    async () => {
      await writeFile(path.join(dir, '.mm-review.yml'), 'checks:\n  server-compatibility: off\n');
      const { exitCode, report } = await json(['check-server-code', '.']);
      expect(exitCode).toBe(0);
      expect(check(report, 'server-compatibility')).toMatchObject({
        status: 'skip',
        summary: 'Turned off in .mm-review.yml.',
      });
      expect(report.suppressed).toMatchObject({ checks: ['server-compatibility'], findings: 0 });
    },
    TIMEOUT,
  );

  it(
    "changes a rule's severity: errors become warnings, the check warns, the change is counted",
    async () => {
      await writeFile(
        path.join(dir, '.mm-review.yml'),
        'rules:\n  server-compatibility/api-too-new: warning\n  server-compatibility/hook-too-new: warning\n  server-compatibility/webapp-registry-too-new: warning\n',
      );
      const { exitCode, report } = await json(['check-server-code', '.']);
      expect(exitCode).toBe(0);
      expect(check(report, 'server-compatibility')?.status).toBe('warn');
      expect(report.suppressed?.severityChanged).toBe(4);
    },
    TIMEOUT,
  );

  it(
    'ignores paths for the code checks and says how many findings it silenced',
    async () => {
      await writeFile(path.join(dir, '.mm-review.yml'), 'ignore:\n  - server/store.go\n');
      const { report } = await json(['check-server-code', '.']);
      const files = check(report, 'server-compatibility')?.findings.map((f) => f.file);
      expect(files).not.toContain('server/store.go');
      expect(report.suppressed).toMatchObject({ findings: 1, rules: { 'server-compatibility/api-too-new': 1 } });
      const text = await runCli(['check-server-code', '.', '--offline'], { cwd: dir });
      expect(text.stdout).toContain('.mm-review.yml silenced 1 finding (server-compatibility/api-too-new ×1).');
    },
    TIMEOUT,
  );

  it(
    'a configuration error names file, line and column and exits 2',
    async () => {
      await writeFile(path.join(dir, '.mm-review.yml'), 'rules:\n  server-compatibility/api-too-old: off\n');
      const run = await runCli(['check-server-code', '.'], { cwd: dir });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(
        /^mm-review: .mm-review.yml:2:3: unknown rule "server-compatibility\/api-too-old" \(did you mean "server-compatibility\/api-too-new"\?\)/,
      );
    },
    TIMEOUT,
  );

  it(
    'baseline: known findings pass as notices, a new one fails',
    async () => {
      const written = await runCli(['baseline', '.', '--offline'], { cwd: dir });
      expect(written.exitCode).toBe(0);
      expect(written.stderr).toMatch(/findings? written to .mm-review-baseline.json/);
      const baseline = JSON.parse(await readFile(path.join(dir, '.mm-review-baseline.json'), 'utf8')) as {
        findings: { rule: string }[];
      };
      expect(baseline.findings.map((f) => f.rule)).toContain('server-compatibility/api-too-new');

      // An edit above the known findings moves them down; they stay known.
      const plugin = path.join(dir, 'server/plugin.go');
      const source = await readFile(plugin, 'utf8');
      await writeFile(plugin, source.replace(/\n/, '\n// moved down\n// and again\n'));
      const known = await json(['check-server-code', '.']);
      expect(known.exitCode).toBe(0);
      expect(check(known.report, 'server-compatibility')?.status).toBe('pass');
      expect(known.report.baseline).toMatchObject({ fixed: 0 });
      expect(known.report.baseline?.known).toBeGreaterThanOrEqual(4);

      // A new use of a too-new API is not in the baseline: the check fails on it alone.
      await writeFile(
        path.join(dir, 'server/new.go'),
        'package main\n\nfunc (p *Plugin) later() {\n\tp.API.SendToastMessage("u", "c", "m", nil)\n}\n',
      );
      const fresh = await json(['check-server-code', '.']);
      expect(fresh.exitCode).toBe(1);
      const errors = check(fresh.report, 'server-compatibility')?.findings.filter((f) => f.severity === 'error');
      expect(errors?.map((f) => f.file)).toEqual(['server/new.go']);
    },
    TIMEOUT,
  );

  it(
    'the action reads the configuration from the plugin root, and config: none reads none',
    async () => {
      await writeFile(path.join(dir, '.mm-review.yml'), 'checks:\n  server-compatibility: off\n');
      const withConfig = await runAction('check-server-code', { cwd: dir, inputs: { path: '.' } });
      expect(withConfig.exitCode).toBe(0);
      expect(withConfig.summary).toContain('.mm-review.yml turned off server-compatibility.');
      const without = await runAction('check-server-code', { cwd: dir, inputs: { path: '.', config: 'none' } });
      expect(without.exitCode).toBe(1);
      expect(without.outputs['failed-checks']).toBe('server-compatibility');
    },
    TIMEOUT,
  );
});
