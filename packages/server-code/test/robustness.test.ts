import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Workspace } from '@mm-review/core';
import { SOURCE_LIMITS, readSources } from '../src/sources';
import { review } from './helpers';

describe('inputs that must not break the checks', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'server-code-robust-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const outside = path.join(root, 'outside.go');
  writeFileSync(outside, 'package secret\n\nfunc f() { p.API.SendToastMessage(a, b, c, d) }\n');

  const tree = (name: string, files: Record<string, string>): string => {
    const dir = path.join(root, name);
    mkdirSync(path.join(dir, 'server'), { recursive: true });
    writeFileSync(
      path.join(dir, 'plugin.json'),
      '{"id": "x", "min_server_version": "9.0.0", "settings_schema": {"settings": [{"key": "A"}]}}',
    );
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };

  // Workspace.walk passes over links that leave the root (and dangling ones) without a word;
  // what matters here is that the code behind them is never read.
  it('never follows a link out of the plugin root', async () => {
    const dir = tree('link', { 'server/plugin.go': 'package main\n' });
    symlinkSync(outside, path.join(dir, 'server/linked.go'));
    symlinkSync(path.join(root, 'nowhere.go'), path.join(dir, 'server/dangling.go'));
    const results = await review(dir);
    // outside.go calls SendToastMessage (11.6); min_server_version is 9.0.0.
    expect(results['server-compatibility']?.status).toBe('pass');
    expect(results['server-compatibility']?.findings).toEqual([]);
  });

  it('reads deeply nested, unterminated and oversized code without throwing', async () => {
    const deep = `package main\n\nfunc f() {\n${'{'.repeat(50_000)}\n p.API.LogError("x")\n`;
    const dir = tree('odd', {
      'server/deep.go': deep,
      'server/open.go': 'package main\n\nvar s = "never closed\nfunc (p *Plugin) OnActivate() error { /* open comment',
      'server/huge.go': `package main\n//${'x'.repeat(SOURCE_LIMITS.fileBytes + 10)}\n`,
      'server/mismatched.go': `package main\n\nfunc f() {\n${'('.repeat(100_000)}${']'.repeat(100_000)}\n`,
      'webapp/src/deep.js': '('.repeat(50_000) + '`${'.repeat(10_000),
    });
    const started = Date.now();
    const results = await review(dir);
    for (const result of Object.values(results))
      expect(result.findings.some((f) => f.rule.endsWith('internal-error'))).toBe(false);
    expect(results['server-compatibility']?.findings.map((f) => [f.rule, f.file])).toEqual([
      ['server-compatibility/unreadable-source', 'server/huge.go'],
    ]);
    // Linear work: unbalanced brackets once made bracket matching quadratic.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reads at most SOURCE_LIMITS.files files per tree and says that it stopped', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [
        `server/f${i}.go`,
        i === 0 ? 'package main\n\nfunc main() { plugin.ClientMain(&Plugin{}) }\n' : 'package main\n',
      ]),
    );
    const dir = tree('many', files);
    const saved = SOURCE_LIMITS.files;
    SOURCE_LIMITS.files = 4;
    try {
      const sources = await readSources(await Workspace.open(dir));
      expect(sources.server.files).toHaveLength(4);
      expect(sources.server.notices.map((f) => f.message)).toEqual([
        'The server code has more than 4 Go files; only the first 4 were read; the checks cover what was read.',
      ]);
    } finally {
      SOURCE_LIMITS.files = saved;
    }
  });
});
