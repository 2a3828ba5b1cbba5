import { skipped, type Check, type Finding } from '@mm-review/core';
import type { LoadedManifest, PluginContext } from '@mm-review/plugin';
import { findingAt, plural, serverCode, sortByLocation } from '../code';
import { firstStringArgument, importNames, packageSelectors, type GoField, type GoFile, type GoStruct } from '../go/parse';
import type { ServerProgram } from '../go/program';
import type { GoToken } from '../lex/go';
import { manifestSettings, type ManifestSetting } from '../settings';

const RULE = 'settings-in-console';

export const settingsInConsole: Check<PluginContext> = {
  id: 'settings-in-console',
  requirement: 'product-6',
  title: 'Configuration is done in the System Console',
  async run(context) {
    const code = await serverCode(context);
    const { program } = code;
    if (program.files.length === 0) return skipped('No server/**/*.go source files were found, so there is no server configuration to compare with the manifest.', `${RULE}/no-server-code`);
    const load = await context.manifest();
    const findings: Finding[] = program.files.flatMap(outsideConfigurationFindings);
    const config = findConfigurationStruct(program);
    const hasSettings = load.found && manifestSettings(load.loaded).length > 0;
    if (!config && hasSettings) {
      findings.push({ severity: 'notice', rule: `${RULE}/no-configuration-struct`, message: 'No configuration struct was found (the type given to LoadPluginConfiguration); if the plugin has settings, a person must check that the code reads them.', file: 'server' });
    } else if (config && load.found) {
      findings.push(...compareWithManifest(config, load.loaded, program));
    }
    sortByLocation(findings);
    const external = findings.filter((f) => f.severity === 'error').length;
    const summary = external
      ? `${plural(external, 'place')} where the server reads configuration from outside the System Console.`
      : config
        ? `The ${config.struct.name} struct (${config.file.path}) and the manifest settings${findings.length ? ` differ in ${plural(findings.length, 'place')}` : ' match'}.`
        : 'No configuration read from environment variables or files; no configuration struct found.';
    return { findings, summary };
  },
};

interface ConfigStruct {
  file: GoFile;
  struct: GoStruct;
}

/**
 * The type given to LoadPluginConfiguration (`new(configuration)`, `&configuration{}`,
 * or a variable declared with it); else a struct named `configuration`.
 */
export function findConfigurationStruct(program: ServerProgram): ConfigStruct | undefined {
  const structs = new Map(program.files.flatMap((file) => file.structs.map((struct) => [struct.name, { file, struct }] as const)));
  for (const call of program.calls) {
    if (!call.methods.includes('LoadPluginConfiguration')) continue;
    const name = loadedTypeName(call.file, call.index + 1);
    const found = name ? structs.get(name) : undefined;
    if (found) return found;
  }
  return structs.get('configuration') ?? structs.get('Configuration');
}

function loadedTypeName(file: GoFile, open: number): string | undefined {
  const { tokens } = file;
  const args = tokens.slice(open + 1, (file.match[open] ?? open) + 1);
  const newCall = args.findIndex((t) => t.text === 'new');
  if (newCall !== -1) return args[newCall + 2]?.text;
  if (args[0]?.text === '&' && args[1]?.kind === 'ident') return args[1].text;
  const variable = args.find((t) => t.kind === 'ident')?.text;
  if (!variable) return undefined;
  // `var cfg configuration`, `cfg := new(configuration)`, `cfg := &configuration{}` before the call.
  for (let i = open - 1; i >= 0; i--) {
    if (tokens[i]?.text !== variable || tokens[i - 1]?.text === '.') continue;
    const next = tokens.slice(i + 1, i + 5);
    if (next[0]?.text === ':=' || next[0]?.text === '=') {
      if (next[1]?.text === 'new') return next[3]?.text;
      if (next[1]?.text === '&') return next[2]?.text;
      if (next[1]?.kind === 'ident' && next[2]?.text === '{') return next[1].text;
    } else if (tokens[i - 1]?.text === 'var') {
      return next.find((t) => t.kind === 'ident')?.text;
    }
  }
  return undefined;
}

interface ConfigField {
  file: GoFile;
  field: GoField;
  /** The name the server's JSON decoding matches against a setting key. */
  key: string;
}

/** Exported fields as encoding/json sees them: json tag names, embedded structs flattened, `json:"-"` left out. */
function configFields(config: ConfigStruct, program: ServerProgram, depth = 0): ConfigField[] {
  const fields: ConfigField[] = [];
  for (const field of config.struct.fields) {
    const tagName = field.tag ? /(?:^|\s)json:"([^",]*)/.exec(field.tag)?.[1] : undefined;
    if (tagName === '-') continue;
    if (field.embedded && !tagName && depth < 3) {
      const inner = program.files.flatMap((file) => file.structs.filter((s) => s.name === field.name).map((struct) => ({ file, struct })))[0];
      if (inner) fields.push(...configFields(inner, program, depth + 1));
      continue;
    }
    if (!/^\p{Lu}/u.test(field.name)) continue;
    fields.push({ file: config.file, field, key: tagName || field.name });
  }
  return fields;
}

function compareWithManifest(config: ConfigStruct, manifest: LoadedManifest, program: ServerProgram): Finding[] {
  const fields = configFields(config, program);
  const settings = manifestSettings(manifest);
  const settingKeys = new Set(settings.map((s) => s.key.toLowerCase()));
  const fieldKeys = new Set(fields.map((f) => f.key.toLowerCase()));
  const findings: Finding[] = [];
  for (const { file, field, key } of fields) {
    if (settingKeys.has(key.toLowerCase())) continue;
    findings.push(
      findingAt(file, field.offset, 'warning', `${RULE}/field-without-setting`, `The configuration field ${field.name}${key !== field.name ? ` (json "${key}")` : ''} has no setting in ${manifest.file}, so administrators cannot set it in the System Console; add a setting with "key": "${key}" to settings_schema, or move the value out of the configuration struct.`),
    );
  }
  for (const setting of settings) {
    if (fieldKeys.has(setting.key.toLowerCase())) continue;
    findings.push(deadSettingFinding(setting, config, manifest));
  }
  return findings;
}

function deadSettingFinding(setting: ManifestSetting, config: ConfigStruct, manifest: LoadedManifest): Finding {
  const custom = setting.type === 'custom';
  const message = custom
    ? `The custom setting "${setting.key}" has no field in the ${config.struct.name} struct; that is fine if only the webapp's custom component uses it, otherwise add the field.`
    : `The setting "${setting.key}" has no field in the ${config.struct.name} struct (${config.file.path}), so the server never reads what administrators enter; add ${fieldFor(setting.key)} to the struct, or remove the setting.`;
  return { severity: custom ? 'notice' : 'warning', rule: `${RULE}/dead-setting`, message, ...manifest.at(setting.path + '.key') };
}

/** The field that would receive a setting: `Unused` for "Unused", a tagged one for "channel_name". */
function fieldFor(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? `a field ${key.charAt(0).toUpperCase()}${key.slice(1)}` : `a field tagged \`json:"${key}"\``;
}

const ENV_FUNCS = new Set(['Getenv', 'LookupEnv', 'Environ', 'ExpandEnv']);
const READ_FUNCS = new Set(['Open', 'ReadFile', 'OpenFile']);
/** `.env`, `app.ini`, `config.json`, `settings.yaml`, `credentials`; not `emoji.json` or `settings.png`. */
export function isConfigFileName(path: string): boolean {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  if (/^\.env(\..+)?$/.test(base) || /\.(ini|conf|cfg|toml|properties|env)$/.test(base)) return true;
  return /config|settings|credentials|secrets?/.test(base) && (/\.(json|ya?ml)$/.test(base) || !base.includes('.'));
}
const CONFIG_LIBRARIES: Record<string, string> = {
  'github.com/spf13/viper': 'viper',
  'github.com/joho/godotenv': 'godotenv',
  'github.com/kelseyhightower/envconfig': 'envconfig',
  'github.com/caarlos0/env': 'env',
};

/** Configuration read from environment variables or files the plugin opens itself. */
function outsideConfigurationFindings(file: GoFile): Finding[] {
  const findings: Finding[] = [];
  const consoleFix = 'add a setting to settings_schema in the manifest and read it from the configuration struct instead';
  for (const i of packageSelectors(file, importNames(file, (p) => p === 'os' || p === 'syscall'), ENV_FUNCS)) {
    const name = firstStringArgument(file, i + 3);
    const what = name?.value ? `the environment variable ${name.value}` : 'environment variables';
    findings.push(findingAt(file, (file.tokens[i] as GoToken).offset, 'error', `${RULE}/environment`, `The server reads ${what}, which administrators cannot see or change in the System Console (and which differ between cluster nodes); ${consoleFix}.`));
  }
  const ioutil = importNames(file, (p) => p === 'io/ioutil');
  const os = importNames(file, (p) => p === 'os');
  for (const i of [...packageSelectors(file, os, READ_FUNCS), ...packageSelectors(file, ioutil, new Set(['ReadFile']))]) {
    const path = firstStringArgument(file, i + 3);
    if (!path?.value || !isConfigFileName(path.value)) continue;
    findings.push(findingAt(file, (file.tokens[i] as GoToken).offset, 'error', `${RULE}/config-file`, `The server reads its own configuration file "${path.value}", which administrators cannot edit in the System Console and which is missing on other cluster nodes; ${consoleFix}.`));
  }
  for (const imp of file.imports) {
    const library = Object.entries(CONFIG_LIBRARIES).find(([prefix]) => imp.path === prefix || imp.path.startsWith(`${prefix}/`))?.[1];
    if (!library) continue;
    findings.push(findingAt(file, imp.offset, 'error', `${RULE}/config-library`, `The server imports ${imp.path}, a library for reading configuration from files or environment variables, which bypasses the System Console; ${consoleFix}.`));
  }
  return findings;
}
