import type { PluginActionDefinition } from '../plugin-actions';

// Work in progress (issue 3): the checks are registered here when their package lands.
export const checkDocs: PluginActionDefinition = {
  name: 'check-docs',
  description: 'Check that the plugin documentation has a screenshot, a feature list, a development guide and the usual sections.',
  checks: [],
};
