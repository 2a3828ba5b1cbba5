import semver from 'semver';

/** What the plugins.json order looks at: the entry's manifest id and version. */
export interface OrderKey {
  id: string;
  version: string;
}

/**
 * The plugins.json order, as the generator's sort (model.SortPlugins) writes it: id
 * ascending by bytes (Go compares strings bytewise), then version descending by semver
 * (a prerelease below its release). A version that is not semver sorts below every one
 * that is, and such versions among themselves by their text, descending.
 */
export function compareEntries(a: OrderKey, b: OrderKey): number {
  if (a.id !== b.id) return compareBytes(a.id, b.id);
  return compareVersions(b.version, a.version);
}

/**
 * Whether a version is strict semver, so its place in the order is certain
 * (validate-database reports inversions only between such entries).
 */
export function isStrictVersion(version: string): boolean {
  let valid = strict.get(version);
  if (valid === undefined) {
    valid = semver.parse(version) !== null;
    if (strict.size > 100_000) strict.clear();
    strict.set(version, valid);
  }
  return valid;
}

const strict = new Map<string, boolean>();

function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return va.compare(vb);
  if (va || vb) return va ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 byte order: for ASCII (every real id) the same as comparing the strings. */
function compareBytes(a: string, b: string): number {
  if (!NON_ASCII.test(a) && !NON_ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Each version string is parsed once: adjacent pairs share an entry, and versions repeat across plugins. */
const versions = new Map<string, semver.SemVer | null>();

function parseVersion(version: string): semver.SemVer | null {
  let parsed = versions.get(version);
  if (parsed === undefined) {
    parsed = semver.parse(version, { loose: true });
    if (versions.size > 100_000) versions.clear();
    versions.set(version, parsed);
  }
  return parsed;
}
