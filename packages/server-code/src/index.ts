import type { Check } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { highAvailability } from './checks/high-availability';
import { logging } from './checks/logging';
import { securityReview } from './checks/security-review';
import { serverCompatibility } from './checks/server-compatibility';
import { settingsInConsole } from './checks/settings-in-console';

export { highAvailability, logging, securityReview, serverCompatibility, settingsInConsole };
export { looksLikeCredential } from './checks/security-review';
export { tokenizeGo, type GoToken } from './lex/go';
export { tokenizeJs, type JsToken } from './lex/js';
export { parseGoFile, type GoFile } from './go/parse';
export { analyzeServer, type ServerProgram } from './go/program';
export { readSources, pluginSources, SOURCE_LIMITS, type ServerBuild, type UnreadCode } from './sources';
export { API_TABLE, HOOK_TABLE, WEBAPP_TABLE, PLUGINAPI_WRAPPERS } from './tables';

/** The checks of the check-server-code action, in checklist order. */
export const serverCodeChecks: readonly Check<PluginContext>[] = [
  settingsInConsole,
  highAvailability,
  logging,
  securityReview,
  serverCompatibility,
];
