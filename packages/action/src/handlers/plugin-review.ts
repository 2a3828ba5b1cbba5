import { createGitHubApi } from '@mm-review/github';
import { defaultServices, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import { runPluginAction } from '@mm-review/suite';
import { publishComment } from '../comment';
import { readInputs, type ActionInputs } from '../inputs';
import type { ActionIO } from '../io';
import { sourceLinks } from '../links';

/**
 * The plugin-repository actions (validate-manifest, check-*, review) as one handler: read
 * the shared inputs, run the engine, publish the report (outputs, annotations, job summary,
 * the optional comment), and fail the step per `fail-on`. Everything it needs from the
 * runner comes through ActionIO.
 */
export function pluginReview(name: string, services: Partial<Services> = {}): { run(io: ActionIO): Promise<void> } {
  return {
    async run(io) {
      const inputs = readInputs(name, io);
      const options = reviewOptions(inputs, io);
      const run = await runPluginAction(name, inputs.dir, options, buildServices(options, services));
      const links = await sourceLinks({
        dir: inputs.dir,
        workspacePrefix: inputs.pathPrefix,
        env: io.env,
        ...(inputs.repository ? { repository: inputs.repository } : {}),
        ...(options.event ? { event: options.event } : {}),
      });
      await io.publishReport(name, run.report, { pathPrefix: inputs.pathPrefix, extraOutputs: run.outputs, links });
      if (inputs.comment) {
        const url = await publishComment(run.report, {
          event: options.event,
          token: inputs.githubToken,
          key: `${name}:${inputs.pathPrefix || '.'}`,
          pathPrefix: inputs.pathPrefix,
          links,
          env: io.env,
        });
        if (url) io.setOutput('comment-url', url);
      }
      io.failIfNeeded(run.report);
    },
  };
}

function reviewOptions(inputs: ActionInputs, io: ActionIO): PluginReviewOptions {
  const event = io.event();
  const options: PluginReviewOptions = { mode: inputs.mode, beta: inputs.beta };
  if (inputs.tag) options.tag = inputs.tag;
  if (inputs.requireVersionBump) options.requireVersionBump = true;
  const pullBase = (event?.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
  const baseRef = inputs.baseRef ?? (inputs.baseManifest ? undefined : pullBase);
  if (baseRef) options.baseRef = baseRef;
  if (inputs.baseManifest) options.baseManifest = inputs.baseManifest;
  if (inputs.marketplaceDatabase) options.marketplaceDatabase = inputs.marketplaceDatabase;
  if (inputs.githubToken) options.githubToken = inputs.githubToken;
  const repository = inputs.repository ?? io.env.GITHUB_REPOSITORY;
  if (repository) options.repository = repository;
  if (io.env.GITHUB_API_URL) options.apiUrl = io.env.GITHUB_API_URL;
  if (event) options.event = event;
  if (inputs.config) options.config = inputs.config;
  options.explicit = inputs.explicit;
  return options;
}

function buildServices(options: PluginReviewOptions, overrides: Partial<Services>): Services {
  const services: Services = { ...defaultServices, ...overrides };
  if (!services.github && options.githubToken) {
    services.github = createGitHubApi({
      token: options.githubToken,
      ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}),
    });
  }
  return services;
}
