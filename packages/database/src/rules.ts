import type { RuleDefinition, RuleDefinitions, Severity } from '@mm-review/core';
import { BUNDLE_INSPECT_RULES, IDENTITY_RULES } from '@mm-review/marketplace';

/**
 * Every rule of the validate-database checks, with the Marketplace code each mirrors.
 * Files and functions named here are those of github.com/mattermost/mattermost-marketplace:
 * the store loads plugins.json with `model.PluginsFromReader` (internal/model/plugin.go:
 * encoding/json into `[]*model.Plugin`) and `NewStatic` → `validatePlugins`
 * (internal/store/static.go), which calls `plugin.Manifest.IsValid()` on every entry and
 * requires a non-empty version; requests then pick the newest version per id with
 * `semver.MustParse` in `getPlugins` (same file). The generator (cmd/generator) writes the
 * file with `model.PluginsToWriter` (2-space indent, HTML not escaped).
 */
function rule(severity: Severity, description: string, rationale?: string, fix?: string): RuleDefinition {
  return { severity, description, ...(rationale ? { rationale } : {}), ...(fix ? { fix } : {}) };
}

const LEGACY = 'A problem in an entry the change does not add or modify is a warning, unless it stops the Marketplace.';
const DECODE =
  'Mirrors model.PluginsFromReader (internal/model/plugin.go): encoding/json fails on the whole file, so NewStaticFromReader (internal/store/static.go) returns an error and the Marketplace does not start.';
const WRITER =
  'Mirrors model.PluginsToWriter (internal/model/plugin.go), which the generator (cmd/generator) uses to write the file: json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false), fields in the order of model.Plugin.';

export const FORMAT_RULES: RuleDefinitions = {
  'database-format/invalid-json': rule(
    'error',
    'plugins.json does not decode as JSON, or is not a JSON array, or nests deeper than encoding/json allows (10,000).',
    DECODE,
    'Fix the syntax; run the file through a JSON formatter to see where.',
  ),
  'database-format/empty': rule(
    'warning',
    'plugins.json is 0 bytes, blank or null: the Marketplace loads it as an empty list.',
    'Mirrors model.PluginsFromReader, which ignores io.EOF and leaves the list empty for null: nothing breaks, but no plugin is offered.',
  ),
  'database-format/trailing-data': rule(
    'error',
    'Text follows the top-level array.',
    'json.Decoder.Decode in model.PluginsFromReader reads only the first value, so the Marketplace never sees it; other readers (and JSON.parse) refuse the file. An error only when the base had none.',
  ),
  'database-format/layout': rule(
    'error',
    'The file is not byte for byte the canonical encoding (2-space indentation, LF, raw & < >, trailing newline).',
    `${WRITER} An error when the base was canonical or the first departure is in an entry the change touched; otherwise a warning.`,
    'Re-encode the file as JSON.stringify(entries, null, 2) + "\\n".',
  ),
  'database-format/key-order': rule(
    'error',
    "An entry's keys are not in the order of model.Plugin.",
    `${WRITER} ${LEGACY}`,
  ),
  'database-format/sort-order': rule(
    'error',
    'Entries are not sorted by manifest.id (byte order), then version descending by semver.',
    `The order the generator writes (cmd/generator sorts the list before PluginsToWriter). ${LEGACY}`,
  ),
};

const RELEASE_NOTES: Record<string, Severity> = {
  'url-empty': 'error',
  'url-invalid': 'error',
  'url-missing-slash': 'error',
  'url-no-tag': 'error',
  'url-not-release': 'error',
  'url-not-version-specific': 'warning',
  'url-older-version': 'error',
  'url-other-version': 'error',
  'url-prerelease-tag': 'error',
  'url-releases-latest': 'error',
  'url-releases-list': 'error',
  'url-repository-mismatch': 'error',
  'url-repository-root': 'error',
  'url-tag-case': 'notice',
  'url-tag-empty': 'error',
  'url-tag-mismatch': 'warning',
  'url-version-mismatch': 'error',
};

/**
 * The embedded manifest's rules (the validate-manifest rules, prefixed `manifest-`). The
 * ones that mirror Manifest.IsValid() stop the Marketplace, since validatePlugins
 * (internal/store/static.go) calls it on every entry at load.
 */
export const IS_VALID_RULES = new Set([
  'manifest/id-invalid',
  'manifest/name-missing',
  'manifest/url-invalid',
  'manifest/setting-type',
  'manifest/setting-regenerate-help-text',
  'manifest/setting-placeholder',
  'manifest/setting-options',
  'manifest/setting-option',
  'manifest/section-key',
  'manifest/type-mismatch',
]);

const MANIFEST_RULES: Record<string, Severity> = {
  'backend-only': 'warning',
  comment: 'error',
  'icon-elsewhere': 'warning',
  'icon-missing': 'error',
  'icon-not-svg': 'error',
  'id-invalid': 'error',
  'name-missing': 'error',
  'no-component': 'error',
  'section-key': 'error',
  'server-executable-missing': 'error',
  'server-executable-path': 'error',
  'server-platform-key': 'error',
  'server-platform-missing': 'warning',
  'setting-default-not-option': 'warning',
  'setting-default-type': 'warning',
  'setting-hosting': 'error',
  'setting-key-duplicate': 'error',
  'setting-key-missing': 'error',
  'setting-no-options': 'error',
  'setting-option': 'error',
  'setting-options': 'error',
  'setting-placeholder': 'error',
  'setting-regenerate-help-text': 'error',
  'setting-regenerate-help-text-missing': 'warning',
  'setting-type': 'error',
  syntax: 'error',
  'trailing-content': 'error',
  unreadable: 'error',
  'url-invalid': 'error',
  'webapp-bundle-path': 'error',
  'webapp-bundle-path-absolute': 'error',
  'byte-order-mark': 'error',
  'duplicate-key': 'warning',
  'key-case': 'warning',
  missing: 'error',
  'obsolete-field': 'warning',
  shadowed: 'warning',
  'too-deep': 'error',
  'type-mismatch': 'error',
  'unknown-field': 'warning',
  'yaml-aliases': 'error',
  'yaml-unquoted-scalar': 'error',
};

export const ENTRIES_RULES: RuleDefinitions = {
  'database-entries/not-parsed': rule('notice', 'The file did not parse, so its entries were not checked.'),
  'database-entries/not-object': rule('error', 'An entry is not a JSON object.', DECODE),
  'database-entries/manifest-missing': rule(
    'error',
    'An entry has no manifest, a null manifest, or is null itself.',
    'validatePlugins (internal/store/static.go) calls plugin.Manifest.IsValid() on every entry: a nil manifest (or entry) is a nil dereference when the Marketplace loads the file, so it does not start.',
  ),
  'database-entries/key-case': rule(
    'error',
    'A key matches a model field only ignoring case ("Manifest").',
    `encoding/json in model.PluginsFromReader matches keys to fields ignoring case, so the Marketplace reads it; the generator and other readers write and read the exact name. ${LEGACY}`,
  ),
  'database-entries/key-missing': rule(
    'error',
    'An entry lacks one of the 13 fields the generator writes.',
    `${WRITER} The Go model reads a missing field as its zero value. On an entry written before 2023-09 (updated_at), when the field may not have existed yet, a warning. ${LEGACY}`,
  ),
  'database-entries/null-value': rule(
    'error',
    'A field other than manifest is null.',
    `encoding/json leaves a null field at its zero value; the generator never writes null. ${LEGACY}`,
  ),
  'database-entries/type': rule(
    'error',
    'A field has the wrong JSON type (a number for a string, a string for enterprise, labels not an array of label objects...).',
    DECODE,
  ),
  'database-entries/key-unknown': rule(
    'warning',
    'A key is not a field of model.Plugin.',
    'encoding/json ignores unknown keys, so the Marketplace never reads it. labels (model.Plugin.Labels) is a field, not an unknown key.',
  ),
  'database-entries/hosting-invalid': rule(
    'error',
    'hosting is not "", "on-prem" or "cloud".',
    `model.HostingType values (internal/model/plugin.go); the API matches it against the asking server. ${LEGACY}`,
  ),
  'database-entries/author-type-invalid': rule(
    'error',
    'author_type is not mattermost, partner or community.',
    `model.AuthorType values; Plugin.AddLabels labels partner and community plugins by it. ${LEGACY}`,
  ),
  'database-entries/release-stage-invalid': rule(
    'error',
    'release_stage is not production, beta or experimental.',
    `model.ReleaseStage values; Plugin.AddLabels labels beta and experimental plugins by it. ${LEGACY}`,
  ),
  'database-entries/version-missing': rule(
    'error',
    'manifest.version is missing or empty.',
    'validatePlugins (internal/store/static.go) refuses an entry with an empty version: the Marketplace does not start.',
  ),
  'database-entries/version-invalid': rule(
    'error',
    'manifest.version is not strict semver (v0.1.0, 1.0).',
    'Manifest.IsValid() (run by validatePlugins at load) parses it as semver, and getPlugins (internal/store/static.go) compares versions with semver.MustParse, which panics.',
  ),
  'database-entries/min-server-version-invalid': rule(
    'error',
    'manifest.min_server_version is not strict semver.',
    'Manifest.IsValid() at load, and MeetMinServerVersion in getPlugins (internal/store/static.go) for every request that sends a server version.',
  ),
  'database-entries/homepage-url-empty': rule(
    'error',
    'homepage_url is empty.',
    `cmd/generator copies it from the manifest with no fallback. ${LEGACY}`,
  ),
  'database-entries/download-url-empty': rule(
    'error',
    'download_url is empty: servers cannot install the release.',
    LEGACY,
  ),
  'database-entries/url-invalid': rule('error', 'A URL field is not an absolute URL.', LEGACY),
  'database-entries/url-not-https': rule('error', 'A URL field does not use https.', LEGACY),
  'database-entries/signature-missing': rule(
    'error',
    "signature (or a platform bundle's) is empty.",
    `Servers that require signatures refuse the release. Entries written before 2020 (updated_at) were published unsigned: a warning there. ${LEGACY}`,
  ),
  'database-entries/signature-invalid': rule(
    'error',
    'signature is not the base64 of a binary OpenPGP signature packet.',
    LEGACY,
  ),
  'database-entries/icon-invalid': rule(
    'error',
    'icon_data is not data:image/svg+xml;base64, plus an SVG document.',
    `model.Plugin.IconData is "the base64 encoding of an svg image". ${LEGACY}`,
  ),
  'database-entries/platforms-invalid': rule(
    'error',
    'platforms lacks one of the three keys the generator writes, has another key, or a bundle with other fields.',
    `model.PlatformBundles (internal/model/plugin.go). ${LEGACY}`,
  ),
  'database-entries/platforms-incomplete': rule(
    'error',
    'A platform bundle has a download_url without a signature or the reverse.',
    `The API swaps in a platform bundle only when both are set. ${LEGACY}`,
  ),
  'database-entries/updated-at-invalid': rule(
    'error',
    'updated_at is not an RFC 3339 time.',
    `model.Plugin.UpdatedAt is a time.Time: its UnmarshalJSON fails on anything else. ${DECODE}`,
  ),
  'database-entries/updated-at-format': rule(
    'error',
    'updated_at is a valid time, but not UTC with trailing zeros trimmed as the generator writes it.',
    `time.Time MarshalJSON (RFC 3339 with nanoseconds) of a UTC time. ${LEGACY}`,
  ),
  'database-entries/updated-at-future': rule('error', 'updated_at is in the future.', LEGACY),
  'database-entries/duplicate': rule(
    'error',
    'The same id, version and hosting are listed twice.',
    `getPlugins (internal/store/static.go) keeps whichever comes last. ${LEGACY}`,
  ),
  'database-entries/more-findings': rule(
    'notice',
    'More findings than are listed (the first 1,000 errors and 500 others are).',
  ),
  ...Object.fromEntries(
    Object.entries(RELEASE_NOTES).map(([id, severity]) => [
      `database-entries/release-notes-${id}`,
      rule(severity, `release_notes_url: the release-notes rule ${id} of check-changelog.`, LEGACY),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(MANIFEST_RULES).map(([id, severity]) => [
      `database-entries/manifest-${id}`,
      rule(
        severity,
        `The embedded manifest breaks the validate-manifest rule manifest/${id}.`,
        IS_VALID_RULES.has(`manifest/${id}`)
          ? 'Mirrors Manifest.IsValid(), which validatePlugins (internal/store/static.go) runs on every entry at load: the Marketplace does not start.'
          : LEGACY,
      ),
    ]),
  ),
};

export const CHANGES_RULES: RuleDefinitions = {
  'database-changes/no-base': rule('notice', 'No base was given, so changes were not compared.'),
  'database-changes/base-unreadable': rule('notice', 'The base is not a JSON array of entries.'),
  'database-changes/not-parsed': rule('notice', 'The file did not parse, so changes were not compared.'),
  'database-changes/removed': rule(
    'error',
    'An entry of the base is gone (a notice with allow-removals; past 20, counted).',
    'cmd/generator add only appends entries; servers that installed the release can no longer find it.',
  ),
  'database-changes/modified': rule(
    'error',
    'A published entry was rewritten with other values (a notice with allow-modifications; past 20, counted). Re-encoding that the Go model reads as the same values is not a rewrite.',
    'The generator re-encodes the whole file through model.PluginsToWriter, so a model change adds zero-valued fields everywhere: that is not a change.',
  ),
  'database-changes/url-version-mismatch': rule(
    'error',
    "An added entry's bundle URL does not name the manifest's version (nor, for a GitHub release asset, does its tag).",
    'cmd/generator add downloads <repo>-<tag>.tar.gz for the tag it is given.',
  ),
  'database-changes/repo-name-mismatch': rule(
    'error',
    "An added entry's bundle URL names another repository than repo_name (a warning for homepage_url).",
    "cmd/generator add names bundles <repo_name>-<tag>.tar.gz; the GitHub path took them from the repository's own releases.",
  ),
  'database-changes/copied-field-mismatch': rule(
    'error',
    "An added entry's homepage_url or release_notes_url differs from the manifest's (or, for a GitHub release bundle, from the repository and its release page).",
    'cmd/generator add copies both from the manifest verbatim.',
  ),
  ...IDENTITY_RULES,
  // A pull request to plugins.json has no allow-id-change input, and a maintainer reviews it:
  // an intended id change (jira, playbooks, msteams did it) is theirs to confirm.
  'database-changes/repository-id-changed': {
    ...(IDENTITY_RULES['database-changes/repository-id-changed'] as RuleDefinition),
    severity: 'warning',
  },
  'database-changes/more-findings': rule('notice', 'More id problems than are listed.'),
};

/**
 * bundle-integrity in validate-database: the rules shared with add-release (download, read,
 * manifest, signature, icon; declared in the marketplace package) and those of an entry
 * already written (its manifest and icon_data against the bundle).
 */
export const BUNDLE_RULES: RuleDefinitions = {
  'bundle-integrity/not-requested': rule('notice', 'Bundles were not downloaded (not asked).'),
  'bundle-integrity/no-base': rule(
    'notice',
    'Without a base no entry is known to be new, so no bundle was downloaded.',
  ),
  ...BUNDLE_INSPECT_RULES,
  'bundle-integrity/manifest-mismatch': rule(
    'error',
    "The entry's manifest is not the bundle's, as the Go model re-encodes it.",
    "cmd/generator add embeds the bundle's manifest.",
  ),
  'bundle-integrity/icon-mismatch': rule(
    'error',
    "icon_data is not the bundle's icon.",
    'cmd/generator add reads icon_data from icon_path inside the bundle.',
  ),
};
