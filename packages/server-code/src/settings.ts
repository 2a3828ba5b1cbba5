import type { LoadedManifest, PluginSetting } from '@mm-review/plugin';

export interface ManifestSetting extends PluginSetting {
  key: string;
  /** Canonical manifest path of the setting, e.g. `settings_schema.sections.1.settings.0`. */
  path: string;
}

/** Every setting with a key, top-level and inside sections, with where it is in the manifest. */
export function manifestSettings(manifest: LoadedManifest): ManifestSetting[] {
  const schema = manifest.manifest.settings_schema;
  const settings: ManifestSetting[] = [];
  const add = (list: readonly PluginSetting[] | null | undefined, base: string): void => {
    (list ?? []).forEach((setting, index) => {
      if (setting && typeof setting.key === 'string' && setting.key.trim() !== '')
        settings.push({ ...setting, key: setting.key, path: `${base}.${index}` });
    });
  };
  add(schema?.settings, 'settings_schema.settings');
  (schema?.sections ?? []).forEach((section, index) =>
    add(section?.settings, `settings_schema.sections.${index}.settings`),
  );
  return settings;
}
