import path from 'node:path';
import { InputError, type FailOn, type Mode } from '@mm-review/core';
import type { ConfigurableOption } from '@mm-review/plugin';
import type { ActionIO } from './io';

export interface ActionInputs {
  /** Absolute plugin root. */
  dir: string;
  /** The plugin root relative to the workspace, prefixed to finding paths in annotations. */
  pathPrefix: string;
  mode: Mode;
  beta: boolean;
  tag?: string;
  baseRef?: string;
  baseManifest?: string;
  marketplaceDatabase?: string;
  githubToken?: string;
  /** `owner/name` of the repository under review (differs from GITHUB_REPOSITORY for the submission bot). */
  repository?: string;
  failOn: FailOn;
  /** Post the checklist as a pull-request or issue comment, updated in place. */
  comment: boolean;
  /** Configuration file (absolute), or `none`; default: .mm-review.yml in the plugin root. */
  config?: string;
  /** Inputs given explicitly, so the configuration file's defaults apply to the others. */
  explicit: ConfigurableOption[];
  /** Update mode: fail a change that keeps the version (not a release) as if it were one. */
  requireVersionBump: boolean;
}

/** Reads and validates the inputs every plugin action shares; a bad value is an InputError. */
export function readInputs(action: string, io: ActionIO): ActionInputs {
  const rawPath = io.input('path') ?? '.';
  const dir = path.resolve(io.workspace, rawPath);
  const relative = path.relative(io.workspace, dir).split(path.sep).join('/');
  if (relative.startsWith('..')) throw new InputError(`path: ${rawPath} is outside the workspace`);
  const inputs: ActionInputs = {
    dir,
    pathPrefix: relative,
    mode: io.choiceInput<Mode>('mode', ['new', 'update'], action === 'check-version-bump' ? 'update' : 'new'),
    beta: io.booleanInput('beta'),
    failOn: io.choiceInput<FailOn>('fail-on', ['fail', 'warn', 'never'], 'fail'),
    comment: io.booleanInput('comment'),
    explicit: [],
    requireVersionBump: io.booleanInput('require-version-bump'),
  };
  if (io.input('mode') !== undefined) inputs.explicit.push('mode');
  if (io.input('beta') !== undefined) inputs.explicit.push('beta');
  if (io.input('marketplace-database') !== undefined) inputs.explicit.push('marketplaceDatabase');
  if (io.input('require-version-bump') !== undefined) inputs.explicit.push('requireVersionBump');
  const config = io.input('config');
  if (config) inputs.config = config === 'none' ? 'none' : path.resolve(io.workspace, config);
  const optional = { tag: 'tag', baseRef: 'base-ref', githubToken: 'github-token', repository: 'repository' } as const;
  for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = io.input(name);
    if (value) inputs[key] = value;
  }
  const baseManifest = io.pathInput('base-manifest');
  if (baseManifest) inputs.baseManifest = baseManifest;
  const marketplaceDatabase = io.pathInput('marketplace-database');
  if (marketplaceDatabase) inputs.marketplaceDatabase = marketplaceDatabase;
  if (inputs.githubToken) io.setSecret(inputs.githubToken);
  if (inputs.repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(inputs.repository))
    throw new InputError(`input repository must be owner/name, not "${inputs.repository}"`);
  if (inputs.baseRef && inputs.baseManifest) throw new InputError('give base-ref or base-manifest, not both');
  return inputs;
}
