import type { RuleDefinitions } from '@mm-review/core';

/**
 * Every rule the validate-manifest checks can emit, declared next to the checks (see
 * RuleDefinition). docs/actions/validate-manifest.md describes the same rules for people.
 */

const ISVALID =
  'The starter template runs IsValid() in `make` (manifest-check) and the Marketplace generator logs its error: a manifest that fails it is not accepted.';
const SERVER = 'The server refuses to install or activate a plugin whose manifest breaks this rule.';

export const MANIFEST_RULES: RuleDefinitions = {
  'manifest/missing': {
    severity: 'error',
    description: 'No plugin.yml, plugin.yaml or plugin.json at the plugin root.',
    rationale: SERVER,
    fix: 'Add a plugin.json at the root, as the starter template does.',
  },
  'manifest/unreadable': {
    severity: 'error',
    description: 'The manifest file exists but cannot be read (too large, a link out of the tree, not a file).',
  },
  'manifest/syntax': {
    severity: 'error',
    description: 'The manifest is not valid JSON or YAML (or is empty).',
    rationale: SERVER,
    example: '{"id": "com.example.weather",}',
  },
  'manifest/comment': {
    severity: 'error',
    description: 'plugin.json contains a comment, which JSON does not allow.',
    rationale: SERVER,
  },
  'manifest/byte-order-mark': {
    severity: 'error',
    description: "plugin.json starts with a UTF-8 byte-order mark, which Go's JSON decoder rejects.",
    rationale: SERVER,
    fix: 'Save the file as UTF-8 without BOM.',
  },
  'manifest/too-deep': {
    severity: 'error',
    description: 'The manifest nests objects or arrays more than 64 levels deep.',
  },
  'manifest/trailing-content': {
    severity: 'warning',
    description:
      'plugin.json has data after its first JSON value; the server reads the first value and ignores the rest.',
    fix: 'Remove what follows the closing brace.',
    example: '{"id": "com.example.weather"} {"id": "other"}',
  },
  'manifest/yaml-aliases': { severity: 'error', description: 'A YAML manifest expands more than 100 aliases.' },
  'manifest/yaml-unquoted-scalar': {
    severity: 'warning',
    description: 'A YAML string field holds an unquoted number or boolean (version: 1.0).',
    fix: 'Quote the value: version: "1.0.0".',
  },
  'manifest/type-mismatch': {
    severity: 'error',
    description: 'A field has the wrong JSON type ("version": 1, "settings_schema": []).',
    rationale: SERVER,
  },
  'manifest/duplicate-key': {
    severity: 'warning',
    description: 'A key is set twice in one object: the server keeps the last (JSON) or refuses the file (YAML).',
  },
  'manifest/key-case': {
    severity: 'warning',
    description:
      'A key matches a field only ignoring case ("Version"); the server accepts it, YAML and other tools do not.',
  },
  'manifest/unknown-field': {
    severity: 'warning',
    description:
      "A key is not a field of the manifest; the server ignores it and the starter template's build rejects it.",
  },
  'manifest/obsolete-field': {
    severity: 'warning',
    description: 'An obsolete field (backend, required_configuration) that current servers ignore.',
  },
  'manifest/shadowed': {
    severity: 'warning',
    description: 'Two manifests exist (plugin.yml/plugin.yaml and plugin.json); the server reads only the first.',
  },
  'manifest/id-invalid': {
    severity: 'error',
    description:
      'IsValid(): "invalid plugin ID": the id is not 3 to 190 characters of letters, digits, ".", "-" and "_".',
    rationale: SERVER,
    example: '"id": "my plugin"',
  },
  'manifest/name-missing': {
    severity: 'error',
    description:
      'IsValid(): "a plugin name is needed": name is empty or only white space (as Go\'s strings.TrimSpace sees it).',
    rationale: ISVALID,
  },
  'manifest/url-invalid': {
    severity: 'error',
    description:
      'IsValid(): "invalid HomepageURL" / "invalid SupportURL" / "invalid ReleaseNotesURL": the URL does not start with lower-case http:// or https://, fails Go\'s url.ParseRequestURI, or has no host.',
    rationale: ISVALID,
    example: '"homepage_url": "https:///github.com/owner/repo"',
  },
  'manifest/version-invalid': {
    severity: 'error',
    description: 'IsValid(): "failed to parse Version: …": version is not strict semver.',
    rationale: 'The server refuses an upgrade to a version it cannot parse.',
    example: '"version": "v1.0"',
  },
  'manifest/min-server-version-invalid': {
    severity: 'error',
    description: 'IsValid(): "failed to parse MinServerVersion: …": min_server_version is not strict semver.',
    rationale: 'The server refuses to activate the plugin; in a Marketplace database it breaks every request.',
    example: '"min_server_version": "5.6"',
  },
  'manifest/no-component': {
    severity: 'error',
    description: 'The manifest declares neither "server" nor "webapp".',
    rationale: SERVER,
  },
  'manifest/backend-only': {
    severity: 'error',
    description: 'The server part is declared only in the obsolete "backend", which servers since 6.0 ignore.',
  },
  'manifest/server-executable-missing': {
    severity: 'error',
    description: '"server" declares no executable.',
    rationale: SERVER,
  },
  'manifest/server-platform-missing': {
    severity: 'error',
    description: 'server.executables has no linux-amd64 binary and there is no server.executable.',
  },
  'manifest/server-platform-key': {
    severity: 'error',
    description: 'A server.executables key is not of the form "<os>-<arch>".',
  },
  'manifest/server-executable-path': {
    severity: 'error',
    description: 'A server executable path is empty or points outside the bundle.',
    rationale: SERVER,
  },
  'manifest/webapp-bundle-path': {
    severity: 'error',
    description: 'webapp.bundle_path is empty, hidden or points outside the bundle.',
    rationale: SERVER,
  },
  'manifest/webapp-bundle-path-absolute': {
    severity: 'warning',
    description: 'webapp.bundle_path is absolute; the server reads it relative to the bundle, other tools do not.',
  },
  'manifest/section-key': {
    severity: 'error',
    description: 'IsValid(): "invalid settings schema: invalid empty Key": a settings section has no key.',
    rationale: ISVALID,
  },
  'manifest/setting-type': {
    severity: 'error',
    description:
      'IsValid(): "invalid settings schema: invalid setting type: X": a setting type is missing or unknown (types are lower case).',
    rationale: ISVALID,
  },
  'manifest/setting-regenerate-help-text': {
    severity: 'error',
    description: 'IsValid(): "should not set RegenerateHelpText for setting type that is not generated".',
    rationale: ISVALID,
  },
  'manifest/setting-placeholder': {
    severity: 'error',
    description:
      'IsValid(): "should not set Placeholder for setting type not in text, generated, number, username, or custom".',
    rationale: ISVALID,
  },
  'manifest/setting-options': {
    severity: 'error',
    description: 'IsValid(): "should not set Options for setting type not in radio or dropdown" (even an empty list).',
    rationale: ISVALID,
  },
  'manifest/setting-option': {
    severity: 'error',
    description: 'IsValid(): "should not have empty Displayname or Value for any option".',
    rationale: ISVALID,
  },
  'manifest/setting-key-missing': {
    severity: 'error',
    description: 'A setting (other than custom) has no key, so its value cannot be saved.',
  },
  'manifest/setting-key-duplicate': {
    severity: 'error',
    description: 'Two settings share a key ignoring case (the server lowercases keys).',
  },
  'manifest/setting-no-options': { severity: 'error', description: 'A dropdown or radio setting has no options.' },
  'manifest/setting-default-not-option': {
    severity: 'error',
    description: 'The default of a dropdown or radio setting is not one of its option values.',
  },
  'manifest/setting-default-type': {
    severity: 'error',
    description:
      'A default is not typed like its setting ("false" for a bool, "30" for a number), which breaks loading the configuration.',
  },
  'manifest/setting-regenerate-help-text-missing': {
    severity: 'warning',
    description: 'A generated setting has no regenerate_help_text.',
  },
  'manifest/setting-hosting': {
    severity: 'error',
    description: 'A setting\'s hosting is not "", "cloud" or "on-prem".',
  },
  'manifest/icon-not-svg': {
    severity: 'error',
    description: 'icon_path is not an SVG; the Marketplace generator fails on other icons.',
  },
  'manifest/icon-missing': {
    severity: 'error',
    description: 'icon_path names a file that does not exist in the plugin.',
    rationale:
      "The path is read as the bundle has it: under the assets folder it is also looked up in the Makefile's ASSETS_DIR, which the starter template's dist target copies into the bundle under its own name (calls: server/assets).",
  },
  'manifest/icon-elsewhere': {
    severity: 'warning',
    description:
      'icon_path does not exist at the plugin root, but a file of that name exists elsewhere (the build may copy it).',
  },
};

export const MIN_SERVER_VERSION_RULES: RuleDefinitions = {
  'min-server-version/missing': {
    severity: 'error',
    description: 'min_server_version is not set.',
    fix: 'Set it to the oldest server version you test on.',
  },
  'min-server-version/cancelled': {
    severity: 'error',
    description: 'min_server_version names a cancelled release (7.6, 7.11).',
  },
  'min-server-version/prerelease': {
    severity: 'warning',
    description: 'min_server_version is a prerelease, which a released server compares lower than.',
  },
  'min-server-version/not-released': {
    severity: 'error',
    description: 'min_server_version is not a released server version (an unreleased patch is a warning).',
  },
  'min-server-version/feature-too-new': {
    severity: 'error',
    description:
      'A manifest feature breaks the plugin on servers older than it needs and min_server_version admits them (sections without a top-level fallback: error; a default inside a section: warning).',
    fix: 'Raise min_server_version, or add the fallback the message names.',
  },
  'min-server-version/ignored-by-older-servers': {
    severity: 'notice',
    description:
      'A field older servers ignore without breaking anything (homepage_url, support_url, release_notes_url, icon_path, extra platforms, secret, hosting, props.support_packet).',
    rationale:
      'Nothing to change: the Marketplace requires homepage_url, support_url and release_notes_url, and "secret": true protects the value on newer servers.',
  },
};

export const STABLE_VERSION_RULES: RuleDefinitions = {
  'stable-version/unknown': {
    severity: 'notice',
    description: 'The version is unknown: no version in the manifest, no tag given, no tag on HEAD.',
  },
  'stable-version/not-semver': { severity: 'error', description: 'The version is not strict semver.' },
  'stable-version/prerelease': {
    severity: 'error',
    description: 'The version is a prerelease (a notice in Beta mode).',
  },
  'stable-version/below-1.0.0': {
    severity: 'error',
    description: 'The version is below 1.0.0 (a notice in Beta mode).',
  },
};

export const PLUGIN_ID_RULES: RuleDefinitions = {
  'plugin-id/not-lowercase': {
    severity: 'warning',
    description: 'The id has upper-case letters; the server lowercases it.',
  },
  'plugin-id/template-default': { severity: 'error', description: "The id is the starter template's default." },
  'plugin-id/blocked': { severity: 'error', description: "The id is on the server's block list." },
  'plugin-id/reserved-namespace': {
    severity: 'error',
    description:
      "The id is in Mattermost's namespace (com.mattermost.*, mattermost-*) but the repository is not Mattermost's (a warning when no repository is known; a notice when the id is already listed for this plugin or in update mode).",
  },
  'plugin-id/not-reverse-dns': {
    severity: 'warning',
    description:
      'The id does not follow the reverse-DNS convention (a notice when the id is already listed for this plugin or in update mode).',
  },
  'plugin-id/already-listed': {
    severity: 'notice',
    description:
      'The id is already in the Marketplace for this repository (or its homepage / support URL, or its name before a rename): review in update mode.',
  },
  'plugin-id/possible-collision': {
    severity: 'warning',
    description:
      'The id is already in the Marketplace and the tool cannot tell whether it is this plugin (a notice when the listing records no repository).',
  },
  'plugin-id/collision': {
    severity: 'error',
    description: 'The id is already in the Marketplace for another repository.',
  },
  'plugin-id/id-changed': {
    severity: 'warning',
    description: 'This repository was listed in the Marketplace under another id: the id changed.',
  },
};

export const SETTINGS_FORMATTING_RULES: RuleDefinitions = {
  'settings-formatting/label-missing': {
    severity: 'warning',
    description: 'A setting the System Console shows has no display_name.',
  },
  'settings-formatting/label-case': {
    severity: 'warning',
    description:
      'A label is not in Title Case as the System Console writes its own labels: every word capitalised except minor words (a, an, the, and, but, or, nor, as, at, by, for, from, in, into, of, on, onto, per, to, via, vs, with) inside the label; identifiers and text in parentheses are left as written.',
    fix: 'Apply the suggested label; applying every suggestion leaves nothing to report.',
    example: '"display_name": "Enable call recordings" → "Enable Call Recordings"',
  },
  'settings-formatting/label-colon': { severity: 'notice', description: 'Some labels end with ":" and others do not.' },
  'settings-formatting/section-title-case': {
    severity: 'warning',
    description: 'A section title (not drawn by the plugin) is not in Title Case.',
  },
  'settings-formatting/help-missing': {
    severity: 'warning',
    description:
      'A setting the System Console shows has no help_text (custom settings and settings drawn by the plugin are exempt).',
  },
  'settings-formatting/help-capital': {
    severity: 'warning',
    description: 'Help text starts with a lower-case letter.',
  },
  'settings-formatting/help-punctuation': {
    severity: 'warning',
    description:
      'Help text does not end with punctuation (ending with a value after a colon, such as "Example: https://…", is fine).',
  },
  'settings-formatting/bool-when-true': {
    severity: 'notice',
    description: 'The help text of a boolean setting could start "When true, …".',
  },
};

export const ISSUE_TRACKER_URL_RULES: RuleDefinitions = {
  'issue-tracker/support-url-missing': { severity: 'error', description: 'support_url is not set.' },
  'issue-tracker/support-url-invalid': {
    severity: 'error',
    description: 'support_url is not a URL the server accepts.',
  },
  'issue-tracker/not-issue-tracker': {
    severity: 'warning',
    description: 'support_url is on a known forge but not its issues page.',
  },
  'issue-tracker/unknown-host': {
    severity: 'notice',
    description: 'support_url is not on a known public tracker host; a reviewer must confirm it.',
  },
};
