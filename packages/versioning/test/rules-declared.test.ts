import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { pluginIdUnchanged, versionBump } from '../src/index';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

function emitted(prefix: string): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts') && f !== 'rules.ts')) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    for (const m of text.matchAll(new RegExp(`'(${prefix}/[a-z]+(?:-[a-z]+)*)'`, 'g'))) ids.add(m[1] as string);
    // `${prefix}/${analysis.rule}`: the analysis' own failure rules.
    if (text.includes(`\`${prefix}/\${analysis.rule}\``)) ids.add(`${prefix}/no-manifest`);
  }
  return [...ids].sort();
}

describe('version-bump and plugin-id-unchanged rule declarations', () => {
  it.each([
    ['version-bump', versionBump.rules],
    ['plugin-id-unchanged', pluginIdUnchanged.rules],
  ])('%s declares every rule its sources emit', (prefix, rules) => {
    const found = emitted(prefix);
    expect(found.length).toBeGreaterThan(3);
    expect(found.filter((id) => !(id in (rules ?? {})))).toEqual([]);
  });
});
