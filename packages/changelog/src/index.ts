export {
  releaseNotesCheck,
  analyzeReleaseNotes,
  releaseNotesMarkdown,
  type ReleaseNotes,
  type ReleaseNotesAnalysis,
} from './check';
export {
  checkReleaseNotesUrl,
  analyzeReleaseNotesUrl,
  injectedReleaseNotesUrl,
  type UrlProblem,
  type ReleaseNotesUrlContext,
  type ReleaseNotesTarget,
  type ReleaseNotesUrlAnalysis,
} from './url';
export {
  parseChangelog,
  changelogOf,
  versionOfHeading,
  entryMarkdown,
  type ParsedChangelog,
  type ChangelogEntry,
  type ChangelogHeading,
} from './parse';
export { reviewChangelog, type ChangelogReview, type ChangelogVerdict } from './rules';
export { findChangelog, loadChangelog, CHANGELOG_NAMES } from './changelog-file';
export { reviewGitHubRelease } from './release';
export { githubSlug } from '@mm-review/github';
export {
  readBuildReleaseNotes,
  parseBuildReleaseNotes,
  buildReleaseNotesUrl,
  goJoinPath,
  buildTagAtHead,
  type BuildReleaseNotes,
} from './build-url';
export { releaseNotesRules } from './release-notes-rules';
