export {
  download,
  readBundle,
  DEFAULT_BUNDLE_LIMITS,
  verifySignature,
  normalizeManifest,
  GO_MAP,
  serializeEntry,
  stringify,
  ReleaseError,
  DownloadError,
  BundleError,
  parseDatabase,
  compareEntries,
  insertionIndex,
  duplicatesOf,
  spliceInsert,
  spliceReplace,
  type DownloadOptions,
  type Bundle,
  type BundleLimits,
  type BundleManifest,
  type SignatureVerdict,
  type DatabaseText,
  type EntryKey,
  type Splice,
} from '@mm-review/marketplace';
export {
  addRelease,
  type AddReleaseRequest,
  type AddReleaseResult,
  type AddReleaseServices,
  type AddOutcome,
  type OnDuplicate,
} from './add-release';
export {
  resolveFlags,
  validateRepoName,
  versionOfTag,
  type GeneratorFlags,
  type EntryFlags,
  type AuthorType,
  type ReleaseStage,
  type Hosting,
} from './flags';
export {
  parseSource,
  storeSource,
  githubSource,
  DEFAULT_STORE,
  PLATFORMS,
  type SourceSpec,
  type ReleaseSource,
} from './source';
export { buildEntry, formatUpdatedAt, isSvg, SVG_DATA_PREFIX } from './entry';
export { writeFileAtomic } from './write';
export { unifiedDiff } from './diff';
export type { PullRequest } from './pull-request';
export { ADD_RELEASE_CHECKS } from './checks/index';
