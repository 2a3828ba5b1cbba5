import type { CheckOutcome, Finding, Severity } from '@mm-review/core';
import type { PluginContext } from '../context';
import type { LoadedManifest } from '../manifest/load';
import type { PluginSetting } from '../manifest/schema';

export interface SettingRef {
  setting: PluginSetting;
  /** Canonical path, e.g. `settings_schema.sections.1.settings.0`. */
  path: string;
  /** Index of the section holding it, when it is inside one. */
  section?: number;
}

/** Every setting, top level first, then section by section, with its path. */
export function allSettings(manifest: LoadedManifest['manifest']): SettingRef[] {
  const schema = manifest.settings_schema;
  const refs: SettingRef[] = [];
  (schema?.settings ?? []).forEach((setting, i) => {
    if (setting) refs.push({ setting, path: `settings_schema.settings.${i}` });
  });
  (schema?.sections ?? []).forEach((section, s) => {
    (section?.settings ?? []).forEach((setting, i) => {
      if (setting) refs.push({ setting, path: `settings_schema.sections.${s}.settings.${i}`, section: s });
    });
  });
  return refs;
}

/** A finding located at a manifest field (its value, or its key). */
export function at(
  loaded: LoadedManifest,
  path: string,
  severity: Severity,
  rule: string,
  message: string,
  which: 'key' | 'value' = 'value',
): Finding {
  return { severity, rule, message, ...loaded.at(path, which) };
}

/**
 * The server's IsValidHTTPURL: a lower-case http:// or https:// prefix and an
 * absolute URL with a host (Go's url.ParseRequestURI also refuses spaces).
 */
export function isValidHttpUrl(value: string): boolean {
  if (!value.startsWith('http://') && !value.startsWith('https://')) return false;
  if (/[\s\u0000-\u001f]/.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Runs a check body on the loaded manifest, or reports why it cannot: the `manifest`
 * check already explains a missing or unloadable manifest, so others only point there.
 */
export async function withManifest(
  context: PluginContext,
  body: (loaded: LoadedManifest) => Promise<CheckOutcome> | CheckOutcome,
): Promise<CheckOutcome> {
  const load = await context.manifest();
  if (!load.found || !load.loaded.parsed) return { status: 'fail', summary: 'No readable manifest (see the manifest check).', findings: [] };
  return body(load.loaded);
}

export const quote = (value: string): string => JSON.stringify(value);
