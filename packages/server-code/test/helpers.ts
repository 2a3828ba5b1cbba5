import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace, runChecks, type CheckResult, type Finding } from '@mm-review/core';
import { PluginContext } from '@mm-review/plugin';
import { serverCodeChecks } from '../src/index';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export async function contextFor(dirOrName: string): Promise<PluginContext> {
  const dir = path.isAbsolute(dirOrName) ? dirOrName : path.join(FIXTURES, dirOrName);
  return new PluginContext(await Workspace.open(dir), { mode: 'new', beta: false, offline: true });
}

/** Runs the five checks on a fixture (or a directory) and returns the results by check id. */
export async function review(dirOrName: string): Promise<Record<string, CheckResult>> {
  const results = await runChecks(serverCodeChecks, await contextFor(dirOrName), { mode: 'new', beta: false });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

/** A finding as `[rule, file:line:column, message]`, for compact exact assertions. */
export function brief(finding: Finding): [string, string, string] {
  return [finding.rule, `${finding.file ?? ''}:${finding.line ?? ''}:${finding.column ?? ''}`, finding.message];
}
