import semver from 'semver';
import ids from './marketplace-ids.json';
import versions from './server-versions.json';

/** Strict semver as the server parses it today (Masterminds StrictNewVersion): no `v`, no leading zeros. */
const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The longest version the semver package compares; it throws on longer ones. */
export const MAX_VERSION_LENGTH = 256;
const MAX_UINT64 = 2n ** 64n - 1n;

const numbersOf = (value: string): string[] => (value.split(/[-+]/, 1)[0] ?? '').split('.');

/** What the server accepts: the strict pattern, with numbers that fit Go's uint64. */
/** The usual version: three numbers of at most 15 digits (safe integers, below 2^64), no prerelease or build. */
const PLAIN_VERSION = /^(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})\.(?:0|[1-9]\d{0,14})$/;

export function isServerSemver(value: string): boolean {
  if (PLAIN_VERSION.test(value)) return true;
  // Fewer than 20 digits is always below 2^64 (about 1.8e19): only longer numbers need BigInt.
  return STRICT_SEMVER.test(value) && numbersOf(value).every((part) => part.length < 20 || BigInt(part) <= MAX_UINT64);
}

/**
 * Strict semver this tool can also compare: the server's rule, at most 256 characters and
 * numbers within JavaScript's safe integers (the semver package throws beyond either).
 */
export function isStrictSemver(value: string): boolean {
  if (PLAIN_VERSION.test(value)) return true;
  return (
    value.length <= MAX_VERSION_LENGTH &&
    STRICT_SEMVER.test(value) &&
    numbersOf(value).every((part) => Number.isSafeInteger(Number(part)))
  );
}

/** Why a string is not strict semver, phrased as a fix. */
export function semverProblem(value: string): string {
  if (value.length > MAX_VERSION_LENGTH)
    return `it is ${value.length} characters long; shorten it to at most ${MAX_VERSION_LENGTH} characters, for example 1.2.0`;
  if (STRICT_SEMVER.test(value) && !numbersOf(value).every((part) => Number.isSafeInteger(Number(part))))
    return `a number in it is larger than ${Number.MAX_SAFE_INTEGER}; use smaller numbers`;
  if (value.trim() !== value) return 'remove the surrounding white space';
  if (/^[vV=]/.test(value) && isStrictSemver(value.slice(1)))
    return `drop the leading "${value[0]}": write ${value.slice(1)}`;
  if (/(^|\.)0\d/.test(value.split(/[-+]/)[0] ?? '')) return 'remove the leading zeros from the numbers';
  if (/^\d+(\.\d+)?$/.test(value))
    return `give all three parts, MAJOR.MINOR.PATCH: write ${value.split('.').concat(['0', '0']).slice(0, 3).join('.')}`;
  return 'use the form MAJOR.MINOR.PATCH with optional -prerelease and +build parts, for example 1.2.0';
}

const released = new Map(versions.released.map(([version, date]) => [version as string, date as string | null]));
let releasedMinorsCache: Set<string> | undefined;
const releasedMinors = (): Set<string> =>
  (releasedMinorsCache ??= new Set([...released.keys()].map((v) => v.split('.').slice(0, 2).join('.'))));

export function minorOf(version: string): string {
  const parsed = semver.parse(version);
  return parsed ? `${parsed.major}.${parsed.minor}` : version.split('.').slice(0, 2).join('.');
}

export const serverVersions = {
  isReleased: (version: string): boolean => released.has(version),
  releaseDate: (version: string): string | null | undefined => released.get(version),
  isMinorReleased: (minor: string): boolean => releasedMinors().has(minor),
  isCancelledMinor: (minor: string): boolean => versions.cancelledMinors.includes(minor),
  isEsrMinor: (minor: string): boolean => versions.esrMinors.includes(minor),
  /** The newest released version in the shipped table. */
  latest: (): string => [...released.keys()].sort(semver.rcompare)[0] as string,
  /** The newest patch of a minor, e.g. 9.11 → 9.11.10. */
  latestPatch: (minor: string): string | undefined =>
    [...released.keys()].filter((v) => minorOf(v) === minor).sort(semver.rcompare)[0],
  lifecycle: versions.lifecycle,
};

/** Ids that have been listed in the Marketplace, with the repositories that shipped them. */
export const marketplaceIdsSeen: ReadonlyMap<string, readonly string[]> = new Map(
  ids.ids.map(([id, repos]) => [id as string, repos as string[]]),
);

/**
 * The error Masterminds semver's StrictNewVersion (the server's parser since 11.x) gives
 * for a value, as IsValid() wraps it ("failed to parse Version: <this>"), or undefined
 * when it parses.
 */
export function strictSemverError(value: string): string | undefined {
  if (value === '') return 'version string empty';
  const parts = value.split('.');
  if (parts.length < 3) return 'invalid semantic version';
  const head = parts.slice(0, 2);
  let last = parts.slice(2).join('.');
  const plus = last.indexOf('+');
  if (plus >= 0) {
    const metadata = last.slice(plus + 1);
    last = last.slice(0, plus);
    if (metadata.split('.').some((p) => !/^[0-9A-Za-z-]*$/.test(p))) return 'invalid metadata string';
  }
  const dash = last.indexOf('-');
  if (dash >= 0) {
    const prerelease = last.slice(dash + 1);
    last = last.slice(0, dash);
    for (const p of prerelease.split('.')) {
      if (p === '') return 'invalid prerelease string';
      if (/^[0-9]+$/.test(p)) {
        if (p.length > 1 && p.startsWith('0')) return 'version segment starts with 0';
      } else if (!/^[0-9A-Za-z-]+$/.test(p)) return 'invalid prerelease string';
    }
  }
  for (const p of [...head, last]) {
    if (!/^[0-9]*$/.test(p)) return 'invalid characters in version';
    if (p.length > 1 && p.startsWith('0')) return 'version segment starts with 0';
    if (p === '') return 'invalid semantic version';
  }
  return undefined;
}
