import * as core from '@actions/core';
import { renderMarkdown, type Report } from '@mm-review/core';
import { loadOctokit } from '@mm-review/github';
import type { RunnerEnv } from './runner-env';
import type { SourceLinks } from './links';

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT_CHARS = 65_000;

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** A pull request from a fork gets a read-only token: commenting is expected to fail. */
  fromFork: boolean;
}

/** The issue or pull request the event is about, if any. */
export function commentTarget(
  event: Record<string, unknown> | undefined,
  repository: string | undefined,
): CommentTarget | undefined {
  const [owner, repo] = (repository ?? '').split('/');
  if (!event || !owner || !repo) return undefined;
  const pull = event.pull_request as
    { number?: number; head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } | undefined;
  if (pull?.number) {
    const head = pull.head?.repo?.full_name;
    const base = pull.base?.repo?.full_name ?? repository;
    return { owner, repo, issueNumber: pull.number, fromFork: Boolean(head && base && head !== base) };
  }
  const issue = event.issue as { number?: number } | undefined;
  return issue?.number ? { owner, repo, issueNumber: issue.number, fromFork: false } : undefined;
}

export function commentMarker(key: string): string {
  return `<!-- mm-review:${key} -->`;
}

/** The checklist as a comment body under GitHub's limit, with the marker that finds it again. */
export function commentBody(report: Report, marker: string, pathPrefix: string, fileUrlBase?: string): string {
  for (const maxFindingsPerCheck of [50, 10, 3, 0]) {
    const body = `${marker}\n${renderMarkdown(report, { pathPrefix, maxFindingsPerCheck, ...(fileUrlBase ? { fileUrlBase } : {}) })}`;
    if (body.length <= COMMENT_LIMIT_CHARS) return body;
  }
  return `${marker}\n${renderMarkdown(report, { pathPrefix, maxFindingsPerCheck: 0 }).slice(0, COMMENT_LIMIT_CHARS - 200)}\n\n… cut to fit a comment; the job summary and the JSON report have everything.\n`;
}

export type CommentOutcome =
  { status: 'created' | 'updated'; url: string } | { status: 'not-permitted'; reason: string };

/**
 * Creates the review comment, or updates the one that carries the marker, so a pull
 * request or issue has one comment that follows every push or edit. A token that may
 * not write (a fork's pull request) is reported, not thrown.
 */
export async function upsertComment(
  target: CommentTarget,
  body: string,
  marker: string,
  token: string,
  baseUrl?: string,
): Promise<CommentOutcome> {
  const octokit = await loadOctokit({ token, ...(baseUrl ? { baseUrl } : {}) });
  const { owner, repo, issueNumber } = target;
  try {
    let existing: { id: number | bigint } | undefined;
    // Only a comment this token wrote is ours: anyone can paste the marker into a comment.
    const self = await tokenLogin(octokit);
    for (let page = 1; page <= 30 && !existing && self; page++) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
        page,
      });
      existing = data.find(
        (c) => typeof c.body === 'string' && c.body.includes(marker) && sameLogin(c.user?.login, self),
      );
      if (data.length < 100) break;
    }
    if (existing) {
      const { data } = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        owner,
        repo,
        comment_id: Number(existing.id),
        body,
      });
      return { status: 'updated', url: data.html_url };
    }
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner,
      repo,
      issue_number: issueNumber,
      body,
    });
    return { status: 'created', url: data.html_url };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 401 || (status === 404 && target.fromFork)) {
      return {
        status: 'not-permitted',
        reason: `the token may not comment (HTTP ${status}${target.fromFork ? ', a pull request from a fork gets a read-only token' : ''})`,
      };
    }
    throw error;
  }
}

type CommentOctokit = Awaited<ReturnType<typeof loadOctokit>>;

/**
 * The login of the token's own identity: GraphQL's viewer works for the workflow's
 * GITHUB_TOKEN (`github-actions[bot]`) and for personal tokens; REST /user for the latter.
 * Undefined when neither answers, and then no existing comment is taken as ours.
 */
export async function tokenLogin(octokit: CommentOctokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.request('POST /graphql', { query: 'query { viewer { login } }' });
    const login = (data as { data?: { viewer?: { login?: string } } }).data?.viewer?.login;
    if (login) return login;
  } catch {
    // fall through to REST
  }
  try {
    const { data } = await octokit.request('GET /user');
    return data.login || undefined;
  } catch {
    return undefined;
  }
}

/** GraphQL names a bot `github-actions`, REST `github-actions[bot]`; logins ignore case. */
function sameLogin(author: string | undefined, self: string): boolean {
  const bare = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');
  return author !== undefined && bare(author) === bare(self);
}

/** Posts or updates the comment and reports what happened in the log and the summary. */
export async function publishComment(
  report: Report,
  options: {
    event?: Record<string, unknown>;
    token?: string;
    key: string;
    pathPrefix: string;
    links?: SourceLinks;
    env: RunnerEnv;
  },
): Promise<string | undefined> {
  const { env } = options;
  const target = commentTarget(options.event, env.GITHUB_REPOSITORY);
  if (!target) {
    core.info('comment: this event is not about a pull request or an issue; the checklist is in the job summary only.');
    return undefined;
  }
  if (!options.token) {
    core.warning('comment: no github-token, so no comment was posted; the checklist is in the job summary.');
    return undefined;
  }
  const marker = commentMarker(options.key);
  const sha = (options.event?.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha ?? env.GITHUB_SHA;
  const fileUrlBase = options.links
    ? options.links.fileUrlBase
    : env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && sha
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${sha}`
      : undefined;
  const pathPrefix = options.links ? options.links.pathPrefix : options.pathPrefix;
  const outcome = await upsertComment(
    target,
    commentBody(report, marker, pathPrefix, fileUrlBase),
    marker,
    options.token,
    env.GITHUB_API_URL,
  );
  if (outcome.status === 'not-permitted') {
    core.warning(`comment: not posted because ${outcome.reason}; the full checklist is in this job's summary.`);
    if (env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addRaw(
          `\n> [!NOTE]\n> The review comment could not be posted: ${outcome.reason}. This summary is the review.\n`,
          true,
        )
        .write();
    }
    return undefined;
  }
  core.info(`comment: ${outcome.status} ${outcome.url}`);
  return outcome.url;
}
