// What `npx github:OWNER/REPO review .` installs: the package with no dependencies, because
// the CLI and the actions run entirely from the committed bundles in dist/.
import { readFileSync, readdirSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DIST, ROOT } from './harness';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  files?: string[];
  bin?: Record<string, string>;
};

describe('the published package', () => {
  it('declares no run-time dependencies: everything it runs is bundled', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'mm-review': 'dist/cli.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist/', 'actions/']));
  });

  it('the bundles import only Node built-ins and their own chunks', () => {
    const specifiers = new Set<string>();
    for (const name of readdirSync(DIST, { recursive: true }) as string[]) {
      if (!name.endsWith('.js')) continue;
      const text = readFileSync(path.join(DIST, name), 'utf8');
      for (const match of text.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|createRequire\([^)]*\)\(\s*)["']([^"']+)["']/g,
      ))
        specifiers.add(match[1] as string);
    }
    // Strings in minified code can follow `from` too: only module-name-shaped ones count.
    const modules = [...specifiers].filter((s) => /^(?:node:)?@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*$/i.test(s));
    // ajv keeps `require("ajv/dist/runtime/…")` as text for its standalone code generation
    // (`equal.code = '…'`); the bundle never calls it: the runtime modules are bundled.
    const external = modules.filter((s) => !isBuiltin(s) && !s.startsWith('ajv/dist/runtime/'));
    expect(external).toEqual([]);
    expect(modules).toContain('node:fs');
  });

  it('ships the licenses of the bundled code', () => {
    const licenses = readFileSync(path.join(DIST, 'licenses.txt'), 'utf8');
    for (const name of ['openpgp', 'markdown-it', 'semver', 'yaml', '@octokit/core', '@actions/core'])
      expect(licenses).toMatch(new RegExp(`^${name.replace(/[.@/]/g, '\\$&')} \\d+\\.\\d+\\.\\d+\\n`, 'm'));
    expect(licenses).toContain('GNU LESSER GENERAL PUBLIC LICENSE');
  });
});
