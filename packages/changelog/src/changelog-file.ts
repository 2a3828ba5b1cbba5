import { readFailureFinding, type Finding, type Workspace } from '@mm-review/core';
import { CHANGELOG_DIRS, CHANGELOG_NAMES, MAX_CHANGELOG_BYTES, findChangelog } from '@mm-review/plugin';
import { parseChangelog, type ParsedChangelog } from './parse';
import { RULE_PREFIX } from './rules';

export { CHANGELOG_DIRS, CHANGELOG_NAMES, MAX_CHANGELOG_BYTES, findChangelog };

export type ChangelogFile =
  { found: false; findings: Finding[] } | { found: true; file: string; parsed?: ParsedChangelog; findings: Finding[] };

/** Finds, reads and parses the changelog; a file that cannot be read becomes a located finding. */
export async function loadChangelog(workspace: Workspace): Promise<ChangelogFile> {
  const file = await findChangelog(workspace);
  if (!file) return { found: false, findings: [] };
  const read = await workspace.readText(file, { maxBytes: MAX_CHANGELOG_BYTES });
  if (!read.ok) {
    return {
      found: true,
      file,
      findings: [readFailureFinding(read, `${RULE_PREFIX}/changelog-unreadable`, 'the changelog', 'warning')],
    };
  }
  return { found: true, file, parsed: await parseChangelog(file, read.text), findings: [] };
}
