import semver from 'semver';
import { STABLE_VERSION_RULES } from './rules';
import type { Check, Finding } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import type { PluginContext, ResolvedVersion } from '../context';
import { isStrictSemver, semverProblem } from '../facts/index';
import { quote } from './shared';

/** `stable-version` (product-5): strict semver, at least 1.0.0, not a prerelease (Beta relaxes both). */
export const stableVersionCheck: Check<PluginContext> = {
  id: 'stable-version',
  requirement: 'product-5',
  title: 'Stable release version',
  rules: STABLE_VERSION_RULES,
  async run(context, { beta }) {
    const resolved = await context.version();
    if (!resolved.version) return skipped(`Version unknown: ${resolved.reason}.`, 'stable-version/unknown');
    const version = resolved.version;
    const locate = await versionLocation(context, resolved);
    const from = describeSource(resolved);
    if (!isStrictSemver(version)) {
      const message = `Version ${quote(version)} ${from} is not strict semver; ${semverProblem(version)}.`;
      return {
        summary: `${version} is not semver.`,
        findings: [{ severity: 'error', rule: 'stable-version/not-semver', message, ...locate }],
      };
    }
    const findings: Finding[] = [];
    const prerelease = semver.prerelease(version);
    if (prerelease) {
      findings.push({
        severity: beta ? 'notice' : 'error',
        rule: 'stable-version/prerelease',
        message: beta
          ? `Version ${version} ${from} is a prerelease, which a Beta listing allows.`
          : `Version ${version} ${from} is a prerelease; the Marketplace lists production plugins only from a final release: release ${semver.coerce(version)?.version}, or submit as Beta.`,
        ...locate,
      });
    }
    if (semver.lt(version, '1.0.0')) {
      findings.push({
        severity: beta ? 'notice' : 'error',
        rule: 'stable-version/below-1.0.0',
        message: beta
          ? `Version ${version} ${from} is below 1.0.0, which a Beta listing allows.`
          : `Version ${version} ${from} is below 1.0.0; the Marketplace requires plugins out of Beta to be released as at least v1.0.0: release 1.0.0 when it is production-ready, or submit as Beta.`,
        ...locate,
      });
    }
    return { summary: `${version} ${from}.`, findings };
  },
};

function describeSource(resolved: ResolvedVersion): string {
  if (resolved.source === 'manifest') return '(from the manifest)';
  if (resolved.source === 'tag-input') return `(from the tag input ${resolved.tag})`;
  return `(from the tag ${resolved.tag} on HEAD)`;
}

async function versionLocation(context: PluginContext, resolved: ResolvedVersion): Promise<Partial<Finding>> {
  if (resolved.source !== 'manifest') return {};
  const load = await context.manifest();
  return load.found ? load.loaded.at('version') : {};
}
