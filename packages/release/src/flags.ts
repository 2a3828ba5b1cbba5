import { InputError } from '@mm-review/core';

export type AuthorType = 'mattermost' | 'partner' | 'community';
export type ReleaseStage = 'production' | 'beta' | 'experimental';
export type Hosting = '' | 'cloud' | 'on-prem';

export interface GeneratorFlags {
  official?: boolean;
  partner?: boolean;
  community?: boolean;
  beta?: boolean;
  experimental?: boolean;
  enterprise?: boolean;
  cloud?: boolean;
  onPrem?: boolean;
}

export interface EntryFlags {
  authorType: AuthorType;
  releaseStage: ReleaseStage;
  enterprise: boolean;
  hosting: Hosting;
}

/**
 * The generator's flags (`generator add --community --beta ...`), checked in its order
 * and with its error messages, so maintainers see what they know.
 */
export function resolveFlags(flags: GeneratorFlags): EntryFlags {
  const authors = [flags.official, flags.partner, flags.community].filter(Boolean).length;
  if (authors !== 1)
    throw new InputError('you must either set the release as a official or as a partner or as a community plugin');
  if (flags.cloud && flags.onPrem)
    throw new InputError('if you want to make a plugin available for cloud and on-prem, just drop both flags');
  if (flags.beta && flags.experimental) throw new InputError("can't set the release as both beta and experimental");
  return {
    authorType: flags.partner ? 'partner' : flags.community ? 'community' : 'mattermost',
    releaseStage: flags.beta ? 'beta' : flags.experimental ? 'experimental' : 'production',
    enterprise: Boolean(flags.enterprise),
    hosting: flags.cloud ? 'cloud' : flags.onPrem ? 'on-prem' : '',
  };
}

const TOLERANT_SEMVER =
  /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/**
 * The tag as the generator accepts it (blang/semver ParseTolerant: a leading `v`, missing
 * minor or patch); returns the version it names. The tag itself is used verbatim in URLs.
 */
export function versionOfTag(tag: string): string {
  const trimmed = tag.trim();
  if (trimmed !== tag || !TOLERANT_SEMVER.test(tag))
    throw new InputError(`${tag} is an invalid tag. Something like v2.3.4 is expected`);
  const bare = tag.replace(/^v/, '');
  const core = bare.match(/^[\d.]+/)?.[0] ?? bare;
  const parts = core.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.') + bare.slice(core.length);
}

/** GitHub's rule for a repository name: letters, digits, `.`, `-`, `_`, at most 100, not `.` or `..`. */
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The repository name goes into the bundle URL, the branch and the PR title, so it must
 * be a plain GitHub repository name (`mattermost-plugin-jira`), not a path or a URL.
 */
export function validateRepoName(repo: string): string {
  if (!REPO_NAME.test(repo) || repo === '.' || repo === '..') {
    throw new InputError(
      `repo must be a GitHub repository name (letters, digits, ".", "-" and "_", as in mattermost-plugin-demo), not "${repo}"`,
    );
  }
  return repo;
}
