import path from 'node:path';
import { MANIFEST_RULES } from './rules';
import { appendAll, none, type Check, type Finding, type ReadResult } from '@mm-review/core';
import type { PluginContext } from '../context';
import { isServerSemver, semverProblem, strictSemverError } from '../facts/index';
import { goHttpUrlProblem, goTrimSpace } from '../manifest/go-url';
import type { LoadedManifest } from '../manifest/load';
import { allSettings, at, quote, type SettingRef } from './shared';

/** Setting types the server accepts (model.PluginSettingType). */
export const SETTING_TYPES = [
  'bool',
  'dropdown',
  'generated',
  'radio',
  'text',
  'longtext',
  'number',
  'username',
  'custom',
];
const PLACEHOLDER_TYPES = ['generated', 'text', 'longtext', 'number', 'username', 'custom'];
const OPTION_TYPES = ['radio', 'dropdown'];
const SETTING_HOSTING = ['', 'cloud', 'on-prem'];
const STRING_DEFAULT_TYPES = ['text', 'longtext', 'dropdown', 'radio', 'generated', 'username'];
const ID_PATTERN = /^[a-zA-Z0-9-_.]+$/;
const VERSION_FIELDS = [
  ['version', 'Version'],
  ['min_server_version', 'MinServerVersion'],
] as const;
const URL_FIELDS = [
  ['homepage_url', 'HomepageURL'],
  ['support_url', 'SupportURL'],
  ['release_notes_url', 'ReleaseNotesURL'],
] as const;

/**
 * `manifest`: the manifest is found and passes every rule the server enforces at
 * install and activation and every rule of `IsValid()` (with its exact message).
 */
export const manifestCheck: Check<PluginContext> = {
  id: 'manifest',
  requirement: null,
  title: 'Plugin manifest',
  rules: MANIFEST_RULES,
  async run(context) {
    const load = await context.manifest();
    if (!load.found) return { findings: load.findings, summary: 'No manifest the server can read.' };
    const { loaded } = load;
    if (!loaded.parsed)
      return { findings: load.findings, summary: `${loaded.file} does not parse; the server cannot load it.` };
    const findings = [...load.findings, ...manifestRuleFindings(loaded), ...(await iconRule(loaded, context))];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const summary = errors
      ? `${loaded.file} has ${errors} error${errors === 1 ? '' : 's'}${loaded.loadable ? '' : '; the server cannot load it'}.`
      : `${loaded.file} is valid.`;
    return { findings, summary };
  },
};

/**
 * Every rule of the server and IsValid() plus the Marketplace's setting rules, on a
 * decoded manifest with no files around it (a bundle's or a database entry's manifest).
 * The icon rule needs the files and is applied by the check.
 */
export function manifestRuleFindings(loaded: LoadedManifest): Finding[] {
  const findings: Finding[] = [];
  if (!loaded.parsed) return findings;
  append(findings, idRule(loaded));
  append(findings, nameRule(loaded));
  append(findings, urlRules(loaded));
  append(findings, versionRules(loaded));
  append(findings, componentRules(loaded));
  append(findings, settingsRules(loaded));
  return findings;
}

const NONE = none<Finding>();
const append = appendAll<Finding>;

function idRule(loaded: LoadedManifest): Finding[] {
  const id = loaded.manifest.id ?? '';
  if (id.length >= 3 && id.length <= 190 && ID_PATTERN.test(id)) return NONE;
  const why =
    id === ''
      ? 'it is missing'
      : id.length < 3
        ? 'it is shorter than 3 characters'
        : id.length > 190
          ? 'it is longer than 190 characters'
          : 'it may only contain letters, digits, "-", "_" and "."';
  return [
    at(
      loaded,
      'id',
      'error',
      'manifest/id-invalid',
      `invalid plugin ID: ${why}; use 3 to 190 characters of [a-z0-9._-], such as com.example.my-plugin.`,
    ),
  ];
}

function nameRule(loaded: LoadedManifest): Finding[] {
  const name = loaded.manifest.name ?? '';
  if (goTrimSpace(name) !== '') return NONE;
  const what = name === '' ? '"name" is missing or empty' : `"name" is only white space (${quote(name)})`;
  return [
    at(
      loaded,
      'name',
      'error',
      'manifest/name-missing',
      `a plugin name is needed: ${what}; set it to the name the System Console shows, such as "Weather".`,
    ),
  ];
}

function urlRules(loaded: LoadedManifest): Finding[] {
  const findings: Finding[] = [];
  for (const [field, goName] of URL_FIELDS) {
    const value = loaded.manifest[field];
    if (value === undefined || value === '') continue;
    const problem = goHttpUrlProblem(value);
    if (problem) {
      const placeholder = /__[A-Z_]+__|\{\{|<[a-z-]+>/i.test(value)
        ? ' It looks like a template placeholder that was never filled in.'
        : '';
      findings.push(
        at(
          loaded,
          field,
          'error',
          'manifest/url-invalid',
          `invalid ${goName}: ${quote(value)}: ${problem}.${placeholder} Write the full http(s) URL, such as https://github.com/owner/repo.`,
        ),
      );
    }
  }
  return findings;
}

function versionRules(loaded: LoadedManifest): Finding[] {
  const findings: Finding[] = [];
  for (const [field, goName] of VERSION_FIELDS) {
    const value = loaded.manifest[field];
    if (value === undefined || value === '' || isServerSemver(value)) continue;
    const consequence =
      field === 'min_server_version'
        ? ' The server refuses to activate the plugin, and one such entry in a Marketplace database breaks every request that sends a server version.'
        : ' The server refuses upgrades to it.';
    const goError = strictSemverError(value) ?? 'invalid semantic version';
    findings.push(
      at(
        loaded,
        field,
        'error',
        field === 'version' ? 'manifest/version-invalid' : 'manifest/min-server-version-invalid',
        `failed to parse ${goName}: ${goError}: ${quote(value)} is not strict semver; ${semverProblem(value)}.${consequence}`,
      ),
    );
  }
  return findings;
}

function componentRules(loaded: LoadedManifest): Finding[] {
  const { server, webapp, backend } = loaded.manifest;
  if (!server && !webapp) {
    const hint = backend
      ? ' It has only the obsolete "backend", which servers since 6.0 ignore: move it to "server".'
      : '';
    return [
      at(
        loaded,
        '',
        'error',
        'manifest/no-component',
        `The manifest declares neither "server" nor "webapp", so the plugin has nothing to run.${hint}`,
      ),
    ];
  }
  const serverFindings = serverRules(loaded);
  const webappFindings = webappRules(loaded);
  if (!(backend && !server) && serverFindings.length + webappFindings.length === 0) return NONE;
  const findings = [...serverFindings, ...webappFindings];
  if (backend && !server) {
    findings.push(
      at(
        loaded,
        'backend',
        'error',
        'manifest/backend-only',
        'The server part is declared only in the obsolete "backend" field, which servers since 6.0 ignore, so it never runs: move it to "server.executables" (or "server.executable").',
        'key',
      ),
    );
  }
  return findings;
}

function serverRules(loaded: LoadedManifest): Finding[] {
  const server = loaded.manifest.server;
  if (!server) return NONE;
  const findings: Finding[] = [];
  const executables = server.executables ?? {};
  const keys = Object.keys(executables);
  if (keys.length === 0 && !server.executable) {
    findings.push(
      at(
        loaded,
        'server',
        'error',
        'manifest/server-executable-missing',
        'server declares no executable: set server.executables["linux-amd64"] (and the other platforms you build) to the binary paths, as the starter template does.',
      ),
    );
    return findings;
  }
  if (keys.length > 0 && !executables['linux-amd64'] && !server.executable) {
    findings.push(
      at(
        loaded,
        'server.executables',
        'error',
        'manifest/server-platform-missing',
        'server.executables has no "linux-amd64" entry and there is no server.executable, so the plugin cannot start on Linux servers: add the linux-amd64 binary.',
      ),
    );
  }
  for (const key of keys) {
    const fieldPath = `server.executables.${key}`;
    if (!/^[a-z0-9]+-[a-z0-9]+$/.test(key)) {
      findings.push(
        at(
          loaded,
          fieldPath,
          'error',
          'manifest/server-platform-key',
          `server.executables key ${quote(key)} is not of the form "<os>-<arch>" (such as "linux-amd64"), so no server will ever pick it.`,
          'key',
        ),
      );
    }
    findings.push(...executablePath(loaded, fieldPath, executables[key] ?? ''));
  }
  if (server.executable) findings.push(...executablePath(loaded, 'server.executable', server.executable));
  return findings;
}

const PLAIN_RELATIVE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

function executablePath(loaded: LoadedManifest, fieldPath: string, value: string): Finding[] {
  if (value === '')
    return [
      at(
        loaded,
        fieldPath,
        'error',
        'manifest/server-executable-path',
        `${fieldPath} is empty: give the path of the binary inside the bundle, such as "server/dist/plugin-linux-amd64".`,
      ),
    ];
  // The usual relative path of plain segments (none starting with a dot) needs no normalising.
  if (PLAIN_RELATIVE_PATH.test(value)) return NONE;
  const cleaned = path.posix.normalize(value.replace(/\\/g, '/'));
  if (cleaned === '..' || cleaned.startsWith('../') || path.posix.isAbsolute(cleaned)) {
    return [
      at(
        loaded,
        fieldPath,
        'error',
        'manifest/server-executable-path',
        `${fieldPath} ${quote(value)} points outside the plugin bundle; the server refuses it: use a path inside the bundle such as "server/dist/plugin-linux-amd64".`,
      ),
    ];
  }
  return NONE;
}

function webappRules(loaded: LoadedManifest): Finding[] {
  const webapp = loaded.manifest.webapp;
  if (!webapp) return NONE;
  const bundle = webapp.bundle_path ?? '';
  if (PLAIN_RELATIVE_PATH.test(bundle)) return NONE;
  const cleaned = bundle === '' ? '' : path.posix.normalize(bundle.replace(/\\/g, '/'));
  if (cleaned === '' || cleaned.startsWith('.')) {
    const what = bundle === '' ? 'is empty' : `${quote(bundle)} points outside the bundle or at a hidden path`;
    return [
      at(
        loaded,
        webapp.bundle_path === undefined ? 'webapp' : 'webapp.bundle_path',
        'error',
        'manifest/webapp-bundle-path',
        `webapp.bundle_path ${what}; the server refuses it: use a path inside the bundle such as "webapp/dist/main.js".`,
      ),
    ];
  }
  if (path.posix.isAbsolute(cleaned)) {
    return [
      at(
        loaded,
        'webapp.bundle_path',
        'warning',
        'manifest/webapp-bundle-path-absolute',
        `webapp.bundle_path ${quote(bundle)} is absolute; the server reads it relative to the bundle anyway, but other tools do not: write ${quote(cleaned.replace(/^\/+/, ''))}.`,
      ),
    ];
  }
  return NONE;
}

function settingsRules(loaded: LoadedManifest): Finding[] {
  const findings: Finding[] = [];
  const sections = loaded.manifest.settings_schema?.sections ?? [];
  for (let i = 0; i < sections.length; i++) {
    if (!sections[i]?.key)
      findings.push(
        at(
          loaded,
          `settings_schema.sections.${i}`,
          'error',
          'manifest/section-key',
          `invalid settings schema: invalid empty Key: section ${i + 1} of settings_schema.sections has no "key"; give it a unique key such as "Connection".`,
        ),
      );
  }
  const settings = allSettings(loaded.manifest);
  for (const ref of settings) {
    append(findings, isValidSettingRules(loaded, ref));
    append(findings, marketplaceSettingRules(loaded, ref));
  }
  append(findings, duplicateKeys(loaded, settings));
  return findings.length ? findings : NONE;
}

/** The per-setting rules of IsValid(), with its messages. */
function isValidSettingRules(loaded: LoadedManifest, { setting, path: p }: SettingRef): Finding[] {
  const findings: Finding[] = [];
  const type = setting.type ?? '';
  // Quoted only when a finding needs it: most settings have none.
  const label = () => settingLabel(setting);
  const prefix = 'invalid settings schema:';
  if (!SETTING_TYPES.includes(type)) {
    const hint = SETTING_TYPES.includes(type.toLowerCase())
      ? `write it in lower case: "${type.toLowerCase()}"`
      : `use one of ${SETTING_TYPES.join(', ')}`;
    findings.push(
      at(
        loaded,
        setting.type === undefined ? p : `${p}.type`,
        'error',
        'manifest/setting-type',
        `${prefix} invalid setting type: ${type}: setting ${label()} ${setting.type === undefined ? 'has no "type"' : 'has an unknown "type"'}; ${hint}.`,
      ),
    );
  }
  if (setting.regenerate_help_text && type !== 'generated') {
    findings.push(
      at(
        loaded,
        `${p}.regenerate_help_text`,
        'error',
        'manifest/setting-regenerate-help-text',
        `${prefix} should not set RegenerateHelpText for setting type that is not generated: setting ${label()} is of type "${type}"; remove regenerate_help_text, or make the setting "generated".`,
        'key',
      ),
    );
  }
  if (setting.placeholder && !PLACEHOLDER_TYPES.includes(type)) {
    findings.push(
      at(
        loaded,
        `${p}.placeholder`,
        'error',
        'manifest/setting-placeholder',
        `${prefix} should not set Placeholder for setting type not in text, generated, number, username, or custom: setting ${label()} is of type "${type}"; remove its placeholder.`,
        'key',
      ),
    );
  }
  if (setting.options !== undefined && setting.options !== null && !OPTION_TYPES.includes(type)) {
    findings.push(
      at(
        loaded,
        `${p}.options`,
        'error',
        'manifest/setting-options',
        `${prefix} should not set Options for setting type not in radio or dropdown: setting ${label()} is of type "${type}" (even an empty list counts); remove "options", or make it a radio or dropdown setting.`,
        'key',
      ),
    );
  }
  const options = setting.options ?? [];
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    if (!option?.display_name || !option.value) {
      const missing = !option?.display_name ? 'display_name' : 'value';
      findings.push(
        at(
          loaded,
          `${p}.options.${i}`,
          'error',
          'manifest/setting-option',
          `${prefix} should not have empty Displayname or Value for any option: option ${i + 1} of setting ${label()} has an empty ${missing}; give every option a non-empty display_name and value.`,
        ),
      );
    }
  }
  return findings.length ? findings : NONE;
}

/** What the Marketplace expects beyond IsValid() (docs/mattermost.md §2). */
function marketplaceSettingRules(loaded: LoadedManifest, { setting, path: p }: SettingRef): Finding[] {
  const findings: Finding[] = [];
  const type = setting.type ?? '';
  // Quoted only when a finding needs it: most settings have none.
  const label = () => settingLabel(setting);
  if (!setting.key && type !== 'custom') {
    findings.push(
      at(
        loaded,
        p,
        'error',
        'manifest/setting-key-missing',
        `Setting ${label()} has no "key", so its value cannot be saved or read by the plugin: add a unique key such as "EnableFeature".`,
      ),
    );
  }
  if (OPTION_TYPES.includes(type)) {
    const values = (setting.options ?? []).map((o) => o?.value);
    if (values.length === 0) {
      findings.push(
        at(
          loaded,
          `${p}.type`,
          'error',
          'manifest/setting-no-options',
          `The ${type} setting ${label()} has no options, so admins cannot pick anything: add at least one {"display_name", "value"} option.`,
        ),
      );
    } else if (
      setting.default !== undefined &&
      setting.default !== null &&
      !values.includes(setting.default as string)
    ) {
      findings.push(
        at(
          loaded,
          `${p}.default`,
          'error',
          'manifest/setting-default-not-option',
          `The default ${quote(String(setting.default))} of setting ${label()} is not one of its option values (${values.map((v) => quote(String(v))).join(', ')}): use one of them.`,
        ),
      );
    }
  }
  append(findings, defaultTypeRule(loaded, setting, p, label));
  if (type === 'generated' && !setting.regenerate_help_text) {
    findings.push(
      at(
        loaded,
        p,
        'warning',
        'manifest/setting-regenerate-help-text-missing',
        `The generated setting ${label()} has no regenerate_help_text; add one that tells admins what regenerating the value does.`,
      ),
    );
  }
  if (setting.hosting !== undefined && !SETTING_HOSTING.includes(setting.hosting)) {
    findings.push(
      at(
        loaded,
        `${p}.hosting`,
        'error',
        'manifest/setting-hosting',
        `hosting ${quote(setting.hosting)} of setting ${label()} is not "", "cloud" or "on-prem": use one of them.`,
      ),
    );
  }
  return findings;
}

function defaultTypeRule(
  loaded: LoadedManifest,
  setting: SettingRef['setting'],
  p: string,
  label: () => string,
): Finding[] {
  const value = setting.default;
  if (value === undefined || value === null) return NONE;
  const type = setting.type ?? '';
  const expected =
    type === 'bool'
      ? 'boolean'
      : type === 'number'
        ? 'number'
        : STRING_DEFAULT_TYPES.includes(type)
          ? 'string'
          : undefined;
  if (!expected || typeof value === expected) return NONE;
  const example =
    expected === 'boolean'
      ? String(value) === 'true'
        ? 'true'
        : 'false'
      : expected === 'number'
        ? String(Number(value) || 0)
        : quote(String(value));
  return [
    at(
      loaded,
      `${p}.default`,
      'error',
      'manifest/setting-default-type',
      `The default of the ${type} setting ${label()} is ${typeof value === 'string' ? `the string ${quote(value)}` : `${typeof value} ${JSON.stringify(value)}`}, not a ${expected}; a mistyped default silently breaks loading the configuration: write ${example}.`,
    ),
  ];
}

function duplicateKeys(loaded: LoadedManifest, settings: SettingRef[]): Finding[] {
  const seen = new Map<string, SettingRef>();
  const findings: Finding[] = [];
  for (const ref of settings) {
    const key = ref.setting.key?.toLowerCase();
    if (!key) continue;
    const first = seen.get(key);
    // calls repeats its section settings flat for servers before 10.0: a top-level copy of a section setting is a fallback, not a clash.
    if (first && (first.section === undefined) === (ref.section === undefined)) {
      const line = loaded.at(first.path).line;
      findings.push(
        at(
          loaded,
          `${ref.path}.key`,
          'error',
          'manifest/setting-key-duplicate',
          `Setting key ${quote(ref.setting.key ?? '')} is already used on line ${line} (keys are compared ignoring case, as the server lowercases them): give each setting its own key.`,
        ),
      );
    } else if (!first) seen.set(key, ref);
  }
  return findings;
}

async function iconRule(loaded: LoadedManifest, context: PluginContext): Promise<Finding[]> {
  const icon = loaded.manifest.icon_path;
  if (!icon) return NONE;
  if (!icon.toLowerCase().endsWith('.svg')) {
    return [
      at(
        loaded,
        'icon_path',
        'error',
        'manifest/icon-not-svg',
        `icon_path ${quote(icon)} is not an SVG; the Marketplace only shows SVG icons and its generator fails on others: provide an .svg icon.`,
      ),
    ];
  }
  let read = await readIcon(context, icon);
  if (read?.ok === false && read.reason === 'missing') {
    // The starter template's build copies $(ASSETS_DIR) into the bundle under its own name.
    const source = await bundledFrom(context, icon);
    const fromSource = source ? await readIcon(context, source) : undefined;
    if (fromSource?.ok) read = fromSource;
  }
  if (!read || !read.ok) {
    const why = read ? read.detail : 'the path is outside the plugin root';
    const elsewhere = read?.reason === 'missing' ? await findByName(context, path.posix.basename(icon)) : undefined;
    if (elsewhere) {
      return [
        at(
          loaded,
          'icon_path',
          'warning',
          'manifest/icon-elsewhere',
          `icon_path ${quote(icon)} does not exist at the plugin root, but ${elsewhere} has that name; if your build copies it into the bundle at ${icon} this is fine, otherwise point icon_path at the real file.`,
        ),
      ];
    }
    return [
      at(
        loaded,
        'icon_path',
        'error',
        'manifest/icon-missing',
        `icon_path ${quote(icon)} cannot be used: ${why}; add the SVG at that path (relative to the plugin root) or fix the path.`,
      ),
    ];
  }
  if (!/<svg[\s>/]/i.test(read.text.slice(0, 64 * 1024))) {
    return [
      at(
        loaded,
        'icon_path',
        'error',
        'manifest/icon-not-svg',
        `icon_path ${quote(icon)} does not contain an <svg> element; export the icon as SVG.`,
      ),
    ];
  }
  return NONE;
}

async function readIcon(context: PluginContext, file: string): Promise<ReadResult | undefined> {
  try {
    return await context.workspace.readText(file, { maxBytes: 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** The starter template's Makefile line that puts the assets folder into the bundle. */
const ASSETS_COPY = /^\s*cp -r \$\(ASSETS_DIR\) dist\/\$\(PLUGIN_ID\)\/?\s*$/m;
const ASSETS_DIR = /^\s*ASSETS_DIR\s*[?:]?=\s*(\S+)\s*$/m;

/**
 * Where a bundle path comes from in the repository when the plugin's Makefile sets another
 * ASSETS_DIR (calls: `ASSETS_DIR ?= server/assets`): the starter template's `dist` target
 * copies that folder into the bundle under its last name (`cp -r $(ASSETS_DIR) dist/$(PLUGIN_ID)/`),
 * so `assets/icon.svg` in the bundle is `server/assets/icon.svg` in the repository.
 */
async function bundledFrom(context: PluginContext, bundlePath: string): Promise<string | undefined> {
  const makefile = await context.workspace.readText('Makefile', { maxBytes: 1024 * 1024 }).catch(() => undefined);
  if (!makefile?.ok || !ASSETS_COPY.test(makefile.text)) return undefined;
  const dir = ASSETS_DIR.exec(makefile.text)?.[1]?.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!dir || dir.includes('$') || path.posix.isAbsolute(dir) || dir.split('/').includes('..')) return undefined;
  const [first, ...rest] = bundlePath.replace(/^\.\//, '').split('/');
  if (first !== path.posix.basename(dir) || rest.length === 0 || dir === first) return undefined;
  return `${dir}/${rest.join('/')}`;
}

async function findByName(context: PluginContext, name: string): Promise<string | undefined> {
  const skipDir = (entry: { name: string }) => entry.name === 'node_modules' || entry.name.startsWith('.');
  for await (const entry of context.workspace.walk('', (e) => e.name === name, { limit: 1, skipDir }))
    return entry.path;
  return undefined;
}

export function settingLabel(setting: { key?: string; display_name?: string }): string {
  return quote(setting.key || setting.display_name || '(no key)');
}
