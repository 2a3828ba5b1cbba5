import path from 'node:path';
import {
  InputError,
  Workspace,
  applyPolicy,
  buildReport,
  runChecksConcurrently,
  type Check,
  type CheckResult,
  type PluginInfo,
  type Report,
} from '@mm-review/core';
import { PluginContext, defaultServices, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { loadBaseline } from './baseline';
import { findingPolicy, loadConfig, type LoadedConfig } from './config';
import type { PluginActionDefinition } from './definition';
import { PLUGIN_ACTIONS, reviewChecks } from './plugin-actions';
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
          const ran = action.checks.some((check) =>
            report.checks.some((c) => c.id === check.id && c.status !== 'skip'),
          );
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
  const config = await loadConfig(workspace, options.config, reviewChecks());
  options = withConfigDefaults(options, config, workspace.root);
  const context = new PluginContext(workspace, options, services);
  if (options.marketplaceDatabase) await context.marketplace(); // a bad database is a usage error (exit 2), not a finding
  if (options.baseManifest) await assertReadable(options.baseManifest, 'base-manifest');
  const policy = config ? await findingPolicy(config) : undefined;
  const baseline = await loadBaseline(workspace, config, options.config !== 'none' && !options.ignoreBaseline);
  const off = new Set(policy?.checksOff ?? []);
  const checks: readonly Check<PluginContext>[] = action.checks.filter((check) => !off.has(check.id));
  // Plugin checks share only memoised work (manifest, docs, sources), so they can overlap.
  const ran = await runChecksConcurrently(checks, context, { mode: options.mode, beta: options.beta });
  const results = action.checks.map(
    (check) => ran.find((r) => r.id === check.id) ?? turnedOff(check, config?.file ?? ''),
  );
  const applied = applyPolicy(results, policy, baseline);
  const report = buildReport({
    tool: TOOL,
    command: name,
    mode: options.mode,
    beta: options.beta,
    plugin: await pluginInfo(context),
    checks: applied.checks,
    ...(applied.suppressed ? { suppressed: applied.suppressed } : {}),
    ...(applied.baseline ? { baseline: applied.baseline } : {}),
  });
  const outputs = withOutputs ? ((await action.outputs?.(context, report)) ?? {}) : {};
  return { report, context, outputs };
}

function turnedOff(check: Check<PluginContext>, file: string): CheckResult {
  const summary = `Turned off in ${file}.`;
  return { id: check.id, requirement: check.requirement, title: check.title, status: 'skip', summary, findings: [] };
}

/** Fills the options the user did not set from the configuration file. */
function withConfigDefaults(
  options: PluginReviewOptions,
  loaded: LoadedConfig | undefined,
  root: string,
): PluginReviewOptions {
  if (!loaded) return options;
  const { config } = loaded;
  const explicit = new Set(options.explicit ?? []);
  const out: PluginReviewOptions = { ...options };
  if (config.mode && !explicit.has('mode')) out.mode = config.mode;
  if (config.beta !== undefined && !explicit.has('beta')) out.beta = config.beta;
  const database = config['marketplace-database'];
  if (database && !explicit.has('marketplaceDatabase'))
    out.marketplaceDatabase = /^https?:\/\//i.test(database) ? database : path.resolve(root, database);
  if (config['require-version-bump'] !== undefined && !explicit.has('requireVersionBump')) {
    out.requireVersionBump = config['require-version-bump'];
  }
  return out;
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
