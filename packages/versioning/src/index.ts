export { versionBump, pluginIdUnchanged, compareIds, versionBumpOutputs } from './checks';
export { versionBumpAnalysis, type VersionBumpAnalysis, type HeadSide, type MarketplaceSide } from './analysis';
export {
  resolveBase,
  updateBase,
  updateRelease,
  type UpdateRelease,
  lastReleaseTag,
  pickReleaseTags,
  type BaseSide,
  type BaseResolution,
  type ReleaseTag,
} from './base';
export { compareManifests, settingsOf } from './manifest-diff';
export { scanChangelog, changelogReasons, changelogReasonsIn, CHANGELOG_NAMES } from './changelog';
export { commitReasons, commitsSince, shipsPath, changesWhatShips, type Commit } from './commits';
export {
  classifyBump,
  covers,
  nextVersion,
  tagVersion,
  impliedLevel,
  highestVersion,
  type Bump,
  type BumpKind,
  type BumpLevel,
  type TagVersion,
} from './semver';
export type { BumpReason } from './reason';
export { versionBumpRules, pluginIdUnchangedRules } from './rules';
