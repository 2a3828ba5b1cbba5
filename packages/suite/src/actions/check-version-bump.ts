import { pluginIdUnchanged, versionBump, versionBumpOutputs } from '@mm-review/versioning';
import type { PluginActionDefinition } from '../definition';

export const checkVersionBump: PluginActionDefinition = {
  name: 'check-version-bump',
  description: 'Check that the version bump follows semantic versioning and the plugin id never changes.',
  checks: [versionBump, pluginIdUnchanged],
  outputs: (context) => versionBumpOutputs(context),
};
