import type { Workspace } from '@mm-review/core';

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

/**
 * The plugin's changelog, as every check finds it: the first file by folder, then by name;
 * a directory named CHANGELOG is not one. release-notes and version-bump both use this.
 */
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
