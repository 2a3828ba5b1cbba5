import semver from 'semver';
import type { Finding, Severity } from '@mm-review/core';
import { isStrictSemver } from '@mm-review/plugin';
import { entryMarkdown, type ChangelogEntry, type ParsedChangelog } from './parse';

export const RULE_PREFIX = 'release-notes';

/** How the changelog relates to the version under review. */
export type ChangelogVerdict =
  | 'entry' // has a non-empty entry for the version
  | 'entry-empty'
  | 'entry-missing'
  | 'pointer' // sends readers to the GitHub releases instead
  | 'stub' // the starter template's placeholder, never kept up
  | 'no-entries'
  | 'no-version'; // the version is unknown, so no entry can be looked up

export interface ChangelogReview {
  verdict: ChangelogVerdict;
  findings: Finding[];
  entry?: ChangelogEntry;
  /** The entry's Markdown when it has any. */
  notes?: string;
}

/** Findings about a parsed changelog, and its entry for `version` (the version under review). */
export function reviewChangelog(changelog: ParsedChangelog, version: string | undefined): ChangelogReview {
  const released = changelog.entries.filter((e) => !e.unreleased);
  const findings = [
    ...nonSemverFindings(changelog, released),
    ...duplicateFindings(changelog, released),
    ...orderFindings(changelog, released),
    ...misplacedUnreleased(changelog),
    ...compareLinkFindings(changelog, released),
  ];
  const verdict = entryVerdict(changelog, released, version);
  findings.push(...verdict.findings, ...otherEmptyEntries(changelog, released, verdict.entry));
  const review: ChangelogReview = { verdict: verdict.verdict, findings };
  if (verdict.entry) {
    review.entry = verdict.entry;
    const notes = entryMarkdown(changelog, verdict.entry);
    if (notes) review.notes = notes;
  }
  return review;
}

function at(changelog: ParsedChangelog, entry: ChangelogEntry): Pick<Finding, 'file' | 'line' | 'column'> {
  return { file: changelog.file, line: entry.heading.line, column: entry.heading.column };
}

function finding(
  rule: string,
  severity: Severity,
  message: string,
  where: Pick<Finding, 'file' | 'line' | 'column'>,
): Finding {
  return { severity, rule: `${RULE_PREFIX}/${rule}`, message, ...where };
}

function headingLabel(entry: ChangelogEntry): string {
  return `"${entry.heading.text.trim()}" (line ${entry.heading.line})`;
}

/** Matches a changelog entry to the version, allowing the cloud build of a release (`1.6.0-cloud`). */
export function entryMatches(entry: ChangelogEntry, version: string): boolean {
  if (entry.unreleased) return false;
  if (entry.version === version) return true;
  const variant = /^(.+)-(cloud|on-prem)$/.exec(version);
  return variant?.[1] === entry.version;
}

function nonSemverFindings(changelog: ParsedChangelog, released: ChangelogEntry[]): Finding[] {
  return released
    .filter((e) => !isStrictSemver(e.version))
    .map((e) =>
      finding(
        'changelog-version-not-semver',
        'warning',
        `${changelog.file}: the heading ${headingLabel(e)} names version ${e.version}, which is not semantic versioning; write MAJOR.MINOR.PATCH as in plugin.json (${semver.coerce(e.version)?.version ?? '1.2.0'}).`,
        at(changelog, e),
      ),
    );
}

function duplicateFindings(changelog: ParsedChangelog, released: ChangelogEntry[]): Finding[] {
  const first = new Map<string, ChangelogEntry>();
  const findings: Finding[] = [];
  for (const entry of released) {
    const earlier = first.get(entry.version);
    if (!earlier) {
      first.set(entry.version, entry);
      continue;
    }
    findings.push(
      finding(
        'changelog-duplicate-version',
        'warning',
        `${changelog.file}: version ${entry.version} has a second entry at line ${entry.heading.line} (the first is at line ${earlier.heading.line}); merge them into one.`,
        at(changelog, entry),
      ),
    );
  }
  return findings;
}

/** Entries should run newest first (or, in the rarer style, oldest first): flag each that breaks the file's own order. */
function orderFindings(changelog: ParsedChangelog, released: ChangelogEntry[]): Finding[] {
  const comparable = released.filter((e) => isStrictSemver(e.version));
  let descending = 0;
  let ascending = 0;
  for (let i = 1; i < comparable.length; i++) {
    const order = semver.compare(
      (comparable[i - 1] as ChangelogEntry).version,
      (comparable[i] as ChangelogEntry).version,
    );
    if (order > 0) descending++;
    else if (order < 0) ascending++;
  }
  const newestFirst = descending >= ascending;
  const findings: Finding[] = [];
  for (let i = 1; i < comparable.length; i++) {
    const previous = comparable[i - 1] as ChangelogEntry;
    const entry = comparable[i] as ChangelogEntry;
    const order = semver.compare(previous.version, entry.version);
    if ((newestFirst && order < 0) || (!newestFirst && order > 0)) {
      findings.push(
        finding(
          'changelog-out-of-order',
          'warning',
          `${changelog.file}: ${entry.version} (line ${entry.heading.line}) comes after ${previous.version} (line ${previous.heading.line}), but the file lists ${newestFirst ? 'newest' : 'oldest'} first; move the entry so readers find the latest notes where they expect them.`,
          at(changelog, entry),
        ),
      );
    }
  }
  return findings;
}

function misplacedUnreleased(changelog: ParsedChangelog): Finding[] {
  const firstRelease = changelog.entries.findIndex((e) => !e.unreleased);
  return changelog.entries
    .filter((entry, index) => entry.unreleased && firstRelease !== -1 && index > firstRelease)
    .map((entry) =>
      finding(
        'changelog-unreleased-misplaced',
        'notice',
        `${changelog.file}: the "Unreleased" section at line ${entry.heading.line} sits below released versions; keep it at the top, above the newest release.`,
        at(changelog, entry),
      ),
    );
}

function compareLinkFindings(changelog: ParsedChangelog, released: ChangelogEntry[]): Finding[] {
  return released
    .filter((e) => e.compareTarget !== undefined && e.compareTarget.replace(/^v(?=\d)/, '') !== e.version)
    .map((e) =>
      finding(
        'changelog-compare-link-mismatch',
        'warning',
        `${changelog.file}: the heading ${headingLabel(e)} links a comparison ending at ${e.compareTarget}, not at ${e.version}; fix the link so it shows the changes of ${e.version}.`,
        at(changelog, e),
      ),
    );
}

function otherEmptyEntries(
  changelog: ParsedChangelog,
  released: ChangelogEntry[],
  current: ChangelogEntry | undefined,
): Finding[] {
  return released
    .filter((e) => e.empty && e !== current)
    .map((e) =>
      finding(
        'changelog-entry-empty',
        'notice',
        `${changelog.file}: the entry ${headingLabel(e)} is empty; list what changed in ${e.version} or remove the heading.`,
        at(changelog, e),
      ),
    );
}

function isTemplateStub(changelog: ParsedChangelog, released: ChangelogEntry[]): ChangelogEntry | undefined {
  if (released.length !== 1) return undefined;
  const only = released[0] as ChangelogEntry;
  return only.version === '0.0.1' && /initial release/i.test(entryMarkdown(changelog, only)) ? only : undefined;
}

function entryVerdict(
  changelog: ParsedChangelog,
  released: ChangelogEntry[],
  version: string | undefined,
): { verdict: ChangelogVerdict; findings: Finding[]; entry?: ChangelogEntry } {
  const file = changelog.file;
  const top = { file, line: 1, column: 1 };
  const stub = isTemplateStub(changelog, released);
  if (stub && version !== stub.version) {
    const message = `${file} is still the starter template's placeholder (one 0.0.1 "Initial release" entry, line ${stub.heading.line})${version ? ` while the plugin is at ${version}` : ''}, so the GitHub release is taken as this plugin's changelog and no entry is required; to spare readers the stale file, keep an entry per release in it or replace it with a line pointing to the GitHub releases.`;
    return { verdict: 'stub', findings: [finding('changelog-template-stub', 'notice', message, at(changelog, stub))] };
  }
  if (released.length === 0) {
    if (changelog.pointer) {
      const where = changelog.pointer.url ? ` (${changelog.pointer.url})` : '';
      return {
        verdict: 'pointer',
        findings: [
          finding(
            'changelog-pointer',
            'notice',
            `${file} sends readers to the releases page${where} instead of keeping entries, so the GitHub release is this plugin's changelog.`,
            { file, line: changelog.pointer.line, column: 1 },
          ),
        ],
      };
    }
    return {
      verdict: 'no-entries',
      findings: [
        finding(
          'changelog-no-entries',
          'warning',
          `${file} has no version headings (such as "## 1.2.0 - 2024-05-01" or "## [1.2.0]"), so no release's notes can be found in it; add one heading per release.`,
          top,
        ),
      ],
    };
  }
  if (!version) return { verdict: 'no-version', findings: [] };
  const entry = released.find((e) => entryMatches(e, version));
  if (entry) {
    if (!entry.empty) return { verdict: 'entry', findings: [], entry };
    return {
      verdict: 'entry-empty',
      entry,
      findings: [
        finding(
          'changelog-entry-empty',
          'error',
          `${file}: the entry for ${version} ${headingLabel(entry)} is empty; list what changed in this release (Added / Changed / Fixed).`,
          at(changelog, entry),
        ),
      ],
    };
  }
  const newest = newestEntry(released);
  const newestText = newest ? `; the newest entry is ${newest.version} at line ${newest.heading.line}` : '';
  if (changelog.pointer) {
    return {
      verdict: 'pointer',
      findings: [
        finding(
          'changelog-pointer',
          'notice',
          `${file} has no entry for ${version}${newestText}, and line ${changelog.pointer.line} sends readers to the releases page, so the GitHub release is taken as the changelog.`,
          { file, line: changelog.pointer.line, column: 1 },
        ),
      ],
    };
  }
  const unreleased = changelog.entries.find((e) => e.unreleased && !e.empty);
  const hint = unreleased
    ? ` If the notes are under "Unreleased" (line ${unreleased.heading.line}), rename that heading to ${version}.`
    : '';
  const line = (released[0] as ChangelogEntry).heading;
  return {
    verdict: 'entry-missing',
    findings: [
      finding(
        'changelog-entry-missing',
        'error',
        `${file} has no entry for ${version}${newestText}; add a "## ${version}" section with this release's changes.${hint}`,
        { file, line: line.line, column: line.column },
      ),
    ],
  };
}

function newestEntry(entries: ChangelogEntry[]): ChangelogEntry | undefined {
  const valid = entries.filter((e) => isStrictSemver(e.version));
  return valid.sort((a, b) => semver.rcompare(a.version, b.version))[0] ?? entries[0];
}
