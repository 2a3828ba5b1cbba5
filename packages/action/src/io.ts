import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import {
  InputError,
  failedCheckIds,
  renderJson,
  renderSarif,
  shouldFail,
  type FailOn,
  type Report,
} from '@mm-review/core';
import { createGitHubApi, type GitHubApi } from '@mm-review/github';
import { TOOL } from '@mm-review/suite';
import { annotate } from './annotations';
import { readRunnerEnv, type RunnerEnv } from './runner-env';
import type { SourceLinks } from './links';
import { writeSummary } from './summary';

export { readRunnerEnv, RUNNER_VARIABLES, type RunnerEnv } from './runner-env';

/**
 * What an action handler may do with the runner: typed inputs with clear errors,
 * outputs, and publishing a report (file, SARIF, outputs, annotations, summary). Handlers
 * receive this instead of importing @actions/* themselves.
 */
export interface ActionIO {
  /** Trimmed input, or undefined when empty. */
  input(name: string): string | undefined;
  requiredInput(name: string): string;
  booleanInput(name: string): boolean;
  choiceInput<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  /** Non-empty lines of a multi-line input. */
  listInput(name: string): string[];
  /** A path input resolved against GITHUB_WORKSPACE. */
  pathInput(name: string): string | undefined;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Writes raw Markdown to the job summary (for content beyond the checklist). */
  appendSummary(markdown: string): Promise<void>;
  /** The GitHub API with the `github-token` input, honouring GITHUB_API_URL; undefined without a token. */
  github(): GitHubApi | undefined;
  /** The event payload, when there is one. */
  event(): Record<string, unknown> | undefined;
  workspace: string;
  /** The runner variables (GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_API_URL, …), read once. */
  env: RunnerEnv;
  /** Runner-owned scratch directory for reports. */
  tempDir(): Promise<string>;
  /** The common outputs of docs/architecture.md §3, the report file, annotations and the job summary. */
  publishReport(
    action: string,
    report: Report,
    options?: { pathPrefix?: string; extraOutputs?: Record<string, string>; links?: SourceLinks },
  ): Promise<void>;
  /** Fails the step when the report fails under `fail-on` (read from the `fail-on` input). */
  failIfNeeded(report: Report): void;
}

export function createActionIO(env: RunnerEnv = readRunnerEnv()): ActionIO {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  let event: Record<string, unknown> | undefined | null = null;
  const readEvent = () => {
    if (event === null) event = readEventFile(env.GITHUB_EVENT_PATH);
    return event;
  };
  const input = (name: string) => core.getInput(name).trim() || undefined;
  const io: ActionIO = {
    workspace,
    env,
    input,
    requiredInput(name) {
      const value = input(name);
      if (value === undefined) throw new InputError(`input ${name} is required`);
      return value;
    },
    booleanInput(name) {
      const value = (input(name) ?? 'false').toLowerCase();
      if (value !== 'true' && value !== 'false')
        throw new InputError(`input ${name} must be true or false, not "${value}"`);
      return value === 'true';
    },
    choiceInput(name, allowed, fallback) {
      const value = (input(name) ?? fallback).toLowerCase();
      if (!(allowed as readonly string[]).includes(value))
        throw new InputError(`input ${name} must be one of ${allowed.join(', ')}, not "${value}"`);
      return value as (typeof allowed)[number];
    },
    listInput: (name) =>
      core
        .getMultilineInput(name)
        .map((line) => line.trim())
        .filter(Boolean),
    pathInput: (name) => {
      const value = input(name);
      return value === undefined || /^https?:\/\//i.test(value) ? value : path.resolve(workspace, value);
    },
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    appendSummary: async (markdown) => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    github() {
      const token = input('github-token');
      if (!token) return undefined;
      core.setSecret(token);
      return createGitHubApi({ token, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
    },
    event: readEvent,
    async tempDir() {
      const dir = path.join(env.RUNNER_TEMP || process.cwd(), 'mm-review');
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async publishReport(action, report, options = {}) {
      const dir = await io.tempDir();
      const pathPrefix = options.pathPrefix ?? '';
      const reportPath = path.join(dir, `${action}-report.json`);
      const sarifPath = path.join(dir, `${action}.sarif`);
      await writeFile(reportPath, renderJson(report));
      const category = input('sarif-category');
      await writeFile(sarifPath, renderSarif(report, { pathPrefix, ...(category ? { category } : {}) }));
      core.setOutput('result', report.result);
      core.setOutput('report', reportPath);
      core.setOutput('sarif', sarifPath);
      core.setOutput('failed-checks', failedCheckIds(report).join(','));
      for (const [status, count] of Object.entries(report.counts)) core.setOutput(`${status}-count`, String(count));
      for (const [key, value] of Object.entries(options.extraOutputs ?? {})) core.setOutput(key, value);
      annotate(report, pathPrefix);
      await writeSummary(report, pathPrefix, env, options.links);
      const c = report.counts;
      core.info(
        `${TOOL.name} ${action}: ${report.result} (${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.manual} manual, ${c.skip} skip); report: ${reportPath}`,
      );
    },
    failIfNeeded(report) {
      const failOn = io.choiceInput<FailOn>('fail-on', ['fail', 'warn', 'never'], 'fail');
      if (!shouldFail(report, failOn)) return;
      const failed = failedCheckIds(report);
      core.setFailed(
        failed.length
          ? `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}`
          : `checks warned and fail-on is ${failOn}`,
      );
    },
  };
  return io;
}

function readEventFile(file: string | undefined): Record<string, unknown> | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    core.warning(`The event payload at ${file} is not valid JSON; continuing without it.`);
    return undefined;
  }
}
