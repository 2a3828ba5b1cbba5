import type { PluginActionDefinition } from '../plugin-actions';

// Work in progress (issue 4): the checks are registered here when their package lands.
export const checkChangelog: PluginActionDefinition = {
  name: 'check-changelog',
  description: 'Check release_notes_url and the changelog entry for this version.',
  checks: [],
};
