import { repositoryChecks } from '@mm-review/repository';
import type { PluginActionDefinition } from '../definition';

export const checkRepository: PluginActionDefinition = {
  name: 'check-repository',
  description: 'Check the open-source license, public repository and security contact.',
  checks: repositoryChecks,
};
