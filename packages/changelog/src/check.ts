import { showFile, skipped, type Check, type CheckOutcome, type Finding } from '@mm-review/core';
import { versionFromTag, type LoadedManifest, type PluginContext } from '@mm-review/plugin';
import { releaseNotesRules } from './release-notes-rules';
import { loadChangelog, type ChangelogFile } from './changelog-file';
import { parseChangelog, type ParsedChangelog } from './parse';
import { releaseStage, reviewGitHubRelease, type ReleaseReview } from './release';
import { entryMatches, reviewChangelog, RULE_PREFIX, type ChangelogReview } from './rules';
import {
  analyzeReleaseNotesUrl,
  type ReleaseNotesTarget,
  type ReleaseNotesUrlAnalysis,
  type ReleaseNotesUrlContext,
  type UrlProblem,
} from './url';
import {
  BUILD_MANIFEST_TOOL,
  buildReleaseNotesUrl,
  buildTagAtHead,
  readBuildReleaseNotes,
  type BuildReleaseNotes,
} from './build-url';
import { parseGitHubRepoUrl } from '@mm-review/github';
import { updateRelease, type UpdateRelease } from '@mm-review/versioning';

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
  rules: releaseNotesRules,
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
    return {
      outcome: skipped(
        'No readable plugin manifest, so release_notes_url cannot be checked (see the manifest check).',
        `${RULE_PREFIX}/no-manifest`,
      ),
    };
  }
  const loaded = load.loaded;
  const resolved = await context.version();
  const optionTag = context.options.tag;
  const placeholder =
    resolved.source === 'manifest' && resolved.version
      ? await versionReplacedByBuild(context.workspace, resolved.version)
      : undefined;
  const version = placeholder ? (optionTag ? versionFromTag(optionTag) : undefined) : resolved.version;
  const tag = resolved.tag ?? (optionTag && version && versionFromTag(optionTag) === version ? optionTag : undefined);
  const findings: Finding[] = [];
  if (!version) {
    const reason = placeholder
      ? `${loaded.file} says "version": "${resolved.version}", a placeholder that ${placeholder.file} (line ${placeholder.line}) replaces at build time; pass the release tag (input tag, CLI --tag)`
      : (resolved.reason ?? 'no version');
    findings.push({
      severity: 'notice',
      rule: `${RULE_PREFIX}/version-unknown`,
      message: `The version is unknown, so nothing can tell whether the notes are this release's: ${reason}.`,
      ...loaded.at('version'),
    });
  }

  const url = await reviewUrl(context, loaded, version, tag);
  const changelog = await loadChangelog(context);
  const changelogReview = changelog.found && changelog.parsed ? reviewChangelog(changelog.parsed, version) : undefined;
  const anchorFindings = changelog.found && changelog.parsed ? verifyAnchor(url, changelog.parsed, version) : [];
  const release = await reviewRelease(context, loaded, url, changelogReview, version, tag);
  const updateState = context.options.mode === 'update' ? await updateRelease(context) : undefined;
  const update = updateState ? await reviewUpdate(context, changelog, changelogReview, updateState) : [];

  findings.push(
    ...url.findings,
    ...anchorFindings,
    ...changelog.findings,
    ...relaxForNonRelease(changelogFindings(changelog, changelogReview), context, updateState),
    ...release.findings,
    ...update,
  );
  const notes = pickNotes(changelog, changelogReview, release);
  const summary = [url.summary, changelogSummary(changelog, changelogReview, version), release.summary].join('; ');
  const outcome: CheckOutcome = { summary, findings };
  if (!version && !findings.some((f) => f.severity === 'error')) outcome.status = 'skip';
  return notes ? { outcome, notes } : { outcome };
}

async function reviewUrl(
  context: PluginContext,
  loaded: LoadedManifest,
  version: string | undefined,
  tag: string | undefined,
): Promise<UrlPart> {
  const manifest = loaded.manifest;
  const urlContext = {
    ...(version ? { version } : {}),
    ...(manifest.homepage_url ? { homepageUrl: manifest.homepage_url } : {}),
    ...(manifest.support_url ? { supportUrl: manifest.support_url } : {}),
    ...(tag ? { tag } : {}),
  };
  const declared = manifest.release_notes_url;
  const build = await readBuildReleaseNotes(context.workspace);
  if (build && (build.always || !declared)) return reviewBuiltUrl(context, loaded, build, version, tag, urlContext);
  if (declared) {
    const where = loaded.at('release_notes_url');
    const analysis = analyzeReleaseNotesUrl(declared, urlContext);
    return {
      findings: located(analysis.problems, where),
      analysis,
      url: declared,
      where,
      summary: urlSummary(declared, analysis),
    };
  }
  if (!manifest.version && !(await context.workspace.info('build/manifest'))) {
    // The version comes from the build, whose manifest tool is not here: nothing tells which URL it writes.
    const where = loaded.has('homepage_url') ? loaded.at('homepage_url') : loaded.at('release_notes_url');
    const message = `${loaded.file} has neither version nor release_notes_url, so the build fills them in, but its manifest tool (${BUILD_MANIFEST_TOOL}) is not in this checkout; the release_notes_url it writes was not checked. Check the built plugin.json, or set release_notes_url in ${loaded.file}.`;
    return {
      findings: [{ severity: 'notice', rule: `${RULE_PREFIX}/url-injected`, message, ...where }],
      where,
      summary: 'release_notes_url left to a build that is not here',
    };
  }
  const where = loaded.at('release_notes_url');
  const analysis = analyzeReleaseNotesUrl('', urlContext);
  const suggestion = analysis.expectedUrl
    ? `add "release_notes_url": "${analysis.expectedUrl}"`
    : "add release_notes_url with the link to this version's GitHub release";
  const buildNote = build
    ? ''
    : (await context.workspace.info(BUILD_MANIFEST_TOOL))
      ? ` (${BUILD_MANIFEST_TOOL} does not write one)`
      : '';
  const findings: Finding[] = loaded.has('release_notes_url')
    ? located(analysis.problems, where)
    : [
        {
          severity: 'error',
          rule: `${RULE_PREFIX}/url-missing`,
          message: `${loaded.file} has no release_notes_url${buildNote}, so the Marketplace links no release notes for this version; ${suggestion}.`,
          ...where,
        },
      ];
  return { findings, analysis, where, summary: 'release_notes_url missing' };
}

/** The Makefile that rewrites plugin.json's version while packaging (`sed -i s/0.0.0-no-proper-build/$(VERSION)/g`). */
async function versionReplacedByBuild(
  workspace: PluginContext['workspace'],
  version: string,
): Promise<{ file: string; line: number } | undefined> {
  const read = await workspace.readText('Makefile', { maxBytes: 512 * 1024 });
  if (!read.ok) return undefined;
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const substitution = new RegExp(`\\bsed\\b.*\\bs([/|#,])${escaped}\\1`);
  const index = read.text.split('\n').findIndex((line) => line.length <= 2000 && substitution.test(line));
  return index === -1 ? undefined : { file: 'Makefile', line: index + 1 };
}

/** release_notes_url as the plugin's own build writes it (read from build/manifest/main.go). */
async function reviewBuiltUrl(
  context: PluginContext,
  loaded: LoadedManifest,
  build: BuildReleaseNotes,
  version: string | undefined,
  tag: string | undefined,
  urlContext: ReleaseNotesUrlContext,
): Promise<UrlPart> {
  const homepage = loaded.manifest.homepage_url ?? '';
  const where = loaded.has('homepage_url') ? loaded.at('homepage_url') : loaded.at('');
  const tool = `${build.file} (line ${build.line})`;
  const overwrite: Finding[] =
    build.always && loaded.manifest.release_notes_url
      ? [
          {
            severity: 'notice',
            rule: `${RULE_PREFIX}/url-overwritten-by-build`,
            message: `${tool} replaces the release_notes_url of ${loaded.file} with one built from homepage_url, so the value in ${loaded.file} never ships.`,
            ...loaded.at('release_notes_url'),
          },
        ]
      : [];
  const buildTag = tag ?? (await buildTagAtHead(context.workspace.root)) ?? (version ? `v${version}` : undefined);
  if (!buildTag) {
    const message = `${loaded.file} leaves release_notes_url to the build: ${tool} writes it from homepage_url and the release tag; pass the tag (input tag, CLI --tag) or run on the tagged commit to check the URL it will write.`;
    return {
      findings: [...overwrite, { severity: 'notice', rule: `${RULE_PREFIX}/url-injected`, message, ...where }],
      where,
      summary: 'release_notes_url left to the build',
    };
  }
  const url = buildReleaseNotesUrl(build, homepage, buildTag);
  const subject = `the release_notes_url that ${tool} writes from homepage_url for the tag ${buildTag} (${url})`;
  const fromGitHub = parseGitHubRepoUrl(homepage) !== undefined;
  if (!fromGitHub && /^https?:\/\//i.test(homepage) && !/^https?:\/\/(www\.)?github\.com\//i.test(url)) {
    const fix = build.always
      ? `change ${tool} to write the GitHub release URL`
      : `set "release_notes_url" in ${loaded.file} to this version's release notes (the build then keeps it)`;
    const message = `homepage_url ${homepage} is not a GitHub repository, so ${subject} is no release page; ${fix}.`;
    return {
      findings: [
        ...overwrite,
        { severity: 'error', rule: `${RULE_PREFIX}/url-injected-not-release`, message, ...where },
      ],
      url,
      where,
      summary: `release_notes_url written by the build (${url}) is no release page`,
    };
  }
  const analysis = analyzeReleaseNotesUrl(url, { ...urlContext, tag: buildTag, subject });
  const concatFix = ` Replace the concatenation in ${tool} with url.JoinPath(manifest.HomepageURL, "releases", "tag", BuildTagLatest), as the current starter template does${build.always ? '' : `, or set release_notes_url in ${loaded.file}`}.`;
  const findings = analysis.problems.map((p) => ({
    severity: p.severity,
    rule: `${RULE_PREFIX}/${p.rule}`,
    message: `${p.message}${p.rule === 'url-missing-slash' && build.kind === 'concat' ? concatFix : ''}`,
    ...where,
  }));
  return {
    findings: [...overwrite, ...findings],
    analysis,
    url,
    where,
    summary: urlSummary(url, analysis, 'release_notes_url written by the build'),
  };
}

function located(problems: UrlProblem[], where: Where): Finding[] {
  return problems.map((p) => ({
    severity: p.severity,
    rule: `${RULE_PREFIX}/${p.rule}`,
    message: p.message,
    ...where,
  }));
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
  const hint = entry
    ? ` the entry for ${version} has the anchor #${entry.heading.slug}`
    : version
      ? ` ${changelog.file} has no entry for ${version} yet`
      : '';
  if (!heading) {
    return [
      {
        severity: 'error',
        rule,
        message: `release_notes_url ${url.url} links the anchor #${target.anchor}, but no heading in ${changelog.file} has it;${hint}.`,
        ...url.where,
      },
    ];
  }
  if (entry && heading !== entry.heading) {
    const message = `release_notes_url ${url.url} links the heading "${heading.text}" (line ${heading.line}), not the entry for ${version}; link #${entry.heading.slug} instead.`;
    return [{ severity: 'error', rule: `${RULE_PREFIX}/url-other-version`, message, ...url.where }];
  }
  return [];
}

function changelogFindings(changelog: ChangelogFile, review: ChangelogReview | undefined): Finding[] {
  if (!changelog.found) {
    const message =
      'No changelog file (CHANGELOG.md, HISTORY.md, RELEASES.md, … at the root or in docs/), so the GitHub release is taken as the notes of this version.';
    return [{ severity: 'notice', rule: `${RULE_PREFIX}/changelog-missing`, message }];
  }
  return review?.findings ?? [];
}

function changelogSummary(
  changelog: ChangelogFile,
  review: ChangelogReview | undefined,
  version: string | undefined,
): string {
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
  const tags = version
    ? unique([tag, linked && target?.kind === 'github-release' ? target.tag : undefined, `v${version}`, version])
    : [];
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

function repositoryOf(
  context: PluginContext,
  loaded: LoadedManifest,
  target: ReleaseNotesTarget | undefined,
): { owner: string; repo: string } | undefined {
  if (target && target.kind !== 'other') return { owner: target.owner, repo: target.repo };
  const [owner, repo] = (context.options.repository ?? '').split('/');
  if (owner && repo) return { owner, repo };
  for (const candidate of [loaded.manifest.homepage_url, loaded.manifest.support_url]) {
    const repository = parseGitHubRepoUrl(candidate);
    if (repository) return repository;
  }
  return undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/**
 * In update mode a release's changelog must have gained an entry since the base (the
 * base every update check uses: base-manifest, base-ref or the last release tag). A
 * changelog that only points to the GitHub releases, or the template's placeholder,
 * never gains entries: the release is the changelog then. A change that keeps the
 * version is no release, so it is told what the next release needs, as a notice.
 */
async function reviewUpdate(
  context: PluginContext,
  changelog: ChangelogFile,
  review: ChangelogReview | undefined,
  update: UpdateRelease,
): Promise<Finding[]> {
  if (!changelog.found || !changelog.parsed) return [];
  // A pointer or the template's stub never gains entries; a file without version headings is already warned about.
  if (review?.verdict === 'pointer' || review?.verdict === 'stub' || review?.verdict === 'no-entries') return [];
  const rule = `${RULE_PREFIX}/changelog-base`;
  const file = changelog.file;
  const base = update.base;
  if (!base) {
    return [
      {
        severity: 'notice',
        rule,
        message: `Whether ${file} gained an entry since the last release was not checked: ${update.reason ?? 'no base was found'}.`,
        file,
      },
    ];
  }
  if (!base.revision) {
    return [
      {
        severity: 'notice',
        rule,
        message: `The base is ${base.label}, a file rather than a commit, so whether ${file} gained an entry since then was not checked; pass base-ref (the previous release tag) to check it.`,
        file,
      },
    ];
  }
  const baseText = await showFile(context.workspace.root, base.revision, file);
  if (baseText === undefined) return [];
  const parsed = await parseChangelog(file, baseText);
  const known = new Set(parsed.entries.filter((e) => !e.unreleased).map((e) => e.version));
  const added = changelog.parsed.entries.filter((e) => !e.unreleased && !known.has(e.version));
  if (added.length > 0) return [];
  const first = changelog.parsed.entries[0];
  const where = { file, line: first?.heading.line ?? 1, column: first?.heading.column ?? 1 };
  const version = update.version;
  if (update.release === true || context.options.requireVersionBump) {
    const message = `${file} has gained no entry since ${base.label}; add one for ${version ?? 'this release'} describing what changed.`;
    return [{ severity: 'error', rule: `${RULE_PREFIX}/changelog-no-new-entry`, message, ...where }];
  }
  const why =
    update.release === false
      ? `the version is still ${version ?? 'unset'}${version && base.version === version ? `, as at ${base.label}` : ''}, so this change is not a release`
      : `the version at ${base.label} is unknown, so nothing tells whether this change is a release`;
  const message = `${file} has gained no entry since ${base.label}, and ${why}; the next release needs an entry for its version in ${file}.`;
  return [{ severity: 'notice', rule: `${RULE_PREFIX}/changelog-next-entry`, message, ...where }];
}

/** In update mode, an entry missing for a version already released is not this change's doing: a warning, not a failure. */
function relaxForNonRelease(findings: Finding[], context: PluginContext, update: UpdateRelease | undefined): Finding[] {
  if (!update || update.release !== false || context.options.requireVersionBump) return findings;
  const relaxed = new Set([`${RULE_PREFIX}/changelog-entry-missing`, `${RULE_PREFIX}/changelog-entry-empty`]);
  return findings.map((f) =>
    relaxed.has(f.rule) && f.severity === 'error'
      ? {
          ...f,
          severity: 'warning',
          message: `${f.message} (Not a failure here: this change keeps the version, so it is not a release.)`,
        }
      : f,
  );
}

function pickNotes(
  changelog: ChangelogFile,
  review: ChangelogReview | undefined,
  release: ReleaseReview,
): ReleaseNotes | undefined {
  if (review?.notes && changelog.found) {
    return {
      markdown: review.notes,
      source: 'changelog',
      file: changelog.file,
      ...(review.entry ? { line: review.entry.heading.line } : {}),
    };
  }
  const body = release.release?.body?.trim();
  return body ? { markdown: body, source: 'github-release' } : undefined;
}
