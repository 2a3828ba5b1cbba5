import path from 'node:path';
import * as core from '@actions/core';
import { InputError, type FailOn, type Mode } from '@mm-review/core';

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
}

/** Reads and validates the inputs every plugin action shares; a bad value is an InputError. */
export function readInputs(action: string): ActionInputs {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const rawPath = core.getInput('path') || '.';
  const dir = path.resolve(workspace, rawPath);
  const relative = path.relative(workspace, dir).split(path.sep).join('/');
  if (relative.startsWith('..')) throw new InputError(`path: ${rawPath} is outside the workspace`);
  const inputs: ActionInputs = {
    dir,
    pathPrefix: relative,
    mode: choice('mode', ['new', 'update'], action === 'check-version-bump' ? 'update' : 'new') as Mode,
    beta: bool('beta'),
    failOn: choice('fail-on', ['fail', 'warn', 'never'], 'fail') as FailOn,
    comment: bool('comment'),
  };
  const optional = { tag: 'tag', baseRef: 'base-ref', baseManifest: 'base-manifest', marketplaceDatabase: 'marketplace-database', githubToken: 'github-token', repository: 'repository' } as const;
  for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = core.getInput(name);
    if (value) inputs[key] = value;
  }
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  if (inputs.repository && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(inputs.repository)) throw new InputError(`input repository must be owner/name, not "${inputs.repository}"`);
  if (inputs.baseRef && inputs.baseManifest) throw new InputError('give base-ref or base-manifest, not both');
  if (inputs.baseManifest) inputs.baseManifest = path.resolve(workspace, inputs.baseManifest);
  if (inputs.marketplaceDatabase && !/^https?:\/\//i.test(inputs.marketplaceDatabase)) {
    inputs.marketplaceDatabase = path.resolve(workspace, inputs.marketplaceDatabase);
  }
  return inputs;
}

function choice(name: string, allowed: readonly string[], fallback: string): string {
  const value = (core.getInput(name) || fallback).trim().toLowerCase();
  if (!allowed.includes(value)) throw new InputError(`input ${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value;
}

function bool(name: string): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(`input ${name} must be true or false, not "${value}"`);
}
