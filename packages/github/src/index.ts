import { registerSecret } from '@mm-review/core';
/** What the checks ask of GitHub; the checks depend on this interface, never on Octokit. */
export interface GitHubApi {
  getRelease(owner: string, repo: string, tag: string): Promise<ReleaseInfo | undefined>;
  /**
   * The draft release for one of the tags, from the newest 100 releases (drafts have no tag
   * yet, so getRelease cannot find them; only a token that may push sees them). Undefined
   * when there is none or the token may not list releases.
   */
  getDraftRelease?(owner: string, repo: string, tags: readonly string[]): Promise<ReleaseInfo | undefined>;
  getRepository(owner: string, repo: string): Promise<RepositoryInfo | undefined>;
  /** Whether private vulnerability reporting is on; undefined when the token may not ask. */
  privateVulnerabilityReporting(owner: string, repo: string): Promise<boolean | undefined>;
  /**
   * The text of one file on the default branch (the contents API), or undefined when there
   * is no such file. Optional so that test doubles written before it still type-check.
   */
  readFile?(owner: string, repo: string, path: string): Promise<string | undefined>;
}

export interface ReleaseInfo {
  tagName: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  body: string | null;
  htmlUrl: string;
  publishedAt: string | null;
  assets: { name: string; url: string; browserDownloadUrl: string; size: number }[];
}

export interface RepositoryInfo {
  fullName: string;
  private: boolean;
  visibility?: string;
  hasIssues: boolean;
  htmlUrl: string;
  defaultBranch: string;
}

export interface GitHubClientOptions {
  token?: string;
  /** GITHUB_API_URL; defaults to https://api.github.com. */
  baseUrl?: string;
  /** Retries on 5xx and resets (plugin-retry); tests set 0 for speed. */
  retries?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  /** Per-request limits (defaults: 30 s, 20 MiB); see bounded-fetch.ts. */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

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

/** `owner/repo` from a github.com (or GHES) URL, or undefined. */
export function parseGitHubRepoUrl(url: string | undefined, host = 'github.com'): { owner: string; repo: string } | undefined {
  if (!url) return undefined;
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
