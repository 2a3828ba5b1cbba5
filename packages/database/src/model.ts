/** The plugins.json entry as the Marketplace's Go model writes it (MATTERMOST.md §3). */
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

export type EntryKey = (typeof ENTRY_KEYS)[number];

export const HOSTING_VALUES = ['', 'on-prem', 'cloud'] as const;
export const AUTHOR_TYPES = ['mattermost', 'partner', 'community'] as const;
export const RELEASE_STAGES = ['production', 'beta', 'experimental'] as const;
/** The platform bundles the generator probes, under the names plugins.json stores them. */
export const PLATFORM_KEYS = ['linux-amd64', 'darwin-amd64', 'windows-amd64'] as const;

export const ICON_PREFIX = 'data:image/svg+xml;base64,';

export interface PlatformBundle {
  download_url?: string;
  signature?: string;
}

/** An entry as read from JSON: every field may be missing or of the wrong type until checked. */
export type RawEntry = Record<string, unknown>;

export interface EntryManifest {
  id?: unknown;
  name?: unknown;
  version?: unknown;
  min_server_version?: unknown;
  homepage_url?: unknown;
  support_url?: unknown;
  release_notes_url?: unknown;
  icon_path?: unknown;
  [key: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(record: unknown, key: string): string | undefined {
  if (!isRecord(record)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

export function manifestOf(entry: unknown): Record<string, unknown> | undefined {
  return isRecord(entry) && isRecord(entry.manifest) ? entry.manifest : undefined;
}

/** id + version + hosting: what names one release in the Marketplace. */
export function identityOf(entry: unknown): string {
  const manifest = manifestOf(entry);
  return JSON.stringify([stringField(manifest, 'id') ?? '', stringField(manifest, 'version') ?? '', stringField(entry, 'hosting') ?? '']);
}

/** How an entry is named in messages: `com.example.foo 1.2.0 (cloud)`. */
export function entryLabel(entry: unknown, index: number): string {
  const manifest = manifestOf(entry);
  const id = stringField(manifest, 'id');
  const version = stringField(manifest, 'version');
  const hosting = stringField(entry, 'hosting');
  if (!id) return `entry ${index + 1}`;
  return `${id} ${version || '(no version)'}${hosting ? ` (${hosting})` : ''}`;
}
