import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  LineIndex,
  Workspace,
  buildReport,
  rankFindings,
  render,
  requiredForBeta,
  runChecks,
  shouldFail,
  type Check,
  type CheckResult,
  type Report,
} from '../src/index';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    const index = new LineIndex('ab\ncd\r\nef\rgh');
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(4)).toEqual({ line: 2, column: 2 });
    expect(index.position(7)).toEqual({ line: 3, column: 1 });
    expect(index.position(10)).toEqual({ line: 4, column: 1 });
    expect(index.lineText(2)).toBe('cd');
    expect(index.position(999)).toEqual({ line: 4, column: 3 });
  });
});

describe('Workspace', () => {
  async function tree() {
    const root = await mkdtemp(path.join(tmpdir(), 'mm-review-ws-'));
    await mkdir(path.join(root, 'docs'));
    await writeFile(path.join(root, 'README.md'), '# Hi\n');
    await writeFile(path.join(root, 'docs', 'guide.md'), 'guide');
    await writeFile(path.join(root, 'bin.dat'), Buffer.from([1, 0, 2]));
    await writeFile(path.join(root, 'big.txt'), 'x'.repeat(2048));
    await symlink('README.md', path.join(root, 'inside-link'));
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'mm-review-outside-'));
    await writeFile(path.join(elsewhere, 'secret.txt'), 'secret');
    await symlink(path.join(elsewhere, 'secret.txt'), path.join(root, 'outside-link'));
    await symlink('missing.md', path.join(root, 'dangling-link'));
    return root;
  }

  it('refuses a path that does not exist or is not a directory', async () => {
    await expect(Workspace.open('/no/such/dir')).rejects.toThrow(InputError);
    const root = await tree();
    await expect(Workspace.open(path.join(root, 'README.md'))).rejects.toThrow('not a directory');
  });

  it('reads text, follows links inside the root only, and reports every failure', async () => {
    const ws = await Workspace.open(await tree());
    expect(await ws.readText('README.md')).toMatchObject({ ok: true, text: '# Hi\n' });
    expect(await ws.readText('inside-link')).toMatchObject({ ok: true, text: '# Hi\n' });
    expect(await ws.readText('outside-link')).toMatchObject({ ok: false, reason: 'outside-root' });
    expect(await ws.readText('dangling-link')).toMatchObject({ ok: false, reason: 'dangling-link' });
    expect(await ws.readText('bin.dat')).toMatchObject({ ok: false, reason: 'binary' });
    expect(await ws.readText('big.txt', { maxBytes: 1024 })).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await ws.readText('nope.md')).toMatchObject({ ok: false, reason: 'missing' });
    expect(await ws.readText('../etc/passwd')).toMatchObject({ ok: false, reason: 'outside-root' });
  });

  it('lists entries with link status and finds names ignoring case', async () => {
    const ws = await Workspace.open(await tree());
    const entries = await ws.list('');
    expect(entries.find((e) => e.name === 'outside-link')?.link?.resolved).toBe('outside');
    expect((await ws.findIgnoringCase('', ['readme.md']))?.name).toBe('README.md');
    const walked = [];
    for await (const entry of ws.walk('', (e) => e.name.endsWith('.md'))) walked.push(entry.path);
    expect(walked.sort()).toEqual(['README.md', 'docs/guide.md']);
  });
});

const passing: Check<object> = { id: 'a', requirement: 'product-1', title: 'A', run: () => ({ findings: [] }) };
const failing: Check<object> = {
  id: 'documentation-like',
  requirement: 'documentation-1',
  title: 'Docs',
  rules: { 'x/y': { severity: 'error', description: 'A thing is missing.' } },
  run: () => ({
    findings: [
      { severity: 'error', rule: 'x/y', message: 'Missing <b>thing</b>.', file: 'README.md', line: 3, column: 1 },
    ],
  }),
};
const crashing: Check<object> = {
  id: 'crash',
  requirement: null,
  title: 'Crash',
  run: () => {
    throw new Error('boom');
  },
};
const updateOnly: Check<object> = {
  id: 'bump',
  requirement: 'update-2',
  title: 'Bump',
  modes: ['update'],
  run: () => ({ findings: [] }),
};

async function report(checks: Check<object>[], beta = false): Promise<Report> {
  const results: CheckResult[] = await runChecks(checks, {}, { mode: 'new', beta });
  return buildReport({
    tool: { name: 'mm-review', version: '0.0.0' },
    command: 'review',
    mode: 'new',
    beta,
    checks: results,
    plugin: { id: 'com.example.x', manifestPath: 'plugin.json' },
  });
}

describe('runner and report', () => {
  it('derives statuses, isolates a crashing check, and skips checks of other modes', async () => {
    const r = await report([passing, failing, crashing, updateOnly]);
    expect(r.checks.map((c) => c.status)).toEqual(['pass', 'fail', 'fail', 'skip']);
    expect(r.checks[2]?.findings[0]?.message).toContain('unexpected error (boom)');
    expect(r.result).toBe('fail');
    expect(r.counts).toEqual({ pass: 1, fail: 2, warn: 0, manual: 0, skip: 1 });
  });

  it('relaxes only what the Marketplace relaxes for Beta plugins', async () => {
    expect(requiredForBeta('documentation-1')).toBe(false);
    expect(requiredForBeta('product-5')).toBe(true);
    expect(requiredForBeta('security-1')).toBe(true);
    const r = await report([failing], true);
    expect(r.checks[0]).toMatchObject({ status: 'warn', summary: 'Not required for Beta plugins' });
    expect(r.checks[0]?.findings[0]?.severity).toBe('warning');
  });

  it('applies fail-on', async () => {
    const r = await report([passing, failing]);
    expect(shouldFail(r, 'fail')).toBe(true);
    expect(shouldFail(r, 'never')).toBe(false);
  });

  it('ranks errors before warnings before notices, then by file and line', () => {
    const ranked = rankFindings([
      { severity: 'notice', rule: 'n', message: '' },
      { severity: 'error', rule: 'e2', message: '', file: 'b', line: 1 },
      { severity: 'warning', rule: 'w', message: '' },
      { severity: 'error', rule: 'e1', message: '', file: 'a', line: 9 },
    ]);
    expect(ranked.map((f) => f.rule)).toEqual(['e1', 'e2', 'w', 'n']);
  });
});

describe('renderers', () => {
  it('text: a compact checklist with file:line and the verdict', async () => {
    const text = render(await report([passing, failing]), 'text', { pathPrefix: 'plugin' });
    expect(text).toContain('✖ documentation-like');
    expect(text).toContain('plugin/README.md:3:1  Missing <b>thing</b>. [x/y]');
    expect(text.trim().split('\n').at(-1)).toBe('FAIL: 1 pass, 1 fail, 0 warn, 0 manual, 0 skip');
  });

  it('json: the docs/architecture.md §5 shape', async () => {
    const json = JSON.parse(render(await report([passing]), 'json'));
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'tool',
      'command',
      'mode',
      'beta',
      'result',
      'counts',
      'checks',
      'plugin',
    ]);
    expect(json.checks[0]).toEqual({ id: 'a', requirement: 'product-1', title: 'A', status: 'pass', findings: [] });
  });

  it('markdown: verdict and failures first, grouped by checklist section, HTML escaped, links to lines', async () => {
    const md = render(await report([passing, failing]), 'markdown', { fileUrlBase: 'https://github.com/o/r/blob/abc' });
    expect(md.split('\n')[0]).toBe('## ❌ Failed: review of com.example.x (version unknown) (plugin.json)');
    expect(md.indexOf('| ❌ | `documentation-like`')).toBeLessThan(md.indexOf('### Product requirements'));
    expect(md).toContain('### Documentation requirements');
    expect(md).toContain('[`README.md:3:1`](https://github.com/o/r/blob/abc/README.md#L3)');
    expect(md).toContain('Missing &lt;b&gt;thing&lt;/b&gt;.');
    expect(md).toContain('- [x] ✅ **pass** — The plugin is published under an Open Source license.');
  });

  it('sarif: 2.1.0 with rules, levels and a location on every result', async () => {
    const sarif = JSON.parse(render(await report([failing, crashing]), 'sarif', { pathPrefix: 'sub' }));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    expect(results[0]).toMatchObject({
      ruleId: 'x/y',
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'sub/README.md' }, region: { startLine: 3, startColumn: 1 } } },
      ],
    });
    expect(results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('sub/plugin.json');
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['crash/internal-error', 'x/y']);
  });
});
