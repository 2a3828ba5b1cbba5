/**
 * What a Go build would compile: go.mod files (module path, requirements, replacements),
 * build constraints, and the reasons a file is not plugin code (tests, mocks, generated
 * code, test helpers, files a build tag leaves out).
 */

export interface GoModule {
  /** Directory of the go.mod, relative to the workspace root ('' at the root). */
  dir: string;
  path: string;
  /** Required module path → version. */
  requires: Map<string, string>;
  replaces: { from: string; to: string; version?: string }[];
}

/** Reads a go.mod: `module`, `require` and `replace` lines, single or in blocks. */
export function parseGoMod(dir: string, text: string): GoModule {
  const mod: GoModule = { dir, path: '', requires: new Map(), replaces: [] };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      directive(mod, block, line);
      continue;
    }
    const match = /^(module|require|replace|exclude|retract|go|toolchain|godebug|tool)\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, keyword, rest] = match as unknown as [string, string, string];
    if (rest === '(') block = keyword;
    else directive(mod, keyword, rest);
  }
  return mod;
}

function unquote(word: string): string {
  return word.replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1');
}

function directive(mod: GoModule, keyword: string, rest: string): void {
  const words = rest.split(/\s+/).map(unquote);
  if (keyword === 'module') mod.path = words[0] ?? '';
  else if (keyword === 'require' && words[0] && words[1]) mod.requires.set(words[0], words[1]);
  else if (keyword === 'replace') {
    const arrow = words.indexOf('=>');
    if (arrow < 1 || !words[arrow + 1]) return;
    const replace: GoModule['replaces'][number] = { from: words[0] as string, to: words[arrow + 1] as string };
    if (words[arrow + 2]) replace.version = words[arrow + 2];
    mod.replaces.push(replace);
  }
}

/** A replacement by a directory (`=> ../x`, `=> ./client`) rather than another module version. */
export function isLocalReplace(to: string): boolean {
  return to.startsWith('./') || to.startsWith('../') || to === '.' || to === '..' || to.startsWith('/');
}

/** The platforms plugins are built for (the starter template's Makefile). */
const PLATFORMS: readonly (readonly string[])[] = [
  ['linux', 'amd64', 'unix'],
  ['linux', 'arm64', 'unix'],
  ['darwin', 'amd64', 'unix'],
  ['darwin', 'arm64', 'unix'],
  ['windows', 'amd64'],
  ['freebsd', 'amd64', 'unix'],
];
const ALWAYS = new Set(['gc', 'cgo']);

/** The build constraint lines of a file (before its package clause). */
function constraintLines(text: string): { goBuild?: string; plusBuild: string[] } {
  const plusBuild: string[] = [];
  let goBuild: string | undefined;
  for (const raw of text.split('\n', 80)) {
    const line = raw.trim();
    if (/^package\s/.test(line)) break;
    const go = /^\/\/go:build\s+(.*)$/.exec(line);
    if (go) goBuild = go[1];
    const plus = /^\/\/\s*\+build\s+(.*)$/.exec(line);
    if (plus) plusBuild.push(plus[1] as string);
  }
  return goBuild === undefined ? { plusBuild } : { goBuild, plusBuild };
}

/**
 * Whether a build for one of the usual plugin platforms compiles the file: custom tags
 * (`e2e`, `integration`, `ignore`, `tools`) are off, OS and architecture tags take each
 * platform's value, `goN.M` tags are on.
 */
export function includedByBuildTags(text: string): boolean {
  const { goBuild, plusBuild } = constraintLines(text);
  if (goBuild === undefined && plusBuild.length === 0) return true;
  return PLATFORMS.some((platform) => {
    const on = (tag: string): boolean => platform.includes(tag) || ALWAYS.has(tag) || /^go1(\.\d+)?$/.test(tag);
    if (goBuild !== undefined) return evaluate(goBuild, on);
    // `// +build a,b c` means (a AND b) OR c; several lines are ANDed.
    return plusBuild.every((line) =>
      line
        .split(/\s+/)
        .some((term) => term.split(',').every((tag) => (tag.startsWith('!') ? !on(tag.slice(1)) : on(tag)))),
    );
  });
}

/** Evaluates a `//go:build` expression (||, &&, !, parentheses); a malformed one counts as true. */
function evaluate(expression: string, on: (tag: string) => boolean): boolean {
  const tokens = expression.match(/\|\||&&|!|\(|\)|[\w.]+/g) ?? [];
  let i = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[i] === '||') {
      i++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (tokens[i] === '&&') {
      i++;
      value = not() && value;
    }
    return value;
  };
  const not = (): boolean => {
    const token = tokens[i++];
    if (token === '!') return !not();
    if (token === '(') {
      const value = or();
      i++;
      return value;
    }
    return token ? on(token) : true;
  };
  try {
    return or();
  } catch {
    return true;
  }
}

export type ExclusionReason = 'test' | 'mock' | 'generated' | 'build-tag' | 'test-helper';

export const EXCLUSION_LABELS: Record<ExclusionReason, [string, string]> = {
  test: ['test file', 'test files'],
  mock: ['mock', 'mocks'],
  generated: ['generated file', 'generated files'],
  'build-tag': ['file left out by build tags', 'files left out by build tags'],
  'test-helper': ['test helper', 'test helpers'],
};

const TEST_LIBRARIES =
  /^(testing|github\.com\/stretchr\/testify(\/.*)?|github\.com\/testcontainers\/.*|github\.com\/golang\/mock\/gomock|go\.uber\.org\/mock\/gomock|github\.com\/onsi\/(ginkgo|gomega)(\/.*)?)$/;

/** Why a file is not part of the plugin binary's own code, from its path alone. */
export function exclusionByPath(path: string): ExclusionReason | undefined {
  if (path.endsWith('_test.go')) return 'test';
  const base = path.split('/').pop() ?? path;
  if (
    /^mocks?_|_mocks?\.go$|^mocks?\.go$/i.test(base) ||
    path
      .split('/')
      .slice(0, -1)
      .some((dir) => /^(mocks?|mock_\w+|fakes?)$/i.test(dir))
  )
    return 'mock';
  return undefined;
}

/** Why a file is not part of the plugin binary's own code, from its text and imports. */
export function exclusionByContent(text: string, imports: readonly string[]): ExclusionReason | undefined {
  if (!includedByBuildTags(text)) return 'build-tag';
  const header = text.slice(0, 2000);
  if (/^\/\/ Code generated .* DO NOT EDIT\.?\s*$/m.test(header))
    return /mock/i.test(header.split('\n').find((l) => l.startsWith('// Code generated')) ?? '') ? 'mock' : 'generated';
  if (imports.some((path) => TEST_LIBRARIES.test(path))) return 'test-helper';
  return undefined;
}

/** A standard library package: its first path element has no dot. */
export function isStandardLibrary(importPath: string): boolean {
  return !(importPath.split('/')[0] ?? '').includes('.');
}
