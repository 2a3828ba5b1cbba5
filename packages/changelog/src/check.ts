import { git, showFile, skipped, type Check, type CheckOutcome, type Finding } from '@mm-review/core';
import { versionFromTag, type LoadedManifest, type PluginContext } from '@mm-review/plugin';
import { loadChangelog, type ChangelogFile } from './changelog-file';
import { parseChangelog, type ParsedChangelog } from './parse';
import { releaseStage, reviewGitHubRelease, type ReleaseReview } from './release';
import { entryMatches, reviewChangelog, RULE_PREFIX, type ChangelogReview } from './rules';
import { analyzeReleaseNotesUrl, injectedReleaseNotesUrl, type ReleaseNotesTarget, type ReleaseNotesUrlAnalysis, type UrlProblem } from './url';

export interface ReleaseNotes {
  markdown: string;
  source: 'changelog' | 'github-release';
  /** The changelog file and the line of the entry's heading, for a changelog source. */
  file?: string;
  line?: number;
}

export interface ReleaseNotesAnalysis {
  outcome: CheckOutcome;
  notes?: ReleaseNotes;
}

type Where = Pick<Finding, 'file' | 'line' | 'column'>;

interface UrlPart {
  findings: Finding[];
  analysis?: ReleaseNotesUrlAnalysis;
  url?: string;
  where: Where;
  summary: string;
}

const MEMO_KEY = 'release-notes';

/**
 * Everything the release-notes check finds, computed once per review: the check
 * reports it and the action's `release-notes` output reuses its notes.
 */
export function analyzeReleaseNotes(context: PluginContext): Promise<ReleaseNotesAnalysis> {
  return context.memo.get(MEMO_KEY, () => analyze(context));
}

export const releaseNotesCheck: Check<PluginContext> = {
  id: 'release-notes',
  requirement: 'product-4',
  updateRequirement: 'update-3',
  title: 'Release notes',
  async run(context) {
    return (await analyzeReleaseNotes(context)).outcome;
  },
};

/** The Markdown notes of the version under review ('' when there are none), for the `release-notes` output. */
export async function releaseNotesMarkdown(context: PluginContext): Promise<string> {
  return (await analyzeReleaseNotes(context)).notes?.markdown ?? '';
}

async function analyze(context: PluginContext): Promise<ReleaseNotesAnalysis> {
  const load = await context.manifest();
  if (!load.found) {
    return { outcome: skipped('No readable plugin manifest, so release_notes_url cannot be checked (see the manifest check).', `${RULE_PREFIX}/no-manifest`) };
  }
  const loaded = load.loaded;
  const resolved = await context.version();
  const version = resolved.version;
  const optionTag = context.options.tag;
  const tag = resolved.tag ?? (optionTag && version && versionFromTag(optionTag) === version ? optionTag : undefined);
  const findings: Finding[] = [];
  if (!version) {
    findings.push({ severity: 'notice', rule: `${RULE_PREFIX}/version-unknown`, message: `The version is unknown, so nothing can tell whether the notes are this release's: ${resolved.reason ?? 'no version'}.`, ...loaded.at('version') });
  }

  const url = await reviewUrl(context, loaded, version, tag);
  const changelog = await loadChangelog(context.workspace);
  const changelogReview = changelog.found && changelog.parsed ? reviewChangelog(changelog.parsed, version) : undefined;
  const anchorFindings = changelog.found && changelog.parsed ? verifyAnchor(url, changelog.parsed, version) : [];
  const release = await reviewRelease(context, loaded, url, changelogReview, version, tag);
  const update = context.options.mode === 'update' ? await reviewUpdate(context, changelog, version) : [];

  findings.push(...url.findings, ...anchorFindings, ...changelog.findings, ...changelogFindings(changelog, changelogReview), ...release.findings, ...update);
  const notes = pickNotes(changelog, changelogReview, release);
  const summary = [url.summary, changelogSummary(changelog, changelogReview, version), release.summary].join('; ');
  const outcome: CheckOutcome = { summary, findings };
  if (!version && !findings.some((f) => f.severity === 'error')) outcome.status = 'skip';
  return notes ? { outcome, notes } : { outcome };
}

/** The starter template's build fills release_notes_url when plugin.json leaves it (and the version) out. */
async function buildInjectsUrl(context: PluginContext, loaded: LoadedManifest): Promise<boolean> {
  if (!loaded.manifest.homepage_url) return false;
  if (!loaded.manifest.version) return true;
  const tool = await context.workspace.info('build/manifest');
  return tool?.kind === 'directory';
}

async function reviewUrl(context: PluginContext, loaded: LoadedManifest, version: string | undefined, tag: string | undefined): Promise<UrlPart> {
  const manifest = loaded.manifest;
  const urlContext = {
    ...(version ? { version } : {}),
    ...(manifest.homepage_url ? { homepageUrl: manifest.homepage_url } : {}),
    ...(manifest.support_url ? { supportUrl: manifest.support_url } : {}),
    ...(tag ? { tag } : {}),
  };
  const declared = manifest.release_notes_url;
  if (declared) {
    const where = loaded.at('release_notes_url');
    const analysis = analyzeReleaseNotesUrl(declared, urlContext);
    return { findings: located(analysis.problems, where), analysis, url: declared, where, summary: urlSummary(declared, analysis) };
  }
  if (await buildInjectsUrl(context, loaded)) {
    const homepage = manifest.homepage_url as string;
    const where = loaded.at('homepage_url');
    const buildTag = tag ?? (version ? `v${version}` : undefined);
    if (!buildTag) {
      const message = `${loaded.file} leaves release_notes_url to the build, which writes homepage_url + "releases/tag/<tag>" from the release tag; pass the tag (input tag) to check the URL it will write.`;
      return { findings: [{ severity: 'notice', rule: `${RULE_PREFIX}/url-injected`, message, ...where }], where, summary: 'release_notes_url left to the build' };
    }
    const injected = injectedReleaseNotesUrl(homepage, buildTag);
    const subject = `${loaded.file} has no release_notes_url, and the one the starter template's build derives from homepage_url (${injected})`;
    const analysis = analyzeReleaseNotesUrl(injected, { ...urlContext, subject });
    const fix = homepage.endsWith('/') ? '' : ' To get it, end homepage_url with "/" or set release_notes_url in plugin.json.';
    const findings = analysis.problems.map((p) => ({
      severity: p.severity,
      rule: `${RULE_PREFIX}/${p.rule}`,
      message: `${p.message}${p.rule === 'url-missing-slash' ? fix : ''}`,
      ...where,
    }));
    return { findings, analysis, url: injected, where, summary: urlSummary(injected, analysis, 'release_notes_url written by the build') };
  }
  const where = loaded.at('release_notes_url');
  const analysis = analyzeReleaseNotesUrl('', urlContext);
  const suggestion = analysis.expectedUrl ? `add "release_notes_url": "${analysis.expectedUrl}"` : 'add release_notes_url with the link to this version\'s GitHub release';
  const findings: Finding[] = loaded.has('release_notes_url')
    ? located(analysis.problems, where)
    : [{ severity: 'error', rule: `${RULE_PREFIX}/url-missing`, message: `${loaded.file} has no release_notes_url, so the Marketplace links no release notes for this version; ${suggestion}.`, ...where }];
  return { findings, analysis, where, summary: 'release_notes_url missing' };
}

function located(problems: UrlProblem[], where: Where): Finding[] {
  return problems.map((p) => ({ severity: p.severity, rule: `${RULE_PREFIX}/${p.rule}`, message: p.message, ...where }));
}

function urlSummary(url: string, analysis: ReleaseNotesUrlAnalysis, label = 'release_notes_url'): string {
  const flagged = analysis.problems.filter((p) => p.severity !== 'notice').length;
  return flagged === 0 ? `${label} ${url}` : `${label} ${url} has ${flagged} problem${flagged === 1 ? '' : 's'}`;
}

/** A release_notes_url into the changelog (`…/blob/main/CHANGELOG.md#120`) must land on this version's entry. */
function verifyAnchor(url: UrlPart, changelog: ParsedChangelog, version: string | undefined): Finding[] {
  const target = url.analysis?.target;
  if (target?.kind !== 'changelog-anchor' || !url.url) return [];
  const rule = `${RULE_PREFIX}/url-anchor-missing`;
  const samePath = target.path.toLowerCase() === changelog.file.toLowerCase();
  if (!samePath) {
    const message = `release_notes_url ${url.url} links ${target.path}, not this repository's changelog ${changelog.file}, so the anchor #${target.anchor} could not be verified.`;
    return [{ severity: 'notice', rule: `${RULE_PREFIX}/url-anchor-not-checked`, message, ...url.where }];
  }
  const heading = changelog.headings.find((h) => h.slug === target.anchor.toLowerCase());
  const entry = version ? changelog.entries.find((e) => entryMatches(e, version)) : undefined;
  const hint = entry ? ` the entry for ${version} has the anchor #${entry.heading.slug}` : version ? ` ${changelog.file} has no entry for ${version} yet` : '';
  if (!heading) {
    return [{ severity: 'error', rule, message: `release_notes_url ${url.url} links the anchor #${target.anchor}, but no heading in ${changelog.file} has it;${hint}.`, ...url.where }];
  }
  if (entry && heading !== entry.heading) {
    const message = `release_notes_url ${url.url} links the heading "${heading.text}" (line ${heading.line}), not the entry for ${version}; link #${entry.heading.slug} instead.`;
    return [{ severity: 'error', rule: `${RULE_PREFIX}/url-other-version`, message, ...url.where }];
  }
  return [];
}

function changelogFindings(changelog: ChangelogFile, review: ChangelogReview | undefined): Finding[] {
  if (!changelog.found) {
    const message = 'No changelog file (CHANGELOG.md, HISTORY.md, RELEASES.md, … at the root or in docs/), so the GitHub release is taken as the notes of this version.';
    return [{ severity: 'notice', rule: `${RULE_PREFIX}/changelog-missing`, message }];
  }
  return review?.findings ?? [];
}

function changelogSummary(changelog: ChangelogFile, review: ChangelogReview | undefined, version: string | undefined): string {
  if (!changelog.found) return 'no changelog file';
  if (!review) return `${changelog.file} unreadable`;
  switch (review.verdict) {
    case 'entry':
      return `${changelog.file} has an entry for ${version} (line ${review.entry?.heading.line})`;
    case 'entry-empty':
      return `${changelog.file} has an empty entry for ${version}`;
    case 'entry-missing':
      return `${changelog.file} has no entry for ${version}`;
    case 'pointer':
      return `${changelog.file} points to the GitHub releases`;
    case 'stub':
      return `${changelog.file} is the template's placeholder`;
    case 'no-entries':
      return `${changelog.file} has no version entries`;
    case 'no-version':
      return `${changelog.file} has ${review.findings.length === 0 ? 'entries' : 'entries with problems'}`;
  }
}

async function reviewRelease(
  context: PluginContext,
  loaded: LoadedManifest,
  url: UrlPart,
  changelog: ChangelogReview | undefined,
  version: string | undefined,
  tag: string | undefined,
): Promise<ReleaseReview> {
  const target = url.analysis?.target;
  const linked = target?.kind === 'github-release' && !url.analysis?.problems.some((p) => p.severity === 'error');
  const repo = repositoryOf(context, loaded, target);
  const tags = version ? unique([tag, linked && target?.kind === 'github-release' ? target.tag : undefined, `v${version}`, version]) : [];
  return reviewGitHubRelease({
    ...(context.services.github ? { github: context.services.github } : {}),
    ...(repo ?? {}),
    tags,
    ...(version ? { version } : {}),
    linkedFromManifest: linked,
    changelogHasNotes: changelog?.notes !== undefined,
    stage: releaseStage(context.options.event),
    where: url.where,
  });
}

function repositoryOf(context: PluginContext, loaded: LoadedManifest, target: ReleaseNotesTarget | undefined): { owner: string; repo: string } | undefined {
  if (target && target.kind !== 'other') return { owner: target.owner, repo: target.repo };
  const [owner, repo] = (context.options.repository ?? '').split('/');
  if (owner && repo) return { owner, repo };
  for (const candidate of [loaded.manifest.homepage_url, loaded.manifest.support_url]) {
    const match = candidate ? /^https?:\/\/(?:www\.)?github\.com\/([^/\s]+)\/([^/\s#?]+)/i.exec(candidate) : null;
    if (match?.[1] && match[2]) return { owner: match[1], repo: match[2].replace(/\.git$/i, '') };
  }
  return undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** In update mode the changelog must have gained an entry since the base. */
async function reviewUpdate(context: PluginContext, changelog: ChangelogFile, version: string | undefined): Promise<Finding[]> {
  const rule = `${RULE_PREFIX}/changelog-base`;
  const baseRef = context.options.baseRef;
  if (!changelog.found || !changelog.parsed) return [];
  if (!baseRef) {
    return [{ severity: 'notice', rule, message: `No base-ref was given, so whether ${changelog.file} gained an entry since the last release was not checked; pass base-ref (the previous release tag).`, file: changelog.file }];
  }
  const root = context.workspace.root;
  const resolvable = !baseRef.startsWith('-') && (await git(root, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`])).ok;
  if (!resolvable) {
    return [{ severity: 'notice', rule, message: `The base ${baseRef} is not a commit in this checkout (fetch it, e.g. actions/checkout with fetch-depth: 0), so whether ${changelog.file} gained an entry was not checked.`, file: changelog.file }];
  }
  const baseText = await showFile(root, baseRef, changelog.file);
  if (baseText === undefined) return [];
  const base = await parseChangelog(changelog.file, baseText);
  const known = new Set(base.entries.filter((e) => !e.unreleased).map((e) => e.version));
  const added = changelog.parsed.entries.filter((e) => !e.unreleased && !known.has(e.version));
  if (added.length > 0) return [];
  const first = changelog.parsed.entries[0];
  const message = `${changelog.file} has gained no entry since ${baseRef}; add one for ${version ?? 'this release'} describing what changed.`;
  return [{ severity: 'error', rule: `${RULE_PREFIX}/changelog-no-new-entry`, message, file: changelog.file, line: first?.heading.line ?? 1, column: first?.heading.column ?? 1 }];
}

function pickNotes(changelog: ChangelogFile, review: ChangelogReview | undefined, release: ReleaseReview): ReleaseNotes | undefined {
  if (review?.notes && changelog.found) {
    return { markdown: review.notes, source: 'changelog', file: changelog.file, ...(review.entry ? { line: review.entry.heading.line } : {}) };
  }
  const body = release.release?.body?.trim();
  return body ? { markdown: body, source: 'github-release' } : undefined;
}
