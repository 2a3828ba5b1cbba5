import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { InputError } from '@mm-review/core';
import { createGitHubApi } from '@mm-review/github';
import { defaultServices, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { PLUGIN_COMMANDS, runPluginAction } from '@mm-review/suite';
import { publishComment } from './comment';
import { createActionIO, type ActionIO } from './io';
import { sourceLinks } from './links';
import { readInputs, type ActionInputs } from './inputs';

/** Actions that are not a plugin review; each handler gets an ActionIO and owns its flow. */
const HANDLERS: Record<string, () => Promise<{ run(io: ActionIO): Promise<void> }>> = {
  'validate-database': () => import('./handlers/validate-database'),
  'add-release': () => import('./handlers/add-release'),
  'parse-submission': () => import('./handlers/parse-submission'),
};

/**
 * The entry of every plugin-repository action: read inputs, run the engine, publish
 * the report (outputs, annotations, job summary), and fail the step per `fail-on`.
 */
export async function runAction(name: string, services: Partial<Services> = {}): Promise<void> {
  try {
    const io = createActionIO(readEvent);
    const handler = HANDLERS[name];
    if (handler) {
      await (await handler()).run(io);
      return;
    }
    if (!(PLUGIN_COMMANDS as readonly string[]).includes(name)) throw new InputError(`unknown action ${name}`);
    const inputs = readInputs(name, io);
    const options = reviewOptions(inputs);
    const run = await runPluginAction(name, inputs.dir, options, buildServices(options, services));
    const links = await sourceLinks({ dir: inputs.dir, workspacePrefix: inputs.pathPrefix, ...(inputs.repository ? { repository: inputs.repository } : {}), ...(options.event ? { event: options.event } : {}) });
    await io.publishReport(name, run.report, { pathPrefix: inputs.pathPrefix, extraOutputs: run.outputs, links });
    if (inputs.comment) {
      const url = await publishComment(run.report, { event: options.event, token: inputs.githubToken, key: `${name}:${inputs.pathPrefix || '.'}`, pathPrefix: inputs.pathPrefix, links });
      if (url) core.setOutput('comment-url', url);
    }
    io.failIfNeeded(run.report);
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : `unexpected error: ${(error as Error).message}`);
  }
}

function reviewOptions(inputs: ActionInputs): PluginReviewOptions {
  const event = readEvent();
  const options: PluginReviewOptions = { mode: inputs.mode, beta: inputs.beta };
  if (inputs.tag) options.tag = inputs.tag;
  if (inputs.requireVersionBump) options.requireVersionBump = true;
  const pullBase = (event?.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
  const baseRef = inputs.baseRef ?? (inputs.baseManifest ? undefined : pullBase);
  if (baseRef) options.baseRef = baseRef;
  if (inputs.baseManifest) options.baseManifest = inputs.baseManifest;
  if (inputs.marketplaceDatabase) options.marketplaceDatabase = inputs.marketplaceDatabase;
  if (inputs.githubToken) options.githubToken = inputs.githubToken;
  const repository = inputs.repository ?? process.env.GITHUB_REPOSITORY;
  if (repository) options.repository = repository;
  if (process.env.GITHUB_API_URL) options.apiUrl = process.env.GITHUB_API_URL;
  if (event) options.event = event;
  if (inputs.config) options.config = inputs.config;
  options.explicit = inputs.explicit;
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
