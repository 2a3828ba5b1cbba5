import type { Finding, Severity } from '@mm-review/core';
import type { GitHubApi, ReleaseInfo } from '@mm-review/github';
import { RULE_PREFIX } from './rules';

/**
 * When the review runs relative to the release of this version:
 * - `pull-request`: a pull request prepares it; the release is not expected to exist.
 * - `tag`: the tag was pushed and the release is about to be created (a release gate):
 *   what matters is what it will publish, the changelog entry or a draft release's notes.
 * - `published`: the release should exist and be published (a `release: published` run, a
 *   review of a branch, the CLI).
 */
export type ReleaseStage = 'pull-request' | 'tag' | 'published';

/** The stage an event payload puts the review in (see ReleaseStage). */
export function releaseStage(event: Record<string, unknown> | undefined): ReleaseStage {
  if (!event) return 'published';
  if (typeof event.pull_request === 'object' && event.pull_request !== null) return 'pull-request';
  if (typeof event.release === 'object' && event.release !== null) return 'published';
  if (typeof event.ref === 'string' && event.ref.startsWith('refs/tags/')) return 'tag';
  return 'published';
}

export interface ReleaseLookup {
  github?: GitHubApi;
  owner?: string;
  repo?: string;
  /** Tags to try, most likely first (`v1.2.0`, then `1.2.0`). */
  tags: string[];
  version?: string;
  /** Whether release_notes_url points at this GitHub release (a missing release is then a dead link). */
  linkedFromManifest: boolean;
  /** Whether the changelog already holds this version's notes (an empty release body is then tolerable). */
  changelogHasNotes: boolean;
  /** Before or after the release is created (see ReleaseStage). */
  stage: ReleaseStage;
  /** Where findings about the release are anchored (the manifest field that leads to it). */
  where: Pick<Finding, 'file' | 'line' | 'column'>;
}

export interface ReleaseReview {
  findings: Finding[];
  release?: ReleaseInfo;
  /** One phrase for the check's summary. */
  summary: string;
}

function finding(
  rule: string,
  severity: Severity,
  message: string,
  where: Pick<Finding, 'file' | 'line' | 'column'>,
): Finding {
  return { severity, rule: `${RULE_PREFIX}/${rule}`, message, ...where };
}

/**
 * The GitHub release of this version: it exists, is published, and has notes. Without
 * a token or network the part is skipped with a notice, never failed.
 */
export async function reviewGitHubRelease(lookup: ReleaseLookup): Promise<ReleaseReview> {
  const { github, owner, repo, tags, where } = lookup;
  const firstTag = tags[0];
  if (!firstTag) return { findings: [], summary: 'GitHub release not checked (version unknown)' };
  if (!owner || !repo) {
    const message = `The GitHub release ${firstTag} was not checked: no GitHub repository is known (release_notes_url, homepage_url and support_url name none); pass the repository or link the release.`;
    return {
      findings: [finding('release-not-checked', 'notice', message, where)],
      summary: 'GitHub release not checked (repository unknown)',
    };
  }
  if (!github) {
    const message = `The GitHub release ${firstTag} of ${owner}/${repo} was not checked, because no github-token was given or the network is off; pass github-token to verify it exists, is published and has notes.`;
    return {
      findings: [finding('release-not-checked', 'notice', message, where)],
      summary: 'GitHub release not checked (no token)',
    };
  }
  let found: ReleaseInfo | undefined;
  try {
    for (const tag of tags) {
      found = await github.getRelease(owner, repo, tag);
      if (found) break;
    }
    // A draft has no tag yet, so the tag lookup cannot find it; before the release, its
    // notes are what will be published.
    if (!found && lookup.stage !== 'published' && github.getDraftRelease)
      found = await github.getDraftRelease(owner, repo, tags);
  } catch (error) {
    const message = `Could not ask GitHub for the release ${firstTag} of ${owner}/${repo} (${(error as Error).message}); the release was not checked.`;
    return {
      findings: [finding('release-lookup-failed', 'notice', message, where)],
      summary: 'GitHub release not checked (API error)',
    };
  }
  if (!found) return missingRelease(lookup, owner, repo, firstTag);
  return {
    findings: releaseProblems(lookup, owner, repo, found),
    release: found,
    summary: releaseSummary(found, lookup.stage),
  };
}

function missingRelease(lookup: ReleaseLookup, owner: string, repo: string, tag: string): ReleaseReview {
  if (lookup.stage === 'pull-request') {
    const message = `${owner}/${repo} has no GitHub release for ${tag} yet, as expected on a pull request; when you release, publish it with this version's notes (gh release create ${tag} --notes-file NOTES.md).`;
    return {
      findings: [finding('release-not-published-yet', 'notice', message, lookup.where)],
      summary: `GitHub release ${tag} not published yet`,
    };
  }
  if (lookup.stage === 'tag') {
    if (lookup.changelogHasNotes) {
      const message = `${owner}/${repo} has no GitHub release for ${tag} yet, as expected before the release; publish it with this version's changelog entry as its notes (the release-notes output).`;
      return {
        findings: [finding('release-not-published-yet', 'notice', message, lookup.where)],
        summary: `GitHub release ${tag} not published yet; notes from the changelog`,
      };
    }
    const message = `The release ${tag} of ${owner}/${repo} would be published without notes: the changelog has no entry for this version and there is no draft release with notes; add the entry to the changelog, or create a draft release with the notes (gh release create ${tag} --draft --notes-file NOTES.md) before pushing the tag.`;
    return {
      findings: [finding('release-missing', 'error', message, lookup.where)],
      summary: `no notes for the release ${tag}`,
    };
  }
  const severe = lookup.linkedFromManifest || !lookup.changelogHasNotes;
  const consequence = lookup.linkedFromManifest ? ', so release_notes_url leads to a 404' : '';
  const message = `${owner}/${repo} has no published GitHub release for the tag ${lookup.tags.join(' or ')}${consequence}; publish it with this version's notes (gh release create ${tag} --notes-file NOTES.md).`;
  return {
    findings: [finding('release-missing', severe ? 'error' : 'warning', message, lookup.where)],
    summary: `no GitHub release ${tag}`,
  };
}

function releaseProblems(lookup: ReleaseLookup, owner: string, repo: string, release: ReleaseInfo): Finding[] {
  const findings: Finding[] = [];
  const name = `The GitHub release ${release.tagName} of ${owner}/${repo}`;
  if (release.draft && lookup.stage === 'published') {
    findings.push(
      finding(
        'release-draft',
        'error',
        `${name} is still a draft, which only maintainers can see; publish it.`,
        lookup.where,
      ),
    );
  }
  if (!release.body?.trim()) {
    const severity = lookup.changelogHasNotes ? 'warning' : 'error';
    const elsewhere = lookup.changelogHasNotes
      ? 'the changelog has them, but users following release_notes_url land on the release'
      : 'and the changelog has none either';
    findings.push(
      finding(
        'release-body-empty',
        severity,
        `${name} has no description (${elsewhere}); write this version's notes in the release.`,
        lookup.where,
      ),
    );
  }
  if (release.prerelease && lookup.version && !lookup.version.includes('-')) {
    findings.push(
      finding(
        'release-prerelease',
        'warning',
        `${name} is marked as a pre-release on GitHub, but ${lookup.version} is a final version; untick "Set as a pre-release".`,
        lookup.where,
      ),
    );
  }
  return findings;
}

function releaseSummary(release: ReleaseInfo, stage: ReleaseStage): string {
  if (release.draft && stage !== 'published')
    return release.body?.trim()
      ? `draft release ${release.tagName} has the notes`
      : `draft release ${release.tagName} has no notes`;
  if (release.draft) return `GitHub release ${release.tagName} is a draft`;
  return release.body?.trim()
    ? `GitHub release ${release.tagName} published with notes`
    : `GitHub release ${release.tagName} has no notes`;
}
