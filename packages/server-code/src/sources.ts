import { LineIndex, readFailureFinding, type EntryInfo, type Finding, type Workspace } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { parseGoFile, type GoFile } from './go/parse';
import {
  exclusionByContent,
  exclusionByPath,
  isLocalReplace,
  isStandardLibrary,
  parseGoMod,
  type ExclusionReason,
  type GoModule,
} from './go/module';
import { tokenizeJs, type JsToken } from './lex/js';

/** Bounds on what is read: a plugin's server is tens of files; these leave a wide margin. */
export const SOURCE_LIMITS = {
  /** Files read per tree (server, webapp). */
  files: 2000,
  /** One source file; generated files above this are not hand-written code to review. */
  fileBytes: 1024 * 1024,
  /** Everything read per tree. */
  totalBytes: 32 * 1024 * 1024,
};

export interface JsFile {
  path: string;
  text: string;
  tokens: JsToken[];
  lines: LineIndex;
}

export interface SourceTree<File> {
  files: File[];
  /** Files that were skipped or could not be read, as notices with their path. */
  notices: Finding[];
}

export interface PluginSources {
  server: SourceTree<GoFile> & { build: ServerBuild };
  webapp: SourceTree<JsFile>;
}

/** Plugin server code the build pulls in but that is not in the repository. */
export interface UnreadCode {
  module: string;
  /** The version go.mod requires, or the local path a `replace` points to. */
  version?: string;
  why: string;
}

/** How the server code was found: what the plugin binary is built from and what was left out. */
export interface ServerBuild {
  /** The main package directory (the one calling plugin.ClientMain); undefined when none was found. */
  mainDir?: string;
  /** The module path of the main package, when a go.mod declares it. */
  module?: string;
  /** Package directories read, main first. */
  packages: string[];
  /** Go files left out of the packages read, by reason. */
  excluded: Partial<Record<ExclusionReason, number>>;
  /** Go files of the repository in packages the plugin binary does not import (tools, generators, tests, other binaries). */
  notImported: number;
  /** Plugin code the build uses but that this review cannot read. */
  unread: UnreadCode[];
  /** Module path → version the main module's go.mod requires. */
  requires: Record<string, string>;
}

const SKIPPED_DIRS = new Set(['vendor', 'node_modules', 'testdata', 'dist', '.git', '__tests__', '__mocks__']);

function skipDir(entry: EntryInfo): boolean {
  return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.');
}

export function isServerSource(path: string): boolean {
  return path.endsWith('.go') && !path.endsWith('_test.go');
}

export function isWebappSource(path: string): boolean {
  return /\.(js|jsx|ts|tsx)$/.test(path) && !/\.d\.ts$/.test(path) && !/\.(test|spec)\.[jt]sx?$/.test(path);
}

/** The server and webapp sources, read and tokenized once per review. */
export function pluginSources(context: PluginContext): Promise<PluginSources> {
  return context.memo.get('server-code:sources', () => readSources(context.workspace));
}

export async function readSources(workspace: Workspace): Promise<PluginSources> {
  const [server, webapp] = await Promise.all([
    readServer(workspace),
    readTree(workspace, 'webapp/src', isWebappSource, (path, text) => ({
      path,
      text,
      tokens: tokenizeJs(text, { jsx: !path.endsWith('.ts') }),
      lines: new LineIndex(text),
    })),
  ]);
  return { server, webapp };
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function joinPath(dir: string, relative: string): string | undefined {
  const parts = dir ? dir.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Directories named in the Makefile's build commands: `cd server && go build`, `go build ./cmd/plugin`. */
function makefileDirs(text: string): string[] {
  const dirs: string[] = [];
  for (const line of text.split('\n')) {
    if (!/\bbuild\b/.test(line) || !/\b(go|GO\)|GO)\b/.test(line)) continue;
    const cd = /\bcd\s+([\w./-]+)\s*&&/.exec(line) ?? /\sbuild\b.*\s-C\s+([\w./-]+)/.exec(line);
    if (cd?.[1] && !cd[1].includes('$')) dirs.push(cd[1].replace(/^\.\//, '').replace(/\/$/, ''));
    for (const match of line.matchAll(/\s\.\/([\w./-]+)/g))
      if (!/\.go$/.test(match[1] as string)) dirs.push((match[1] as string).replace(/\/(\.\.\.)?$/, ''));
  }
  return dirs;
}

interface ParsedDir {
  files: GoFile[];
  excluded: Partial<Record<ExclusionReason, number>>;
}

/**
 * The Go code the plugin binary is built from: the main package that calls
 * plugin.ClientMain (the directory the Makefile builds, `server` in the starter
 * template), then every package of the repository it imports, through the module's
 * path, nested modules and local `replace` targets. Tests, mocks, generated code, test
 * helpers and files a build tag leaves out are not read as plugin code.
 */
async function readServer(workspace: Workspace): Promise<PluginSources['server']> {
  const tree: PluginSources['server'] = {
    files: [],
    notices: [],
    build: { packages: [], excluded: {}, notImported: 0, unread: [], requires: {} },
  };
  const goFiles = new Map<string, EntryInfo[]>();
  const goMods: EntryInfo[] = [];
  let total = 0;
  let count = 0;
  let readCount = 0;
  let stopped = false;
  for await (const entry of workspace.walk('', (e) => e.name.endsWith('.go') || e.name === 'go.mod', {
    limit: SOURCE_LIMITS.files * 4,
    skipDir,
  })) {
    if (entry.name === 'go.mod') {
      goMods.push(entry);
      continue;
    }
    count++;
    const dir = dirOf(entry.path);
    const list = goFiles.get(dir) ?? [];
    list.push(entry);
    goFiles.set(dir, list);
  }
  if (count === 0) return tree;
  const modules = (
    await Promise.all(
      goMods.map(async (entry) => {
        const read = await workspace.readText(entry.path, { maxBytes: SOURCE_LIMITS.fileBytes });
        return read.ok ? parseGoMod(dirOf(entry.path), read.text) : undefined;
      }),
    )
  ).filter((m): m is GoModule => m !== undefined && m.path !== '');

  const parsed = new Map<string, ParsedDir>();
  const parseDir = async (dir: string): Promise<ParsedDir> => {
    const known = parsed.get(dir);
    if (known) return known;
    const result: ParsedDir = { files: [], excluded: {} };
    parsed.set(dir, result);
    const entries = goFiles.get(dir) ?? [];
    const kept: EntryInfo[] = [];
    for (const entry of entries) {
      const reason = exclusionByPath(entry.path);
      if (reason) result.excluded[reason] = (result.excluded[reason] ?? 0) + 1;
      else if (kept.length + readCount >= SOURCE_LIMITS.files) {
        if (!stopped)
          tree.notices.push(
            limitNotice(
              `The server code has more than ${SOURCE_LIMITS.files} Go files; only the first ${SOURCE_LIMITS.files} were read`,
              dir || '.',
            ),
          );
        stopped = true;
        break;
      } else if (total + Math.min(entry.size, SOURCE_LIMITS.fileBytes) > SOURCE_LIMITS.totalBytes) {
        if (!stopped)
          tree.notices.push(
            limitNotice(
              `The server code holds more than ${SOURCE_LIMITS.totalBytes / (1024 * 1024)} MiB of Go source; files from ${entry.path} on were not read`,
              dir || '.',
            ),
          );
        stopped = true;
        break;
      } else {
        total += Math.min(entry.size, SOURCE_LIMITS.fileBytes);
        kept.push(entry);
      }
    }
    readCount += kept.length;
    const reads = await mapConcurrently(kept, READ_CONCURRENCY, (entry) =>
      workspace.readText(entry.path, { maxBytes: SOURCE_LIMITS.fileBytes }),
    );
    for (const read of reads) {
      if (!read.ok) {
        tree.notices.push(
          readFailureFinding(read, 'server-compatibility/unreadable-source', 'source code to review', 'notice'),
        );
        continue;
      }
      const file = parseGoFile(read.path, read.text);
      const reason = exclusionByContent(
        read.text,
        file.imports.map((imp) => imp.path),
      );
      if (reason) result.excluded[reason] = (result.excluded[reason] ?? 0) + 1;
      else result.files.push(file);
    }
    return result;
  };
  const isMain = (files: readonly GoFile[]): boolean =>
    files.some(
      (file) =>
        file.packageName === 'main' &&
        file.tokens.some((t, i) => t.text === 'ClientMain' && file.tokens[i - 1]?.text === '.'),
    );

  // The main package: the directories the Makefile builds, then `server`, then any package main calling plugin.ClientMain.
  // The Makefile and the make fragments it includes from build/ (the starter template's layout).
  const makeFiles = [
    'Makefile',
    'makefile',
    'GNUmakefile',
    ...(await workspace.list('build')).filter((e) => e.kind === 'file' && e.name.endsWith('.mk')).map((e) => e.path),
  ];
  const makeDirs: string[] = [];
  for (const name of makeFiles) {
    const read = await workspace.readText(name, { maxBytes: SOURCE_LIMITS.fileBytes });
    if (read.ok) makeDirs.push(...makefileDirs(read.text));
  }
  const preferred = [...makeDirs, 'server', 'cmd/plugin', ''];
  const byMainFile = [...goFiles.keys()].filter((dir) =>
    goFiles.get(dir)?.some((e) => e.name === 'main.go' || e.name === 'plugin.go'),
  );
  const candidates = [...new Set([...preferred, ...byMainFile])].filter(
    (dir) => goFiles.has(dir) && !/(^|\/)(build|tools?|scripts?|e2e|hack)(\/|$)/.test(dir),
  );
  let mainDir: string | undefined;
  for (const dir of candidates) {
    if (isMain((await parseDir(dir)).files)) {
      mainDir = dir;
      break;
    }
  }
  const { build } = tree;
  if (mainDir === undefined) {
    // No main package found: read the server folder, as a plugin built from it would be.
    const module = owningModule(modules, 'server');
    if (module) {
      build.module = module.path;
      build.requires = Object.fromEntries(module.requires);
    }
    for (const dir of [...goFiles.keys()].filter((d) => d === 'server' || d.startsWith('server/'))) {
      const result = await parseDir(dir);
      if (result.files.length) build.packages.push(dir);
    }
  } else {
    build.mainDir = mainDir;
    const mainModule = owningModule(modules, mainDir);
    if (mainModule) {
      build.module = mainModule.path;
      build.requires = Object.fromEntries(mainModule.requires);
    }
    const queue = [mainDir];
    const seen = new Set(queue);
    const unread = new Map<string, UnreadCode>();
    while (queue.length > 0) {
      const dir = queue.shift() as string;
      build.packages.push(dir);
      const result = await parseDir(dir);
      for (const file of result.files) {
        for (const imp of file.imports) {
          if (isStandardLibrary(imp.path)) continue;
          const target = resolveImport(imp.path, modules, goFiles, mainModule, unread);
          if (target !== undefined && !seen.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
    }
    build.unread.push(...unread.values());
    if (
      mainModule &&
      !build.packages.some((dir) =>
        parsed
          .get(dir)
          ?.files.some((file) =>
            file.structs.some((s) => s.fields.some((f) => f.embedded && /MattermostPlugin$/.test(f.type))),
          ),
      )
    ) {
      // The plugin type is not in the repository: the main package hands the plugin to another module.
      for (const file of parsed.get(mainDir)?.files ?? []) {
        for (const imp of file.imports) {
          if (isStandardLibrary(imp.path) || /^github\.com\/mattermost\/mattermost(-server)?\//.test(imp.path))
            continue;
          if (resolveImport(imp.path, modules, goFiles, mainModule, unread) !== undefined) continue;
          const owner = requiredModule(mainModule, imp.path);
          if (owner && !build.unread.some((u) => u.module === owner[0]))
            build.unread.push({
              module: owner[0],
              version: owner[1],
              why: `the main package (${mainDir || '.'}) hands the plugin to it`,
            });
        }
      }
    }
  }
  for (const dir of build.packages) {
    const result = parsed.get(dir) as ParsedDir;
    tree.files.push(...result.files);
    for (const [reason, n] of Object.entries(result.excluded) as [ExclusionReason, number][])
      build.excluded[reason] = (build.excluded[reason] ?? 0) + n;
  }
  const readDirs = new Set(build.packages);
  build.notImported = [...goFiles.entries()]
    .filter(([dir]) => !readDirs.has(dir))
    .reduce((sum, [, entries]) => sum + entries.length, 0);
  return tree;
}

function owningModule(modules: readonly GoModule[], dir: string): GoModule | undefined {
  return modules
    .filter((m) => m.dir === '' || dir === m.dir || dir.startsWith(`${m.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

function requiredModule(module: GoModule, importPath: string): [string, string] | undefined {
  let best: [string, string] | undefined;
  for (const [path, version] of module.requires) {
    if ((importPath === path || importPath.startsWith(`${path}/`)) && (!best || path.length > best[0].length))
      best = [path, version];
  }
  return best;
}

/**
 * The repository directory an import path points to, or undefined when it is in another
 * module. A local `replace` target outside the repository is recorded as unread.
 */
function resolveImport(
  importPath: string,
  modules: readonly GoModule[],
  goFiles: ReadonlyMap<string, unknown>,
  mainModule: GoModule | undefined,
  unread: Map<string, UnreadCode>,
): string | undefined {
  const under = (prefix: string, dir: string): string | undefined => {
    if (importPath !== prefix && !importPath.startsWith(`${prefix}/`)) return undefined;
    const rest = importPath.slice(prefix.length).replace(/^\//, '');
    return rest ? (dir ? `${dir}/${rest}` : rest) : dir;
  };
  if (mainModule) {
    for (const replace of mainModule.replaces) {
      if (!isLocalReplace(replace.to)) continue;
      const base = joinPath(mainModule.dir, replace.to);
      const dir = base === undefined ? undefined : under(replace.from, base);
      if (importPath !== replace.from && !importPath.startsWith(`${replace.from}/`)) continue;
      if (dir !== undefined && goFiles.has(dir)) return dir;
      if (base === undefined && !unread.has(replace.from))
        unread.set(replace.from, {
          module: replace.from,
          version: `replace => ${replace.to}`,
          why: 'go.mod replaces it with a directory outside the repository',
        });
      return undefined;
    }
  }
  const owners = [...modules].sort((a, b) => b.path.length - a.path.length);
  for (const module of owners) {
    const dir = under(module.path, module.dir);
    if (dir === undefined) continue;
    // A nested module counts only when the main module uses it from the repository (a replace, or no version to fetch).
    return goFiles.has(dir) ? dir : undefined;
  }
  if (modules.length === 0) {
    // No go.mod (GOPATH layout): an import path ending in a directory of the repository.
    for (const dir of goFiles.keys()) if (dir && importPath.endsWith(`/${dir}`)) return dir;
  }
  return undefined;
}

async function readTree<File>(
  workspace: Workspace,
  dir: string,
  accept: (path: string) => boolean,
  parse: (path: string, text: string) => File,
): Promise<SourceTree<File>> {
  const tree: SourceTree<File> = { files: [], notices: [] };
  const entries = await listSources(workspace, dir, accept, tree.notices);
  // Reads overlap (the walk is sequential); parsing stays in the walk's order.
  const reads = await mapConcurrently(entries, READ_CONCURRENCY, (entry) =>
    workspace.readText(entry.path, { maxBytes: SOURCE_LIMITS.fileBytes }),
  );
  for (const read of reads) {
    if (read.ok) tree.files.push(parse(read.path, read.text));
    else
      tree.notices.push(
        readFailureFinding(read, 'server-compatibility/unreadable-source', 'source code to review', 'notice'),
      );
  }
  return tree;
}

const READ_CONCURRENCY = 16;

/** The source files of a tree, within the count and total-size bounds (a notice says where it stopped). */
async function listSources(
  workspace: Workspace,
  dir: string,
  accept: (path: string) => boolean,
  notices: Finding[],
): Promise<EntryInfo[]> {
  const entries: EntryInfo[] = [];
  let total = 0;
  for await (const entry of workspace.walk(dir, (e) => accept(e.path), { limit: SOURCE_LIMITS.files + 1, skipDir })) {
    if (entries.length === SOURCE_LIMITS.files) {
      notices.push(
        limitNotice(
          `${dir}/ has more than ${SOURCE_LIMITS.files} source files; only the first ${SOURCE_LIMITS.files} were read`,
          dir,
        ),
      );
      break;
    }
    // Files over the per-file cap are refused unread by readText, so they do not count here.
    const size = entry.size > SOURCE_LIMITS.fileBytes ? 0 : entry.size;
    if (total + size > SOURCE_LIMITS.totalBytes) {
      notices.push(
        limitNotice(
          `${dir}/ holds more than ${SOURCE_LIMITS.totalBytes / (1024 * 1024)} MiB of source; files from ${entry.path} on were not read`,
          dir,
        ),
      );
      break;
    }
    total += size;
    entries.push(entry);
  }
  return entries;
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function limitNotice(message: string, dir: string): Finding {
  return {
    severity: 'notice',
    rule: 'server-compatibility/source-limit',
    message: `${message}; the checks cover what was read.`,
    file: dir,
  };
}
