import { goFieldFor, none } from '@mm-review/core';
import { ENTRY_KEYS, ICON_PREFIX, PLATFORM_KEYS, type EntryField } from '@mm-review/marketplace';

export { ENTRY_KEYS, PLATFORM_KEYS, ICON_PREFIX };

export type EntryKey = EntryField;

/** Every field of `model.Plugin` a key can set: the written ones and `labels` (`[]PluginLabel`, omitempty). */
export const MODEL_FIELDS: readonly string[] = [...ENTRY_KEYS, 'labels'];
const MODEL_FIELD_SET = new Set(MODEL_FIELDS);

/**
 * An entry as `model.Plugin` reads it (encoding/json, PluginsFromReader in
 * model/plugin.go): keys matched to fields ignoring case, unknown keys dropped, the last
 * duplicate kept. `renamed` lists keys that set a field under another spelling.
 */
export interface EntryView {
  fields: Record<string, unknown>;
  renamed: readonly { key: string; field: string }[];
  unknown: readonly string[];
}

/** Views of entries whose keys are not all the model's own names (few): built once each. */
const views = new WeakMap<object, EntryView>();

export function entryView(entry: Record<string, unknown>): EntryView {
  // The usual entry has exactly the model's key names: read it as it is. Checked on each
  // call rather than cached: a WeakMap entry for each of 10,000 entries costs more (to set,
  // and to every garbage collection) than the dozen lookups.
  let exact = true;
  for (const key in entry) {
    if (!MODEL_FIELD_SET.has(key)) {
      exact = false;
      break;
    }
  }
  if (exact) return { fields: entry, renamed: none(), unknown: none() };
  const cached = views.get(entry);
  if (cached) return cached;
  const fields: Record<string, unknown> = {};
  const renamed: { key: string; field: string }[] = [];
  const unknown: string[] = [];
  for (const key of Object.keys(entry)) {
    const field = goFieldFor(key, MODEL_FIELDS);
    if (field === undefined) {
      unknown.push(key);
      continue;
    }
    if (field !== key) renamed.push({ key, field });
    fields[field] = entry[key];
  }
  const view = { fields, renamed, unknown };
  views.set(entry, view);
  return view;
}

/** The entry's fields as the Go model reads them (see entryView). */
export function modelFields(entry: unknown): Record<string, unknown> | undefined {
  return isRecord(entry) ? entryView(entry).fields : undefined;
}

export const HOSTING_VALUES = ['', 'on-prem', 'cloud'] as const;
export const AUTHOR_TYPES = ['mattermost', 'partner', 'community'] as const;
export const RELEASE_STAGES = ['production', 'beta', 'experimental'] as const;
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
  const fields = modelFields(entry);
  return fields && isRecord(fields.manifest) ? fields.manifest : undefined;
}

/** A top-level string field of an entry as the Go model reads it. */
export function entryString(entry: unknown, key: string): string | undefined {
  return stringField(modelFields(entry), key);
}

/** id + version + hosting: what names one release in the Marketplace. */
export function identityOf(entry: unknown): string {
  const manifest = manifestOf(entry);
  return JSON.stringify([
    stringField(manifest, 'id') ?? '',
    stringField(manifest, 'version') ?? '',
    entryString(entry, 'hosting') ?? '',
  ]);
}

/** How an entry is named in messages: `com.example.foo 1.2.0 (cloud)`. */
export function entryLabel(entry: unknown, index: number): string {
  const manifest = manifestOf(entry);
  const id = stringField(manifest, 'id');
  const version = stringField(manifest, 'version');
  const hosting = entryString(entry, 'hosting');
  if (!id) return `entry ${index + 1}`;
  return `${id} ${version || '(no version)'}${hosting ? ` (${hosting})` : ''}`;
}
