import type { GitHubApi, ReleaseInfo } from '@mm-review/github';
import { InputError } from '@mm-review/core';
import { ReleaseError, type PlatformKey } from '@mm-review/marketplace';

export const DEFAULT_STORE = 'https://plugins.releases.mattermost.com/release';

/** The three platform keys plugins.json has, with the file-name suffixes each may be published under. */
export const PLATFORMS: readonly { key: PlatformKey; names: readonly string[] }[] = [
  { key: 'linux-amd64', names: ['linux-amd64'] },
  // The release tooling has written darwin-amd64 since December 2023; older releases say osx-amd64.
  { key: 'darwin-amd64', names: ['darwin-amd64', 'osx-amd64'] },
  { key: 'windows-amd64', names: ['windows-amd64'] },
];

export type SourceSpec = { kind: 'store'; url: string } | { kind: 'github'; owner: string; repo: string };

/** Where a release's files are: URLs to try in order (the first that exists wins). */
export interface ReleaseSource {
  /** For messages: `the plugin store https://…` or `the GitHub release owner/repo@tag`. */
  label: string;
  bundleUrl: string;
  signatureUrls: string[];
  /** Candidate bundle URLs of a platform, each with its signature candidates. */
  platformCandidates(names: readonly string[]): { bundleUrl: string; signatureUrls: string[] }[];
}

export function parseSource(store: string | undefined, githubRelease: string | undefined): SourceSpec {
  if (store && githubRelease)
    throw new InputError(
      'the store and github-release inputs (--store, --github-release) are exclusive: the bundle comes from one place, so give only one',
    );
  if (githubRelease) {
    const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(githubRelease);
    if (!match)
      throw new InputError(`the github-release input (--github-release) must be OWNER/REPO, not "${githubRelease}"`);
    return { kind: 'github', owner: match[1] as string, repo: match[2] as string };
  }
  const url = (store ?? DEFAULT_STORE).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(url))
    throw new InputError(`the store input (--store) must be an http(s) URL, not "${store}"`);
  return { kind: 'store', url };
}

/** The plugin store's naming: `<store>/<repo>-<tag>.tar.gz`, `.sig`, `-<platform>.tar.gz`. */
export function storeSource(store: string, repo: string, tag: string): ReleaseSource {
  const base = `${store}/${repo}-${tag}`;
  return {
    label: `the plugin store ${store}`,
    bundleUrl: `${base}.tar.gz`,
    signatureUrls: [`${base}.tar.gz.sig`],
    platformCandidates: (names) =>
      names.map((name) => ({ bundleUrl: `${base}-${name}.tar.gz`, signatureUrls: [`${base}-${name}.tar.gz.sig`] })),
  };
}

const PLATFORM_SUFFIX = /-(linux|darwin|osx|windows|freebsd|openbsd)-(amd64|arm64|386|arm)\.tar\.gz$/i;

/** A GitHub release: its one `.tar.gz` that is not platform-specific, with a `.sig` or `.asc` beside it. */
export async function githubSource(
  github: GitHubApi | undefined,
  owner: string,
  repo: string,
  tag: string,
): Promise<ReleaseSource> {
  if (!github)
    throw new InputError(
      'the github-release input (--github-release) needs a GitHub token (the github-token input, or GITHUB_TOKEN) to read the release',
    );
  let release: ReleaseInfo | undefined;
  try {
    release = await github.getRelease(owner, repo, tag);
  } catch (error) {
    throw new ReleaseError(
      'github',
      `could not read the release ${tag} of ${owner}/${repo}: ${(error as Error).message}`,
    );
  }
  if (!release)
    throw new ReleaseError(
      'release-missing',
      `${owner}/${repo} has no release with the tag ${tag}; publish it (or check the tag) first`,
    );
  const assets = new Map(release.assets.map((asset) => [asset.name, asset.browserDownloadUrl]));
  const bundles = release.assets
    .map((a) => a.name)
    .filter((name) => name.endsWith('.tar.gz') && !PLATFORM_SUFFIX.test(name));
  const preferred =
    bundles.find((name) => name === `${repo}-${tag}.tar.gz`) ?? (bundles.length === 1 ? bundles[0] : undefined);
  if (!preferred) {
    const why =
      bundles.length === 0
        ? 'has no .tar.gz asset'
        : `has several bundles (${bundles.join(', ')}) and none is named ${repo}-${tag}.tar.gz`;
    throw new ReleaseError(
      'bundle-missing',
      `the release ${tag} of ${owner}/${repo} ${why}; attach the plugin bundle to the release`,
    );
  }
  const signaturesOf = (name: string) =>
    [`${name}.sig`, `${name}.asc`].flatMap((n) => (assets.has(n) ? [assets.get(n) as string] : []));
  const base = preferred.slice(0, -'.tar.gz'.length);
  return {
    label: `the GitHub release ${owner}/${repo}@${tag}`,
    bundleUrl: assets.get(preferred) as string,
    signatureUrls: signaturesOf(preferred),
    platformCandidates: (names) =>
      names.flatMap((name) => {
        const file = `${base}-${name}.tar.gz`;
        return assets.has(file) ? [{ bundleUrl: assets.get(file) as string, signatureUrls: signaturesOf(file) }] : [];
      }),
  };
}
