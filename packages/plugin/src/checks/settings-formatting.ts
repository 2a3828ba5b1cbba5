import semver from 'semver';
import { SETTINGS_FORMATTING_RULES } from './rules';
import type { Check, Finding } from '@mm-review/core';
import { isStrictSemver } from '../facts/index';
import type { PluginContext } from '../context';
import type { LoadedManifest } from '../manifest/load';
import { allSettings, at, quote, withManifest, type SettingRef } from './shared';
import { settingLabel } from './manifest';

/**
 * The Title Case rule, as the System Console writes its own labels ("Enable Marketplace:",
 * "Marketplace URL:", "Allow Users to View Archived Channels:"; 317 of its 397 multi-word
 * labels): every word starts with a capital, except these minor words when they are not
 * the first word of the label or of a part after ":" or a dash. Words that already hold a
 * capital, a digit or one of . / @ _ (iOS, e.g., api_key, /autolink, v2) and text inside
 * parentheses or brackets ("(in MB)", "[BETA]") are left as written.
 */
export const TITLE_CASE_RULE =
  'every word starts with a capital letter except a, an, the, and, but, or, nor, as, at, by, for, from, in, into, of, on, onto, per, to, via, vs and with inside the label; words holding a capital, a digit or one of . / @ _ and text in parentheses or brackets are left as written';
const MINOR_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'but',
  'or',
  'nor',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'onto',
  'per',
  'to',
  'via',
  'vs',
  'with',
]);
/** Help text ends like a sentence: punctuation, possibly inside a closing quote, bracket, code span or emphasis. */
const SENTENCE_END = /[.!?:][)"'*_`\]]*$/;
/** Help text may end with a literal value after a colon ("Example: https://…", "Default: `…`", "Allowed variables: {a}, {b}"), as the System Console's does. */
const ENDS_WITH_VALUE = /:\s*(?:`[^`\n]*`|"[^"\n]*"|'[^'\n]*'|(?:\{\w+\},?\s*)+|[^\s:]*[^\s:)])$/;
const CUSTOM_SETTING_CALL = /registerAdminConsoleCustom(Setting|Section)\s*\(\s*(['"`])([^'"`\n]{1,200})\2/g;

/**
 * `settings-formatting` (documentation-2): the settings text the System Console shows
 * follows its conventions (system_console_text_conventions.tsv). Text it never shows is
 * not checked: settings of type `custom` and settings or sections the webapp draws with
 * its own component (registerAdminConsoleCustomSetting / registerAdminConsoleCustomSection),
 * and the top-level settings when sections replace them on every supported server.
 */
export const settingsFormattingCheck: Check<PluginContext> = {
  id: 'settings-formatting',
  requirement: 'documentation-2',
  title: 'Settings formatting',
  rules: SETTINGS_FORMATTING_RULES,
  run: (context) =>
    withManifest(context, async (loaded) => {
      const all = allSettings(loaded.manifest);
      if (all.length === 0) return { summary: 'The plugin has no settings.', findings: [] };
      const custom = await customComponents(context);
      const settings = shownSettings(loaded, all, custom.settings);
      const skipped = all.length - settings.length;
      const findings = [
        ...settings.flatMap((ref) => [...labelFindings(loaded, ref), ...helpTextFindings(loaded, ref)]),
        ...colonConsistency(loaded, settings),
        ...sectionTitleFindings(loaded, custom.sections),
      ];
      const note = skipped
        ? ` (${skipped} drawn by the plugin's own components or hidden by sections, not checked)`
        : '';
      return { summary: `${settings.length} setting${settings.length === 1 ? '' : 's'} checked${note}.`, findings };
    }),
};

/** The settings whose label and help text the System Console itself shows. */
function shownSettings(loaded: LoadedManifest, all: SettingRef[], customKeys: ReadonlySet<string>): SettingRef[] {
  const sections = loaded.manifest.settings_schema?.sections;
  const min = loaded.manifest.min_server_version;
  // From 10.0 a present "sections" hides the top-level settings; below that, only the top level is shown.
  const topLevelHidden =
    sections !== undefined && sections !== null && !!min && isStrictSemver(min) && semver.gte(min, '10.0.0');
  return all.filter((ref) => {
    if (ref.setting.type === 'custom') return false;
    if (customKeys.has((ref.setting.key ?? '').toLowerCase())) return false;
    return !(topLevelHidden && ref.section === undefined);
  });
}

/** Keys the webapp registers its own System Console components for (string literals only). */
async function customComponents(context: PluginContext): Promise<{ settings: Set<string>; sections: Set<string> }> {
  const found = { settings: new Set<string>(), sections: new Set<string>() };
  const skipDir = (entry: { name: string }) =>
    entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist';
  const isSource = (entry: { name: string; kind: string }) =>
    entry.kind === 'file' && /\.(jsx?|tsx?|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts');
  for await (const entry of context.workspace.walk('webapp', isSource, { limit: 5000, skipDir })) {
    const read = await context.workspace.readText(entry.path, { maxBytes: 2 * 1024 * 1024 }).catch(() => undefined);
    if (!read?.ok || !read.text.includes('registerAdminConsoleCustom')) continue;
    for (const match of read.text.matchAll(CUSTOM_SETTING_CALL))
      (match[1] === 'Setting' ? found.settings : found.sections).add((match[3] ?? '').toLowerCase());
  }
  return found;
}

function labelFindings(loaded: LoadedManifest, { setting, path }: SettingRef): Finding[] {
  const label = (setting.display_name ?? '').trim();
  if (!label) {
    return [
      at(
        loaded,
        path,
        'warning',
        'settings-formatting/label-missing',
        `Setting ${settingLabel(setting)} has no display_name, so the System Console shows an empty label: add one in Title Case, such as "Enable Notifications:".`,
      ),
    ];
  }
  const lower = lowerCaseWords(label);
  if (lower.length === 0) return [];
  return [
    at(
      loaded,
      `${path}.display_name`,
      'warning',
      'settings-formatting/label-case',
      `Label ${quote(label)} is not in Title Case as the System Console writes its labels (${lower.map(quote).join(', ')} should start with a capital): write ${quote(toTitleCase(label))}.`,
    ),
  ];
}

function helpTextFindings(loaded: LoadedManifest, { setting, path }: SettingRef): Finding[] {
  const help = (setting.help_text ?? '').trim();
  if (!help) {
    return [
      at(
        loaded,
        path,
        'warning',
        'settings-formatting/help-missing',
        `Setting ${settingLabel(setting)} has no help_text; add a sentence that tells admins what it does and which value to choose.`,
      ),
    ];
  }
  const findings: Finding[] = [];
  const where = `${path}.help_text`;
  if (/^[a-z]/.test(help)) {
    findings.push(
      at(
        loaded,
        where,
        'warning',
        'settings-formatting/help-capital',
        `Help text of ${settingLabel(setting)} starts with a lower-case letter; write it as a complete sentence starting with a capital.`,
      ),
    );
  }
  if (!SENTENCE_END.test(help) && !ENDS_WITH_VALUE.test(help)) {
    findings.push(
      at(
        loaded,
        where,
        'warning',
        'settings-formatting/help-punctuation',
        `Help text of ${settingLabel(setting)} does not end with punctuation; the System Console uses complete sentences: end it with a period.`,
      ),
    );
  }
  if (setting.type === 'bool' && !/^when (true|enabled|set to true)\b/i.test(help)) {
    findings.push(
      at(
        loaded,
        where,
        'notice',
        'settings-formatting/bool-when-true',
        `Help text of the boolean ${settingLabel(setting)} could start "When true, …" as the System Console's own boolean settings do.`,
      ),
    );
  }
  return findings;
}

/** Labels ending in ":" are the System Console's style; a plugin should pick one style for all. */
function colonConsistency(loaded: LoadedManifest, settings: SettingRef[]): Finding[] {
  const labelled = settings.filter((ref) => (ref.setting.display_name ?? '').trim());
  const withColon = labelled.filter((ref) => (ref.setting.display_name ?? '').trim().endsWith(':'));
  if (withColon.length === 0 || withColon.length === labelled.length) return [];
  const majorityHasColon = withColon.length * 2 >= labelled.length;
  const odd = labelled.filter((ref) => (ref.setting.display_name ?? '').trim().endsWith(':') !== majorityHasColon);
  return odd.map((ref) =>
    at(
      loaded,
      `${ref.path}.display_name`,
      'notice',
      'settings-formatting/label-colon',
      `Label ${quote((ref.setting.display_name ?? '').trim())} ${majorityHasColon ? 'lacks the trailing ":"' : 'ends with ":"'} unlike the plugin's other labels; use one style for all labels (the System Console ends them with ":").`,
    ),
  );
}

function sectionTitleFindings(loaded: LoadedManifest, customSections: ReadonlySet<string>): Finding[] {
  return (loaded.manifest.settings_schema?.sections ?? []).flatMap((section, i) => {
    if (!section || section.custom || customSections.has((section.key ?? '').toLowerCase())) return [];
    const title = (section.title ?? '').trim();
    const lower = title ? lowerCaseWords(title) : [];
    if (lower.length === 0) return [];
    return [
      at(
        loaded,
        `settings_schema.sections.${i}.title`,
        'warning',
        'settings-formatting/section-title-case',
        `Section title ${quote(title)} is not in Title Case as the System Console writes its headings (${lower.map(quote).join(', ')} should start with a capital): write ${quote(toTitleCase(title))}.`,
      ),
    ];
  });
}

interface Word {
  text: string;
  /** Title Case wants this word capitalised and it is not. */
  lower: boolean;
  /** The word itself, without surrounding punctuation. */
  core: string;
}

/** The label split into words and the white space between them, each word judged by TITLE_CASE_RULE. */
function judgeWords(label: string): Word[] {
  const words: Word[] = [];
  let depth = 0;
  let partStart = true;
  for (const text of label.split(/(\s+)/)) {
    if (text === '' || /^\s+$/.test(text)) {
      words.push({ text, lower: false, core: '' });
      continue;
    }
    const core = text.replace(/^[("'“‘[]+/, '').replace(/[)"'”’\]:.,;!?]+$/, '');
    const inside = depth > 0 || /^[([]/.test(text);
    let lower = false;
    if (!inside && /^[a-z]/.test(core) && !/[A-Z0-9]|[./@_]/.test(core)) lower = partStart || !MINOR_WORDS.has(core);
    words.push({ text, lower, core });
    for (const c of text) {
      if (c === '(' || c === '[') depth++;
      else if ((c === ')' || c === ']') && depth > 0) depth--;
    }
    partStart = /[:—–]$/.test(text) || text === '-';
  }
  return words;
}

/** Words that Title Case capitalises but the label leaves in lower case. */
export function lowerCaseWords(label: string): string[] {
  return judgeWords(label)
    .filter((w) => w.lower)
    .map((w) => w.core);
}

/** The label with exactly the words lowerCaseWords names capitalised; applying it leaves nothing to report. */
export function toTitleCase(label: string): string {
  return judgeWords(label)
    .map((w) => (w.lower ? w.text.replace(/[a-z]/, (c) => c.toUpperCase()) : w.text))
    .join('');
}
