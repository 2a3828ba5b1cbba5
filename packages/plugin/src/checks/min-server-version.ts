import semver from 'semver';
import { MIN_SERVER_VERSION_RULES } from './rules';
import type { Check, Finding, Severity } from '@mm-review/core';
import type { PluginContext } from '../context';
import { isStrictSemver, minorOf, serverVersions } from '../facts/index';
import type { LoadedManifest } from '../manifest/load';
import { allSettings, at, quote, withManifest } from './shared';

/** A manifest feature, where it is used, and the first server version that honours it. */
export interface FeatureUse {
  feature: string;
  since: string;
  path: string;
  /**
   * error: older servers break the plugin (admins cannot configure it); warning: older
   * servers change its behaviour (a default not applied); notice: older servers ignore
   * the field and nothing breaks, so min_server_version need not change.
   */
  severity: Severity;
  consequence: string;
  /** The fix besides raising min_server_version, for errors and warnings. */
  alternative?: string;
  /** What the author should keep doing, for notices. */
  keep?: string;
}

const CLASSIC_PLATFORMS = ['linux-amd64', 'darwin-amd64', 'windows-amd64'];

/** The manifest features in use, per manifest_features_by_server_version.tsv. */
export function manifestFeatures(loaded: LoadedManifest): FeatureUse[] {
  const m = loaded.manifest;
  const uses: FeatureUse[] = [];
  const add = (use: FeatureUse) => uses.push(use);
  const ignored = (feature: string, since: string, path: string, consequence: string, keep: string) =>
    add({ feature, since, path, severity: 'notice', consequence, keep });

  const required = 'keep it: the Marketplace requires it';
  if (m.homepage_url) ignored('homepage_url', '5.18.0', 'homepage_url', 'older servers do not show the link', required);
  if (m.support_url) ignored('support_url', '5.18.0', 'support_url', 'older servers do not show the link', required);
  if (m.icon_path)
    ignored('icon_path', '5.18.0', 'icon_path', 'older servers show no icon', 'keep it: the Marketplace shows it');
  if (m.release_notes_url)
    ignored('release_notes_url', '5.22.0', 'release_notes_url', 'older servers do not show the link', required);
  const extraPlatform = Object.keys(m.server?.executables ?? {}).find((k) => !CLASSIC_PLATFORMS.includes(k));
  if (extraPlatform) {
    ignored(
      `server.executables["${extraPlatform}"]`,
      '5.32.0',
      `server.executables.${extraPlatform}`,
      'older servers only run linux-amd64, darwin-amd64 and windows-amd64 binaries',
      'keep it for newer servers on that platform',
    );
  }
  if (m.props && 'support_packet' in m.props)
    ignored(
      'props.support_packet',
      '9.8.0',
      'props.support_packet',
      'older servers do not offer the plugin in the Support Packet',
      'keep it',
    );

  const schema = m.settings_schema;
  const sections = schema?.sections ?? [];
  const topLevel = new Map(
    (schema?.settings ?? []).filter((s) => s?.key).map((s) => [(s.key as string).toLowerCase(), s]),
  );
  const sectionSettings = allSettings(m).filter((ref) => ref.section !== undefined);
  // Before 10.0 the System Console shows only the top-level settings: a section setting without a top-level copy cannot be set there.
  const unreachable = sectionSettings.filter(
    (ref) => ref.setting.type !== 'custom' && !topLevel.has((ref.setting.key ?? '').toLowerCase()),
  );
  if (sections.length > 0) {
    if (unreachable.length > 0) {
      const keys = unreachable.map((ref) => quote(ref.setting.key ?? '(no key)'));
      add({
        feature: 'settings_schema.sections',
        since: '10.0.0',
        path: 'settings_schema.sections',
        severity: 'error',
        consequence: `older servers ignore sections, so admins cannot configure ${keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ')}`,
        alternative: 'repeat those settings at the top level of settings_schema as a fallback for older servers',
      });
    } else {
      ignored(
        'settings_schema.sections',
        '10.0.0',
        'settings_schema.sections',
        'older servers show the top-level settings instead, which repeat every section setting',
        'keep both',
      );
    }
  }
  for (const ref of allSettings(m)) {
    const { setting, path, section } = ref;
    if (setting.hosting)
      ignored(
        'the setting\'s "hosting"',
        '7.3.0',
        `${path}.hosting`,
        'older servers show the setting on every hosting',
        'keep it',
      );
    if (setting.placeholder && setting.type === 'custom') {
      ignored(
        'placeholder on a custom setting',
        '7.4.0',
        `${path}.placeholder`,
        'IsValid() before 7.4 (run by build tools of that time) rejects it; the server itself loads the manifest',
        'keep it',
      );
    }
    if (setting.secret) {
      if (section === undefined) {
        ignored(
          '"secret": true',
          '10.1.0',
          `${path}.secret`,
          'servers before 10.1 show this value in clear text in the System Console and the Support Packet',
          'keep "secret": true, which hides the value on 10.1 and later; raise min_server_version to 10.1.0 only if the value must never be shown in clear text',
        );
      } else if (!topLevel.has((setting.key ?? '').toLowerCase())) {
        ignored(
          '"secret": true inside a section',
          '11.5.0',
          `${path}.secret`,
          'servers before 11.5 show this value in clear text in the System Console and the Support Packet',
          'keep "secret": true, which hides the value on 11.5 and later; raise min_server_version to 11.5.0 only if the value must never be shown in clear text',
        );
      }
    }
    if (
      section !== undefined &&
      !isZeroValue(setting.default) &&
      !coveredByTopLevel(topLevel.get((setting.key ?? '').toLowerCase()), setting.default)
    ) {
      add({
        feature: 'a default inside a section',
        since: '11.8.0',
        path: `${path}.default`,
        severity: 'warning',
        consequence: `servers before 11.8 do not apply it, so the plugin reads an empty value for ${quote(setting.key ?? '(no key)')} until an admin saves the settings`,
        alternative:
          'make the code treat an empty value as this default, or repeat the setting with its default at the top level',
      });
    }
  }
  return uses;
}

/** A default equal to the Go zero value changes nothing when it is not applied. */
function isZeroValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false || value === 0;
}

function coveredByTopLevel(copy: { default?: unknown } | undefined, value: unknown): boolean {
  return copy !== undefined && JSON.stringify(copy.default) === JSON.stringify(value);
}

/** `min-server-version` (functional-1): set, strict semver, released, not cancelled, high enough for the features used. */
export const minServerVersionCheck: Check<PluginContext> = {
  id: 'min-server-version',
  requirement: 'functional-1',
  title: 'Minimum server version',
  rules: MIN_SERVER_VERSION_RULES,
  run: (context) =>
    withManifest(context, (loaded) => {
      const value = loaded.manifest.min_server_version;
      if (!value) {
        return {
          summary: 'Not set.',
          findings: [
            at(
              loaded,
              'min_server_version',
              'error',
              'min-server-version/missing',
              `${loaded.file} has no min_server_version; set it to the oldest server version you test the plugin on, such as "9.11.0", so older servers refuse it instead of failing at run time.`,
            ),
          ],
        };
      }
      if (!isStrictSemver(value))
        return {
          status: 'fail',
          summary: `${quote(value)} is not strict semver (see the manifest check).`,
          findings: [],
        };
      const findings = [...releaseFindings(loaded, value), ...featureFindings(loaded, value)];
      const needed = manifestFeatures(loaded)
        .filter((f) => f.severity !== 'notice')
        .map((f) => f.since)
        .sort(semver.rcompare)[0];
      const summary = `${value}${needed && semver.gt(needed, value) ? `; the features used need ${needed}` : ''}.`;
      return { summary, findings };
    }),
};

function releaseFindings(loaded: LoadedManifest, value: string): Finding[] {
  const minor = minorOf(value);
  const rule = 'min-server-version/not-released';
  if (serverVersions.isCancelledMinor(minor)) {
    return [
      at(
        loaded,
        'min_server_version',
        'error',
        'min-server-version/cancelled',
        `min_server_version ${value} names ${minor}, a release Mattermost cancelled (no server ever ran it); use the version you actually test on, such as ${nextMinor(minor)}.`,
      ),
    ];
  }
  if (semver.prerelease(value)) {
    return [
      at(
        loaded,
        'min_server_version',
        'warning',
        'min-server-version/prerelease',
        `min_server_version ${value} is a prerelease; a released server compares lower than its release candidates, so use the final version ${semver.coerce(value)?.version}.`,
      ),
    ];
  }
  if (serverVersions.isReleased(value)) return [];
  const latest = serverVersions.latest();
  if (semver.gt(value, latest)) {
    return [
      at(
        loaded,
        'min_server_version',
        'error',
        rule,
        `min_server_version ${value} is newer than every released server (latest: ${latest}), so no server can install the plugin: lower it to a released version.`,
      ),
    ];
  }
  const patch = serverVersions.latestPatch(minor);
  const hint = patch
    ? `the ${minor} releases go up to ${patch}; use ${minor}.0 or one of them`
    : 'use a released version';
  return [
    at(
      loaded,
      'min_server_version',
      serverVersions.isMinorReleased(minor) ? 'warning' : 'error',
      rule,
      `min_server_version ${value} is not a released server version; ${hint}.`,
    ),
  ];
}

function nextMinor(minor: string): string {
  const [major, m] = minor.split('.').map(Number);
  return `${major}.${(m ?? 0) + 1}.0`;
}

function featureFindings(loaded: LoadedManifest, value: string): Finding[] {
  return manifestFeatures(loaded)
    .filter((use) => semver.lt(value, use.since))
    .filter(
      (use, _, all) =>
        !(
          use.path.startsWith('settings_schema.sections.') &&
          all.some((u) => u.path === 'settings_schema.sections' && u.severity === 'error')
        ),
    )
    .map((use) => {
      const where = use.path.endsWith('sections') ? 'key' : 'value';
      if (use.severity === 'notice') {
        return at(
          loaded,
          use.path,
          'notice',
          'min-server-version/ignored-by-older-servers',
          `${use.feature} is read from server ${use.since}; min_server_version ${value} also admits older servers, where nothing breaks: ${use.consequence}. No change is needed (${use.keep}).`,
          where,
        );
      }
      return at(
        loaded,
        use.path,
        use.severity,
        'min-server-version/feature-too-new',
        `${use.feature} needs server ${use.since}, but min_server_version is ${value}: ${use.consequence}. Raise min_server_version to ${use.since}${use.alternative ? `, or ${use.alternative}` : ''}.`,
        where,
      );
    });
}
