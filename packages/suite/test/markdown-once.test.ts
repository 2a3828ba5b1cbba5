import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServices, parseMarkdownDocument } from '@mm-review/plugin';
import { runPluginAction } from '../src/index';

// Issue 17: one memoised Markdown reader. The README, the changelog and the docs are read by
// several checks (check-docs, release-notes, check-version-bump, security-contact); a whole
// review parses each of them once, through PluginContext.markdown.

let root: string;
let base: string;

const manifest = (version: string) =>
  `${JSON.stringify({ id: 'com.example.weather', name: 'Weather', version, min_server_version: '9.0.0', homepage_url: 'https://github.com/example/mattermost-plugin-weather', support_url: 'https://github.com/example/mattermost-plugin-weather/issues', release_notes_url: `https://github.com/example/mattermost-plugin-weather/releases/tag/v${version}` }, null, 2)}\n`;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mm-review-markdown-once-'));
  base = await mkdtemp(path.join(tmpdir(), 'mm-review-markdown-base-'));
  await mkdir(path.join(root, 'docs'));
  await writeFile(path.join(root, 'plugin.json'), manifest('1.1.0'));
  await writeFile(path.join(base, 'plugin.json'), manifest('1.0.0'));
  await writeFile(
    path.join(root, 'README.md'),
    [
      '# Weather',
      '',
      'Posts the forecast in a channel. See the [usage guide](docs/usage.md) and the [changelog](CHANGELOG.md).',
      '',
      '## Security',
      '',
      'Report vulnerabilities to security@weather.example.org.',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(root, 'docs', 'usage.md'), '# Usage\n\nRun `/weather`.\n');
  await writeFile(
    path.join(root, 'CHANGELOG.md'),
    '# Changelog\n\n## 1.1.0\n\n### Added\n\n- A daily forecast.\n\n## 1.0.0\n\n- First release.\n',
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(base, { recursive: true, force: true });
});

describe('a review parses each Markdown file once', () => {
  it('README, CHANGELOG and a linked doc are each parsed once, and every check that reads them sees them', async () => {
    const parsed: string[] = [];
    const { report } = await runPluginAction(
      'review',
      root,
      { mode: 'update', beta: false, offline: true, baseManifest: path.join(base, 'plugin.json'), config: 'none' },
      {
        ...defaultServices,
        parseMarkdown: (file, text) => {
          parsed.push(file);
          return parseMarkdownDocument(file, text);
        },
      },
    );
    expect([...parsed].sort()).toEqual(['CHANGELOG.md', 'README.md', 'docs/usage.md']);
    const check = (id: string) => report.checks.find((c) => c.id === id);
    // security-contact found the address in the README's Security section.
    expect(check('security-contact')?.summary).toBe(
      'Security contact: email security@weather.example.org in README.md:7.',
    );
    // check-version-bump read the changelog entry's "Added" heading.
    const rules = report.checks.flatMap((c) => c.findings.map((f) => f.rule));
    expect(rules).not.toContain('release-notes/changelog-entry-missing');
    expect(check('version-bump')?.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['version-bump/changelog-feature', 'CHANGELOG.md', 5],
    ]);
  }, 60_000);
});

describe('one markdown-it configuration', () => {
  it('only the reader (packages/plugin/src/markdown/) imports markdown-it', () => {
    const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const importers: string[] = [];
    for (const pkg of readdirSync(packages)) {
      const src = path.join(packages, pkg, 'src');
      let entries;
      try {
        entries = readdirSync(src, { recursive: true, withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        const file = path.join(entry.parentPath, entry.name);
        if (/from 'markdown-it'|import\('markdown-it'\)/.test(readFileSync(file, 'utf8')))
          importers.push(path.relative(packages, file).split(path.sep).join('/'));
      }
    }
    expect(importers.sort()).toEqual([
      'plugin/src/markdown/reader.ts',
      'plugin/src/markdown/structure.ts', // the Token type only
    ]);
  });
});
