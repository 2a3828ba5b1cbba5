import { readFailureFinding, type Finding } from '@mm-review/core';
import {
  CHANGELOG_DIRS,
  CHANGELOG_NAMES,
  MAX_CHANGELOG_BYTES,
  findChangelog,
  type PluginContext,
} from '@mm-review/plugin';
import { changelogOf, type ParsedChangelog } from './parse';
import { RULE_PREFIX } from './rules';

export { CHANGELOG_DIRS, CHANGELOG_NAMES, MAX_CHANGELOG_BYTES, findChangelog };

export type ChangelogFile =
  { found: false; findings: Finding[] } | { found: true; file: string; parsed?: ParsedChangelog; findings: Finding[] };

/** Finds, reads and parses the changelog (`context.markdown`); a file that cannot be read becomes a located finding. */
export async function loadChangelog(context: PluginContext): Promise<ChangelogFile> {
  const file = await findChangelog(context.workspace);
  if (!file) return { found: false, findings: [] };
  const read = await context.markdown(file, { maxBytes: MAX_CHANGELOG_BYTES });
  if (!read.ok) {
    return {
      found: true,
      file,
      findings: [readFailureFinding(read, `${RULE_PREFIX}/changelog-unreadable`, 'the changelog', 'warning')],
    };
  }
  return { found: true, file, parsed: changelogOf(read.document), findings: [] };
}
