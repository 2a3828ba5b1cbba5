import semver from 'semver';
import { isStrictSemver, semverProblem } from '@mm-review/plugin';

export type BumpLevel = 'patch' | 'minor' | 'major';

const LEVEL_RANK: Record<BumpLevel, number> = { patch: 0, minor: 1, major: 2 };

export function higherLevel(a: BumpLevel, b: BumpLevel): BumpLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

export function levelAbove(a: BumpLevel, b: BumpLevel): boolean {
  return LEVEL_RANK[a] > LEVEL_RANK[b];
}

/**
 * How a version moved, with its direction: `downgrade` and `none` are the failures
 * semver's own `diff` cannot tell (it calls 1.2.3 → 1.2.2 a "patch").
 * `release` is a prerelease reaching its final version (1.3.0-rc.1 → 1.3.0) and
 * `prerelease` a later prerelease of the same version (rc.1 → rc.2).
 */
export type BumpKind = BumpLevel | 'release' | 'prerelease' | 'none' | 'downgrade';

export interface Bump {
  kind: BumpKind;
  /** The release level the new version stands for; undefined for `none` and `downgrade`. */
  level?: BumpLevel;
}

/** The bump from base to head, or undefined when either is not strict semver. */
export function classifyBump(base: string, head: string): Bump | undefined {
  if (!isStrictSemver(base) || !isStrictSemver(head)) return undefined;
  const from = semver.parse(base) as semver.SemVer;
  const to = semver.parse(head) as semver.SemVer;
  const order = semver.compare(to, from);
  if (order < 0) return { kind: 'downgrade' };
  if (order === 0) return { kind: 'none' };
  if (to.major !== from.major) return { kind: 'major', level: 'major' };
  if (to.minor !== from.minor) return { kind: 'minor', level: 'minor' };
  if (to.patch !== from.patch) return { kind: 'patch', level: 'patch' };
  // Same MAJOR.MINOR.PATCH and higher, so the base was a prerelease of it: the
  // prerelease already announced the level that its numbers imply.
  return { kind: to.prerelease.length === 0 ? 'release' : 'prerelease', level: impliedLevel(to) };
}

/** The level a version's numbers announce: 2.0.0 a major, 1.3.0 a minor, 1.3.1 a patch. */
export function impliedLevel(version: semver.SemVer): BumpLevel {
  if (version.patch !== 0) return 'patch';
  if (version.minor !== 0 || version.major === 0) return 'minor';
  return 'major';
}

/**
 * Whether a bump covers the required level. Below 1.0.0 semver lets anything change
 * (§4), and the common convention is that a 0.x minor bump may break, so a breaking
 * change in 0.x is covered by a minor bump.
 */
export function covers(bump: Bump, required: BumpLevel, base: string): boolean {
  if (!bump.level) return false;
  if (!levelAbove(required, bump.level)) return true;
  const from = semver.parse(base);
  return required === 'major' && bump.level === 'minor' && from !== null && from.major === 0 && bump.kind !== 'major';
}

/** The smallest version above `reference` that makes a `required` release. */
export function nextVersion(reference: string, required: BumpLevel): string | undefined {
  const parsed = semver.parse(reference);
  if (!parsed || !isStrictSemver(reference)) return undefined;
  const level = required === 'major' && parsed.major === 0 ? 'minor' : required;
  return semver.inc(parsed.version, level) ?? undefined;
}

export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}

/** The highest strict-semver version of a list, if any. */
export function highestVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const version of versions) {
    if (!isStrictSemver(version)) continue;
    if (best === undefined || semver.compare(version, best) > 0) best = version;
  }
  return best;
}

/** MAJOR.MINOR.PATCH without prerelease or build. */
export function coreOf(version: string): string {
  return version.split(/[-+]/)[0] ?? version;
}

export function isPrerelease(version: string): boolean {
  return (semver.prerelease(version)?.length ?? 0) > 0;
}

export type TagVersion = { ok: true; tag: string; version: string } | { ok: false; tag: string; problem: string };

/** The version a release tag names (`v1.2.0` → 1.2.0), or why the tag names none. */
export function tagVersion(rawTag: string): TagVersion {
  const tag = rawTag.trim().replace(/^refs\/tags\//, '');
  if (tag.includes('/')) {
    return {
      ok: false,
      tag,
      problem: `"${tag}" is a path-prefixed (monorepo) tag, not a release tag of the plugin; release tags look like v1.2.0`,
    };
  }
  const version = tag.replace(/^v(?=\d)/, '');
  if (isStrictSemver(version)) return { ok: true, tag, version };
  return {
    ok: false,
    tag,
    problem: `"${tag}" is not a semver release tag (${versionFix(version)}); release tags look like v1.2.0`,
  };
}

function versionFix(version: string): string {
  if (/(^|\.)0\d/.test(version.split(/[-+]/)[0] ?? '')) return 'remove the leading zeros from the numbers';
  return semverProblem(version);
}
