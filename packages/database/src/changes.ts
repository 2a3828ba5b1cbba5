import type { Check, Finding } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import { contextDiff, type DatabaseContext } from './context';
import type { DatabaseDiff } from './diff';
import { PLATFORM_KEYS, entryLabel, isRecord, manifestOf, stringField, type RawEntry } from './model';
import { locateProblem, type EntryProblem } from './problem';
import type { DatabaseFile } from './source';

const RULE = 'database-changes';

/** `database-changes`: against the base, only intended additions; no silent rewrites or removals; new entries consistent. */
export const databaseChangesCheck: Check<DatabaseContext> = {
  id: 'database-changes',
  requirement: null,
  title: 'plugins.json changes',
  async run(context) {
    if (!context.base) return skipped('No base given (a base file, a git ref or the pull request base), so additions, removals and rewrites are not checked.', `${RULE}/no-base`);
    if (!context.base.entries) return skipped(`The base ${context.baseLabel ?? context.base.file} is not a JSON array of entries, so changes cannot be compared.`, `${RULE}/base-unreadable`);
    const diff = await contextDiff(context);
    if (!diff) return skipped(`${context.head.file} did not parse, so changes cannot be compared (see database-format).`, `${RULE}/not-parsed`);
    const findings = [...removalFindings(context, diff), ...modificationFindings(context, diff), ...additionFindings(context.head, diff)];
    return { findings, summary: changeSummary(diff, context.baseLabel ?? context.base.file) };
  },
};

function changeSummary(diff: DatabaseDiff, base: string): string {
  return `Against ${base}: ${diff.added.length} added, ${diff.modified.length} modified, ${diff.removed.length} removed, ${diff.unchanged} unchanged.`;
}

function removalFindings(context: DatabaseContext, diff: DatabaseDiff): Finding[] {
  const base = context.base as DatabaseFile;
  const allowed = context.options.allowRemovals;
  return diff.removed.map(({ baseIndex }) => {
    const entry = (base.entries ?? [])[baseIndex];
    const baseLine = base.locate(baseIndex, []).line;
    const fix = allowed ? 'removals are allowed for this run' : 'servers that installed it can no longer find it; restore the entry, or allow removals if it is intended';
    return {
      severity: allowed ? 'notice' : 'error',
      rule: `${RULE}/removed`,
      message: `${entryLabel(entry, baseIndex)} (line ${baseLine} of the base) was removed: ${fix}.`,
      file: context.head.file,
      ...nearestPosition(context.head, entry),
    };
  });
}

/** Where a removed entry used to be: the first entry of the same plugin, else the top of the file. */
function nearestPosition(head: DatabaseFile, removed: unknown): { line: number; column: number } {
  const id = stringField(manifestOf(removed), 'id');
  const index = id === undefined ? -1 : (head.entries ?? []).findIndex((e) => stringField(manifestOf(e), 'id') === id);
  return index === -1 ? { line: 1, column: 1 } : head.locate(index, []);
}

function modificationFindings(context: DatabaseContext, diff: DatabaseDiff): Finding[] {
  const allowed = context.options.allowModifications;
  return diff.modified.map(({ index, fields }) => {
    const entry = (context.head.entries ?? [])[index];
    const fix = allowed ? 'rewrites are allowed for this run' : 'a published release is never edited in place (servers cache it and its signature covers the bundle): publish a new version instead, or allow modifications if the rewrite is intended';
    const first = fields[0];
    return {
      severity: allowed ? 'notice' : 'error',
      rule: `${RULE}/modified`,
      message: `${entryLabel(entry, index)} was rewritten (${fields.join(', ')} changed): ${fix}.`,
      file: context.head.file,
      ...context.head.locate(index, first && !first.startsWith('(') ? [first] : [], 'key'),
    };
  });
}

function additionFindings(head: DatabaseFile, diff: DatabaseDiff): Finding[] {
  const findings: Finding[] = [];
  for (const { index } of diff.added) {
    const entry = (head.entries ?? [])[index];
    if (!isRecord(entry)) continue;
    for (const problem of consistencyProblems(entry)) findings.push(locateProblem(head, index, problem, true));
  }
  return findings;
}

/**
 * What the generator guarantees for an entry it writes: the bundle URLs are
 * `<repo_name>-<tag>.tar.gz` for the manifest's version, and the URLs it copies from the
 * manifest are copied verbatim. A hand-edited entry is the usual way these break.
 */
export function consistencyProblems(entry: RawEntry): EntryProblem[] {
  const manifest = manifestOf(entry) ?? {};
  const version = stringField(manifest, 'version');
  const repo = stringField(entry, 'repo_name');
  const problems: EntryProblem[] = [];
  const urls: [string, (string | number)[], string | undefined][] = [['download_url', ['download_url'], stringField(entry, 'download_url')]];
  for (const platform of PLATFORM_KEYS) {
    const url = stringField(isRecord(entry.platforms) ? entry.platforms[platform] : undefined, 'download_url');
    if (url) urls.push([`platforms.${platform}.download_url`, ['platforms', platform, 'download_url'], url]);
  }
  for (const [field, path, url] of urls) {
    if (!url) continue;
    const name = fileName(url);
    if (version && !namesVersion(name, version)) {
      problems.push({ rule: `${RULE}/url-version-mismatch`, severity: 'error', message: `${field} names the bundle ${JSON.stringify(name)}, which is not version ${version} of the manifest: point it at the bundle of this release (…-v${version}.tar.gz), or fix the manifest version.`, path });
    }
    if (repo && !name.startsWith(`${repo}-`)) {
      problems.push({ rule: `${RULE}/repo-name-mismatch`, severity: 'error', message: `${field} names the bundle ${JSON.stringify(name)}, but repo_name is ${JSON.stringify(repo)} and the release store names bundles <repo_name>-<tag>.tar.gz: fix repo_name or the URL.`, path });
    }
  }
  const homepageRepo = githubRepoName(stringField(entry, 'homepage_url'));
  if (repo && homepageRepo && homepageRepo.toLowerCase() !== repo.toLowerCase()) {
    problems.push({ rule: `${RULE}/repo-name-mismatch`, severity: 'warning', message: `repo_name is ${JSON.stringify(repo)} but homepage_url is the GitHub repository ${JSON.stringify(homepageRepo)}: check that the release was generated from the right repository.`, path: ['repo_name'] });
  }
  for (const field of ['homepage_url', 'release_notes_url']) {
    const own = stringField(entry, field);
    const copied = stringField(manifest, field) ?? '';
    if (own !== undefined && own !== copied) {
      problems.push({ rule: `${RULE}/copied-field-mismatch`, severity: 'error', message: `${field} ${JSON.stringify(own)} differs from manifest.${field} ${JSON.stringify(copied)}; the generator copies it from the manifest verbatim: make them equal (fix plugin.json and regenerate the entry).`, path: [field] });
    }
  }
  return problems;
}

function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url;
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return path.slice(path.lastIndexOf('/') + 1);
  }
}

function namesVersion(name: string, version: string): boolean {
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`-v?${escaped}(-[a-z0-9]+-[a-z0-9]+)?\\.tar\\.gz$`).test(name);
}

function githubRepoName(url: string | undefined): string | undefined {
  const match = url ? /^https:\/\/(?:www\.)?github\.com\/[^/]+\/([^/?#]+)/i.exec(url) : null;
  return match?.[1]?.replace(/\.git$/, '');
}

export interface AddedEntrySummary {
  id: string;
  name: string;
  version: string;
  min_server_version: string;
  release_notes_url: string;
  homepage_url: string;
  download_url: string;
  repo_name: string;
  release_stage: string;
}

/** The added entries for the announcement step (`added-entries` output) and the summary cards. */
export function addedEntries(head: DatabaseFile, diff: DatabaseDiff | undefined): AddedEntrySummary[] {
  if (!diff) return [];
  return diff.added.map(({ index }) => {
    const entry = (head.entries ?? [])[index];
    const manifest = manifestOf(entry);
    return {
      id: stringField(manifest, 'id') ?? '',
      name: stringField(manifest, 'name') ?? '',
      version: stringField(manifest, 'version') ?? '',
      min_server_version: stringField(manifest, 'min_server_version') ?? '',
      release_notes_url: stringField(entry, 'release_notes_url') ?? '',
      homepage_url: stringField(entry, 'homepage_url') ?? '',
      download_url: stringField(entry, 'download_url') ?? '',
      repo_name: stringField(entry, 'repo_name') ?? '',
      release_stage: stringField(entry, 'release_stage') ?? '',
    };
  });
}
