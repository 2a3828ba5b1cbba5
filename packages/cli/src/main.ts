import path from 'node:path';
import { FORMATS, InputError, shouldFail, type FailOn, type Format } from '@mm-review/core';
import { PLUGIN_ACTIONS, PLUGIN_COMMANDS, TOOL, runPluginAction } from '@mm-review/suite';
import type { CliIO } from './io';
import { emitReport, oneOf } from './output';
import { buildServices, parsePluginArgs, reviewOptions } from './plugin-options';

export type { CliIO } from './io';

/** Commands that are not a plugin review; each module parses its own arguments. */
const COMMANDS: Record<string, () => Promise<{ run(args: string[], io: CliIO): Promise<number>; usage: string }>> = {
  'validate-database': () => import('./commands/validate-database'),
  'add-release': () => import('./commands/add-release'),
  rules: () => import('./commands/rules'),
  baseline: () => import('./commands/baseline'),
};

export function usage(): string {
  const commands = PLUGIN_COMMANDS.map(
    (name) =>
      `  ${name.padEnd(20)} ${name === 'review' ? 'Run the whole Marketplace checklist.' : (PLUGIN_ACTIONS[name]?.description ?? '')}`,
  ).join('\n');
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
  if (positionals.length > 1)
    throw new InputError(`expected at most one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const format = oneOf('--format', values.format ?? 'text', FORMATS) as Format;
  const failOn = oneOf('--fail-on', values['fail-on'] ?? 'fail', ['fail', 'warn', 'never']) as FailOn;
  const options = reviewOptions(command, values, io);
  const services = buildServices(options, io);
  const run = await runPluginAction(command, dir, options, services, { withOutputs: false });
  await emitReport(
    run.report,
    format,
    { output: values.output, noColor: values['no-color'], color: values.color, pathPrefix: positionals[0] ?? '.' },
    io,
  );
  return shouldFail(run.report, failOn) ? 1 : 0;
}
