/**
 * The manifest's Go model (server/public/model/manifest.go) as a field tree: what the
 * decoder accepts, field by field, with the JSON names the model declares.
 */
export type FieldSpec =
  | { type: 'string' }
  | { type: 'bool' }
  | { type: 'any' }
  | { type: 'object'; fields: Record<string, FieldSpec> }
  | { type: 'array'; items: FieldSpec }
  | { type: 'map'; values: FieldSpec };

const string: FieldSpec = { type: 'string' };
const bool: FieldSpec = { type: 'bool' };
const any: FieldSpec = { type: 'any' };

const option: FieldSpec = { type: 'object', fields: { display_name: string, value: string } };

const setting: FieldSpec = {
  type: 'object',
  fields: {
    key: string,
    display_name: string,
    type: string,
    help_text: string,
    regenerate_help_text: string,
    placeholder: string,
    default: any,
    options: { type: 'array', items: option },
    hosting: string,
    secret: bool,
  },
};

const section: FieldSpec = {
  type: 'object',
  fields: {
    key: string,
    title: string,
    subtitle: string,
    settings: { type: 'array', items: setting },
    header: string,
    footer: string,
    custom: bool,
    fallback: bool,
  },
};

const server: FieldSpec = {
  type: 'object',
  fields: { executables: { type: 'map', values: string }, executable: string },
};

export const MANIFEST_SPEC: FieldSpec = {
  type: 'object',
  fields: {
    id: string,
    name: string,
    description: string,
    homepage_url: string,
    support_url: string,
    release_notes_url: string,
    icon_path: string,
    version: string,
    min_server_version: string,
    server,
    backend: server,
    webapp: { type: 'object', fields: { bundle_path: string } },
    settings_schema: {
      type: 'object',
      fields: {
        header: string,
        footer: string,
        settings: { type: 'array', items: setting },
        sections: { type: 'array', items: section },
      },
    },
    props: { type: 'map', values: any },
    required_configuration: any,
  },
};

/** Fields the server no longer reads; the starter template's build rejects them. */
export const OBSOLETE_FIELDS: Record<string, string> = {
  backend: 'the server has ignored `backend` since 6.0; declare the server binaries under `server.executables`',
  required_configuration: 'the server has ignored `required_configuration` since 9.0; remove it',
};

export interface PluginOption {
  display_name?: string;
  value?: string;
}

export interface PluginSetting {
  key?: string;
  display_name?: string;
  type?: string;
  help_text?: string;
  regenerate_help_text?: string;
  placeholder?: string;
  default?: unknown;
  options?: PluginOption[] | null;
  hosting?: string;
  secret?: boolean;
}

export interface PluginSettingsSection {
  key?: string;
  title?: string;
  subtitle?: string;
  settings?: PluginSetting[] | null;
  header?: string;
  footer?: string;
  custom?: boolean;
  fallback?: boolean;
}

export interface ManifestServer {
  executables?: Record<string, string>;
  executable?: string;
}

/** The manifest as decoded: canonical field names; absent fields are undefined. */
export interface Manifest {
  id?: string;
  name?: string;
  description?: string;
  homepage_url?: string;
  support_url?: string;
  release_notes_url?: string;
  icon_path?: string;
  version?: string;
  min_server_version?: string;
  server?: ManifestServer;
  backend?: ManifestServer;
  webapp?: { bundle_path?: string };
  settings_schema?: {
    header?: string;
    footer?: string;
    settings?: PluginSetting[] | null;
    sections?: PluginSettingsSection[] | null;
  };
  props?: Record<string, unknown>;
  required_configuration?: unknown;
}
