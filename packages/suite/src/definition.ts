import type { Check, Report } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';

/** One plugin-repository action (docs/architecture.md §3): its checks and its extra outputs. */
export interface PluginActionDefinition {
  name: string;
  description: string;
  checks: readonly Check<PluginContext>[];
  /** Outputs beyond the common ones (result, report, failed-checks, counts). */
  outputs?: (context: PluginContext, report: Report) => Promise<Record<string, string>>;
}
