import { InputError, Workspace, buildReport, runChecksConcurrently, type Check, type PluginInfo, type Report } from '@mm-review/core';
import { PluginContext, defaultServices, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { PLUGIN_ACTIONS, reviewChecks, type PluginActionDefinition } from './plugin-actions';
import { TOOL } from './tool';

export interface PluginRun {
  report: Report;
  context: PluginContext;
  /** Action-specific outputs (beyond result, report, failed-checks and counts). */
  outputs: Record<string, string>;
}

export const PLUGIN_COMMANDS = [...Object.keys(PLUGIN_ACTIONS), 'review'] as const;

export function pluginAction(name: string): PluginActionDefinition {
  if (name === 'review') {
    return {
      name: 'review',
      description: 'Run every check of the Marketplace checklist.',
      checks: reviewChecks(),
      outputs: async (context, report) => {
        const merged: Record<string, string> = {};
        for (const action of Object.values(PLUGIN_ACTIONS)) {
          // An action whose checks were all skipped (check-version-bump in new mode) has nothing to say.
          const ran = action.checks.some((check) => report.checks.some((c) => c.id === check.id && c.status !== 'skip'));
          if (ran) Object.assign(merged, await action.outputs?.(context, report));
        }
        return merged;
      },
    };
  }
  const action = PLUGIN_ACTIONS[name];
  if (!action) throw new InputError(`unknown command "${name}"; expected one of ${PLUGIN_COMMANDS.join(', ')}`);
  return action;
}

/**
 * Runs one plugin action (or the whole review) on a plugin directory: opens the
 * workspace, validates inputs that can fail early, runs the checks, builds the report.
 */
export async function runPluginAction(
  name: string,
  dir: string,
  options: PluginReviewOptions,
  services: Services = defaultServices,
  { withOutputs = true }: { withOutputs?: boolean } = {},
): Promise<PluginRun> {
  const action = pluginAction(name);
  const workspace = await Workspace.open(dir);
  const context = new PluginContext(workspace, options, services);
  if (options.marketplaceDatabase) await context.marketplace(); // a bad database is a usage error (exit 2), not a finding
  if (options.baseManifest) await assertReadable(options.baseManifest, 'base-manifest');
  const checks: readonly Check<PluginContext>[] = action.checks;
  // Plugin checks share only memoised work (manifest, docs, sources), so they can overlap.
  const results = await runChecksConcurrently(checks, context, { mode: options.mode, beta: options.beta });
  const report = buildReport({ tool: TOOL, command: name, mode: options.mode, beta: options.beta, plugin: await pluginInfo(context), checks: results });
  const outputs = withOutputs ? ((await action.outputs?.(context, report)) ?? {}) : {};
  return { report, context, outputs };
}

async function pluginInfo(context: PluginContext): Promise<PluginInfo> {
  const load = await context.manifest();
  const version = await context.version();
  const info: PluginInfo = {};
  if (load.found) {
    const m = load.loaded.manifest;
    if (m.id) info.id = m.id.toLowerCase();
    if (m.name) info.name = m.name;
    if (m.min_server_version) info.minServerVersion = m.min_server_version;
    info.manifestPath = load.loaded.file;
  }
  if (version.version) {
    info.version = version.version;
    if (version.source) info.versionSource = version.source;
  }
  return info;
}

async function assertReadable(file: string, input: string): Promise<void> {
  const { access } = await import('node:fs/promises');
  await access(file).catch(() => {
    throw new InputError(`${input}: cannot read ${file}`);
  });
}
