import { describe, expect, it } from '@jest/globals';
import { Workspace, runChecks } from '@mm-review/core';
import { PluginContext, manifestChecks, parseManifestText } from '../src/index';
import { manifestWith, pluginDir } from './helpers';
import { seededRandom } from '../../../test/helpers/random';

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  'null',
  'true',
  '1e999',
  '-0',
  '\u0000',
  '\ufeff',
  '//',
  '/*',
  '\n',
  '"id"',
  '"settings"',
  '&a',
  '*a',
  '- ',
  '? ',
  '!!binary',
  '\t',
  '\ud800',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const op = next();
    if (op < 0.4) out = out.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + out.slice(at);
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 20));
    else out = out.slice(0, at) + out.slice(Math.floor(next() * out.length)).slice(0, 50) + out.slice(at);
  }
  return out;
}

const yamlBase =
  'id: com.example.x\nname: X\nversion: "1.0.0"\nserver:\n  executables:\n    linux-amd64: a\nsettings_schema:\n  settings:\n    - key: A\n      type: text\n      default: 1\n';

describe('fuzzed manifests', () => {
  it.each([
    ['plugin.json', manifestWith({}), 1],
    ['plugin.yaml', yamlBase, 2],
  ])('%s: 400 mutations never throw, and every finding is located', async (file, base, seed) => {
    const next = seededRandom(seed);
    for (let i = 0; i < 400; i++) {
      const text = mutate(base, next);
      const { findings } = await parseManifestText(file, text);
      for (const finding of findings) {
        expect(finding.file).toBe(file);
        expect(finding.line).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('the checks themselves survive mutated manifests', async () => {
    const next = seededRandom(3);
    const checks = Object.values(manifestChecks);
    for (let i = 0; i < 60; i++) {
      const dir = await pluginDir({ 'plugin.json': mutate(manifestWith({ icon_path: 'a.svg' }), next) });
      const context = new PluginContext(await Workspace.open(dir), { mode: 'new', beta: false, offline: true });
      const results = await runChecks(checks, context, { mode: 'new', beta: false });
      expect(results.flatMap((r) => r.findings).filter((f) => f.rule.endsWith('internal-error'))).toEqual([]);
    }
  });
});
