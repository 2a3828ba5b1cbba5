import type { RuleDefinition } from '@mm-review/core';

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

/** Every rule of bundle-integrity: the bundle is fetched, read as the server reads it, and its signature verified. */
export const BUNDLE_INTEGRITY_RULES: Rules = {
  'bundle-integrity/not-found': rule('error', 'The bundle URL answers 404.', {
    fix: 'Publish the bundle to the store (or attach it to the GitHub release) under the expected name.',
  }),
  'bundle-integrity/download-failed': rule(
    'error',
    'The bundle or its signature could not be downloaded (HTTP error, time-out, size limit, broken connection).',
  ),
  'bundle-integrity/unsafe-bundle': rule(
    'error',
    'The tarball is refused: an unsafe entry (absolute path, "..", a link leaving the tree, a device), an archive tar readers read differently, or a size or entry limit.',
    {
      rationale:
        "The server unpacks bundles with Go's archive/tar; an archive another reader sees differently can show one plugin to the review and install another.",
      fix: "Rebuild the bundle with the starter template's make dist.",
    },
  ),
  'bundle-integrity/signature-missing': rule('error', 'No .sig or .asc signature was found next to the bundle.', {
    fix: 'Sign the bundle and upload its .sig.',
  }),
  'bundle-integrity/signature-unreadable': rule('error', 'The signature file is not an OpenPGP signature.', {
    fix: 'Upload the detached signature that gpg --detach-sign writes.',
  }),
  'bundle-integrity/signature-invalid': rule(
    'error',
    "The bundle's signature does not verify against the given public keys.",
  ),
  'bundle-integrity/platform-signature-invalid': rule(
    'error',
    "A platform bundle's signature does not verify against the given public keys.",
  ),
  'bundle-integrity/platform-mismatch': rule(
    'error',
    'A platform bundle holds another plugin id or version than the main bundle.',
  ),
  'bundle-integrity/manifest-missing': rule(
    'error',
    'The bundle has no plugin.yml, plugin.yaml or plugin.json where the server looks.',
  ),
  'bundle-integrity/manifest-unreadable': rule('error', "The bundle's manifest cannot be loaded by the server."),
  'bundle-integrity/version-mismatch': rule('error', "The bundle's manifest version is not the version the tag names."),
  'bundle-integrity/icon-unset': rule(
    'warning',
    'The manifest has no icon_path, so the Marketplace shows a generic icon.',
  ),
  'bundle-integrity/icon-missing': rule('error', 'icon_path names a file that is not in the bundle.'),
  'bundle-integrity/icon-not-svg': rule('error', 'icon_path names a file that is not an SVG.'),
  'bundle-integrity/icon-too-large': rule('error', 'icon_path names a file too large to embed as icon_data.'),
  'bundle-integrity/icon-active-content': rule(
    'error',
    'The icon SVG holds active content: a script, an event handler, embedded HTML or a javascript: link.',
    {
      rationale:
        "icon_data is shown by every server's Marketplace page; an SVG with scripts or handlers is active content, not a drawing.",
      fix: 'Remove scripts, on… attributes, foreignObject / iframe / embed / object elements and javascript: links from the SVG (svgo does this).',
    },
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
