import type { CheckOutcome, Finding, Severity } from '@mm-review/core';
import type { PluginContext } from '../context';
import type { LoadedManifest } from '../manifest/load';
import type { PluginSetting } from '../manifest/schema';
import { isGoValidHttpUrl } from '../manifest/go-url';

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
  const settings = schema?.settings ?? [];
  for (let i = 0; i < settings.length; i++) {
    const setting = settings[i];
    if (setting) refs.push({ setting, path: topLevelSettingPath(i) });
  }
  const sections = schema?.sections ?? [];
  for (let s = 0; s < sections.length; s++) {
    const inSection = sections[s]?.settings ?? [];
    for (let i = 0; i < inSection.length; i++) {
      const setting = inSection[i];
      if (setting) refs.push({ setting, path: `settings_schema.sections.${s}.settings.${i}`, section: s });
    }
  }
  return refs;
}

/** `settings_schema.settings.<i>`, made once per index: every manifest of a 10,000-entry plugins.json asks for the same few. */
const TOP_LEVEL_PATHS: string[] = [];

function topLevelSettingPath(index: number): string {
  if (index >= 256) return `settings_schema.settings.${index}`;
  return (TOP_LEVEL_PATHS[index] ??= `settings_schema.settings.${index}`);
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
 * The server's model.IsValidHTTPURL, exactly: a lower-case http:// or https:// prefix,
 * Go's url.ParseRequestURI accepts it, and it has a host (see manifest/go-url.ts).
 */
export function isValidHttpUrl(value: string): boolean {
  return isGoValidHttpUrl(value);
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
  if (!load.found || !load.loaded.parsed)
    return { status: 'fail', summary: 'No readable manifest (see the manifest check).', findings: [] };
  return body(load.loaded);
}

export const quote = (value: string): string => JSON.stringify(value);
