import { registerSecret } from '@mm-review/core';
export type { GitHubApi, GitHubClientOptions, ReleaseInfo, RepositoryInfo } from './types';
import type { GitHubApi, GitHubClientOptions } from './types';

/**
 * The GitHub API for the checks. Octokit is loaded on the first call, so a review
 * that never reaches the network does not pay for loading it.
 */
export function createGitHubApi(options: GitHubClientOptions): GitHubApi {
  registerSecret(options.token);
  let client: Promise<GitHubApi> | undefined;
  const load = () => (client ??= import('./octokit').then((m) => m.createOctokitApi(options)));
  return {
    getRelease: async (owner, repo, tag) => (await load()).getRelease(owner, repo, tag),
    getDraftRelease: async (owner, repo, tags) => (await load()).getDraftRelease?.(owner, repo, tags),
    getRepository: async (owner, repo) => (await load()).getRepository(owner, repo),
    privateVulnerabilityReporting: async (owner, repo) => (await load()).privateVulnerabilityReporting(owner, repo),
    readFile: async (owner, repo, path) => (await load()).readFile?.(owner, repo, path),
  };
}

/** An Octokit with retry and throttling that honours GITHUB_API_URL (for the adapter's comments). */
export async function loadOctokit(options: GitHubClientOptions) {
  registerSecret(options.token);
  return (await import('./octokit')).createOctokit(options);
}

/**
 * A github.com URL the WHATWG parser would leave as it is: lower-case scheme, no port or
 * user, path segments of plain characters that do not start with a dot (so no `.`/`..`
 * to resolve), no %-escape or backslash; anything after `?` or `#` on one line.
 */
const PLAIN_GITHUB_URL = /^https?:\/\/(?:www\.)?github\.com(?:\/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)*\/?(?:[?#].*)?$/i;

/** The parts of a URL the checks read, as the WHATWG URL parser gives them. */
export interface UrlParts {
  /** Lower case. */
  hostname: string;
  /** `/` when the URL has no path. */
  pathname: string;
  /** `#fragment`, or '' when there is none or it is empty. */
  hash: string;
}

/** Printable ASCII the URL parser keeps as it is in a fragment (it escapes space, `"`, `<`, `>` and a backtick). */
const PLAIN_FRAGMENT = /^[!#-;=?-_a-~]*$/;

/**
 * The hostname, path and fragment of a plain github.com URL (see PLAIN_GITHUB_URL), read
 * without the URL parser, whose results they equal; undefined for any other URL. Release
 * notes and homepage links are almost all plain, and plugins.json holds tens of thousands.
 */
export function plainGitHubUrl(url: string): UrlParts | undefined {
  if (!PLAIN_GITHUB_URL.test(url)) return undefined;
  const afterScheme = url.indexOf('//') + 2;
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash);
  if (!PLAIN_FRAGMENT.test(fragment.slice(1))) return undefined;
  const query = url.indexOf('?');
  const end = Math.min(query === -1 ? url.length : query, hash === -1 ? url.length : hash);
  const slash = url.indexOf('/', afterScheme);
  const hostEnd = slash === -1 || slash > end ? end : slash;
  return {
    hostname: url.slice(afterScheme, hostEnd).toLowerCase(),
    pathname: hostEnd === end ? '/' : url.slice(hostEnd, end),
    hash: fragment.length > 1 ? fragment : '',
  };
}

/** `owner/repo` from a github.com (or GHES) URL, or undefined. */
export function parseGitHubRepoUrl(
  url: string | undefined,
  host = 'github.com',
): { owner: string; repo: string } | undefined {
  if (!url) return undefined;
  const plain = host === 'github.com' ? plainGitHubUrl(url) : undefined;
  if (plain) {
    const [owner, repo] = plain.pathname.split('/').filter(Boolean);
    if (!owner || !repo) return undefined;
    return { owner, repo: repo.replace(/\.git$/i, '') };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const hostname = parsed.hostname.toLowerCase().replace(/^www\./, '');
  if (hostname !== host.toLowerCase()) return undefined;
  const [owner, repo] = parsed.pathname.split('/').filter(Boolean);
  if (!owner || !repo) return undefined;
  return { owner, repo: repo.replace(/\.git$/i, '') };
}

/** The anchor GitHub gives a Markdown heading (github-slugger's rule): lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}
