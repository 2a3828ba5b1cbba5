import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { InputError, renderJson, renderSarif, shouldFail, failedCheckIds, type Report } from '@mm-review/core';
import { createGitHubApi } from '@mm-review/github';
import { defaultServices, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { runPluginAction, TOOL } from '@mm-review/suite';
import { annotate } from './annotations';
import { readInputs, type ActionInputs } from './inputs';
import { writeSummary } from './summary';

/**
 * The entry of every plugin-repository action: read inputs, run the engine, publish
 * the report (outputs, annotations, job summary), and fail the step per `fail-on`.
 */
export async function runAction(name: string, services: Partial<Services> = {}): Promise<void> {
  try {
    const inputs = readInputs(name);
    const options = reviewOptions(inputs);
    const run = await runPluginAction(name, inputs.dir, options, buildServices(options, services));
    await publish(name, run.report, inputs, run.outputs);
    if (shouldFail(run.report, inputs.failOn)) {
      const failed = failedCheckIds(run.report);
      core.setFailed(failed.length ? `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}` : `checks warned and fail-on is ${inputs.failOn}`);
    }
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : `unexpected error: ${(error as Error).message}`);
  }
}

function reviewOptions(inputs: ActionInputs): PluginReviewOptions {
  const event = readEvent();
  const options: PluginReviewOptions = { mode: inputs.mode, beta: inputs.beta };
  if (inputs.tag) options.tag = inputs.tag;
  const pullBase = (event?.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
  const baseRef = inputs.baseRef ?? (inputs.baseManifest ? undefined : pullBase);
  if (baseRef) options.baseRef = baseRef;
  if (inputs.baseManifest) options.baseManifest = inputs.baseManifest;
  if (inputs.marketplaceDatabase) options.marketplaceDatabase = inputs.marketplaceDatabase;
  if (inputs.githubToken) options.githubToken = inputs.githubToken;
  if (process.env.GITHUB_REPOSITORY) options.repository = process.env.GITHUB_REPOSITORY;
  if (process.env.GITHUB_API_URL) options.apiUrl = process.env.GITHUB_API_URL;
  if (event) options.event = event;
  return options;
}

function buildServices(options: PluginReviewOptions, overrides: Partial<Services>): Services {
  const services: Services = { ...defaultServices, ...overrides };
  if (!services.github && options.githubToken) {
    services.github = createGitHubApi({ token: options.githubToken, ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}) });
  }
  return services;
}

function readEvent(): Record<string, unknown> | undefined {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    core.warning(`The event payload at ${file} is not valid JSON; continuing without it.`);
    return undefined;
  }
}

async function publish(name: string, report: Report, inputs: ActionInputs, extraOutputs: Record<string, string>): Promise<void> {
  const dir = path.join(process.env.RUNNER_TEMP || process.cwd(), 'mm-review');
  await mkdir(dir, { recursive: true });
  const reportPath = path.join(dir, `${name}-report.json`);
  const sarifPath = path.join(dir, `${name}.sarif`);
  await writeFile(reportPath, renderJson(report));
  await writeFile(sarifPath, renderSarif(report, { pathPrefix: inputs.pathPrefix }));

  core.setOutput('result', report.result);
  core.setOutput('report', reportPath);
  core.setOutput('sarif', sarifPath);
  core.setOutput('failed-checks', failedCheckIds(report).join(','));
  for (const [status, count] of Object.entries(report.counts)) core.setOutput(`${status}-count`, String(count));
  for (const [key, value] of Object.entries(extraOutputs)) core.setOutput(key, value);

  annotate(report, inputs.pathPrefix);
  await writeSummary(report, inputs.pathPrefix);
  core.info(`${TOOL.name} ${name}: ${report.result} (${report.counts.pass} pass, ${report.counts.fail} fail, ${report.counts.warn} warn, ${report.counts.manual} manual, ${report.counts.skip} skip); report: ${reportPath}`);
}
