import type { PluginActionDefinition } from '../plugin-actions';

// Work in progress (issue 7): the checks are registered here when their package lands.
export const checkServerCode: PluginActionDefinition = {
  name: 'check-server-code',
  description: 'Check server and webapp code against min_server_version, logging, configuration, HA and security hints.',
  checks: [],
};
