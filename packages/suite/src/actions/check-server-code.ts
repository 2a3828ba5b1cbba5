import { serverCodeChecks } from '@mm-review/server-code';
import type { PluginActionDefinition } from '../definition';

export const checkServerCode: PluginActionDefinition = {
  name: 'check-server-code',
  description:
    'Check server and webapp code against min_server_version, logging, configuration, HA and security hints.',
  checks: serverCodeChecks,
};
