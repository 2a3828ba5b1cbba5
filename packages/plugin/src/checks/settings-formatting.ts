import type { Check, Finding } from '@mm-review/core';
import type { PluginContext } from '../context';
import type { LoadedManifest } from '../manifest/load';
import { allSettings, at, quote, withManifest, type SettingRef } from './shared';
import { settingLabel } from './manifest';

/** Words System Console labels keep in lower case inside Title Case. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'or', 'per', 'the', 'to', 'via', 'vs', 'with']);
/** Help text ends like a sentence: punctuation, possibly inside a closing quote, bracket, code span or emphasis. */
const SENTENCE_END = /[.!?:][)"'*_`\]]*$/;

/**
 * `settings-formatting` (documentation-2): setting labels and help text follow the
 * System Console's conventions (MATTERMOST.md §2, system_console_text_conventions.tsv).
 */
export const settingsFormattingCheck: Check<PluginContext> = {
  id: 'settings-formatting',
  requirement: 'documentation-2',
  title: 'Settings formatting',
  run: (context) =>
    withManifest(context, (loaded) => {
      const settings = allSettings(loaded.manifest).filter((ref) => ref.setting.type !== 'custom' || ref.setting.display_name);
      if (settings.length === 0) return { summary: 'The plugin has no settings.', findings: [] };
      const findings = [
        ...settings.flatMap((ref) => [...labelFindings(loaded, ref), ...helpTextFindings(loaded, ref)]),
        ...colonConsistency(loaded, settings),
        ...sectionTitleFindings(loaded),
      ];
      return { summary: `${settings.length} setting${settings.length === 1 ? '' : 's'} checked.`, findings };
    }),
};

function labelFindings(loaded: LoadedManifest, { setting, path }: SettingRef): Finding[] {
  const label = (setting.display_name ?? '').trim();
  if (!label) {
    return [at(loaded, path, 'warning', 'settings-formatting/label-missing', `Setting ${settingLabel(setting)} has no display_name, so the System Console shows an empty label: add one in Title Case, such as "Enable Notifications:".`)];
  }
  const lower = lowerCaseWords(label);
  if (lower.length === 0) return [];
  return [at(loaded, `${path}.display_name`, 'warning', 'settings-formatting/label-case', `Label ${quote(label)} is not in Title Case like the System Console's own labels (${lower.map(quote).join(', ')}): write ${quote(toTitleCase(label))}.`)];
}

function helpTextFindings(loaded: LoadedManifest, { setting, path }: SettingRef): Finding[] {
  const help = (setting.help_text ?? '').trim();
  if (!help) {
    return [at(loaded, path, 'warning', 'settings-formatting/help-missing', `Setting ${settingLabel(setting)} has no help_text; add a sentence that tells admins what it does and which value to choose.`)];
  }
  const findings: Finding[] = [];
  const where = `${path}.help_text`;
  if (/^[a-z]/.test(help)) {
    findings.push(at(loaded, where, 'warning', 'settings-formatting/help-capital', `Help text of ${settingLabel(setting)} starts with a lower-case letter; write it as a complete sentence starting with a capital.`));
  }
  if (!SENTENCE_END.test(help)) {
    findings.push(at(loaded, where, 'warning', 'settings-formatting/help-punctuation', `Help text of ${settingLabel(setting)} does not end with punctuation; the System Console uses complete sentences: end it with a period.`));
  }
  if (setting.type === 'bool' && !/^when (true|enabled|set to true)\b/i.test(help)) {
    findings.push(at(loaded, where, 'notice', 'settings-formatting/bool-when-true', `Help text of the boolean ${settingLabel(setting)} could start "When true, …" as the System Console's own boolean settings do.`));
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
    at(loaded, `${ref.path}.display_name`, 'notice', 'settings-formatting/label-colon', `Label ${quote((ref.setting.display_name ?? '').trim())} ${majorityHasColon ? 'lacks the trailing ":"' : 'ends with ":"'} unlike the plugin's other labels; use one style for all labels (the System Console ends them with ":").`),
  );
}

function sectionTitleFindings(loaded: LoadedManifest): Finding[] {
  return (loaded.manifest.settings_schema?.sections ?? []).flatMap((section, i) => {
    const title = (section?.title ?? '').trim();
    const lower = title ? lowerCaseWords(title) : [];
    if (lower.length === 0) return [];
    return [at(loaded, `settings_schema.sections.${i}.title`, 'warning', 'settings-formatting/section-title-case', `Section title ${quote(title)} is not in Title Case (${lower.map(quote).join(', ')}): write ${quote(toTitleCase(title))}.`)];
  });
}

/** Words that Title Case would capitalise but the label leaves in lower case. */
export function lowerCaseWords(label: string): string[] {
  const words = label.replace(/[:.]+$/, '').split(/\s+/).filter(Boolean);
  return words.filter((word, i) => {
    if (!/^[a-z]/.test(word)) return false;
    if (/[A-Z0-9]|[./@_]/.test(word)) return false; // identifiers such as iOS, e.g., api_key, v2
    return i === 0 || !MINOR_WORDS.has(word);
  });
}

function toTitleCase(label: string): string {
  const lower = new Set(lowerCaseWords(label));
  return label
    .split(/(\s+)/)
    .map((word) => (lower.has(word) ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join('');
}
