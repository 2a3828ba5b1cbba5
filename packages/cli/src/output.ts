import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, render, type Format, type Report } from '@mm-review/core';
import { TOOL } from '@mm-review/suite';
import type { CliIO } from './io';

export interface EmitOptions {
  output?: string | undefined;
  color?: boolean | undefined;
  noColor?: boolean | undefined;
  /** The directory argument as typed, prefixed to finding paths in text output. */
  pathPrefix?: string;
}

/** Renders a report to standard output or `--output FILE`, in the chosen format. */
export async function emitReport(report: Report, format: Format, options: EmitOptions, io: CliIO): Promise<void> {
  const color =
    format === 'text' && !options.output && !options.noColor && (options.color ?? (io.isTTY && !io.env.NO_COLOR));
  const prefix = format === 'text' ? displayPrefix(options.pathPrefix, io.cwd) : '';
  const text = render(report, format, { color: Boolean(color), pathPrefix: prefix });
  if (options.output) {
    await writeFile(path.resolve(io.cwd, options.output), text);
    io.stderr(
      `${TOOL.name}: ${report.result === 'pass' ? 'passed' : 'failed'} (${report.counts.fail} failed); report written to ${options.output}\n`,
    );
  } else {
    io.stdout(text);
  }
}

/**
 * The plugin directory as finding paths in text output should start, so that they open
 * from where the user stands: an absolute directory as typed, a relative one normalised
 * from the working directory (`../x`, never `./x` for `../x`; nothing for the directory itself).
 */
export function displayPrefix(typed: string | undefined, cwd: string): string {
  if (!typed) return '';
  if (path.isAbsolute(typed)) return typed;
  return path.relative(cwd, path.resolve(cwd, typed)).split(path.sep).join('/');
}

export function oneOf(option: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new InputError(`${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value;
}
