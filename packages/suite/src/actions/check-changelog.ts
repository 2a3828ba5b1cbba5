import { releaseNotesCheck, releaseNotesMarkdown } from '@mm-review/changelog';
import type { PluginActionDefinition } from '../definition';

export const checkChangelog: PluginActionDefinition = {
  name: 'check-changelog',
  description: 'Check release_notes_url and the changelog entry for this version.',
  checks: [releaseNotesCheck],
  // The notes come from the check's memoised analysis, so nothing is parsed or fetched twice.
  outputs: async (context) => ({ 'release-notes': await releaseNotesMarkdown(context) }),
};
