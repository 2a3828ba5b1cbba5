import { manifestChecks } from '@mm-review/plugin';
import type { PluginActionDefinition } from '../definition';

const { manifest, minServerVersion, stableVersion, pluginId, settingsFormatting, issueTrackerUrl } = manifestChecks;

export const validateManifest: PluginActionDefinition = {
  name: 'validate-manifest',
  description: 'Validate the plugin manifest against the server, IsValid() and the Marketplace rules.',
  checks: [manifest, issueTrackerUrl, stableVersion, pluginId, minServerVersion, settingsFormatting],
};
