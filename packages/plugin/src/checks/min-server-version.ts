import semver from 'semver';
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
  /** Errors break the plugin on older servers; warnings are ignored there harmlessly. */
  severity: Severity;
  consequence: string;
}

const CLASSIC_PLATFORMS = ['linux-amd64', 'darwin-amd64', 'windows-amd64'];

/** The manifest features in use, per MATTERMOST.md §2 and manifest_features_by_server_version.tsv. */
export function manifestFeatures(loaded: LoadedManifest): FeatureUse[] {
  const m = loaded.manifest;
  const uses: FeatureUse[] = [];
  const add = (feature: string, since: string, path: string, severity: Severity, consequence: string) =>
    uses.push({ feature, since, path, severity, consequence });

  if (m.homepage_url) add('homepage_url', '5.18.0', 'homepage_url', 'warning', 'older servers do not show it');
  if (m.support_url) add('support_url', '5.18.0', 'support_url', 'warning', 'older servers do not show it');
  if (m.icon_path) add('icon_path', '5.18.0', 'icon_path', 'warning', 'older servers do not show the icon');
  if (m.release_notes_url) add('release_notes_url', '5.22.0', 'release_notes_url', 'warning', 'older servers do not show it');
  const extraPlatform = Object.keys(m.server?.executables ?? {}).find((k) => !CLASSIC_PLATFORMS.includes(k));
  if (extraPlatform) add(`server.executables["${extraPlatform}"]`, '5.32.0', `server.executables.${extraPlatform}`, 'warning', 'older servers only read linux-amd64, darwin-amd64 and windows-amd64');
  if (m.props && 'support_packet' in m.props) add('props.support_packet', '9.8.0', 'props.support_packet', 'warning', 'older servers do not offer the plugin in the Support Packet');

  const sections = m.settings_schema?.sections;
  if (sections && sections.length > 0) {
    const hasFallback = (m.settings_schema?.settings ?? []).length > 0;
    add('settings_schema.sections', '10.0.0', 'settings_schema.sections', hasFallback ? 'notice' : 'error', hasFallback ? 'older servers show the top-level settings instead, which this manifest provides as a fallback' : 'older servers ignore sections, so admins cannot configure the plugin');
  }
  for (const ref of allSettings(m)) {
    const { setting, path, section } = ref;
    if (setting.hosting) add('setting hosting', '7.3.0', `${path}.hosting`, 'warning', 'older servers show the setting on every hosting');
    if (setting.placeholder && setting.type === 'custom') add('placeholder on a custom setting', '7.4.0', `${path}.placeholder`, 'error', 'older servers reject the manifest');
    if (setting.secret) {
      if (section === undefined) add('secret', '10.1.0', `${path}.secret`, 'warning', 'older servers show the value in clear text in the System Console and Support Packet');
      else add('secret inside a section', '11.5.0', `${path}.secret`, 'warning', 'older servers do not hide the value');
    }
    if (section !== undefined && setting.default !== undefined && setting.default !== null) {
      add('default inside a section', '11.8.0', `${path}.default`, 'warning', 'older servers do not apply the default, so the plugin sees an empty value until an admin saves the settings');
    }
  }
  return uses;
}

/** `min-server-version` (functional-1): set, strict semver, released, not cancelled, high enough for the features used. */
export const minServerVersionCheck: Check<PluginContext> = {
  id: 'min-server-version',
  requirement: 'functional-1',
  title: 'Minimum server version',
  run: (context) =>
    withManifest(context, (loaded) => {
      const value = loaded.manifest.min_server_version;
      if (!value) {
        return {
          summary: 'Not set.',
          findings: [at(loaded, 'min_server_version', 'error', 'min-server-version/missing', `${loaded.file} has no min_server_version; set it to the oldest server version you test the plugin on, such as "9.11.0", so older servers refuse it instead of failing at run time.`)],
        };
      }
      if (!isStrictSemver(value)) return { status: 'fail', summary: `${quote(value)} is not strict semver (see the manifest check).`, findings: [] };
      const findings = [...releaseFindings(loaded, value), ...featureFindings(loaded, value)];
      const needed = manifestFeatures(loaded).filter((f) => f.severity !== 'notice').map((f) => f.since).sort(semver.rcompare)[0];
      const summary = `${value}${needed && semver.gt(needed, value) ? `; the features used need ${needed}` : ''}.`;
      return { summary, findings };
    }),
};

function releaseFindings(loaded: LoadedManifest, value: string): Finding[] {
  const minor = minorOf(value);
  const rule = 'min-server-version/not-released';
  if (serverVersions.isCancelledMinor(minor)) {
    return [at(loaded, 'min_server_version', 'error', 'min-server-version/cancelled', `min_server_version ${value} names ${minor}, a release Mattermost cancelled (no server ever ran it); use the version you actually test on, such as ${nextMinor(minor)}.`)];
  }
  if (semver.prerelease(value)) {
    return [at(loaded, 'min_server_version', 'warning', 'min-server-version/prerelease', `min_server_version ${value} is a prerelease; a released server compares lower than its release candidates, so use the final version ${semver.coerce(value)?.version}.`)];
  }
  if (serverVersions.isReleased(value)) return [];
  const latest = serverVersions.latest();
  if (semver.gt(value, latest)) {
    return [at(loaded, 'min_server_version', 'error', rule, `min_server_version ${value} is newer than every released server (latest: ${latest}), so no server can install the plugin: lower it to a released version.`)];
  }
  const patch = serverVersions.latestPatch(minor);
  const hint = patch ? `the ${minor} releases go up to ${patch}; use ${minor}.0 or one of them` : 'use a released version';
  return [at(loaded, 'min_server_version', serverVersions.isMinorReleased(minor) ? 'warning' : 'error', rule, `min_server_version ${value} is not a released server version; ${hint}.`)];
}

function nextMinor(minor: string): string {
  const [major, m] = minor.split('.').map(Number);
  return `${major}.${(m ?? 0) + 1}.0`;
}

function featureFindings(loaded: LoadedManifest, value: string): Finding[] {
  return manifestFeatures(loaded)
    .filter((use) => semver.lt(value, use.since))
    .map((use) =>
      at(
        loaded,
        use.path,
        use.severity,
        'min-server-version/feature-too-new',
        `${use.feature} needs server ${use.since}, but min_server_version is ${value}: ${use.consequence}. Raise min_server_version to ${use.since} or stop using it.`,
        use.path.endsWith('sections') ? 'key' : 'value',
      ),
    );
}
