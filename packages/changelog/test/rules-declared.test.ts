import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { releaseNotesCheck } from '../src/check';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Rule ids written in the sources: `finding('x'`, `problem('x'`, `${RULE_PREFIX}/x`. */
function emitted(): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts') && f !== 'release-notes-rules.ts')) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    for (const m of text.matchAll(/\b(?:finding|problem)\(\s*'([a-z-]+)'/g)) ids.add(`release-notes/${m[1]}`);
    for (const m of text.matchAll(/\$\{RULE_PREFIX\}\/([a-z-]+)/g)) ids.add(`release-notes/${m[1]}`);
  }
  return [...ids].sort();
}

describe('release-notes rule declarations', () => {
  it('declares every rule the sources emit, with a severity and a description', () => {
    const declared = releaseNotesCheck.rules ?? {};
    const found = emitted();
    expect(found.length).toBeGreaterThan(40);
    expect(found.filter((id) => !(id in declared))).toEqual([]);
    for (const rule of Object.values(declared)) expect(rule.description.length).toBeGreaterThan(20);
  });
});
