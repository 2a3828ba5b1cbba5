import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, type Mode } from '@mm-review/core';
import { createGitHubApi } from '@mm-review/github';
import { defaultServices, type ConfigurableOption, type PluginReviewOptions, type Services } from '@mm-review/plugin';
import type { CliIO } from './io';
import { oneOf } from './output';

/** The options every plugin command takes (the same as the actions' inputs). */
export const PLUGIN_OPTIONS = {
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
  const mode = oneOf('--mode', values.mode ?? (command === 'check-version-bump' ? 'update' : 'new'), [
    'new',
    'update',
  ]) as Mode;
  if (values['base-ref'] && values['base-manifest'])
    throw new InputError('give --base-ref or --base-manifest, not both');
  const options: PluginReviewOptions = { mode, beta: values.beta ?? false, offline: values.offline ?? false };
  if (values['require-version-bump']) options.requireVersionBump = true;
  if (values.tag) options.tag = values.tag;
  if (values['base-ref']) options.baseRef = values['base-ref'];
  if (values['base-manifest']) options.baseManifest = path.resolve(io.cwd, values['base-manifest']);
  if (values.marketplace)
    options.marketplaceDatabase = /^https?:\/\//i.test(values.marketplace)
      ? values.marketplace
      : path.resolve(io.cwd, values.marketplace);
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
    services.github = createGitHubApi({
      token: options.githubToken,
      ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}),
    });
  }
  return services;
}
