import type { Manifest, ManifestServer, PluginOption, PluginSetting, PluginSettingsSection } from '@mm-review/plugin';

/**
 * A JSON object whose keys the Go encoder writes sorted (a Go map). Plain objects cannot
 * carry that order: JavaScript lists integer-like keys ("10", "9") first, in numeric order.
 */
export const GO_MAP = Symbol('go-map');
export type GoMap = Record<string, unknown> & { [GO_MAP]: true };

/**
 * The manifest exactly as the Marketplace generator's Go model re-encodes it into
 * plugins.json: its fields in declaration order, zero values written where the model has
 * no `omitempty`, fields it does not know (`backend`, `required_configuration`, anything
 * else) dropped, and maps (`executables`, `props`, object defaults) marked to be written
 * with sorted keys. The model is the one the production database was last written with
 * (2024-10), whose sections have no `fallback`.
 */
export function normalizeManifest(manifest: Manifest): Record<string, unknown> {
  const out: Record<string, unknown> = { id: manifest.id ?? '', name: manifest.name ?? '' };
  putString(out, 'description', manifest.description);
  putString(out, 'homepage_url', manifest.homepage_url);
  putString(out, 'support_url', manifest.support_url);
  putString(out, 'release_notes_url', manifest.release_notes_url);
  putString(out, 'icon_path', manifest.icon_path);
  out.version = manifest.version ?? '';
  putString(out, 'min_server_version', manifest.min_server_version);
  if (manifest.server) out.server = server(manifest.server);
  if (manifest.webapp) out.webapp = { bundle_path: manifest.webapp.bundle_path ?? '' };
  if (manifest.settings_schema) out.settings_schema = settingsSchema(manifest.settings_schema);
  if (manifest.props && Object.keys(manifest.props).length > 0) out.props = goValue(manifest.props);
  return out;
}

/** `omitempty` on a string: written only when not empty. */
function putString(out: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value) out[key] = value;
}

function server(value: ManifestServer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value.executables && Object.keys(value.executables).length > 0) out.executables = goMap(value.executables);
  out.executable = value.executable ?? '';
  return out;
}

function settingsSchema(schema: NonNullable<Manifest['settings_schema']>): Record<string, unknown> {
  return {
    header: schema.header ?? '',
    footer: schema.footer ?? '',
    settings: schema.settings ? schema.settings.map(setting) : null,
    sections: schema.sections ? schema.sections.map(section) : null,
  };
}

function section(value: PluginSettingsSection | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return {
    key: value.key ?? '',
    title: value.title ?? '',
    subtitle: value.subtitle ?? '',
    settings: value.settings ? value.settings.map(setting) : null,
    header: value.header ?? '',
    footer: value.footer ?? '',
    custom: value.custom ?? false,
  };
}

function setting(value: PluginSetting | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {
    key: value.key ?? '',
    display_name: value.display_name ?? '',
    type: value.type ?? '',
    help_text: value.help_text ?? '',
  };
  putString(out, 'regenerate_help_text', value.regenerate_help_text);
  out.placeholder = value.placeholder ?? '';
  out.default = value.default === undefined ? null : goValue(value.default);
  if (value.options && value.options.length > 0) out.options = value.options.map(option);
  out.hosting = value.hosting ?? '';
  out.secret = value.secret ?? false;
  return out;
}

function option(value: PluginOption | undefined): Record<string, unknown> | null {
  return value ? { display_name: value.display_name ?? '', value: value.value ?? '' } : null;
}

/** An `interface{}` value: Go decodes objects into maps, so they come back with sorted keys. */
function goValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(goValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = goValue(inner);
    return goMap(out);
  }
  return value;
}

function goMap(value: Record<string, unknown>): GoMap {
  const out = { ...value } as GoMap;
  Object.defineProperty(out, GO_MAP, { value: true, enumerable: false });
  return out;
}
