import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT, runAction, runCli } from './harness';

const fixtures = 'packages/docs/test/fixtures';
const good = `${fixtures}/good-plugin`;
const bad = `${fixtures}/bad-plugin`;

describe('check-docs action, run as the runner runs it', () => {
  it('passes on documentation with a screenshot, features, a development guide and a tracker link', async () => {
    const run = await runAction('check-docs', { inputs: { path: good } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(run.outputs['failed-checks']).toBe('');
    expect(run.outputs['pass-count']).toBe('2');
    expect(run.annotations.filter((a) => a.level !== 'notice')).toEqual([]);
    expect(run.report).toMatchObject({
      result: 'pass',
      checks: [
        { id: 'documentation', requirement: 'documentation-1', status: 'pass' },
        { id: 'issue-tracker', requirement: 'product-3', status: 'pass' },
      ],
    });
    expect(run.summary).toContain('documentation');
  });

  it('fails with annotations on the README and plugin.json', async () => {
    const run = await runAction('check-docs', { inputs: { path: bad } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['failed-checks']?.split(',').sort()).toEqual(['documentation', 'issue-tracker']);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'error',
          file: `${bad}/README.md`,
          line: 1,
          col: 1,
          title: 'documentation/screenshot-missing',
        }),
        expect.objectContaining({
          level: 'error',
          file: `${bad}/README.md`,
          line: 9,
          col: 23,
          title: 'documentation/image-broken',
        }),
        expect.objectContaining({
          level: 'warning',
          file: `${bad}/README.md`,
          line: 13,
          col: 40,
          title: 'documentation/link-broken',
        }),
        expect.objectContaining({
          level: 'warning',
          file: `${bad}/plugin.json`,
          line: 4,
          col: 19,
          title: 'documentation/homepage-url-not-docs',
        }),
        expect.objectContaining({
          level: 'error',
          file: `${bad}/README.md`,
          line: 1,
          title: 'issue-tracker/docs-link-missing',
        }),
      ]),
    );
  });

  it('relaxes documentation for a Beta plugin but still requires the tracker link', async () => {
    const run = await runAction('check-docs', { inputs: { path: bad, beta: 'true' } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs['failed-checks']).toBe('issue-tracker');
    expect(run.report).toMatchObject({
      checks: [
        { id: 'documentation', status: 'warn' },
        { id: 'issue-tracker', status: 'fail' },
      ],
    });
  });

  it('does not fail the step with fail-on: never', async () => {
    const run = await runAction('check-docs', { inputs: { path: bad, 'fail-on': 'never' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.result).toBe('fail');
  });

  it('prints paths in text output that open from the working directory (../bad-plugin/README.md)', async () => {
    const cwd = path.join(ROOT, good);
    const run = await runCli(['check-docs', '../bad-plugin', '--offline'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('error   ../bad-plugin/README.md:9:23  ');
    expect(run.stdout).not.toMatch(/\s\.\/bad-plugin\//);
    const shown = /error {3}(\.\.\/bad-plugin\/[^:]+):\d+:\d+/.exec(run.stdout)?.[1];
    expect(shown && existsSync(path.resolve(cwd, shown))).toBe(true);
  }, 60_000);
});
