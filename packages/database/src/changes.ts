import { parseGitHubRepoUrl } from '@mm-review/github';
import { checkReleaseNotesUrl } from '@mm-review/changelog';
import type { Check, Finding, RuleDefinition } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import { contextDiff, type DatabaseContext } from './context';
import type { DatabaseDiff } from './diff';
import {
  PLATFORM_KEYS,
  entryLabel,
  entryString,
  isRecord,
  manifestOf,
  modelFields,
  stringField,
  type RawEntry,
} from './model';
import { CHANGES_RULES } from './rules';
import { MAX_LISTED } from './format';
import { locateProblem, type EntryProblem } from './problem';
import {
  IDENTITY_RULE,
  githubReleaseAsset,
  identityConflicts,
  type DatabaseFile,
  type GitHubReleaseAsset,
  type IdentityConflict,
  type ListedPlugin,
} from '@mm-review/marketplace';

const RULE = 'database-changes';

/** `database-changes`: against the base, only intended additions; no silent rewrites or removals; new entries consistent. */
export const databaseChangesCheck: Check<DatabaseContext> = {
  id: 'database-changes',
  requirement: null,
  title: 'plugins.json changes',
  rules: CHANGES_RULES,
  async run(context) {
    if (!context.base)
      return skipped(
        'No base given (a base file, a git ref or the pull request base), so additions, removals and rewrites are not checked.',
        `${RULE}/no-base`,
      );
    if (!context.base.entries)
      return skipped(
        `The base ${context.baseLabel ?? context.base.file} is not a JSON array of entries, so changes cannot be compared.`,
        `${RULE}/base-unreadable`,
      );
    const diff = await contextDiff(context);
    if (!diff)
      return skipped(
        `${context.head.file} did not parse, so changes cannot be compared (see database-format).`,
        `${RULE}/not-parsed`,
      );
    const findings = [
      ...capList(removalFindings(context, diff), `${RULE}/removed`, context.head.file, 'removed entries'),
      ...capList(modificationFindings(context, diff), `${RULE}/modified`, context.head.file, 'rewritten entries'),
      ...additionFindings(context.head, diff),
      ...capList(identityFindings(context, diff), `${RULE}/more-findings`, context.head.file, 'plugin id problems'),
    ];
    return { findings, summary: changeSummary(diff, context.baseLabel ?? context.base.file) };
  },
};

function changeSummary(diff: DatabaseDiff, base: string): string {
  const reencoded = diff.reencoded.length ? `, ${diff.reencoded.length} re-encoded without a change of value` : '';
  return `Against ${base}: ${diff.added.length} added, ${diff.modified.length} modified, ${diff.removed.length} removed, ${diff.unchanged} unchanged${reencoded}.`;
}

/**
 * Lists the first findings of a kind and counts the rest: a base where every entry was
 * rewritten gives one finding per entry, and locating each costs a parse of the entry.
 */
function capList(findings: (() => Finding)[], rule: string, file: string, what: string): Finding[] {
  const listed = findings.slice(0, MAX_LISTED).map((make) => make());
  if (findings.length > MAX_LISTED)
    listed.push({
      severity: 'notice',
      rule,
      message: `${findings.length - MAX_LISTED} more ${what} are not listed (${findings.length} in all): the first ${MAX_LISTED} are above.`,
      file,
    });
  return listed;
}

function removalFindings(context: DatabaseContext, diff: DatabaseDiff): (() => Finding)[] {
  const base = context.base as DatabaseFile;
  const allowed = context.options.allowRemovals;
  return diff.removed.map(({ baseIndex }) => (): Finding => {
    const entry = (base.entries ?? [])[baseIndex];
    const baseLine = base.locate(baseIndex, []).line;
    const fix = allowed
      ? 'removals are allowed for this run'
      : 'servers that installed it can no longer find it; restore the entry, or set the allow-removals input (--allow-removals) if it is intended';
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

function modificationFindings(context: DatabaseContext, diff: DatabaseDiff): (() => Finding)[] {
  const allowed = context.options.allowModifications;
  return diff.modified.map(({ index, fields }) => (): Finding => {
    const entry = (context.head.entries ?? [])[index];
    const fix = allowed
      ? 'rewrites are allowed for this run'
      : 'a published release is never edited in place (servers cache it and its signature covers the bundle): publish a new version instead, or set the allow-modifications input (--allow-modifications) if the rewrite is intended';
    const first = fields[0];
    return {
      severity: allowed ? 'notice' : 'error',
      rule: `${RULE}/modified`,
      message: `${entryLabel(entry, index)} was rewritten (${fields.join(', ')} changed): ${fix}.`,
      file: context.head.file,
      ...context.head.locate(index, first && !first.startsWith('(') ? [first] : [], 'key'),
    } satisfies Finding;
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
 * What the generator guarantees for an entry it writes. Two paths have written entries:
 * `generator add` (cmd/generator/add.go) takes the bundle from the release store as
 * `<repo_name>-<tag>.tar.gz` and copies homepage_url and release_notes_url from the
 * manifest verbatim; the older GitHub path took the bundle from a GitHub release asset
 * (`github.com/<owner>/<repo>/releases/download/<tag>/<asset>`, any asset name), the
 * release page as release_notes_url and the repository as homepage_url. A hand-edited
 * entry is the usual way these break.
 */
export function consistencyProblems(entry: RawEntry): EntryProblem[] {
  const fields = modelFields(entry) ?? {};
  const manifest = manifestOf(entry) ?? {};
  const version = stringField(manifest, 'version');
  const repo = entryString(entry, 'repo_name');
  const problems: EntryProblem[] = [];
  const urls: [string, (string | number)[], string | undefined][] = [
    ['download_url', ['download_url'], entryString(entry, 'download_url')],
  ];
  for (const platform of PLATFORM_KEYS) {
    const url = stringField(isRecord(fields.platforms) ? fields.platforms[platform] : undefined, 'download_url');
    if (url) urls.push([`platforms.${platform}.download_url`, ['platforms', platform, 'download_url'], url]);
  }
  let release: GitHubReleaseAsset | undefined;
  for (const [field, path, url] of urls) {
    if (!url) continue;
    const asset = githubReleaseAsset(url);
    if (field === 'download_url') release = asset;
    const name = fileName(url);
    if (version && !namesVersion(name, version) && !(asset && tagNamesVersion(asset.tag, version))) {
      problems.push({
        rule: `${RULE}/url-version-mismatch`,
        severity: 'error',
        message: `${field} names the bundle ${JSON.stringify(name)}${asset ? ` of the release ${JSON.stringify(asset.tag)}` : ''}, which is not version ${version} of the manifest: point it at the bundle of this release (…-v${version}.tar.gz), or fix the manifest version.`,
        path,
      });
    }
    if (!repo) continue;
    if (asset) {
      if (asset.repo.toLowerCase() !== repo.toLowerCase())
        problems.push({
          rule: `${RULE}/repo-name-mismatch`,
          severity: 'error',
          message: `${field} is a release asset of the GitHub repository ${JSON.stringify(`${asset.owner}/${asset.repo}`)}, but repo_name is ${JSON.stringify(repo)}: fix repo_name or the URL.`,
          path,
        });
    } else if (!name.startsWith(`${repo}-`)) {
      problems.push({
        rule: `${RULE}/repo-name-mismatch`,
        severity: 'error',
        message: `${field} names the bundle ${JSON.stringify(name)}, but repo_name is ${JSON.stringify(repo)} and the release store names bundles <repo_name>-<tag>.tar.gz: fix repo_name or the URL.`,
        path,
      });
    }
  }
  const homepageRepo = githubRepoName(entryString(entry, 'homepage_url'));
  if (repo && homepageRepo && homepageRepo.toLowerCase() !== repo.toLowerCase()) {
    problems.push({
      rule: `${RULE}/repo-name-mismatch`,
      severity: 'warning',
      message: `repo_name is ${JSON.stringify(repo)} but homepage_url is the GitHub repository ${JSON.stringify(homepageRepo)}: check that the release was generated from the right repository.`,
      path: ['repo_name'],
    });
  }
  for (const field of ['homepage_url', 'release_notes_url']) {
    const own = entryString(entry, field);
    const copied = stringField(manifest, field) ?? '';
    if (own === undefined || own === copied) continue;
    if (release) {
      // The GitHub path wrote the repository and its release page, whatever the manifest said.
      const page =
        field === 'homepage_url'
          ? `https://github.com/${release.owner}/${release.repo}`
          : `https://github.com/${release.owner}/${release.repo}/releases/tag/${release.tag}`;
      if (own.replace(/\/$/, '').toLowerCase() === page.toLowerCase()) continue;
      problems.push({
        rule: `${RULE}/copied-field-mismatch`,
        severity: 'error',
        message: `${field} ${JSON.stringify(own)} is neither manifest.${field} ${JSON.stringify(copied)} nor ${JSON.stringify(page)}, what the generator writes for a bundle from a GitHub release: use one of them.`,
        path: [field],
      });
      continue;
    }
    if (field === 'release_notes_url' && correctsManifest(own, copied, version, entryString(entry, 'homepage_url'))) {
      problems.push({
        rule: `${RULE}/copied-field-mismatch`,
        severity: 'warning',
        message: `release_notes_url ${JSON.stringify(own)} differs from manifest.release_notes_url ${JSON.stringify(copied)}, which the generator copies verbatim; the entry's link is the right one for ${version} and the manifest's is not, so this looks like a hand correction: fix plugin.json for the next release.`,
        path: [field],
      });
      continue;
    }
    problems.push({
      rule: `${RULE}/copied-field-mismatch`,
      severity: 'error',
      message: `${field} ${JSON.stringify(own)} differs from manifest.${field} ${JSON.stringify(copied)}; the generator copies it from the manifest verbatim: make them equal (fix plugin.json and regenerate the entry).`,
      path: [field],
    });
  }
  return problems;
}

/** The entry's release notes link passes the release-notes rules for this version and the manifest's fails them. */
function correctsManifest(
  own: string,
  copied: string,
  version: string | undefined,
  homepage: string | undefined,
): boolean {
  const context = { ...(version ? { version } : {}), ...(homepage ? { homepageUrl: homepage } : {}) };
  const fails = (url: string) => checkReleaseNotesUrl(url, context).some((p) => p.severity === 'error');
  return !fails(own) && fails(copied);
}

function tagNamesVersion(tag: string, version: string): boolean {
  return tag === version || tag === `v${version}`;
}

/**
 * The plugin-identity rules (marketplace identityConflicts, shared with add-release) for
 * every added or rewritten entry against the base's entries, located at the entry's
 * manifest.id; the message names the base entry it conflicts with.
 */
function identityFindings(context: DatabaseContext, diff: DatabaseDiff): (() => Finding)[] {
  const base = context.base as DatabaseFile;
  const listed: ListedPlugin[] = [];
  const listedIndex: number[] = [];
  (base.entries ?? []).forEach((entry, index) => {
    const id = stringField(manifestOf(entry), 'id');
    if (!id) return;
    listed.push({
      id,
      repoName: entryString(entry, 'repo_name') ?? '',
      downloadUrl: entryString(entry, 'download_url') ?? '',
    });
    listedIndex.push(index);
  });
  const out: (() => Finding)[] = [];
  const head = context.head;
  const touched = [...diff.added.map((a) => a.index), ...diff.modified.map((m) => m.index)];
  for (const index of touched) {
    const entry = (head.entries ?? [])[index];
    const id = stringField(manifestOf(entry), 'id');
    if (!id) continue;
    const repo = entryString(entry, 'repo_name') ?? '';
    const asset = githubReleaseAsset(entryString(entry, 'download_url'));
    const candidate = { id, repository: repo, ...(asset ? { hosting: `${asset.owner}/${asset.repo}` } : {}) };
    for (const conflict of identityConflicts(listed, candidate)) {
      out.push(() => {
        const baseIndex = listedIndex[conflict.index] as number;
        const where = `line ${base.locate(baseIndex, ['manifest', 'id']).line} of the base`;
        return locateProblem(
          head,
          index,
          {
            rule: IDENTITY_RULE[conflict.kind],
            // Declared in CHANGES_RULES: repository-id-changed is a warning here (see there).
            severity: (CHANGES_RULES[IDENTITY_RULE[conflict.kind]] as RuleDefinition).severity,
            message: identityMessage(conflict, entryLabel(entry, index), candidate, where),
            path: ['manifest', 'id'],
          },
          true,
        );
      });
    }
  }
  return out;
}

function identityMessage(
  conflict: IdentityConflict,
  label: string,
  candidate: { id: string; repository: string; hosting?: string },
  where: string,
): string {
  const id = JSON.stringify(candidate.id);
  const list = (values: string[]) => values.map((v) => JSON.stringify(v)).join(', ');
  const from = candidate.hosting
    ? `the GitHub repository ${JSON.stringify(candidate.hosting)}`
    : `the repository ${JSON.stringify(candidate.repository)}`;
  switch (conflict.kind) {
    case 'other-repository':
      return `${label} comes from ${from}, but the id ${id} is published from ${list(conflict.repositories)} (${where}), never from this one: this release would replace that plugin on every server. Use the plugin's own id; if the plugin really moved, a Marketplace maintainer must confirm the move.`;
    case 'case-collision':
      return `The id ${id} differs from the published id ${list(conflict.ids)} (${where}) only in letter case; the server lower-cases plugin ids, so both are one plugin: use the published id exactly, or a new id.`;
    case 'repository-id-changed':
      return conflict.caseOnly
        ? `The repository ${JSON.stringify(candidate.repository)} published its earlier releases as ${list(conflict.ids)} (${where}), and this release as ${id}: servers lower-case ids and see one plugin, but plugins.json would list it under two ids. Keep the published spelling, or have a maintainer confirm the change.`
        : `The repository ${JSON.stringify(candidate.repository)} published its earlier releases as ${list(conflict.ids)} (${where}), and this release as ${id}: servers treat it as another plugin (both stay installed). Keep the published id, or have a maintainer confirm the id change is intended.`;
  }
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
  return url?.startsWith('https:') ? parseGitHubRepoUrl(url)?.repo : undefined;
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
