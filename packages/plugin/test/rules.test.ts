import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { manifestChecks } from '../src/index';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src');
const CHECK_IDS = [
  'manifest',
  'min-server-version',
  'stable-version',
  'plugin-id',
  'settings-formatting',
  'issue-tracker',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory()
      ? sourceFiles(full)
      : entry.name.endsWith('.ts') && entry.name !== 'rules.ts'
        ? [full]
        : [];
  });
}

describe('rule declarations of the validate-manifest checks', () => {
  const declared = Object.assign({}, ...Object.values(manifestChecks).map((check) => check.rules ?? {})) as Record<
    string,
    { severity: string; description: string }
  >;
  const pattern = new RegExp(`'((?:${CHECK_IDS.join('|')})/[a-z0-9.-]+)'`, 'g');
  const emitted = new Set(
    sourceFiles(SRC).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1] as string)),
  );

  it('declares every rule id the source can emit, and nothing else', () => {
    expect([...emitted].filter((rule) => !(rule in declared)).sort()).toEqual([]);
    expect(
      Object.keys(declared)
        .filter((rule) => !emitted.has(rule))
        .sort(),
    ).toEqual([]);
    expect(emitted.size).toBeGreaterThanOrEqual(72);
  });

  it('gives each rule a severity and a one-sentence description, under its own check', () => {
    for (const check of Object.values(manifestChecks)) {
      for (const [rule, definition] of Object.entries(check.rules ?? {})) {
        expect(rule.startsWith(`${check.id}/`)).toBe(true);
        expect(['error', 'warning', 'notice']).toContain(definition.severity);
        expect(definition.description).toMatch(/^[A-Za-z"'].*[.)]$/);
      }
    }
  });
});
