// Issue 16: a seeded fuzz run over the inputs hostile parties control (READMEs,
// changelogs, manifests, Marketplace databases, bundles and submission issues), bounded in
// count and size so it runs in every `npm test` in a few seconds. Each mutated input must
// not crash (only the documented input errors), not stop a check on an internal error,
// and every finding about the mutated file must say which file it is. The PRNG is seeded,
// so a failure reproduces from the printed seed and round.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InputError, type Finding } from '@mm-review/core';
import { validateDatabase } from '@mm-review/database';
import { BundleError, readBundle } from '@mm-review/release';
import { parseSubmission, runPluginAction } from '../src/index';
import { pluginBundle } from '../../release/test/helpers/tarball';
import { seededRandom } from '../../../test/helpers/random';

/** Pieces that stress Markdown, YAML, JSON and text handling: syntax, control characters, long runs. */
const TOKENS = [
  '#',
  '# ',
  '## ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '`',
  '```',
  '~~~',
  '[',
  ']',
  '(',
  ')',
  '![',
  '](',
  '<',
  '>',
  '<!--',
  '-->',
  '<script>',
  '*',
  '_',
  '|',
  '\\',
  '"',
  "'",
  '{',
  '}',
  ',',
  ':',
  'null',
  '1e999',
  '-0',
  '\u0000',
  '\u001b[2K',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\ud800',
  '..',
  '...',
  '/compare/',
  'https://github.com/',
  '@everyone',
  'v1.2.3',
  '1.0.0-rc.1',
  '99999999999999999999.0.0',
  '.'.repeat(300),
  '#'.repeat(200),
  '# '.repeat(100),
  '<!--'.repeat(50),
  'a'.repeat(400),
];

function mutate(text: string, next: () => number, edits = 1 + Math.floor(next() * 8)): string {
  let out = text;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const op = next();
    if (op < 0.5) out = out.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + out.slice(at);
    else if (op < 0.75) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 30));
    else out = out.slice(0, at) + out.slice(Math.floor(next() * out.length)).slice(0, 80) + out.slice(at);
  }
  return out;
}

const MANIFEST = JSON.stringify(
  {
    id: 'com.example.demo',
    name: 'Demo',
    description: 'Shows things.',
    homepage_url: 'https://github.com/acme/demo',
    support_url: 'https://github.com/acme/demo/issues',
    release_notes_url: 'https://github.com/acme/demo/releases/tag/v1.2.0',
    icon_path: 'assets/icon.svg',
    version: '1.2.0',
    min_server_version: '9.5.0',
    server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
    settings_schema: { settings: [{ key: 'Token', display_name: 'Token:', type: 'text', help_text: 'The token.' }] },
  },
  null,
  2,
);
const README =
  '# Demo\n\nA plugin that shows things in [Mattermost](https://mattermost.com).\n\n## Installation\n\n1. Download the [latest release](https://github.com/acme/demo/releases).\n2. Upload it in the System Console.\n\n## Configuration\n\nSet **Token** under `Plugins > Demo`. See [docs/setup.md](docs/setup.md).\n\n## Usage\n\nType `/demo` in a channel.\n\n![screenshot](assets/shot.png)\n';
const CHANGELOG =
  '# Changelog\n\n## [Unreleased]\n\n## [1.2.0](https://github.com/acme/demo/compare/v1.1.0...v1.2.0) - 2024-05-01\n\n### Added\n- A `/demo` command.\n\n## 1.1.0\n\n- Fixed a crash.\n\nVersion 1.0.0\n=============\n\n- First release.\n';
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mm-review-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pluginWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(dir, 'p-'));
  const all = {
    'plugin.json': MANIFEST,
    'README.md': README,
    'CHANGELOG.md': CHANGELOG,
    'assets/icon.svg': ICON,
    'docs/setup.md': '# Setup\n',
    ...files,
  };
  for (const [name, content] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

/** No check stopped on an internal error, and a finding that names the fuzzed file carries it as its location. */
function expectSound(findings: Finding[], file: string, where: string): void {
  expect([where, findings.filter((f) => f.rule.endsWith('/internal-error'))]).toEqual([where, []]);
  // Notices (a check skipped because the file did not parse) are about the run, not a place.
  const unlocated = findings
    .filter((f) => f.severity !== 'notice')
    .filter((f) => f.message.startsWith(`${file} `) || f.message.startsWith(`${file}:`))
    .filter((f) => !f.file);
  expect([where, unlocated]).toEqual([where, []]);
  for (const f of findings.filter((x) => x.file && x.line !== undefined))
    expect([where, f.line]).toEqual([where, expect.any(Number)]);
}

describe('fuzzed hostile input', () => {
  it.each([
    ['README.md', 'check-docs', README, 11],
    ['CHANGELOG.md', 'check-changelog', CHANGELOG, 12],
    ['plugin.json', 'validate-manifest', MANIFEST, 13],
  ])(
    '%s: mutations through %s never crash and stay located',
    async (file, action, base, seed) => {
      const next = seededRandom(seed);
      let ran = 0;
      for (let round = 0; round < 12; round++) {
        const root = await pluginWith({ [file]: mutate(base, next) });
        const run = await runPluginAction(action, root, {
          mode: round % 2 ? 'update' : 'new',
          beta: false,
          offline: true,
          tag: 'v1.2.0',
        } as never);
        expectSound(
          run.report.checks.flatMap((c) => c.findings),
          file,
          `seed ${seed} round ${round}`,
        );
        ran += run.report.checks.filter((c) => c.status !== 'skip').length;
      }
      expect(ran).toBeGreaterThanOrEqual(12); // at least one check ran each round, not skipped
    },
    60_000,
  );

  it('the whole review survives a plugin where every file is mutated at once', async () => {
    const next = seededRandom(14);
    for (let round = 0; round < 4; round++) {
      const root = await pluginWith({
        'plugin.json': mutate(MANIFEST, next),
        'README.md': mutate(README, next),
        'CHANGELOG.md': mutate(CHANGELOG, next),
        'assets/icon.svg': mutate(ICON, next),
      });
      const run = await runPluginAction('review', root, { mode: 'new', beta: false, offline: true } as never);
      expectSound(
        run.report.checks.flatMap((c) => c.findings),
        'plugin.json',
        `seed 14 round ${round}`,
      );
    }
  }, 60_000);

  it('Marketplace databases: mutated entries never crash validate-database and stay located', async () => {
    const entry = (version: string) => ({
      homepage_url: 'https://github.com/acme/demo',
      icon_data: '',
      download_url: `https://github.com/acme/demo/releases/download/v${version}/demo-${version}.tar.gz`,
      release_notes_url: `https://github.com/acme/demo/releases/tag/v${version}`,
      hosting: '',
      author_type: 'community',
      release_stage: 'production',
      enterprise: false,
      signature: '',
      repo_name: 'mattermost-plugin-demo',
      manifest: { id: 'com.example.demo', name: 'Demo', version, min_server_version: '9.5.0' },
      platforms: {},
      updated_at: '2024-05-01T00:00:00Z',
    });
    const base = `${JSON.stringify([entry('1.2.0'), entry('1.1.0')], null, 2)}\n`;
    const next = seededRandom(15);
    for (let round = 0; round < 40; round++) {
      const text = mutate(base, next);
      const { report } = await validateDatabase({
        head: { file: 'plugins.json', text },
        base: { file: 'base.json', text: base },
        tool: { name: 'mm-review', version: '0' },
        options: { now: () => new Date('2026-11-30T00:00:00Z') },
      } as never);
      expectSound(
        report.checks.flatMap((c) => c.findings),
        'plugins.json',
        `seed 15 round ${round}`,
      );
    }
  }, 60_000);

  it('bundles: mutated tar bytes are read or refused with a BundleError, nothing else', async () => {
    const tar = pluginBundle(MANIFEST, {
      files: { 'assets/icon.svg': ICON, 'server/dist/plugin-linux-amd64': 'binary' },
    });
    const plain = (await import('node:zlib')).gunzipSync(tar);
    const next = seededRandom(16);
    let read = 0;
    for (let round = 0; round < 150; round++) {
      const bytes = Buffer.from(plain);
      const edits = 1 + Math.floor(next() * 6);
      for (let i = 0; i < edits; i++) {
        // Header bytes (names, sizes, types, checksums) more often than file data.
        const block = Math.floor(next() * (bytes.length / 512));
        const at = block * 512 + (next() < 0.7 ? Math.floor(next() * 512) : Math.floor(next() * 100));
        if (at < bytes.length) bytes[at] = Math.floor(next() * 256);
      }
      const input =
        round % 3 === 0
          ? gzipSync(bytes)
          : round % 3 === 1
            ? bytes
            : bytes.subarray(0, Math.floor(next() * bytes.length));
      try {
        await readBundle(input);
        read++;
      } catch (error) {
        expect([round, (error as Error).constructor.name, (error as Error).message]).toEqual([
          round,
          expect.stringMatching(/Error$/),
          expect.any(String),
        ]);
        expect([round, error instanceof BundleError]).toEqual([round, true]);
      }
    }
    expect(read).toBeGreaterThan(0);
  }, 60_000);

  it('submission issues: mutated bodies are read or refused with an InputError, nothing else', () => {
    const body =
      '### Plugin name\nDemo\n\n<!-- the link below -->\n#### Review commit\nhttps://github.com/acme/demo/releases/tag/v1.2.0\n\n## Checklist\n- [x] done\n';
    const next = seededRandom(17);
    for (let round = 0; round < 500; round++) {
      try {
        const submission = parseSubmission({ title: mutate('Add Demo', next, 1), body: mutate(body, next) });
        expect(submission.repository).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
        expect(submission.ref).toMatch(/^$|^[A-Za-z0-9][A-Za-z0-9._/+-]*$/);
      } catch (error) {
        expect([round, error instanceof InputError, (error as Error).message]).toEqual([
          round,
          true,
          expect.any(String),
        ]);
      }
    }
  });
});
