import { LineIndex, readFailureFinding, type EntryInfo, type Finding, type Workspace } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { parseGoFile, type GoFile } from './go/parse';
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
  server: SourceTree<GoFile>;
  webapp: SourceTree<JsFile>;
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
    readTree(workspace, 'server', isServerSource, (path, text) => parseGoFile(path, text)),
    readTree(workspace, 'webapp/src', isWebappSource, (path, text) => ({ path, text, tokens: tokenizeJs(text), lines: new LineIndex(text) })),
  ]);
  return { server, webapp };
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
  const reads = await mapConcurrently(entries, READ_CONCURRENCY, (entry) => workspace.readText(entry.path, { maxBytes: SOURCE_LIMITS.fileBytes }));
  for (const read of reads) {
    if (read.ok) tree.files.push(parse(read.path, read.text));
    else tree.notices.push(readFailureFinding(read, 'server-compatibility/unreadable-source', 'source code to review', 'notice'));
  }
  return tree;
}

const READ_CONCURRENCY = 16;

/** The source files of a tree, within the count and total-size bounds (a notice says where it stopped). */
async function listSources(workspace: Workspace, dir: string, accept: (path: string) => boolean, notices: Finding[]): Promise<EntryInfo[]> {
  const entries: EntryInfo[] = [];
  let total = 0;
  for await (const entry of workspace.walk(dir, (e) => accept(e.path), { limit: SOURCE_LIMITS.files + 1, skipDir })) {
    if (entries.length === SOURCE_LIMITS.files) {
      notices.push(limitNotice(`${dir}/ has more than ${SOURCE_LIMITS.files} source files; only the first ${SOURCE_LIMITS.files} were read`, dir));
      break;
    }
    // Files over the per-file cap are refused unread by readText, so they do not count here.
    const size = entry.size > SOURCE_LIMITS.fileBytes ? 0 : entry.size;
    if (total + size > SOURCE_LIMITS.totalBytes) {
      notices.push(limitNotice(`${dir}/ holds more than ${SOURCE_LIMITS.totalBytes / (1024 * 1024)} MiB of source; files from ${entry.path} on were not read`, dir));
      break;
    }
    total += size;
    entries.push(entry);
  }
  return entries;
}

async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
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
  return { severity: 'notice', rule: 'server-compatibility/source-limit', message: `${message}; the checks cover what was read.`, file: dir };
}
