import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPluginAction } from '../src/index';

// Issue 16 item 4: a folder link (`x -> ../elsewhere`) must not let icon_path, README links or a
// one-line LICENSE pointer read files outside the plugin root.

let scratch: string;
let root: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'mm-escape-'));
  root = path.join(scratch, 'plugin');
  const elsewhere = path.join(scratch, 'elsewhere');
  await mkdir(root, { recursive: true });
  await mkdir(elsewhere, { recursive: true });
  await writeFile(path.join(elsewhere, 'notes.md'), '# Notes\n\n## Features\n\n- SECRET feature\n');
  await writeFile(
    path.join(elsewhere, 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"><title>SECRET</title></svg>\n',
  );
  const license = await readFile(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'LICENSE'),
    'utf8',
  );
  await writeFile(path.join(elsewhere, 'LICENSE.txt'), license);
  await symlink('../elsewhere', path.join(root, 'x'));
  await writeFile(path.join(root, 'LICENSE'), 'x/LICENSE.txt\n');
  await writeFile(
    path.join(root, 'plugin.json'),
    `${JSON.stringify({ id: 'com.example.demo', name: 'Demo', description: 'Shows a demo.', homepage_url: 'https://github.com/example/mattermost-plugin-demo', icon_path: 'x/icon.svg', version: '1.0.0', min_server_version: '9.0.0' }, null, 2)}\n`,
  );
  await writeFile(path.join(root, 'README.md'), '# Demo\n\nSee [the notes](x/notes.md).\n');
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('review never reads through a folder link that leaves the plugin root', () => {
  it('refuses icon_path, the linked doc and the LICENSE pointer under x/, saying why', async () => {
    const { report } = await runPluginAction('review', root, { mode: 'new', beta: false, offline: true });
    const findings = report.checks.flatMap((c) => c.findings);
    const byRule = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => [f.file, f.message]);
    expect(byRule('manifest/icon-missing')).toEqual([
      [
        'plugin.json',
        'icon_path "x/icon.svg" cannot be used: its folder x is a symbolic link to ../elsewhere, outside the plugin root, and is not followed; add the SVG at that path (relative to the plugin root) or fix the path.',
      ],
    ]);
    expect(byRule('documentation/linked-doc-unreadable')).toEqual([
      [
        'x/notes.md',
        'x/notes.md cannot be used as documentation: its folder x is a symbolic link to ../elsewhere, outside the plugin root, and is not followed.',
      ],
    ]);
    expect(byRule('license/link-outside').map(([file]) => file)).toEqual(['LICENSE']);
    expect(report.checks.find((c) => c.id === 'license')?.summary).toBe('No license file at the root could be read.');
    // Nothing read outside the root reaches the report (the feature list under x/ was never searched).
    expect(findings.some((f) => f.message.includes('README.md, x/notes.md'))).toBe(false);
    expect(JSON.stringify(report)).not.toContain('SECRET');
  }, 60_000);
});
