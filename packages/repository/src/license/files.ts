import path from 'node:path';
import type { EntryInfo, ReadResult, Workspace } from '@mm-review/core';

/** License texts are a few KiB (the longest SPDX text is 46 KiB); anything past 1 MiB is refused unread. */
export const MAX_LICENSE_BYTES = 1024 * 1024;

/** GitHub's license file names (licensee's filename scores), best first. */
const ROOT_NAME_PATTERNS: readonly RegExp[] = [
  /^licen[cs]e$/i,
  /^licen[cs]e\.(?:md|markdown|txt|rst|html?)$/i,
  /^copying$/i,
  /^copying\.(?:md|markdown|txt|rst)$/i,
  /^unlicen[cs]e(?:\.(?:md|markdown|txt))?$/i,
  /^licen[cs]e[.\-_][^/]+$/i,
  /^copying[.\-_][^/]+$/i,
  /^[^./]+[-_]licen[cs]e(?:\.(?:md|markdown|txt))?$/i,
];
/** The first patterns name the repository's main license; the others are variants (`LICENSE.enterprise`, `LICENSE-MIT`). */
const PRIMARY_PATTERN_COUNT = 5;

export function licenseNameRank(name: string): number {
  const rank = ROOT_NAME_PATTERNS.findIndex((pattern) => pattern.test(name));
  return rank === -1 ? Number.POSITIVE_INFINITY : rank;
}

export function isPrimaryLicenseName(name: string): boolean {
  return licenseNameRank(name) < PRIMARY_PATTERN_COUNT;
}

export interface LicenseFile {
  /** Where the license file is (or the link to it). */
  path: string;
  /** Where a link points, as written, when the file is a link. */
  linkTarget?: string;
  /** The link's target relative to the root, when it stays inside the tree. */
  resolvedPath?: string;
  /** Set for a link stored as a plain file holding its target (git with core.symlinks off). */
  linkStub?: boolean;
  /** The text, or why it could not be read. */
  read: ReadResult;
  /** `inside` for a link within the tree; `dangling`/`outside` for links that were not followed. */
  link?: 'inside' | 'dangling' | 'outside';
  /** The folder the license applies to ('' for the whole repository). */
  covers: string;
  /** Found at the root (as GitHub looks) rather than in a sub-folder. */
  atRoot: boolean;
}

/** Root files named like licenses, in GitHub's order of preference. */
export async function rootLicenseEntries(workspace: Workspace): Promise<EntryInfo[]> {
  const entries = await workspace.list('');
  return entries
    .filter((entry) => entry.kind !== 'directory' && Number.isFinite(licenseNameRank(entry.name)))
    .sort((a, b) => licenseNameRank(a.name) - licenseNameRank(b.name) || a.name.localeCompare(b.name));
}

/**
 * Reads one license entry without ever following a link out of the tree. A tiny one-line
 * file that holds nothing but a relative path is how git checks out a symbolic link when
 * links are off (and how the link reached us in copied trees): it is treated as the link.
 */
export async function readLicenseEntry(workspace: Workspace, entry: EntryInfo, atRoot: boolean): Promise<LicenseFile> {
  const base = { path: entry.path, atRoot, covers: atRoot ? '' : path.posix.dirname(entry.path) };
  if (entry.link) {
    const file: LicenseFile = {
      ...base,
      linkTarget: entry.link.target,
      link: entry.link.resolved,
      read: await workspace.readText(entry.path, { maxBytes: MAX_LICENSE_BYTES }),
    };
    if (entry.link.resolved === 'inside') {
      file.covers = coveredFolder(entry.path, entry.link.target);
      file.resolvedPath = path.posix.normalize(path.posix.join(path.posix.dirname(entry.path), entry.link.target));
    }
    return file;
  }
  const read = await workspace.readText(entry.path, { maxBytes: MAX_LICENSE_BYTES });
  const target = read.ok ? linkStubTarget(read.text) : undefined;
  if (!target) return { ...base, read };
  return followStub(workspace, entry.path, target, base);
}

async function followStub(
  workspace: Workspace,
  stubPath: string,
  target: string,
  base: Pick<LicenseFile, 'path' | 'atRoot' | 'covers'>,
): Promise<LicenseFile> {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(stubPath), target));
  const stub = { ...base, linkTarget: target, linkStub: true };
  if (resolved.startsWith('../') || resolved === '..' || path.posix.isAbsolute(target)) {
    return {
      ...stub,
      link: 'outside',
      read: {
        ok: false,
        path: stubPath,
        reason: 'outside-root',
        detail: `it points to ${target}, outside the plugin root, and is not followed`,
      },
    };
  }
  const info = await workspace.info(resolved);
  if (!info) {
    return {
      ...stub,
      link: 'dangling',
      read: {
        ok: false,
        path: stubPath,
        reason: 'dangling-link',
        detail: `it points to ${target}, which does not exist`,
      },
    };
  }
  const read = await workspace.readText(resolved, { maxBytes: MAX_LICENSE_BYTES });
  return {
    ...stub,
    link: read.ok || read.reason !== 'outside-root' ? 'inside' : 'outside',
    read,
    covers: coveredFolder(stubPath, target),
    resolvedPath: resolved,
  };
}

function linkStubTarget(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 255 || /\s/.test(trimmed)) return undefined;
  return /^(?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)+$/.test(trimmed) ? trimmed : undefined;
}

/** The folder a linked license governs: the folder of its target (`server/enterprise/`). */
function coveredFolder(linkPath: string, target: string): string {
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(linkPath), target));
  const folder = path.posix.dirname(resolved);
  return folder === '.' ? '' : folder;
}

const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'vendor',
  'third_party',
  'third-party',
  'dist',
  'build',
  'testdata',
  'coverage',
  'target',
  'public',
]);
const MAX_DEPTH = 4;

export interface TreeScan {
  /** License files below the root (depth ≤ 4, outside dependency and build folders). */
  nested: EntryInfo[];
  directories: string[];
}

/** One bounded walk of the tree for sub-folder license files and the folder names. */
export async function scanTree(workspace: Workspace): Promise<TreeScan> {
  const directories: string[] = [];
  const nested: EntryInfo[] = [];
  const skipDir = (entry: EntryInfo): boolean => {
    const skip =
      entry.name.startsWith('.') ||
      SKIPPED_DIRECTORIES.has(entry.name) ||
      entry.path.split('/').length > MAX_DEPTH ||
      directories.length >= 2000;
    if (!skip) directories.push(entry.path);
    return skip;
  };
  const accept = (entry: EntryInfo): boolean => entry.path.includes('/') && isPrimaryLicenseName(entry.name);
  for await (const entry of workspace.walk('', accept, { limit: 50, skipDir })) nested.push(entry);
  return { nested, directories };
}

/** Folders a `LICENSE.<name>` file plausibly governs: folders called `<name>`. */
export function foldersNamedLike(fileName: string, directories: readonly string[]): string[] {
  const suffix = /^(?:un)?licen[cs]e[.\-_](.+?)(?:\.(?:md|txt))?$/i.exec(fileName)?.[1]?.toLowerCase();
  if (!suffix) return [];
  return directories.filter((dir) => path.posix.basename(dir).toLowerCase() === suffix).slice(0, 5);
}
