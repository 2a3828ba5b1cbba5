import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, baselineOf } from '@mm-review/core';
import { DEFAULT_BASELINE_FILE, TOOL, runPluginAction, stringifyBaseline } from '@mm-review/suite';
import type { CliIO } from '../io';
import { buildServices, parsePluginArgs, reviewOptions } from '../plugin-options';

export const usage = `Usage: ${TOOL.name} baseline [DIR] [review options] [--output FILE]

Runs the whole review and writes today's errors and warnings to ${DEFAULT_BASELINE_FILE}
in DIR (or --output FILE). Later reviews report those findings as known notices and fail
only on new ones; commit the file, and shrink it as you fix what it lists.
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parsePluginArgs(args);
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length > 1)
    throw new InputError(`expected at most one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const options = { ...reviewOptions('review', values, io), ignoreBaseline: true };
  const run = await runPluginAction('review', dir, options, buildServices(options, io), { withOutputs: false });
  const data = baselineOf(run.report.checks, `${TOOL.name} ${TOOL.version}`);
  const target = values.output ? path.resolve(io.cwd, values.output) : path.join(dir, DEFAULT_BASELINE_FILE);
  await writeFile(target, stringifyBaseline(data));
  const count = data.findings.reduce((n, f) => n + f.count, 0);
  io.stderr(
    `${TOOL.name}: ${count} finding${count === 1 ? '' : 's'} written to ${path.relative(io.cwd, target) || target}; reviews of ${positionals[0] ?? '.'} now fail only on new ones.\n`,
  );
  return 0;
}
