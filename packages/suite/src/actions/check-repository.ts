import type { PluginActionDefinition } from '../plugin-actions';

// Work in progress (issue 6): the checks are registered here when their package lands.
export const checkRepository: PluginActionDefinition = {
  name: 'check-repository',
  description: 'Check the open-source license, public repository and security contact.',
  checks: [],
};
