import type { PluginActionDefinition } from '../plugin-actions';

// Work in progress (issue 5): the checks are registered here when their package lands.
export const checkVersionBump: PluginActionDefinition = {
  name: 'check-version-bump',
  description: 'Check that the version bump follows semantic versioning and the plugin id never changes.',
  checks: [],
};
