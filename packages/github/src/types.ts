// The GitHub API the checks depend on, apart from its Octokit implementation (loaded lazily
// by index.ts), so neither file imports the other's module.

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
