import path from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, InputError, shouldFail, type FailOn, type Format, type Mode } from '@mm-review/core';
import { createGitHubApi } from '@mm-review/github';
import { defaultServices, type ConfigurableOption, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { PLUGIN_ACTIONS, PLUGIN_COMMANDS, TOOL, runPluginAction } from '@mm-review/suite';
import { emitReport, oneOf } from './output';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  cwd: string;
  services?: Partial<Services>;
}

/** Commands that are not a plugin review; each module parses its own arguments. */
const COMMANDS: Record<string, () => Promise<{ run(args: string[], io: CliIO): Promise<number>; usage: string }>> = {
  'validate-database': () => import('./commands/validate-database'),
  'add-release': () => import('./commands/add-release'),
  rules: () => import('./commands/rules'),
  baseline: () => import('./commands/baseline'),
};

const PLUGIN_OPTIONS = {
  mode: { type: 'string' },
  beta: { type: 'boolean' },
  tag: { type: 'string' },
  'base-ref': { type: 'string' },
  'base-manifest': { type: 'string' },
  marketplace: { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  config: { type: 'string' },
  offline: { type: 'boolean' },
  'require-version-bump': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function usage(): string {
  const commands = PLUGIN_COMMANDS.map((name) => `  ${name.padEnd(20)} ${name === 'review' ? 'Run the whole Marketplace checklist.' : PLUGIN_ACTIONS[name]?.description ?? ''}`).join('\n');
  return `${TOOL.name} ${TOOL.version}: Mattermost Marketplace plugin review

Usage: ${TOOL.name} <command> [DIR] [options]

Commands:
${commands}

Options:
  --mode new|update          first submission (default; update for check-version-bump) or an update
  --beta                     review as a Beta plugin
  --tag TAG                  release tag giving the version when the manifest has none
  --base-ref REF             git ref an update is compared with
  --base-manifest FILE       manifest an update is compared with
  --require-version-bump     in update mode, fail a change that keeps the version (default: a notice, as it is no release)
  --marketplace FILE|URL     plugins.json for id collisions and the latest listed version
  -f, --format FORMAT        text (default), json, markdown or sarif
  -o, --output FILE          write the report to FILE instead of standard output
  --fail-on fail|warn|never  when to exit 1 (default: fail)
  --config FILE|none         configuration file (default: .mm-review.yml in DIR when present)
  --offline                  never use the network (GITHUB_TOKEN is otherwise used for API checks)
  --no-color                 plain text output

Marketplace database commands (run "${TOOL.name} <command> --help"):
  validate-database    Check a plugins.json (format, entries, changes against a base, bundles).
  add-release          Add a plugin release to a plugins.json, verified.

Rules and adoption:
  rules                List every check and rule (--format text|json).
  baseline [DIR]       Write .mm-review-baseline.json: today's findings become known.

Exit status: 0 no check failed, 1 a check failed, 2 usage or input error.
`;
}

/** Runs the CLI; returns the exit status instead of exiting, so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${TOOL.name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`${TOOL.name}: unexpected error: ${(error as Error).message}\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage());
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    io.stdout(`${TOOL.version}\n`);
    return 0;
  }
  const external = COMMANDS[command];
  if (external) return (await external()).run(rest, io);
  if (!(PLUGIN_COMMANDS as readonly string[]).includes(command)) {
    throw new InputError(`unknown command "${command}"; run "${TOOL.name} --help" for the list`);
  }
  const { values, positionals } = parsePluginArgs(rest);
  if (values.help) {
    io.stdout(usage());
    return 0;
  }
  if (positionals.length > 1) throw new InputError(`expected at most one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const format = oneOf('--format', values.format ?? 'text', FORMATS) as Format;
  const failOn = oneOf('--fail-on', values['fail-on'] ?? 'fail', ['fail', 'warn', 'never']) as FailOn;
  const options = reviewOptions(command, values, io);
  const services = buildServices(options, io);
  const run = await runPluginAction(command, dir, options, services, { withOutputs: false });
  await emitReport(run.report, format, { output: values.output, noColor: values['no-color'], color: values.color, pathPrefix: positionals[0] ?? '.' }, io);
  return shouldFail(run.report, failOn) ? 1 : 0;
}

export function parsePluginArgs(args: string[]) {
  try {
    return parseArgs({ args, options: PLUGIN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

type Values = ReturnType<typeof parsePluginArgs>['values'];

export function reviewOptions(command: string, values: Values, io: CliIO): PluginReviewOptions {
  // Comparing versions is what check-version-bump is for, so it defaults to an update.
  const mode = oneOf('--mode', values.mode ?? (command === 'check-version-bump' ? 'update' : 'new'), ['new', 'update']) as Mode;
  if (values['base-ref'] && values['base-manifest']) throw new InputError('give --base-ref or --base-manifest, not both');
  const options: PluginReviewOptions = { mode, beta: values.beta ?? false, offline: values.offline ?? false };
  if (values['require-version-bump']) options.requireVersionBump = true;
  if (values.tag) options.tag = values.tag;
  if (values['base-ref']) options.baseRef = values['base-ref'];
  if (values['base-manifest']) options.baseManifest = path.resolve(io.cwd, values['base-manifest']);
  if (values.marketplace) options.marketplaceDatabase = /^https?:\/\//i.test(values.marketplace) ? values.marketplace : path.resolve(io.cwd, values.marketplace);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (token) options.githubToken = token;
  if (io.env.GITHUB_API_URL) options.apiUrl = io.env.GITHUB_API_URL;
  if (values.config) options.config = values.config === 'none' ? 'none' : path.resolve(io.cwd, values.config);
  const explicit: ConfigurableOption[] = [];
  if (values.mode !== undefined) explicit.push('mode');
  if (values.beta !== undefined) explicit.push('beta');
  if (values.marketplace !== undefined) explicit.push('marketplaceDatabase');
  if (values['require-version-bump'] !== undefined) explicit.push('requireVersionBump');
  options.explicit = explicit;
  return options;
}

export function buildServices(options: PluginReviewOptions, io: CliIO): Services {
  const services: Services = { ...defaultServices, ...io.services };
  if (!services.github && options.githubToken && !options.offline) {
    services.github = createGitHubApi({ token: options.githubToken, ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}) });
  }
  return services;
}

