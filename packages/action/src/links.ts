import path from 'node:path';
import { git } from '@mm-review/core';
import type { RunnerEnv } from './runner-env';

/** Where the job summary and the comment link each finding's file. */
export interface SourceLinks {
  /** `https://github.com/OWNER/REPO/blob/SHA`, or undefined when no commit of the reviewed repository is known. */
  fileUrlBase?: string;
  /** The plugin root relative to the root of the reviewed repository (finding paths are relative to the plugin root). */
  pathPrefix: string;
}

export interface SourceLinkOptions {
  /** Absolute plugin root. */
  dir: string;
  /** The plugin root relative to the workspace (used when the checkout has no git metadata). */
  workspacePrefix: string;
  /** `owner/name` of the reviewed repository (the `repository` input), default GITHUB_REPOSITORY. */
  repository?: string;
  event?: Record<string, unknown>;
  /** The runner variables (GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_SHA), from the adapter. */
  env: RunnerEnv;
}

/**
 * Links into the reviewed repository at the reviewed commit. The submission bot reviews
 * another repository checked out in a sub-directory of the Marketplace's workspace: its
 * links name that repository, the commit checked out (git HEAD) and paths from its root,
 * never the Marketplace repository. A pull request links its head commit (the checkout is
 * a temporary merge commit); without git metadata a review of the workflow's own
 * repository falls back to GITHUB_SHA, and one of another repository gets no links.
 */
export async function sourceLinks(options: SourceLinkOptions): Promise<SourceLinks> {
  const { env } = options;
  const own = env.GITHUB_REPOSITORY;
  const repository = options.repository ?? own;
  const server = (env.GITHUB_SERVER_URL ?? '').replace(/\/+$/, '');
  const [top, head] = await Promise.all([
    git(options.dir, ['rev-parse', '--show-toplevel']),
    git(options.dir, ['rev-parse', 'HEAD']),
  ]);
  const sameRepository = Boolean(own) && repository?.toLowerCase() === own?.toLowerCase();
  let pathPrefix = options.workspacePrefix;
  let sha: string | undefined;
  if (top.ok && head.ok) {
    pathPrefix = path.relative(top.stdout.trim(), options.dir).split(path.sep).join('/');
    sha = head.stdout.trim();
  } else if (sameRepository) {
    sha = env.GITHUB_SHA;
  }
  const pullHead = (options.event?.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha;
  if (sameRepository && pullHead) sha = pullHead;
  if (!server || !repository || !sha || !/^[0-9a-f]+$/i.test(sha)) return { pathPrefix };
  return { fileUrlBase: `${server}/${repository}/blob/${sha}`, pathPrefix };
}
