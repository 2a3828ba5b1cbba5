import type { RuleDefinitions } from '@mm-review/core';

const MAJOR = 'needs a major version';

/** Every rule the version-bump check emits. */
export const versionBumpRules: RuleDefinitions = {
  'version-bump/no-manifest': {
    severity: 'notice',
    description: 'No loadable plugin manifest, so the version cannot be compared (the check is skipped).',
  },
  'version-bump/no-base': {
    severity: 'notice',
    description: 'Nothing to compare with: no base-manifest, base-ref, release tag or Marketplace version.',
    fix: 'Pass base-ref or check out with fetch-depth: 0 so the release tags are there.',
  },
  'version-bump/base-unreadable': { severity: 'error', description: 'The base-manifest file given cannot be read.' },
  'version-bump/base-ref-missing': {
    severity: 'error',
    description: "The base-ref given is not in this clone's history.",
    fix: 'Check out with fetch-depth: 0 or fetch the base first.',
  },
  'version-bump/base-invalid': {
    severity: 'warning',
    description: 'The manifest at the base cannot be decoded, so its settings and id cannot be compared.',
  },
  'version-bump/base-version-unknown': {
    severity: 'notice',
    description: 'The base has no version and no release tag names one: only the changes were compared.',
  },
  'version-bump/base-version-invalid': {
    severity: 'notice',
    description: 'The base version is not strict semver, so the bump cannot be classified.',
  },
  'version-bump/version-unknown': {
    severity: 'notice',
    description:
      'The version under review is unknown (a build that injects it from an untagged commit); the level the changes need is reported.',
  },
  'version-bump/marketplace-unreadable': {
    severity: 'error',
    description: 'The plugins.json given as marketplace-database cannot be read.',
  },
  'version-bump/tag-not-semver': {
    severity: 'error',
    description: 'The release tag does not name a semver version.',
    example: 'v07.0, client/v0.1.0',
  },
  'version-bump/tag-mismatch': {
    severity: 'error',
    description: 'The release tag names another version than plugin.json, which is what the server installs.',
  },
  'version-bump/not-semver': {
    severity: 'error',
    description:
      'The version is not strict MAJOR.MINOR.PATCH semver, so it cannot be ordered against earlier releases.',
  },
  'version-bump/not-a-release': {
    severity: 'notice',
    description:
      "Update mode: the version is the base's, so the change is no release; the level and version the next release needs are reported.",
    rationale:
      'A docs or Dependabot pull request keeps the version and must stay green; set require-version-bump to demand a bump in every change.',
  },
  'version-bump/not-bumped': {
    severity: 'error',
    description: 'The version was not raised although require-version-bump asks every change to release.',
  },
  'version-bump/downgrade': {
    severity: 'error',
    description: 'The version is lower than the base, so servers that have the base never update.',
  },
  'version-bump/too-low': {
    severity: 'error',
    description: 'The bump is smaller than the manifest changes need (e.g. a patch release over a removed setting).',
    rationale:
      'Commit and changelog wording, and a raised min_server_version, alone only warn (a security fix titled "feat:" may ship as a patch); the error needs a removed, renamed or retyped setting or a dropped platform.',
  },
  'version-bump/not-above-marketplace': {
    severity: 'error',
    description: 'The version is not above the latest one listed in the Marketplace database.',
  },
  'version-bump/setting-renamed': {
    severity: 'warning',
    description: `A setting key was renamed, so saved configuration is not carried over; ${MAJOR}.`,
  },
  'version-bump/setting-removed': {
    severity: 'warning',
    description: `A setting was removed, so admins lose its configuration; ${MAJOR}.`,
  },
  'version-bump/setting-type-changed': {
    severity: 'warning',
    description: `A setting changed type, so saved values may not load; ${MAJOR}.`,
  },
  'version-bump/setting-added': {
    severity: 'notice',
    description: 'A setting was added, a new configurable feature: at least a minor version.',
  },
  'version-bump/platform-dropped': {
    severity: 'warning',
    description: `A server platform (or the whole server part) is no longer built; ${MAJOR}.`,
  },
  'version-bump/min-server-raised': {
    severity: 'warning',
    description:
      'min_server_version rose: usually at least a minor version; it warns, never fails the version, since older servers are only not offered the release.',
  },
  'version-bump/changelog-breaking': {
    severity: 'warning',
    description: `The changelog entry announces a breaking change or a manual migration; ${MAJOR}.`,
  },
  'version-bump/changelog-feature': {
    severity: 'notice',
    description: 'The changelog entry lists new features or commands: at least a minor version.',
  },
  'version-bump/commit-breaking': {
    severity: 'warning',
    description: `A conventional commit since the base that changes what ships (server, webapp, manifest, assets) marks a breaking change ("!" or a BREAKING CHANGE: footer); ${MAJOR}.`,
  },
  'version-bump/commit-feature': {
    severity: 'notice',
    description:
      'A "feat" conventional commit since the base that changes what ships: at least a minor version. CI- and docs-only commits do not count.',
  },
  'version-bump/history-shallow': {
    severity: 'notice',
    description: 'The clone is shallow, so commits since the base may be missing from the scan.',
    fix: 'actions/checkout with fetch-depth: 0',
  },
  'version-bump/history-unavailable': {
    severity: 'notice',
    description: 'The commits since the base cannot be read, so conventional-commit markers were not checked.',
  },
};

/** Every rule the plugin-id-unchanged check emits. */
export const pluginIdUnchangedRules: RuleDefinitions = {
  'plugin-id-unchanged/no-manifest': {
    severity: 'notice',
    description: 'No loadable plugin manifest, so the id cannot be compared (the check is skipped).',
  },
  'plugin-id-unchanged/no-base': { severity: 'notice', description: 'No base manifest to compare the id with.' },
  'plugin-id-unchanged/no-id': {
    severity: 'notice',
    description: 'The manifest under review or at the base has no id to compare.',
  },
  'plugin-id-unchanged/changed': {
    severity: 'error',
    description: 'The plugin id changed since the base, so the server treats the update as a different plugin.',
    rationale: "Admins would install it anew, reconfigure every setting, and the old plugin's data is left behind.",
    fix: 'Restore the previous id.',
  },
  'plugin-id-unchanged/case-changed': {
    severity: 'warning',
    description: 'The id changed only in letter case: installations keep working, but tools compare ids as written.',
  },
};
