import { SETTINGS_RULES } from '../rules';
import { skipped, type Check, type Finding } from '@mm-review/core';
import type { LoadedManifest, PluginContext } from '@mm-review/plugin';
import { NO_SERVER_CODE, findingAt, plural, serverCode, sortByLocation, unreadList, type ServerCode } from '../code';
import {
  firstStringArgument,
  importNames,
  packageSelectors,
  type GoField,
  type GoFile,
  type GoStruct,
} from '../go/parse';
import type { ServerProgram } from '../go/program';
import type { GoToken } from '../lex/go';
import { manifestSettings, type ManifestSetting } from '../settings';

const RULE = 'settings-in-console';

export const settingsInConsole: Check<PluginContext> = {
  id: 'settings-in-console',
  requirement: 'product-6',
  title: 'Configuration is done in the System Console',
  rules: SETTINGS_RULES,
  async run(context) {
    const code = await serverCode(context);
    const { program } = code;
    if (program.files.length === 0)
      return skipped(NO_SERVER_CODE('server configuration to compare with the manifest'), `${RULE}/no-server-code`);
    const load = await context.manifest();
    const findings: Finding[] = program.files.flatMap(outsideConfigurationFindings);
    const config = findConfigurationStruct(program);
    const hasSettings = load.found && manifestSettings(load.loaded).length > 0;
    const { unread } = code.server.build;
    if (!config && unread.length > 0) {
      sortByLocation(findings);
      return {
        status: 'manual',
        findings,
        summary: `No configuration struct in the code read here; the plugin's code in ${unreadList(unread)} was not read, so a person must check how it reads its settings.`,
      };
    }
    if (!config && hasSettings) {
      findings.push({
        severity: 'notice',
        rule: `${RULE}/no-configuration-struct`,
        message:
          'No configuration struct was found (the type given to LoadPluginConfiguration); if the plugin has settings, a person must check that the code reads them.',
        file: 'server',
      });
    } else if (config && load.found) {
      findings.push(...compareWithManifest(config, load.loaded, program, code));
    }
    sortByLocation(findings);
    const external = findings.filter(
      (f) => f.rule === `${RULE}/config-file` || f.rule === `${RULE}/config-library`,
    ).length;
    const differences = findings.filter(
      (f) => f.rule === `${RULE}/field-without-setting` || f.rule === `${RULE}/dead-setting`,
    ).length;
    const environment = findings.filter((f) => f.rule === `${RULE}/environment`).length;
    const envNote = environment
      ? ` The code reads ${plural(environment, 'environment variable')} a person should look at (notices).`
      : '';
    const summary = external
      ? `${plural(external, 'place')} where the server reads configuration from outside the System Console.${envNote}`
      : config
        ? `The ${config.struct.name} struct (${config.file.path}) and the manifest settings${differences ? ` differ in ${plural(differences, 'place')}` : ' match'}.${envNote}`
        : `No configuration struct found; no configuration file or library read.${envNote}`;
    return { findings, summary };
  },
};

interface ConfigStruct {
  file: GoFile;
  struct: GoStruct;
}

/**
 * The type given to LoadPluginConfiguration, wherever the call and the type are declared:
 * `new(configuration)`, `&config.Configuration{}`, a variable (`var cfg configuration`,
 * `cfg := new(configuration)`) or a field (`c.configuration`, whose declared type is used);
 * else a struct named `configuration`.
 */
export function findConfigurationStruct(program: ServerProgram): ConfigStruct | undefined {
  const structs = new Map<string, ConfigStruct[]>();
  for (const file of program.files)
    for (const struct of file.structs)
      structs.set(struct.name, [...(structs.get(struct.name) ?? []), { file, struct }]);
  const pick = (name: string | undefined, from: GoFile): ConfigStruct | undefined => {
    const found = name ? structs.get(name) : undefined;
    if (!found?.length) return undefined;
    const dir = from.path.slice(0, from.path.lastIndexOf('/') + 1);
    return found.find((c) => c.file.path.startsWith(dir) && !c.file.path.slice(dir.length).includes('/')) ?? found[0];
  };
  for (const file of program.files) {
    const { tokens } = file;
    for (let i = 1; i + 1 < tokens.length; i++) {
      if (tokens[i]?.text !== 'LoadPluginConfiguration' || tokens[i - 1]?.text !== '.' || tokens[i + 1]?.text !== '(')
        continue;
      const found = pick(loadedTypeName(file, i + 1, program), file);
      if (found) return found;
    }
  }
  return structs.get('configuration')?.[0] ?? structs.get('Configuration')?.[0];
}

/** `*pkg.T` → `T`. */
function baseTypeName(type: string): string | undefined {
  const match = /^[*&]*(?:\w+\.)?(\w+)$/.exec(type.trim());
  return match?.[1];
}

/** The type named by `new(T)`, `&T{`, `T{` starting at token j (package qualifiers dropped). */
function constructedType(tokens: readonly GoToken[], j: number): string | undefined {
  let k = j;
  if (tokens[k]?.text === '&') k++;
  if (tokens[k]?.text === 'new' && tokens[k + 1]?.text === '(') k += 2;
  if (tokens[k]?.kind !== 'ident') return undefined;
  if (tokens[k + 1]?.text === '.' && tokens[k + 2]?.kind === 'ident') k += 2;
  const after = tokens[k + 1]?.text;
  return after === '{' || after === ')' ? tokens[k]?.text : undefined;
}

function loadedTypeName(file: GoFile, open: number, program: ServerProgram): string | undefined {
  const { tokens } = file;
  const close = file.match[open] ?? -1;
  const args = tokens.slice(open + 1, close === -1 ? open + 1 : close);
  const constructed = constructedType(args, 0);
  if (constructed) return constructed;
  const k = args[0]?.text === '&' ? 1 : 0;
  // `c.configuration`: the declared type of that field.
  if (
    args[k]?.kind === 'ident' &&
    args[k + 1]?.text === '.' &&
    args[k + 2]?.kind === 'ident' &&
    args.length === k + 3
  ) {
    const field = args[k + 2]?.text;
    for (const f of program.files)
      for (const struct of f.structs)
        for (const fl of struct.fields) if (fl.name === field) return baseTypeName(fl.type);
    return undefined;
  }
  const variable = args[k]?.kind === 'ident' && args.length === k + 1 ? args[k]?.text : undefined;
  if (!variable) return undefined;
  // `var cfg configuration`, `cfg := new(configuration)`, `cfg := &configuration{}` before the call.
  for (let i = open - 1; i >= 0 && open - i < 5000; i--) {
    if (tokens[i]?.text !== variable || tokens[i - 1]?.text === '.') continue;
    const next = tokens[i + 1]?.text;
    if (next === ':=' || next === '=') {
      const type = constructedType(tokens, i + 2);
      if (type) return type;
    } else if (tokens[i - 1]?.text === 'var') {
      if (next === '=') continue;
      const type = tokens.slice(i + 1, i + 5);
      const dotted = type[1]?.text === '.' ? type[2]?.text : type[0]?.text;
      return type[0]?.text === '*' ? type[1]?.text : dotted;
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
      const inner = program.files.flatMap((file) =>
        file.structs.filter((s) => s.name === field.name).map((struct) => ({ file, struct })),
      )[0];
      if (inner) fields.push(...configFields(inner, program, depth + 1));
      continue;
    }
    if (!/^\p{Lu}/u.test(field.name)) continue;
    fields.push({ file: config.file, field, key: tagName || field.name });
  }
  return fields;
}

function compareWithManifest(
  config: ConfigStruct,
  manifest: LoadedManifest,
  program: ServerProgram,
  code: ServerCode,
): Finding[] {
  const fields = configFields(config, program);
  const settings = manifestSettings(manifest);
  const settingKeys = new Set(settings.map((s) => s.key.toLowerCase()));
  const fieldKeys = new Set(fields.map((f) => f.key.toLowerCase()));
  const findings: Finding[] = [];
  const written = writtenFields(program);
  for (const { file, field, key } of fields) {
    if (settingKeys.has(key.toLowerCase())) continue;
    // A field the code fills itself (from the license, another setting, a migration) is not one administrators set.
    if (written.has(field.name)) continue;
    findings.push(
      findingAt(
        file,
        field.offset,
        'notice',
        `${RULE}/field-without-setting`,
        `The configuration field ${field.name}${key !== field.name ? ` (json "${key}")` : ''} has no setting in ${manifest.file}: if administrators are meant to set it, they can only do so outside the System Console (in config.json); add a setting with "key": "${key}" to settings_schema, or move the value out of the configuration struct if the plugin fills it itself.`,
      ),
    );
  }
  const mentioned = mentionedKeys(code);
  for (const setting of settings) {
    if (fieldKeys.has(setting.key.toLowerCase())) continue;
    // Read by name elsewhere: the webapp, or the server's raw plugin settings map.
    if (mentioned.has(setting.key.toLowerCase())) continue;
    findings.push(deadSettingFinding(setting, config, manifest));
  }
  return findings;
}

/** Names of fields the code assigns (`cfg.Field = …`, `Field: …` in a composite literal is not counted). */
/** Lower-cased string literals of the server code and identifiers and strings of the webapp: where a setting key can be read by name. */
function mentionedKeys(code: ServerCode): Set<string> {
  const keys = new Set<string>();
  for (const file of code.program.files)
    for (const token of file.tokens)
      if (token.kind === 'string' && token.value && token.value.length < 80) keys.add(token.value.toLowerCase());
  for (const file of code.webapp.files) {
    for (const token of file.tokens) {
      if (token.kind === 'ident') keys.add(token.text.toLowerCase());
      else if (token.kind === 'literal' && /^['"`]/.test(token.text)) keys.add(token.text.slice(1, -1).toLowerCase());
    }
  }
  return keys;
}

function writtenFields(program: ServerProgram): Set<string> {
  const written = new Set<string>();
  for (const file of program.files) {
    const { tokens } = file;
    for (let i = 1; i + 1 < tokens.length; i++) {
      if (tokens[i - 1]?.text === '.' && tokens[i]?.kind === 'ident' && /^(=|\+=)$/.test(tokens[i + 1]?.text ?? ''))
        written.add(tokens[i]?.text as string);
    }
  }
  return written;
}

function deadSettingFinding(setting: ManifestSetting, config: ConfigStruct, manifest: LoadedManifest): Finding {
  const custom = setting.type === 'custom';
  const message = custom
    ? `The custom setting "${setting.key}" has no field in the ${config.struct.name} struct; that is fine if only the webapp's custom component uses it, otherwise add the field.`
    : `The setting "${setting.key}" has no field in the ${config.struct.name} struct (${config.file.path}), so the server never reads what administrators enter; add ${fieldFor(setting.key)} to the struct, or remove the setting.`;
  return {
    severity: custom ? 'notice' : 'warning',
    rule: `${RULE}/dead-setting`,
    message,
    ...manifest.at(setting.path + '.key'),
  };
}

/** The field that would receive a setting: `Unused` for "Unused", a tagged one for "channel_name". */
function fieldFor(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key)
    ? `a field ${key.charAt(0).toUpperCase()}${key.slice(1)}`
    : `a field tagged \`json:"${key}"\``;
}

const ENV_FUNCS = new Set(['Getenv', 'LookupEnv', 'Environ', 'ExpandEnv']);

/**
 * Variables the hosting platform or the operating system sets, not an administrator
 * configuring the plugin: Mattermost Cloud's installation id, the server's own MM_* settings
 * and feature flags, Kubernetes, the process environment.
 */
export function isPlatformVariable(name: string): boolean {
  return (
    /^MM_(CLOUD_|SERVICEENVIRONMENT$|FEATUREFLAGS_|SERVICESETTINGS_|PLUGINSETTINGS_|LOGSETTINGS_|SQLSETTINGS_|FILESETTINGS_|CLUSTERSETTINGS_)/.test(
      name,
    ) ||
    /^(KUBERNETES_|POD_|AWS_|HOSTNAME$|HOME$|PATH$|TMPDIR$|TEMP$|TMP$|USER$|PWD$|LANG$|TZ$|SHELL$|CI$|GITHUB_)/.test(
      name,
    )
  );
}
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
  const consoleFix =
    'add a setting to settings_schema in the manifest and read it from the configuration struct instead';
  for (const i of packageSelectors(
    file,
    importNames(file, (p) => p === 'os' || p === 'syscall'),
    ENV_FUNCS,
  )) {
    const name = firstStringArgument(file, i + 3);
    const fn = file.tokens[i + 2]?.text;
    if (name?.value && isPlatformVariable(name.value)) continue;
    // os.Environ() hands the environment on (to a child process), it reads no setting.
    if (fn === 'Environ') continue;
    const what = name?.value ? `the environment variable ${name.value}` : 'an environment variable';
    findings.push(
      findingAt(
        file,
        (file.tokens[i] as GoToken).offset,
        'notice',
        `${RULE}/environment`,
        `The server reads ${what}. If administrators must set it to configure the plugin, that is configuration outside the System Console (and it can differ between cluster nodes): ${consoleFix}. An override for development or for the hosting platform needs no change.`,
      ),
    );
  }
  const ioutil = importNames(file, (p) => p === 'io/ioutil');
  const os = importNames(file, (p) => p === 'os');
  for (const i of [
    ...packageSelectors(file, os, READ_FUNCS),
    ...packageSelectors(file, ioutil, new Set(['ReadFile'])),
  ]) {
    const path = firstStringArgument(file, i + 3);
    if (!path?.value || !isConfigFileName(path.value)) continue;
    findings.push(
      findingAt(
        file,
        (file.tokens[i] as GoToken).offset,
        'warning',
        `${RULE}/config-file`,
        `The server reads its own configuration file "${path.value}", which administrators cannot edit in the System Console and which is missing on other cluster nodes; ${consoleFix}.`,
      ),
    );
  }
  for (const imp of file.imports) {
    const library = Object.entries(CONFIG_LIBRARIES).find(
      ([prefix]) => imp.path === prefix || imp.path.startsWith(`${prefix}/`),
    )?.[1];
    if (!library) continue;
    findings.push(
      findingAt(
        file,
        imp.offset,
        'warning',
        `${RULE}/config-library`,
        `The server imports ${imp.path}, a library for reading configuration from files or environment variables, which bypasses the System Console; ${consoleFix}.`,
      ),
    );
  }
  return findings;
}
