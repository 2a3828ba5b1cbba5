// Issue 16, Low items seen through a whole review or its renderings: a 266-character
// version gives located findings (no internal errors); manifest text and file names cannot
// mention, link, embed or forge lines in the comment, summary or terminal; UTF-16 files
// are called "not UTF-8"; the docs pass expressions to shell steps only through env.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  Workspace,
  buildReport,
  escapeMarkdown,
  printable,
  renderMarkdown,
  renderText,
  type Finding,
} from '@mm-review/core';
import { runPluginAction } from '../src/index';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const temp: string[] = [];
afterEach(async () => {
  await Promise.all(temp.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function plugin(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-security-'));
  temp.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true }));
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const reportOf = (findings: Finding[]) =>
  buildReport({
    tool: { name: 'mm-review', version: '0' },
    command: 'review',
    mode: 'new',
    beta: false,
    plugin: { id: 'com.example.demo', version: '1.0.0', manifestPath: 'plugin.json' },
    checks: [{ id: 'manifest', requirement: null, title: 'Manifest', status: 'fail', findings }],
  });

describe('a version longer than the semver package compares', () => {
  it('gives located findings in every check that reads it, never an internal error', async () => {
    const long = `1.0.0-${'a'.repeat(260)}`; // 266 characters: strict semver the server accepts
    const huge = `1.0.${'1'.repeat(262)}`; // 266 characters the server cannot parse
    for (const version of [long, huge]) {
      const manifest = JSON.stringify(
        {
          id: 'com.example.demo',
          name: 'Demo',
          version,
          min_server_version: version,
          server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
        },
        null,
        2,
      );
      const dir = await plugin({
        'plugin.json': manifest,
        'base.json': JSON.stringify({
          id: 'com.example.demo',
          name: 'Demo',
          version: '1.0.0',
          min_server_version: '9.0.0',
        }),
        'CHANGELOG.md': `# Changelog\n\n## [${version}](https://github.com/acme/demo/compare/v1.0.0...v${version})\n\n- fixed\n\n## 1.0.0\n\n- first\n`,
        'README.md': '# Demo\n\nA plugin.\n',
        'plugins.json': JSON.stringify([
          {
            homepage_url: 'https://github.com/acme/demo',
            manifest: { id: 'com.example.demo', version, min_server_version: version },
          },
        ]),
      });
      for (const mode of ['new', 'update'] as const) {
        const run = await runPluginAction('review', dir, {
          mode,
          beta: false,
          offline: true,
          baseManifest: path.join(dir, 'base.json'),
          marketplaceDatabase: path.join(dir, 'plugins.json'),
        } as never);
        const findings = run.report.checks.flatMap((c) => c.findings);
        expect(findings.filter((f) => f.rule.endsWith('/internal-error'))).toEqual([]);
        expect(findings.find((f) => f.rule === 'stable-version/not-semver')).toMatchObject({
          file: 'plugin.json',
          line: 4,
          message: expect.stringContaining('266 characters long'),
        });
        expect(findings.find((f) => f.rule === 'release-notes/changelog-version-not-semver')).toMatchObject({
          file: 'CHANGELOG.md',
          line: 3,
        });
        if (mode === 'update')
          expect(findings.find((f) => f.rule === 'version-bump/not-semver')).toMatchObject({
            file: 'plugin.json',
            line: 4,
          });
      }
      const manifestFindings = (
        await runPluginAction('review', dir, { mode: 'new', beta: false, offline: true } as never)
      ).report.checks
        .flatMap((c) => c.findings)
        .filter((f) => f.rule === 'manifest/version-invalid');
      // The server parses the long prerelease; it refuses only the number beyond uint64.
      expect(manifestFindings.map((f) => f.line)).toEqual(version === huge ? [4] : []);
    }
  }, 60_000);
});

describe('manifest text in the comment and the job summary', () => {
  it('cannot mention, link, embed an image or open HTML', () => {
    const name =
      '@everyone hi @acme/admins ![p](https://evil.example/p.png) [ok](https://evil.example) <img src=x> **bold** `kept`';
    const markdown = renderMarkdown(
      reportOf([
        {
          severity: 'error',
          rule: 'manifest/x',
          message: `The name "${name}" is wrong.`,
          file: 'plugin.json',
          line: 3,
        },
      ]),
    );
    expect(markdown).not.toMatch(/(^|[^`\w])@everyone/m);
    expect(markdown).toContain('`@everyone`');
    expect(markdown).toContain('`@acme/admins`');
    expect(markdown).not.toMatch(/(^|[^\\])\]\(https:\/\/evil/m); // the tool's own rule links are the only links
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('\\*\\*bold\\*\\*');
    expect(markdown).toContain('`kept`'); // the tool's own code spans stay code
    expect(escapeMarkdown('mail security@example.com')).toBe('mail security@example.com');
    expect(escapeMarkdown('see https://github.com/acme/my_plugin/issues for my_plugin _x_')).toBe(
      'see https://github.com/acme/my_plugin/issues for my_plugin \\_x\\_',
    ); // links stay whole; intraword _ is no emphasis
    expect(escapeMarkdown('https://a.example/x[click](https://evil.example)')).toBe(
      'https://a.example/x\\[click\\](https://evil.example)',
    );
    expect(escapeMarkdown('a\\`![x](y)`')).toBe('a\\\\`![x](y)`'); // an escaped backtick cannot pull an image out of a span
  });
});

describe('file names in text output and annotations', () => {
  it('shows control characters as escapes, so a name cannot forge an "all clear" line', () => {
    const file = 'docs/x\u001b[2K\r\nPASS: 12 pass, 0 fail\u001b[8m.md';
    const text = renderText(
      reportOf([
        {
          severity: 'error',
          rule: 'docs/broken-link',
          message: `README.md links to ${file}, which does not exist.`,
          file,
          line: 1,
        },
      ]),
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
    expect(text.split('\n').filter((l) => l.startsWith('PASS'))).toEqual([]);
    expect(text).toContain('docs/x\\u{1b}[2K\\u{d}\\u{a}PASS: 12 pass, 0 fail\\u{1b}[8m.md:1');
    expect(printable('a\u202eb\u2028c')).toBe('a\\u{202e}b\\u{2028}c');
  });
});

describe('UTF-16 text', () => {
  it('is called "not UTF-8", not binary', async () => {
    const utf16 = (text: string, bom: boolean) =>
      Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('# Demo\n', 'utf16le').swap16()]);
    const dir = await plugin({
      'README.md': utf16('# Demo\n\nA plugin.\n', true),
      'NOTES.md': utf16('# Notes\n', false),
      'BE.md': be,
      'bin.dat': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0]),
    });
    const workspace = await Workspace.open(dir);
    for (const [file, encoding] of [
      ['README.md', 'UTF-16LE'],
      ['NOTES.md', 'UTF-16LE'],
      ['BE.md', 'UTF-16BE'],
    ] as const) {
      expect(await workspace.readText(file)).toEqual({
        ok: false,
        path: file,
        reason: 'not-utf8',
        detail: `it is text encoded as ${encoding}, not UTF-8; save it as UTF-8`,
      });
    }
    expect(await workspace.readText('bin.dat')).toMatchObject({ reason: 'binary' });
  });
});

describe('the docs', () => {
  it('pass ${{ }} expressions to shell steps through env, never inside run:', async () => {
    const files = [
      path.join(ROOT, 'README.md'),
      ...(await readdir(path.join(ROOT, 'docs'), { recursive: true }))
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join(ROOT, 'docs', f)),
    ];
    const offending: string[] = [];
    for (const file of files) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      let runIndent: number | undefined;
      lines.forEach((line, i) => {
        const run = /^(\s*)(-\s+)?run:\s*(.*)$/.exec(line);
        if (run) {
          runIndent = (run[1] ?? '').length + (run[2] ?? '').length;
          if (run[3]?.includes('${{')) offending.push(`${path.relative(ROOT, file)}:${i + 1}`);
          return;
        }
        if (runIndent === undefined || line.trim() === '') return;
        if (line.length - line.trimStart().length <= runIndent || line.trim().startsWith('```')) runIndent = undefined;
        else if (line.includes('${{')) offending.push(`${path.relative(ROOT, file)}:${i + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
