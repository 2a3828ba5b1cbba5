import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { boundedFetch } from './bounded-fetch';
import type { GitHubApi, GitHubClientOptions, ReleaseInfo, RepositoryInfo } from './types';

const ThrottledOctokit = Octokit.plugin(retry, throttling);
export type OctokitClient = InstanceType<typeof ThrottledOctokit>;

/** An Octokit with retry and throttling that honours GITHUB_API_URL. */
export function createOctokit(options: GitHubClientOptions): OctokitClient {
  return new ThrottledOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'mm-review',
    // Every call has a deadline and a response-size cap (bounded-fetch.ts).
    request: {
      fetch: boundedFetch(options.fetch ?? globalThis.fetch, {
        timeoutMs: options.timeoutMs,
        maxBytes: options.maxResponseBytes,
      }),
    },
    // The retry count belongs to the retry plugin, never to `request.retries`: a client-level
    // `request.retries` is copied onto every request, and the plugin then retries any failed
    // request that many times, 404s included, ignoring doNotRetry.
    retry: { retries: options.retries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    throttle: {
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 2 && retryAfter < 60,
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 1 && retryAfter < 60,
    },
  });
}

function isNotFound(error: unknown): boolean {
  return (error as { status?: number }).status === 404;
}

interface ReleaseData {
  tag_name: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  body?: string | null;
  html_url: string;
  published_at: string | null;
  assets: { name: string; url: string; browser_download_url: string; size: number }[];
}

function releaseInfo(data: ReleaseData): ReleaseInfo {
  return {
    tagName: data.tag_name,
    name: data.name,
    draft: data.draft,
    prerelease: data.prerelease,
    body: data.body ?? null,
    htmlUrl: data.html_url,
    publishedAt: data.published_at,
    assets: data.assets.map((a) => ({
      name: a.name,
      url: a.url,
      browserDownloadUrl: a.browser_download_url,
      size: a.size,
    })),
  };
}

export function createOctokitApi(options: GitHubClientOptions): GitHubApi {
  const octokit = createOctokit(options);
  return {
    async getRelease(owner, repo, tag) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/releases/tags/{tag}', { owner, repo, tag });
        return releaseInfo(data);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async getDraftRelease(owner, repo, tags) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/releases', { owner, repo, per_page: 100 });
        const draft = data.find((r) => r.draft && tags.includes(r.tag_name));
        return draft ? releaseInfo(draft) : undefined;
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 403 || status === 401) return undefined;
        throw error;
      }
    },
    async getRepository(owner, repo) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}', { owner, repo });
        const info: RepositoryInfo = {
          fullName: data.full_name,
          private: data.private,
          hasIssues: data.has_issues,
          htmlUrl: data.html_url,
          defaultBranch: data.default_branch,
        };
        if (data.visibility) info.visibility = data.visibility;
        return info;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async privateVulnerabilityReporting(owner, repo) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/private-vulnerability-reporting', {
          owner,
          repo,
        });
        return Boolean((data as { enabled?: boolean }).enabled);
      } catch {
        return undefined;
      }
    },
    async readFile(owner, repo, path) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path });
        const file = data as { type?: string; encoding?: string; content?: string };
        if (Array.isArray(data) || file.type !== 'file' || typeof file.content !== 'string') return undefined;
        return file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}
