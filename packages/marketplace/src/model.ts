/**
 * The plugins.json entry as the Marketplace's Go model writes it: the fields of
 * `model.Plugin` (mattermost-marketplace, model/plugin.go) in declaration order, without
 * `labels`, which is `omitempty` and so absent from every real entry.
 */
export const ENTRY_KEYS = [
  'homepage_url',
  'icon_data',
  'download_url',
  'release_notes_url',
  'hosting',
  'author_type',
  'release_stage',
  'enterprise',
  'signature',
  'repo_name',
  'manifest',
  'platforms',
  'updated_at',
] as const;

export type EntryField = (typeof ENTRY_KEYS)[number];

/** The platform bundles the generator probes, under the names plugins.json stores them. */
export const PLATFORM_KEYS = ['linux-amd64', 'darwin-amd64', 'windows-amd64'] as const;

export type PlatformKey = (typeof PLATFORM_KEYS)[number];

/** What icon_data starts with: the plugin's SVG icon as a base64 data URL. */
export const ICON_PREFIX = 'data:image/svg+xml;base64,';
