import { describe, expect, it } from '@jest/globals';
import { runAction, runCli } from './harness';

const fixtures = 'packages/server-code/test/fixtures';

describe('check-server-code action, run as the runner runs it', () => {
  it('passes a good plugin: three checks pass, the two reviews stay manual, no errors annotated', async () => {
    const run = await runAction('check-server-code', { inputs: { path: `${fixtures}/good` } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'pass',
      'failed-checks': '',
      'pass-count': '3',
      'fail-count': '0',
      'warn-count': '0',
      'manual-count': '2',
      'skip-count': '0',
    });
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(run.report).toMatchObject({ schemaVersion: 1, result: 'pass', plugin: { id: 'com.example.good' } });
    const checks = (run.report?.checks ?? []) as { id: string; status: string }[];
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['settings-in-console', 'pass'],
      ['high-availability', 'manual'],
      ['logging', 'pass'],
      ['security-review', 'manual'],
      ['server-compatibility', 'pass'],
    ]);
    expect(run.summary).toContain('server-compatibility');
  });

  it('fails a plugin whose code needs a newer server, annotating each call on its line', async () => {
    const dir = `${fixtures}/too-new`;
    const run = await runAction('check-server-code', { inputs: { path: dir } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['failed-checks']).toBe('server-compatibility');
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          file: `${dir}/server/plugin.go`,
          line: 21,
          col: 25,
          title: 'server-compatibility/api-too-new',
        }),
        expect.objectContaining({
          level: 'error',
          file: `${dir}/server/plugin.go`,
          line: 33,
          col: 18,
          title: 'server-compatibility/hook-too-new',
        }),
        expect.objectContaining({ level: 'error', file: `${dir}/server/store.go`, line: 13, col: 8 }),
        expect.objectContaining({
          level: 'error',
          file: `${dir}/webapp/src/index.js`,
          line: 5,
          col: 18,
          title: 'server-compatibility/webapp-registry-too-new',
        }),
      ]),
    );
    expect(run.summary).toContain('min_server_version 11.6.0 would make the plugin compatible');
  });

  it('annotates security hints as warnings, stays manual, and fails nothing with fail-on: fail', async () => {
    const dir = `${fixtures}/security`;
    const run = await runAction('check-server-code', { inputs: { path: dir } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['manual-count']).toBe('2');
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'warning',
          file: `${dir}/plugin.json`,
          line: 9,
          col: 21,
          title: 'security-review/credential-not-secret',
        }),
        expect.objectContaining({
          level: 'warning',
          file: `${dir}/server/plugin.go`,
          line: 25,
          col: 78,
          title: 'security-review/tls-verify-off',
        }),
      ]),
    );
  });

  it('fails the step on warnings with fail-on: warn', async () => {
    const run = await runAction('check-server-code', { inputs: { path: `${fixtures}/logging`, 'fail-on': 'warn' } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('pass');
    expect(run.outputs['warn-count']).toBe('1');
  });
});

describe('mm-review check-server-code', () => {
  it('prints file:line findings and exits 1 when the code needs a newer server', async () => {
    const run = await runCli(['check-server-code', `${fixtures}/too-new`, '--offline']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`${fixtures}/too-new/server/plugin.go:21:25`);
  });
});
