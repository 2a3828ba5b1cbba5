import { createIssueTrackerCheck, issueTrackerUrlPart } from './issue-tracker';
import { manifestCheck } from './manifest';
import { minServerVersionCheck } from './min-server-version';
import { pluginIdCheck } from './plugin-id';
import { settingsFormattingCheck } from './settings-formatting';
import { stableVersionCheck } from './stable-version';

export { createIssueTrackerCheck, issueTrackerUrlPart, type IssueTrackerPart } from './issue-tracker';
export { manifestFeatures, type FeatureUse } from './min-server-version';
export { allSettings, at, isValidHttpUrl, withManifest, type SettingRef } from './shared';
export { SETTING_TYPES, manifestRuleFindings, settingLabel } from './manifest';
export { STARTER_TEMPLATE_ID } from './plugin-id';
export * from './rules';

/** The checks of the validate-manifest action. */
export const manifestChecks = {
  manifest: manifestCheck,
  minServerVersion: minServerVersionCheck,
  stableVersion: stableVersionCheck,
  pluginId: pluginIdCheck,
  settingsFormatting: settingsFormattingCheck,
  issueTrackerUrl: createIssueTrackerCheck([issueTrackerUrlPart]),
};
