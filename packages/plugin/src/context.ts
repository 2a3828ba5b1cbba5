import { readFile } from 'node:fs/promises';
import { InputError, Memo, tagsAtHead, type Mode, type ReadResult, type Workspace } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import { marketplaceIdsSeen } from './facts/index';
import { loadManifest, type ManifestLoad } from './manifest/load';
import { parseMarkdownDocument, type MarkdownDocument } from './markdown/reader';

/** Options shared by the plugin-repository actions (docs/architecture.md §3) and CLI commands. */
export interface PluginReviewOptions {
  mode: Mode;
  beta: boolean;
  /** Release tag, for the version when the manifest has none (`v1.2.0`). */
  tag?: string;
  baseRef?: string;
  baseManifest?: string;
  /** Path or URL of a plugins.json. */
  marketplaceDatabase?: string;
  githubToken?: string;
  /** `owner/name` of the repository under review, when known. */
  repository?: string;
  /** The GitHub event payload, when running in Actions. */
  event?: Record<string, unknown>;
  /** GitHub REST API base URL (GITHUB_API_URL). */
  apiUrl?: string;
  /** Never use the network, even with a token. */
  offline?: boolean;
  /** Configuration file (`config` input / `--config`); `none` reads none; default `.mm-review.yml` when present. */
  config?: string;
  /** Do not apply the baseline file (used when writing a new one). */
  ignoreBaseline?: boolean;
  /** The options the user set explicitly; the configuration file gives the defaults of the others. */
  explicit?: readonly ConfigurableOption[];
  /** Update mode: fail a change that keeps the version (not a release) as if it were one. */
  requireVersionBump?: boolean;
}

/** Options a configuration file may give a default for. */
export type ConfigurableOption = 'mode' | 'beta' | 'marketplaceDatabase' | 'requireVersionBump';

export interface Services {
  fetch: typeof fetch;
  now: () => Date;
  /** Present only with a token and network; checks that need it skip without it. */
  github?: GitHubApi;
  /** The Markdown parser `PluginContext.markdown` calls (a test counts the calls through it). */
  parseMarkdown?: (path: string, text: string) => Promise<MarkdownDocument>;
}

/** How a Markdown file may be read: its size cap, and whether it counts against the documents budget. */
export interface MarkdownReadOptions {
  maxBytes?: number;
  budget?: 'documents';
}

/** A Markdown file read and parsed, or why it could not be read. */
export type MarkdownRead =
  { ok: true; path: string; text: string; document: MarkdownDocument } | Extract<ReadResult, { ok: false }>;

export const defaultServices: Services = { fetch: (...args) => fetch(...args), now: () => new Date() };

export interface ResolvedVersion {
  version?: string;
  source?: 'manifest' | 'tag-input' | 'git-tag';
  /** The tag the version came from, verbatim. */
  tag?: string;
  /** Why no version could be determined. */
  reason?: string;
}

/** One Marketplace listing of an id. */
export interface MarketplaceListing {
  version: string;
  repoName?: string;
}

export interface MarketplaceIndex {
  /** Where the ids came from: a plugins.json the user gave, or the ids shipped with the suite. */
  source: string;
  ids: ReadonlyMap<string, { repos: readonly string[]; versions: readonly string[]; urls?: readonly string[] }>;
}

/**
 * Everything the plugin checks read, created once per review and shared between
 * checks so the manifest and other files are parsed once.
 */
export class PluginContext {
  readonly memo = new Memo();

  constructor(
    readonly workspace: Workspace,
    readonly options: PluginReviewOptions,
    readonly services: Services = defaultServices,
  ) {}

  manifest(): Promise<ManifestLoad> {
    return this.memo.get('manifest', () => loadManifest(this.workspace));
  }

  /** The version under review: the manifest's, else the `tag` option's, else the tag on HEAD. */
  version(): Promise<ResolvedVersion> {
    return this.memo.get('version', async () => {
      const load = await this.manifest();
      const fromManifest = load.found ? load.loaded.manifest.version : undefined;
      if (fromManifest) return { version: fromManifest, source: 'manifest' as const };
      if (this.options.tag)
        return { version: versionFromTag(this.options.tag), source: 'tag-input' as const, tag: this.options.tag };
      const tag = buildVersionTag(await tagsAtHead(this.workspace.root));
      if (tag) return { version: versionFromTag(tag), source: 'git-tag' as const, tag };
      return {
        reason:
          "the manifest has no version and no release tag is known: the starter template's build injects the version from the tag on HEAD, so pass the release tag (input `tag`, CLI --tag) or run on the tagged commit",
      };
    });
  }

  /**
   * A Markdown file of the workspace, read through its size caps and symlink rules and parsed
   * once per review: the read is shared by the callers that ask with the same limits, the parse
   * by every caller of the same resolved path (README, CHANGELOG, SECURITY.md are each read by
   * several checks).
   */
  async markdown(path: string, options: MarkdownReadOptions = {}): Promise<MarkdownRead> {
    const limits = `${options.maxBytes ?? ''}:${options.budget ?? ''}`;
    const read = await this.memo.get(`markdown-read:${limits}:${path}`, () => this.workspace.readText(path, options));
    if (!read.ok) return read;
    const parse = this.services.parseMarkdown ?? parseMarkdownDocument;
    const document = await this.memo.get(`markdown:${read.path}`, () => parse(read.path, read.text));
    return { ok: true, path: read.path, text: read.text, document };
  }

  marketplace(): Promise<MarketplaceIndex> {
    return this.memo.get('marketplace', () => loadMarketplaceIndex(this.options.marketplaceDatabase, this.services));
  }
}

/**
 * The tag on HEAD the starter template's build takes the version from: the first
 * `v…` tag of `git tag --points-at HEAD` (git lists them by name, so `v1.1.0` comes
 * before `v1.1.0-rc2` on the same commit and the final release wins).
 */
export function buildVersionTag(tagsAtHead: readonly string[]): string | undefined {
  return tagsAtHead.find((tag) => tag.startsWith('v'));
}

export function versionFromTag(tag: string): string {
  return tag.replace(/^v(?=\d)/, '');
}

/** Reads a plugins.json (path or http(s) URL) into an id index; a bad input is an InputError. */
export async function loadMarketplaceIndex(
  location: string | undefined,
  services: Services,
): Promise<MarketplaceIndex> {
  if (!location) {
    const ids = new Map([...marketplaceIdsSeen].map(([id, repos]) => [id, { repos, versions: [] as string[] }]));
    return { source: 'the ids that have been listed in the Mattermost Marketplace (shipped with this tool)', ids };
  }
  let text: string;
  if (/^https?:\/\//i.test(location)) {
    const response = await services.fetch(location, { signal: AbortSignal.timeout(30_000) }).catch((error: Error) => {
      throw new InputError(`marketplace-database: cannot download ${location}: ${error.message}`);
    });
    if (!response.ok) throw new InputError(`marketplace-database: ${location} answered HTTP ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(location, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`marketplace-database: cannot read ${location} (${error.code ?? error.message})`);
    });
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    throw new InputError(`marketplace-database: ${location} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(entries))
    throw new InputError(`marketplace-database: ${location} is not a JSON array of plugin entries`);
  const ids = new Map<string, { repos: string[]; versions: string[]; urls: string[] }>();
  for (const entry of entries as {
    manifest?: { id?: unknown; version?: unknown; homepage_url?: unknown; support_url?: unknown };
    repo_name?: unknown;
    homepage_url?: unknown;
  }[]) {
    const id = typeof entry?.manifest?.id === 'string' ? entry.manifest.id.toLowerCase() : undefined;
    if (!id) continue;
    const slot = ids.get(id) ?? { repos: [], versions: [], urls: [] };
    for (const url of [entry.homepage_url, entry.manifest?.homepage_url, entry.manifest?.support_url]) {
      if (typeof url === 'string' && url && !slot.urls.includes(url)) slot.urls.push(url);
    }
    if (typeof entry.repo_name === 'string' && !slot.repos.includes(entry.repo_name)) slot.repos.push(entry.repo_name);
    if (typeof entry.manifest?.version === 'string') slot.versions.push(entry.manifest.version);
    ids.set(id, slot);
  }
  return { source: location, ids };
}
