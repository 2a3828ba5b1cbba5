import semver from 'semver';
import { isStrictSemver } from '@mm-review/plugin';
import type { Severity } from '@mm-review/core';
import { parseGitHubRepoUrl, plainGitHubUrl, type UrlParts } from '@mm-review/github';

/**
 * One problem with a release_notes_url. `rule` is the part after the check id
 * (`url-missing-slash`), so any check (release-notes here, database-entries for
 * plugins.json) can file it under its own id.
 */
export interface UrlProblem {
  rule: string;
  severity: Severity;
  message: string;
}

export interface ReleaseNotesUrlContext {
  /** The version the URL must name; without it only the shape is checked. */
  version?: string;
  homepageUrl?: string;
  supportUrl?: string;
  /** The release tag verbatim (`v1.2.0`, `1.2.0`), when known. */
  tag?: string;
  /** How messages name the URL; default `release_notes_url <url>`. */
  subject?: string;
}

export type ReleaseNotesTarget =
  | { kind: 'github-release'; owner: string; repo: string; tag: string }
  | { kind: 'changelog-anchor'; owner: string; repo: string; ref: string; path: string; anchor: string }
  | { kind: 'other' };

export interface ReleaseNotesUrlAnalysis {
  /** Where the URL leads once its known mistakes are corrected; undefined when it leads nowhere usable. */
  target?: ReleaseNotesTarget;
  problems: UrlProblem[];
  /** The URL the author should write, when it can be derived. */
  expectedUrl?: string;
}

interface GitHubRepo {
  owner: string;
  repo: string;
}

/** The Marketplace's rules for a release_notes_url, as a pure function (reused on every plugins.json entry). */
export function checkReleaseNotesUrl(url: string | undefined, context: ReleaseNotesUrlContext): UrlProblem[] {
  return analyzeReleaseNotesUrl(url, context).problems;
}

/**
 * The URL the starter template's build writes when plugin.json has none: homepage_url
 * and `releases/tag/<tag>` glued with no separator. The production database shows it
 * (gitlab, github, jira and zoom entries lack the `/`; calls and playbooks, whose
 * homepage_url ends in `/`, are right), so it is mirrored exactly, bug included.
 */
export function injectedReleaseNotesUrl(homepageUrl: string, tag: string): string {
  return `${homepageUrl}releases/tag/${tag}`;
}

export function analyzeReleaseNotesUrl(
  url: string | undefined,
  context: ReleaseNotesUrlContext,
): ReleaseNotesUrlAnalysis {
  const known = knownRepos(context);
  const expectedTag = context.tag ?? (context.version ? `v${context.version}` : undefined);
  const expectedFor = (repo: GitHubRepo | undefined): string | undefined =>
    repo && expectedTag ? `https://github.com/${repo.owner}/${repo.repo}/releases/tag/${expectedTag}` : undefined;
  const write = (expected: string | undefined): string =>
    expected
      ? `write ${expected}`
      : 'link the GitHub release of this version (https://github.com/OWNER/REPO/releases/tag/vX.Y.Z)';

  if (url === undefined || url.trim() === '') {
    const fallbackExpected = expectedFor(known[0]);
    return {
      problems: [
        problem(
          'url-empty',
          'error',
          `release_notes_url is empty, so the Marketplace shows no release notes for this version; ${write(fallbackExpected)}.`,
        ),
      ],
      ...withExpected(fallbackExpected),
    };
  }
  const checked = parseHttpUrl(url);
  const invalid = typeof checked === 'string' ? checked : undefined;
  if (invalid) {
    const fallbackExpected = expectedFor(known[0]);
    return {
      problems: [
        problem(
          'url-invalid',
          'error',
          `${subject(url, context, true)} ${invalid} (IsValid() rejects it as "invalid ReleaseNotesURL"); ${write(fallbackExpected)}.`,
        ),
      ],
      ...withExpected(fallbackExpected),
    };
  }
  const parsed = checked as UrlParts;
  if (!/^(www\.)?github\.com$/i.test(parsed.hostname)) return analyzeOtherHost(url, context);
  return analyzeGitHub(url, parsed, context, known, expectedFor, write);
}

function withExpected(expected: string | undefined): { expectedUrl?: string } {
  return expected ? { expectedUrl: expected } : {};
}

function subject(url: string, context: ReleaseNotesUrlContext, quoted = false): string {
  return context.subject ?? (quoted ? `release_notes_url "${url}"` : `release_notes_url ${url}`);
}

function problem(rule: string, severity: Severity, message: string): UrlProblem {
  return { rule, severity, message };
}

/** The parsed URL, or why IsValid() would reject it: it must start with lowercase http(s):// and have a host. */
function parseHttpUrl(url: string): UrlParts | string {
  if (url.trim() !== url) return 'has white space around it';
  if (!/^https?:\/\//.test(url))
    return /^https?:\/\//i.test(url) ? 'must start with a lowercase http:// or https://' : 'is not an http(s) URL';
  let parsed: UrlParts | undefined = plainGitHubUrl(url);
  if (!parsed) {
    try {
      parsed = new URL(url);
    } catch {
      return 'does not parse as a URL';
    }
  }
  if (!parsed.hostname) return 'has no host';
  if (/__\w+__/.test(url)) return 'still contains a template placeholder';
  return parsed;
}

function knownRepos(context: ReleaseNotesUrlContext): GitHubRepo[] {
  const known: GitHubRepo[] = [];
  const homepage = repoOf(context.homepageUrl);
  if (homepage) known.push(homepage);
  const support = repoOf(context.supportUrl);
  if (support) known.push(support);
  return known;
}

/** Each plugin's homepage and support links repeat on every one of its releases in plugins.json: read once. */
const repos = new Map<string, Readonly<GitHubRepo> | null>();

function repoOf(url: string | undefined): Readonly<GitHubRepo> | undefined {
  if (!url) return undefined;
  let repo = repos.get(url);
  if (repo === undefined) {
    repo = parseGitHubRepoUrl(url) ?? null;
    if (repos.size >= 10_000) repos.clear();
    repos.set(url, repo && Object.freeze(repo));
  }
  return repo ?? undefined;
}

function sameRepo(a: GitHubRepo, b: GitHubRepo): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const GLUED = 'releases';

function analyzeGitHub(
  url: string,
  parsed: UrlParts,
  context: ReleaseNotesUrlContext,
  known: GitHubRepo[],
  expectedFor: (repo: GitHubRepo | undefined) => string | undefined,
  write: (expected: string | undefined) => string,
): ReleaseNotesUrlAnalysis {
  const segments: string[] = [];
  for (const segment of parsed.pathname.split('/')) if (segment) segments.push(decodeSegment(segment));
  // Indexing, not destructuring with a rest element: this runs on every plugins.json entry.
  const owner = segments[0];
  const repoSegment = segments[1];
  const rest = segments.slice(2);
  const problems: UrlProblem[] = [];
  if (!owner || !repoSegment) {
    const expected = expectedFor(known[0]);
    return {
      problems: [
        problem(
          'url-not-release',
          'error',
          `${subject(url, context)} points at a GitHub account, not at the notes of a release; ${write(expected)}.`,
        ),
      ],
      ...withExpected(expected),
    };
  }
  let repo = repoSegment;
  let tail = rest;
  if (isGlued(repoSegment, rest, known, owner)) {
    repo = repoSegment.slice(0, -GLUED.length);
    tail = [GLUED, ...rest];
    const expected = expectedFor({ owner, repo });
    problems.push(
      problem(
        'url-missing-slash',
        'error',
        `${subject(url, context)} glues the repository name to "releases" ("${repoSegment}": a "/" is missing), so the link is a 404; ${write(expected)}.`,
      ),
    );
  }
  const actual = { owner, repo };
  const expected = expectedFor(actual);
  if (known.length > 0) problems.push(...repositoryAgreement(url, actual, known, context));
  const shape = analyzeGitHubPath(url, actual, tail, parsed.hash, context, expected, write);
  problems.push(...shape.problems);
  const analysis: ReleaseNotesUrlAnalysis = { problems };
  if (expected) analysis.expectedUrl = expected;
  if (shape.target) analysis.target = shape.target;
  return analysis;
}

/** `mattermost-plugin-gitlabreleases/tag/v1.9.1`: the repository name and `releases` run together. */
function isGlued(repoSegment: string, rest: string[], known: GitHubRepo[], owner: string): boolean {
  const lower = repoSegment.toLowerCase();
  if (!lower.endsWith(GLUED) || lower.length === GLUED.length) return false;
  const stripped = repoSegment.slice(0, -GLUED.length);
  if (known.some((k) => sameRepo(k, { owner, repo: stripped }))) return true;
  return rest[0] === 'tag' && !known.some((k) => sameRepo(k, { owner, repo: repoSegment }));
}

function repositoryAgreement(
  url: string,
  actual: GitHubRepo,
  known: GitHubRepo[],
  context: ReleaseNotesUrlContext,
): UrlProblem[] {
  if (known.length === 0 || known.some((k) => sameRepo(k, actual))) return [];
  const names = [...new Set(known.map((k) => `${k.owner}/${k.repo}`))].join(' and ');
  return [
    problem(
      'url-repository-mismatch',
      'warning',
      `${subject(url, context)} names the repository ${actual.owner}/${actual.repo}, but homepage_url / support_url name ${names}; link the releases of the plugin's own repository (GitHub redirects a renamed repository, but the names should agree).`,
    ),
  ];
}

function analyzeGitHubPath(
  url: string,
  repo: GitHubRepo,
  tail: string[],
  hash: string,
  context: ReleaseNotesUrlContext,
  expected: string | undefined,
  write: (expected: string | undefined) => string,
): { problems: UrlProblem[]; target?: ReleaseNotesTarget } {
  const first = tail[0];
  const second = tail[1];
  const third = tail[2];
  const more = tail.slice(3);
  if (first === undefined) {
    return {
      problems: [
        problem(
          'url-repository-root',
          'error',
          `${subject(url, context)} points at the repository's front page, not at the notes of this release; ${write(expected)}.`,
        ),
      ],
    };
  }
  if (first === 'blob' && second && third) {
    return analyzeBlobLink(url, repo, second, [third, ...more].join('/'), hash, context);
  }
  if (first !== GLUED) {
    return {
      problems: [
        problem(
          'url-not-release',
          'error',
          `${subject(url, context)} is not a GitHub release page (…/${repo.repo}/${tail.join('/')}); ${write(expected)}.`,
        ),
      ],
    };
  }
  if (second === undefined) {
    return {
      problems: [
        problem(
          'url-releases-list',
          'error',
          `${subject(url, context)} points at the list of all releases, which shows whatever is newest, not this version's notes; ${write(expected)}.`,
        ),
      ],
    };
  }
  if (second === 'latest' && third === undefined) {
    return {
      problems: [
        problem(
          'url-releases-latest',
          'error',
          `${subject(url, context)} always shows the newest release, so this version's Marketplace entry will show other notes once a later release ships; ${write(expected)}.`,
        ),
      ],
    };
  }
  if (second !== 'tag') {
    const problems = [
      problem(
        'url-no-tag',
        'error',
        `${subject(url, context)} lacks "/tag/" before the tag name, so GitHub answers 404; ${write(expected)}.`,
      ),
    ];
    if (third === undefined) problems.push(...compareTag(url, second, context, write, expected));
    return { problems, target: { kind: 'github-release', ...repo, tag: second } };
  }
  if (third === undefined || /^v?$/i.test(third)) {
    return {
      problems: [
        problem(
          'url-tag-empty',
          'error',
          `${subject(url, context)} ends in "/tag/${third ?? ''}" without a version (the version was left out when the URL was written); ${write(expected)}.`,
        ),
      ],
    };
  }
  if (more.length > 0) {
    return {
      problems: [
        problem(
          'url-not-release',
          'error',
          `${subject(url, context)} has extra path parts after the tag (/${more.join('/')}); ${write(expected)}.`,
        ),
      ],
    };
  }
  return {
    problems: compareTag(url, third, context, write, expected),
    target: { kind: 'github-release', ...repo, tag: third },
  };
}

function analyzeBlobLink(
  url: string,
  repo: GitHubRepo,
  ref: string,
  path: string,
  hash: string,
  context: ReleaseNotesUrlContext,
): { problems: UrlProblem[]; target?: ReleaseNotesTarget } {
  const anchor = decodeSegment(hash.replace(/^#/, ''));
  if (!anchor) {
    const what = context.version ? `version ${context.version}` : 'one version';
    return {
      problems: [
        problem(
          'url-not-version-specific',
          'warning',
          `${subject(url, context)} links the whole file ${path}, not the entry of ${what}; add the anchor of that entry's heading (…${path}#…) or link the GitHub release.`,
        ),
      ],
      target: { kind: 'other' },
    };
  }
  return { problems: [], target: { kind: 'changelog-anchor', ...repo, ref, path, anchor } };
}

function analyzeOtherHost(url: string, context: ReleaseNotesUrlContext): ReleaseNotesUrlAnalysis {
  const { version, tag } = context;
  if (!version) return { problems: [], target: { kind: 'other' } };
  const names = [version, tag]
    .filter((v): v is string => Boolean(v))
    .some((v) => url.includes(v) || url.includes(v.replace(/\./g, '-')));
  if (names) return { problems: [], target: { kind: 'other' } };
  return {
    problems: [
      problem(
        'url-not-version-specific',
        'warning',
        `${subject(url, context)} does not name version ${version}, so nothing shows it leads to this release's notes; link a page specific to ${version} (for GitHub: …/releases/tag/v${version}).`,
      ),
    ],
    target: { kind: 'other' },
  };
}

/** The tag in the URL against the version under review (and the real tag, when known). */
function compareTag(
  url: string,
  urlTag: string,
  context: ReleaseNotesUrlContext,
  write: (e: string | undefined) => string,
  expected: string | undefined,
): UrlProblem[] {
  const { version, tag } = context;
  if (!version) return [];
  if (tag !== undefined && urlTag === tag) return [];
  const bare = urlTag.replace(/^[vV](?=\d)/, '');
  if (bare === version) return tagSpelling(url, urlTag, context, write, expected);
  if (isHostingVariantOf(version, bare)) return [];
  if (!isStrictSemver(bare) || !isStrictSemver(version)) {
    return [
      problem(
        'url-version-mismatch',
        'error',
        `${subject(url, context)} names the tag ${urlTag}, which is not version ${version}; ${write(expected)}.`,
      ),
    ];
  }
  const named = semver.parse(bare) as semver.SemVer;
  const current = semver.parse(version) as semver.SemVer;
  const sameCore = named.major === current.major && named.minor === current.minor && named.patch === current.patch;
  if (sameCore && named.prerelease.length > 0 && current.prerelease.length === 0) {
    return [
      problem(
        'url-prerelease-tag',
        'error',
        `${subject(url, context)} names the pre-release ${urlTag}, but this is the final release ${version}; ${write(expected)}.`,
      ),
    ];
  }
  if (semver.lt(bare, version)) {
    return [
      problem(
        'url-older-version',
        'error',
        `${subject(url, context)} names ${urlTag}, an older release than version ${version} (it was not updated for this release); ${write(expected)}.`,
      ),
    ];
  }
  return [
    problem(
      'url-other-version',
      'error',
      `${subject(url, context)} names ${urlTag}, which is not version ${version}; ${write(expected)}.`,
    ),
  ];
}

function tagSpelling(
  url: string,
  urlTag: string,
  context: ReleaseNotesUrlContext,
  write: (e: string | undefined) => string,
  expected: string | undefined,
): UrlProblem[] {
  const { tag } = context;
  if (tag !== undefined && tag !== urlTag) {
    return [
      problem(
        'url-tag-mismatch',
        'warning',
        `${subject(url, context)} names the tag ${urlTag}, but the release tag is ${tag}; GitHub tags are exact, so the link is a 404 unless both tags exist; ${write(expected)}.`,
      ),
    ];
  }
  if (urlTag.startsWith('V')) {
    return [
      problem(
        'url-tag-case',
        'notice',
        `${subject(url, context)} names the tag ${urlTag} with a capital V; GitHub tags are case-sensitive, so make sure the tag is spelled exactly so (the convention is v${urlTag.slice(1)}).`,
      ),
    ];
  }
  return [];
}

/** `1.5.1-cloud` is the cloud build of 1.5.1 (docs/mattermost.md §3), whose notes are those of 1.5.1. */
function isHostingVariantOf(version: string, named: string): boolean {
  const match = /^(.+)-(cloud|on-prem)$/.exec(version);
  return match?.[1] === named;
}
