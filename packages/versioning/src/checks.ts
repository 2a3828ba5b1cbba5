import type { Check, CheckOutcome, Finding } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import { isStrictSemver, semverProblem, type Located, type PluginContext } from '@mm-review/plugin';
import { pluginIdUnchangedRules, versionBumpRules } from './rules';
import { versionBumpAnalysis, type VersionBumpAnalysis } from './analysis';
import type { BaseSide } from './base';
import type { BumpReason } from './reason';
import { coreOf, covers, higherLevel, isPrerelease, tagVersion, type Bump, type BumpLevel } from './semver';

type Analysis = Extract<VersionBumpAnalysis, { ok: true }>;

export const versionBump: Check<PluginContext> = {
  id: 'version-bump',
  requirement: 'update-2',
  title: 'Semantic version bump',
  modes: ['update'],
  rules: versionBumpRules,
  async run(context) {
    const analysis = await versionBumpAnalysis(context);
    if (!analysis.ok) return skipped(analysis.reason, `version-bump/${analysis.rule}`);
    if (!analysis.base && !analysis.marketplace) {
      const reason = `Nothing to compare with: ${analysis.noBase ?? 'no base was found'}.`;
      return analysis.findings.length > 0
        ? { findings: analysis.findings, summary: reason }
        : skipped(reason, 'version-bump/no-base');
    }
    return judgeVersion(analysis, context.options.requireVersionBump === true);
  },
};

export const pluginIdUnchanged: Check<PluginContext> = {
  id: 'plugin-id-unchanged',
  requirement: 'update-id',
  title: 'Plugin id unchanged',
  modes: ['update'],
  rules: pluginIdUnchangedRules,
  async run(context) {
    const analysis = await versionBumpAnalysis(context);
    if (!analysis.ok) return skipped(analysis.reason, `plugin-id-unchanged/${analysis.rule}`);
    const base = analysis.base;
    if (!base?.loaded) {
      const why = base ? `the manifest at ${base.label} is not available` : (analysis.noBase ?? 'no base was found');
      return skipped(`No base manifest to compare the id with: ${why}.`, 'plugin-id-unchanged/no-base');
    }
    const headId = analysis.head.loaded.manifest.id;
    const baseId = base.loaded.manifest.id;
    if (!headId || !baseId) {
      return skipped(
        `${headId ? `The manifest at ${base.label}` : analysis.head.loaded.file} has no id to compare.`,
        'plugin-id-unchanged/no-id',
      );
    }
    const finding = compareIds(baseId, headId, base.label);
    if (!finding) return { summary: `The id "${headId}" is the same as at ${base.label}.`, findings: [] };
    return { summary: finding.message, findings: [{ ...finding, ...analysis.head.loaded.at('id') }] };
  },
};

/**
 * The id rule on its own: the same id passes, a change of letter case only warns (the
 * server lowercases ids, so installations keep working), anything else fails.
 */
export function compareIds(baseId: string, headId: string, baseLabel: string): Finding | undefined {
  if (baseId === headId) return undefined;
  if (baseId.toLowerCase() === headId.toLowerCase()) {
    return {
      severity: 'warning',
      rule: 'plugin-id-unchanged/case-changed',
      message: `The id changed case from "${baseId}" (${baseLabel}) to "${headId}": the server lowercases ids, so installations keep working, but the Marketplace and tools compare ids as written; restore "${baseId}".`,
    };
  }
  return {
    severity: 'error',
    rule: 'plugin-id-unchanged/changed',
    message: `The id changed from "${baseId}" (${baseLabel}) to "${headId}": the server treats it as a different plugin, so admins would have to install it anew, reconfigure every setting and re-enable it, and the old plugin's stored data is left behind. Restore the id "${baseId}".`,
  };
}

function judgeVersion(analysis: Analysis, requireBump: boolean): CheckOutcome {
  const findings: Finding[] = [...analysis.findings];
  const { head, base, marketplace, required, next } = analysis;
  const at = head.versionSource === 'manifest' ? head.versionAt : undefined;
  const nextHint = next ? ` The smallest valid version is ${next}.` : '';
  // A run on a release tag is a release whatever the version says.
  if (head.version && !head.tag && !requireBump && keepsVersion(analysis)) return notARelease(analysis, findings, at);
  if (!head.version) {
    findings.push({
      severity: 'notice',
      rule: 'version-bump/version-unknown',
      message: `The version under review is unknown (${head.versionUnknown ?? 'no version'}); the changes need a ${required} release.${nextHint}`,
    });
    findings.push(...reasonFindings(analysis.reasons, undefined, undefined));
    const hasError = findings.some((f) => f.severity === 'error');
    return {
      status: hasError ? 'fail' : 'skip',
      summary: `Version unknown; the changes need a ${required} release${next ? ` (${next})` : ''}.`,
      findings,
    };
  }
  if (!analysis.bump && !analysis.marketplaceBump) {
    findings.push(...versionNotComparable(analysis, at));
  }
  if (base?.version && analysis.bump)
    findings.push(...bumpFindings(analysis, analysis.bump, base.version, describeBase(base), at));
  if (marketplace && analysis.marketplaceBump && ['none', 'downgrade'].includes(analysis.marketplaceBump.kind)) {
    findings.push({
      severity: 'error',
      rule: 'version-bump/not-above-marketplace',
      message: `${head.version} is not above ${marketplace.latest}, the latest version of ${marketplace.id} in ${marketplace.source}: servers would keep offering ${marketplace.latest}, and a second entry with the same version is ambiguous.${nextHint}`,
      ...at,
    });
  }
  findings.push(...reasonFindings(analysis.reasons, analysis.bump, base?.version));
  return { summary: summarize(analysis), findings };
}

/** The version is the base's (or, without a base version, the Marketplace's latest): the change is no release. */
function keepsVersion(analysis: Analysis): boolean {
  if (analysis.bump) return analysis.bump.kind === 'none';
  return analysis.base?.version === undefined && analysis.marketplaceBump?.kind === 'none';
}

/**
 * In update mode a change that keeps the version is not a release (a docs PR, a
 * Dependabot bump): say what the next release needs, as notices, and pass.
 */
function notARelease(analysis: Analysis, findings: Finding[], at: Located | undefined): CheckOutcome {
  const { head, base, marketplace, required, next } = analysis;
  const against =
    base?.version !== undefined
      ? describeBase(base)
      : `the latest version in ${marketplace?.source ?? 'the Marketplace'}`;
  const why = analysis.reasons.length > 0 ? ` (${listReasons(analysis.reasons)})` : '';
  const nextText = next ? `: ${next} or higher` : '';
  findings.push({
    severity: 'notice',
    rule: 'version-bump/not-a-release',
    message: `The version is still ${head.version}, as at ${against}, so this change is not a release and its version is not judged. The next release needs a ${required} version${nextText}${why}; to require the bump in this change, set require-version-bump (CLI --require-version-bump).`,
    ...at,
  });
  findings.push(...reasonFindings(analysis.reasons, undefined, undefined));
  return {
    summary: `${head.version} unchanged since ${against}: not a release; the next one needs a ${required} version${next ? ` (${next})` : ''}.`,
    findings,
  };
}

function describeBase(base: BaseSide): string {
  const from = base.versionFrom;
  return from && from !== 'its manifest' && !base.label.endsWith(from)
    ? `${base.label}, version from ${from}`
    : base.label;
}

function versionNotComparable(analysis: Analysis, at: Located | undefined): Finding[] {
  const { head, base } = analysis;
  if (head.version && !isStrictSemver(head.version)) {
    const consequence =
      'so it cannot be ordered against earlier releases, and the server refuses a non-semver version on upgrade';
    if (head.versionSource !== 'manifest' && head.tag) {
      const parsed = tagVersion(head.tag);
      const problem = parsed.ok ? `"${head.tag}" is not a release tag` : parsed.problem;
      return [
        {
          severity: 'error',
          rule: 'version-bump/tag-not-semver',
          message: `The version comes from the tag, and ${problem}: the build would ship "${head.version}", ${consequence}.`,
        },
      ];
    }
    return [
      {
        severity: 'error',
        rule: 'version-bump/not-semver',
        message: `The version "${head.version}" is not strict semver (MAJOR.MINOR.PATCH), ${consequence}: ${semverProblem(head.version)}.`,
        ...at,
      },
    ];
  }
  if (base && !base.version) {
    return [
      {
        severity: 'notice',
        rule: 'version-bump/base-version-unknown',
        message: `The manifest at ${base.label} has no version and no release tag names one, so only the changes were compared, not the version numbers.`,
      },
    ];
  }
  if (base?.version) {
    return [
      {
        severity: 'notice',
        rule: 'version-bump/base-version-invalid',
        message: `The version at ${base.label} ("${base.version}") is not strict semver, so the bump cannot be classified; only the changes were compared.`,
      },
    ];
  }
  return [];
}

function bumpFindings(
  analysis: Analysis,
  bump: Bump,
  baseVersion: string,
  baseText: string,
  at: Located | undefined,
): Finding[] {
  const { head, required, next } = analysis;
  const nextHint = next ? ` Make it ${next} or higher.` : '';
  if (bump.kind === 'downgrade') {
    const regression =
      head.version !== undefined &&
      isPrerelease(head.version) &&
      !isPrerelease(baseVersion) &&
      coreOf(head.version) === coreOf(baseVersion);
    return [
      {
        severity: 'error',
        rule: 'version-bump/downgrade',
        message: `${head.version} is lower than ${baseVersion} (${baseText})${regression ? `: a prerelease sorts below its own release` : ''}; servers that have ${baseVersion} would never update to it.${nextHint}`,
        ...at,
      },
    ];
  }
  if (bump.kind === 'none') {
    return [
      {
        severity: 'error',
        rule: 'version-bump/not-bumped',
        message: `The version is still ${baseVersion}, as at ${baseText}: every release needs a higher version.${nextHint}`,
        ...at,
      },
    ];
  }
  // Words in commits and the changelog are evidence, not proof (a security fix titled "feat:"),
  // and a raised min_server_version breaks no installation: alone they warn; the version
  // fails only for settings and platforms the manifest shows removed or changed.
  const proven = analysis.reasons
    .filter((reason) => !isTextEvidence(reason))
    .reduce<BumpLevel>((level, reason) => higherLevel(level, reason.level), 'patch');
  if (covers(bump, proven, baseVersion)) return [];
  const uncovered = analysis.reasons.filter((reason) => !covers(bump, reason.level, baseVersion));
  return [
    {
      severity: 'error',
      rule: 'version-bump/too-low',
      message: `${head.version} is a ${describeBump(bump)} after ${baseVersion} (${baseText}), but ${listReasons(uncovered)} need${uncovered.length === 1 ? 's' : ''} a ${required} release.${nextHint}`,
      ...at,
    },
  ];
}

/**
 * Reasons that suggest a level without proving it: commit messages and changelog wording,
 * and a raised min_server_version (older servers are simply not offered the release).
 */
function isTextEvidence(reason: BumpReason): boolean {
  return (
    reason.rule.startsWith('version-bump/commit-') ||
    reason.rule.startsWith('version-bump/changelog-') ||
    reason.rule === 'version-bump/min-server-raised'
  );
}

const LISTED_REASONS = 3;

function listReasons(reasons: readonly BumpReason[]): string {
  const listed = reasons.slice(0, LISTED_REASONS).map((r) => (r.file ? `${r.what} (${r.file}:${r.line})` : r.what));
  const rest = reasons.length - listed.length;
  return rest > 0
    ? `${listed.join(', ')} and ${rest} more change${rest > 1 ? 's' : ''} (see the warnings)`
    : listed.join(', ');
}

/**
 * Each reason is a warning on its own line when the bump does not cover it (the error
 * is on the version), else a notice that explains the level.
 */
function reasonFindings(
  reasons: readonly BumpReason[],
  bump: Bump | undefined,
  baseVersion: string | undefined,
): Finding[] {
  return reasons.map((reason) => {
    const uncovered =
      bump !== undefined &&
      baseVersion !== undefined &&
      bump.level !== undefined &&
      !covers(bump, reason.level, baseVersion);
    const finding: Finding = { severity: uncovered ? 'warning' : 'notice', rule: reason.rule, message: reason.message };
    if (reason.file) Object.assign(finding, { file: reason.file, line: reason.line, column: reason.column });
    return finding;
  });
}

function describeBump(bump: Bump): string {
  if (bump.kind === 'release') return `final release of a ${bump.level} prerelease`;
  if (bump.kind === 'prerelease') return `new prerelease of a ${bump.level} version`;
  return `${bump.kind} release`;
}

function summarize(analysis: Analysis): string {
  const { head, base, marketplace, required, reasons } = analysis;
  const againstBase = base?.version !== undefined;
  const against = againstBase
    ? `${base?.version} (${base?.label})`
    : marketplace
      ? `${marketplace.latest} (Marketplace)`
      : (base?.label ?? 'the base');
  const bump = againstBase ? analysis.bump : analysis.marketplaceBump;
  const level = bump ? (bump.level ? describeBump(bump) : bump.kind) : 'not comparable';
  const why =
    reasons.length > 0
      ? `; ${reasons.length} change${reasons.length > 1 ? 's' : ''} need${reasons.length > 1 ? '' : 's'} a ${required} release`
      : `; the changes need a ${required} release`;
  return `${head.version} after ${against}: ${level}${why}.`;
}

/** The action's extra outputs. */
export async function versionBumpOutputs(context: PluginContext): Promise<Record<string, string>> {
  const analysis = await versionBumpAnalysis(context);
  if (!analysis.ok) return { 'required-bump': '', 'actual-bump': '', 'next-version': '' };
  const actual = analysis.bump ?? analysis.marketplaceBump;
  return { 'required-bump': analysis.required, 'actual-bump': actualBump(actual), 'next-version': analysis.next ?? '' };
}

function actualBump(bump: Bump | undefined): string {
  if (!bump) return '';
  return bump.kind === 'release' || bump.kind === 'prerelease' ? (bump.level as BumpLevel) : bump.kind;
}
