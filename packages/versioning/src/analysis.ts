import semver from 'semver';
import { tagsAtHead, type Finding } from '@mm-review/core';
import { isStrictSemver, type Located, type LoadedManifest, type PluginContext } from '@mm-review/plugin';
import { updateBase, type BaseSide } from './base';
import { changelogReasons } from './changelog';
import { commitReasons, commitsSince } from './commits';
import { compareManifests } from './manifest-diff';
import type { BumpReason } from './reason';
import {
  classifyBump,
  highestVersion,
  higherLevel,
  nextVersion,
  tagVersion,
  type Bump,
  type BumpLevel,
} from './semver';

export interface HeadSide {
  loaded: LoadedManifest;
  version?: string;
  /** `manifest`, `tag-input` or `git-tag`. */
  versionSource?: string;
  /** The tag the version came from, or that was checked against the manifest. */
  tag?: string;
  /** Why the version is unknown. */
  versionUnknown?: string;
  /** Where the manifest says its version (or its first line when it does not). */
  versionAt?: Located;
}

export interface MarketplaceSide {
  id: string;
  source: string;
  latest: string;
}

export type VersionBumpAnalysis =
  | { ok: false; reason: string; rule: string }
  | {
      ok: true;
      head: HeadSide;
      base?: BaseSide;
      /** Why there is no base, when there is none. */
      noBase?: string;
      marketplace?: MarketplaceSide;
      /** Problems with the inputs (tag vs manifest, unreadable base, history). */
      findings: Finding[];
      reasons: BumpReason[];
      required: BumpLevel;
      /** Head against the base version; undefined when either is unknown or not semver. */
      bump?: Bump;
      /** Head against the latest Marketplace version. */
      marketplaceBump?: Bump;
      /** The smallest version that would pass. */
      next?: string;
    };

/** Computed once per review and shared by both checks and the action's outputs. */
export function versionBumpAnalysis(context: PluginContext): Promise<VersionBumpAnalysis> {
  return context.memo.get('versioning', () => analyze(context));
}

async function analyze(context: PluginContext): Promise<VersionBumpAnalysis> {
  const load = await context.manifest();
  if (!load.found)
    return {
      ok: false,
      rule: 'no-manifest',
      reason: 'No plugin manifest was found or it cannot be read; the manifest check reports why.',
    };
  if (!load.loaded.loadable)
    return {
      ok: false,
      rule: 'no-manifest',
      reason: `${load.loaded.file} does not load (the manifest check reports why), so it cannot be compared with the base.`,
    };
  const findings: Finding[] = [];
  const head = await resolveHead(context, load.loaded, findings);
  const resolution = await updateBase(context);
  findings.push(...resolution.findings);
  const marketplace = await marketplaceSide(context, load.loaded, findings);
  const base = resolution.base;
  const reasons = base || marketplace ? await collectReasons(context, head, base, findings) : [];
  const required = reasons.reduce<BumpLevel>((level, reason) => higherLevel(level, reason.level), 'patch');
  const valid = head.version !== undefined && isStrictSemver(head.version) ? head.version : undefined;
  const reference = highestVersion([base?.version, marketplace?.latest].filter((v): v is string => v !== undefined));
  const analysis: VersionBumpAnalysis = { ok: true, head, findings, reasons, required };
  if (base) analysis.base = base;
  if (resolution.reason) analysis.noBase = resolution.reason;
  if (marketplace) analysis.marketplace = marketplace;
  if (valid && base?.version) {
    const bump = classifyBump(base.version, valid);
    if (bump) analysis.bump = bump;
  }
  if (valid && marketplace) {
    const bump = classifyBump(marketplace.latest, valid);
    if (bump) analysis.marketplaceBump = bump;
  }
  const next = reference ? nextVersion(reference, required) : undefined;
  if (next) analysis.next = next;
  return analysis;
}

async function resolveHead(context: PluginContext, loaded: LoadedManifest, findings: Finding[]): Promise<HeadSide> {
  const resolved = await context.version();
  const versionAt = loaded.has('version') ? loaded.at('version') : loaded.at('');
  const head: HeadSide = { loaded, versionAt };
  if (resolved.version) Object.assign(head, { version: resolved.version, versionSource: resolved.source });
  if (resolved.tag) head.tag = resolved.tag;
  if (resolved.reason) head.versionUnknown = resolved.reason;
  const manifestVersion = loaded.manifest.version;
  if (!manifestVersion) return head;
  const tag = context.options.tag ?? (await releaseTagAtHead(context.workspace.root, manifestVersion));
  if (!tag) return head;
  head.tag = tag;
  const parsed = tagVersion(tag);
  if (!parsed.ok) {
    findings.push({
      severity: 'error',
      rule: 'version-bump/tag-not-semver',
      message: `The release tag ${parsed.problem}; tag the release v${isStrictSemver(manifestVersion) ? manifestVersion : 'X.Y.Z'}.`,
    });
  } else if (
    isStrictSemver(manifestVersion) ? !semver.eq(parsed.version, manifestVersion) : parsed.version !== manifestVersion
  ) {
    const direction = isStrictSemver(manifestVersion)
      ? ` (${semver.lt(manifestVersion, parsed.version) ? 'behind' : 'ahead of'} the tag)`
      : '';
    findings.push({
      severity: 'error',
      rule: 'version-bump/tag-mismatch',
      message: `The tag ${tag} names ${parsed.version}, but ${loaded.file} says "version": "${manifestVersion}"${direction}: the server installs the manifest's version, so this release would install as ${manifestVersion}. Set "version" to ${parsed.version}, or tag v${manifestVersion}.`,
      ...versionAt,
    });
  }
  return head;
}

/**
 * The release tag on HEAD, the release being built when the workflow runs on a tag:
 * the one naming the manifest's version when there is one (`v1.1.0` beside
 * `v1.1.0-rc2`), else the highest semver `v*` tag.
 */
async function releaseTagAtHead(root: string, manifestVersion: string): Promise<string | undefined> {
  const releases = (await tagsAtHead(root)).filter((tag) => tag.startsWith('v') && tagVersion(tag).ok);
  const matching = releases.find((tag) => {
    const parsed = tagVersion(tag);
    return parsed.ok && parsed.version === manifestVersion;
  });
  return matching ?? releases.sort((a, b) => semver.rcompare(a.slice(1), b.slice(1)))[0];
}

async function marketplaceSide(
  context: PluginContext,
  loaded: LoadedManifest,
  findings: Finding[],
): Promise<MarketplaceSide | undefined> {
  const id = loaded.manifest.id?.toLowerCase();
  if (!id) return undefined;
  try {
    const index = await context.marketplace();
    const latest = highestVersion(index.ids.get(id)?.versions ?? []);
    return latest ? { id, source: index.source, latest } : undefined;
  } catch (error) {
    findings.push({
      severity: 'error',
      rule: 'version-bump/marketplace-unreadable',
      message: `${(error as Error).message}; the version cannot be compared with the Marketplace's latest.`,
    });
    return undefined;
  }
}

async function collectReasons(
  context: PluginContext,
  head: HeadSide,
  base: BaseSide | undefined,
  findings: Finding[],
): Promise<BumpReason[]> {
  const reasons: BumpReason[] = [];
  if (base?.loaded) reasons.push(...compareManifests(base.loaded, head.loaded, base.label));
  if (head.version && isStrictSemver(head.version)) reasons.push(...(await changelogReasons(context, head.version)));
  if (base?.revision) {
    const range = await commitsSince(context.workspace.root, base.revision);
    if (range.ok) {
      reasons.push(...commitReasons(range.commits));
      if (range.shallow)
        findings.push({
          severity: 'notice',
          rule: 'version-bump/history-shallow',
          message: `This clone is shallow, so commits since ${base.label} may be missing from the breaking-change scan; check out with fetch-depth: 0.`,
        });
    } else {
      findings.push({
        severity: 'notice',
        rule: 'version-bump/history-unavailable',
        message: `The commits since ${base.label} cannot be read (${range.reason}), so conventional-commit markers (feat!, BREAKING CHANGE:) were not checked.`,
      });
    }
  }
  return reasons;
}
