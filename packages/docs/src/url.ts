import path from 'node:path';
import type { GitHubRepo } from './model';

export interface GitHubUrl {
  owner: string;
  /** Undefined for a user or organisation page (`https://github.com/blindsidenetworks/`). */
  repo?: string;
  /** Path segments after the repository (`['blob', 'main', 'docs', 'a.md']`). */
  rest: string[];
  search: string;
  hash: string;
}

/** Splits a github.com URL; undefined for any other host or a malformed URL. */
export function parseGitHubUrl(url: string): GitHubUrl | undefined {
  if (!/^https?:\/\/(www\.)?github\.com\//i.test(url.trim())) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').filter(Boolean).map(safeDecode);
  const [owner, repo, ...rest] = segments;
  if (!owner) return undefined;
  return { owner, ...(repo ? { repo: repo.replace(/\.git$/i, '') } : {}), rest, search: parsed.search, hash: parsed.hash };
}

export function sameRepo(a: GitHubRepo, b: GitHubRepo): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

/** A link with a scheme (`https:`, `mailto:`) or protocol-relative: not a path in the tree. */
export function isRemote(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

export interface RelativeTarget {
  /** Path relative to the plugin root; '' for the root itself. */
  path: string;
  /** The fragment without `#`, decoded and lower-cased, when there is one. */
  anchor?: string;
  /** The path climbs above the repository root. */
  outside: boolean;
}

/**
 * Resolves a relative link of a Markdown file as GitHub does: against the file's
 * folder, or against the repository root for a leading `/`. Undefined for remote
 * links and for a bare `#anchor` (see `anchorOf`).
 */
export function resolveRelative(fromFile: string, href: string): RelativeTarget | undefined {
  const trimmed = href.trim();
  if (!trimmed || isRemote(trimmed) || trimmed.startsWith('#')) return undefined;
  const hashAt = trimmed.indexOf('#');
  const withoutHash = hashAt === -1 ? trimmed : trimmed.slice(0, hashAt);
  const pathPart = withoutHash.split('?')[0] ?? '';
  const anchor = hashAt === -1 ? undefined : safeDecode(trimmed.slice(hashAt + 1)).toLowerCase();
  const decoded = safeDecode(pathPart.replace(/^<|>$/g, ''));
  const base = decoded.startsWith('/') ? '' : path.posix.dirname(fromFile);
  const joined = path.posix.normalize(path.posix.join(base === '.' ? '' : base, decoded.replace(/^\/+/, '')));
  const outside = joined === '..' || joined.startsWith('../');
  const cleaned = joined === '.' ? '' : joined.replace(/\/$/, '');
  return { path: cleaned, outside, ...(anchor ? { anchor } : {}) };
}

export function anchorOf(href: string): string | undefined {
  const trimmed = href.trim();
  return trimmed.startsWith('#') && trimmed.length > 1 ? safeDecode(trimmed.slice(1)).toLowerCase() : undefined;
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** A URL shortened for messages: long attribute values must not flood a finding. */
export function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
