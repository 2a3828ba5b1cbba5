import { readFailureFinding, type Finding, type Workspace } from '@mm-review/core';
import { parseChangelog, type ParsedChangelog } from './parse';
import { RULE_PREFIX } from './rules';

/** Names a changelog goes by, in the order they are preferred; matched ignoring case. */
export const CHANGELOG_NAMES = [
  'CHANGELOG.md',
  'CHANGELOG',
  'CHANGELOG.markdown',
  'CHANGELOG.txt',
  'CHANGES.md',
  'CHANGES',
  'HISTORY.md',
  'HISTORY',
  'RELEASES.md',
  'RELEASE_NOTES.md',
  'RELEASE-NOTES.md',
  'NEWS.md',
] as const;

/** Folders searched, the plugin root first. */
export const CHANGELOG_DIRS = ['', 'docs', 'doc'] as const;

/** The largest real changelog in the corpus is 20 KB; anything over this is not a changelog a person keeps. */
export const MAX_CHANGELOG_BYTES = 2 * 1024 * 1024;

export type ChangelogFile =
  | { found: false; findings: Finding[] }
  | { found: true; file: string; parsed?: ParsedChangelog; findings: Finding[] };

/** The first changelog by folder, then by name; a directory named CHANGELOG is not one. */
export async function findChangelog(workspace: Workspace): Promise<string | undefined> {
  for (const dir of CHANGELOG_DIRS) {
    const entries = (await workspace.list(dir)).filter((e) => e.kind !== 'directory');
    for (const name of CHANGELOG_NAMES) {
      const hit = entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
      if (hit) return hit.path;
    }
  }
  return undefined;
}

/** Finds, reads and parses the changelog; a file that cannot be read becomes a located finding. */
export async function loadChangelog(workspace: Workspace): Promise<ChangelogFile> {
  const file = await findChangelog(workspace);
  if (!file) return { found: false, findings: [] };
  const read = await workspace.readText(file, { maxBytes: MAX_CHANGELOG_BYTES });
  if (!read.ok) {
    return { found: true, file, findings: [readFailureFinding(read, `${RULE_PREFIX}/changelog-unreadable`, 'the changelog', 'warning')] };
  }
  return { found: true, file, parsed: await parseChangelog(file, read.text), findings: [] };
}
