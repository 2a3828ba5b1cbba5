import type { RuleDefinition } from '@mm-review/core';
import { BUNDLE_INSPECT_RULES } from '@mm-review/marketplace';

type Rules = Record<string, RuleDefinition>;

const rule = (
  severity: RuleDefinition['severity'],
  description: string,
  extra: Partial<RuleDefinition> = {},
): RuleDefinition => ({ severity, description, ...extra });

/** Manifest rules that reading the bundle's manifest can fail with (only its errors are kept). */
const MANIFEST_PARSE_RULES: Rules = Object.fromEntries(
  [
    'byte-order-mark',
    'duplicate-key',
    'key-case',
    'missing',
    'obsolete-field',
    'shadowed',
    'syntax',
    'too-deep',
    'type-mismatch',
    'unknown-field',
    'yaml-aliases',
    'yaml-unquoted-scalar',
  ].map((id) => [
    `manifest/${id}`,
    rule(
      'error',
      `The bundle's manifest breaks validate-manifest's manifest/${id} rule in a way the server cannot load; see that rule.`,
    ),
  ]),
);

/**
 * Every rule of bundle-integrity in add-release: those shared with validate-database
 * (download, read, manifest, signature, icon; declared in the marketplace package) and
 * those of a release not yet listed (its tag, its platform bundles, its GitHub release).
 */
export const BUNDLE_INTEGRITY_RULES: Rules = {
  ...BUNDLE_INSPECT_RULES,
  'bundle-integrity/platform-mismatch': rule(
    'error',
    'A platform bundle holds another plugin id or version than the main bundle.',
  ),
  'bundle-integrity/version-mismatch': rule('error', "The bundle's manifest version is not the version the tag names."),
  'bundle-integrity/icon-unset': rule(
    'warning',
    'The manifest has no icon_path, so the Marketplace shows a generic icon.',
  ),
  'bundle-integrity/github': rule('error', 'The GitHub release could not be read.'),
  'bundle-integrity/release-missing': rule('error', 'The repository has no GitHub release with the tag.'),
  'bundle-integrity/bundle-missing': rule('error', 'The GitHub release has no plugin bundle attached.'),
  ...MANIFEST_PARSE_RULES,
};

const RELEASE_NOTES_URL_RULES: [string, RuleDefinition['severity']][] = [
  ['url-empty', 'error'],
  ['url-invalid', 'error'],
  ['url-missing-slash', 'error'],
  ['url-no-tag', 'error'],
  ['url-not-release', 'error'],
  ['url-not-version-specific', 'warning'],
  ['url-older-version', 'error'],
  ['url-other-version', 'error'],
  ['url-prerelease-tag', 'error'],
  ['url-releases-latest', 'error'],
  ['url-releases-list', 'error'],
  ['url-repository-mismatch', 'error'],
  ['url-repository-root', 'error'],
  ['url-tag-case', 'notice'],
  ['url-tag-empty', 'error'],
  ['url-tag-mismatch', 'warning'],
  ['url-version-mismatch', 'error'],
];

const MANIFEST_RULES: [string, RuleDefinition['severity']][] = [
  ['backend-only', 'error'],
  ['id-invalid', 'error'],
  ['name-missing', 'error'],
  ['no-component', 'error'],
  ['section-key', 'error'],
  ['server-executable-missing', 'error'],
  ['server-executable-path', 'error'],
  ['server-platform-key', 'error'],
  ['server-platform-missing', 'error'],
  ['setting-default-not-option', 'error'],
  ['setting-default-type', 'error'],
  ['setting-hosting', 'error'],
  ['setting-key-duplicate', 'error'],
  ['setting-key-missing', 'error'],
  ['setting-no-options', 'error'],
  ['setting-option', 'error'],
  ['setting-options', 'error'],
  ['setting-placeholder', 'error'],
  ['setting-regenerate-help-text', 'error'],
  ['setting-regenerate-help-text-missing', 'warning'],
  ['setting-type', 'error'],
  ['url-invalid', 'error'],
  ['version-invalid', 'error'],
  ['min-server-version-invalid', 'error'],
  ['webapp-bundle-path', 'error'],
  ['webapp-bundle-path-absolute', 'warning'],
];

/** Every rule of database-entries in add-release: the new entry is valid (allow-invalid-manifest turns manifest errors into warnings). */
export const NEW_ENTRY_RULES: Rules = {
  'database-entries/signature-unverified': rule(
    'error',
    'No public key was given, so the signature copied into the entry cannot be verified; a warning with allow-unverified.',
    {
      rationale: 'An unverified signature lets a tampered bundle reach every server that installs it.',
      fix: 'Pass the release key (public-key input, --public-key), or set allow-unverified (--allow-unverified) to add unverified on purpose.',
    },
  ),
  'database-entries/homepage-url-empty': rule('error', 'homepage_url would be empty in the entry.'),
  'database-entries/homepage-url-invalid': rule('error', 'homepage_url is not an http(s) URL.'),
  ...Object.fromEntries(
    RELEASE_NOTES_URL_RULES.map(([id, severity]) => [
      `database-entries/release-notes-${id}`,
      rule(severity, `The entry's release_notes_url breaks check-changelog's ${id} rule; see that rule.`),
    ]),
  ),
  ...Object.fromEntries(
    MANIFEST_RULES.map(([id, severity]) => [
      `manifest/${id}`,
      rule(severity, `The bundle's manifest breaks validate-manifest's manifest/${id} rule; see that rule.`),
    ]),
  ),
};
