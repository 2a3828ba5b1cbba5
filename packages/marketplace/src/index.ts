export { ENTRY_KEYS, PLATFORM_KEYS, ICON_PREFIX, type EntryField, type PlatformKey } from './model';
export { compareEntries, isStrictVersion, type OrderKey } from './order';
export {
  parseDatabase,
  insertionIndex,
  duplicatesOf,
  spliceInsert,
  spliceReplace,
  lineAt,
  type DatabaseText,
  type EntryKey,
  type Splice,
} from './database-text';
export { DatabaseFile, LineCounter, type JsonPath, type ParseFailure } from './database-file';
export { download, type DownloadOptions } from './download';
export { readBundle, DEFAULT_BUNDLE_LIMITS, type Bundle, type BundleLimits, type BundleManifest } from './bundle';
export { verifySignature, type SignatureVerdict } from './signature';
export { readPublicKeys, splitArmoredKeys } from './public-keys';
export { normalizeManifest, GO_MAP } from './normalize';
export { serializeEntry, stringify } from './serialize';
export { ReleaseError, DownloadError, BundleError } from './errors';
export { isSvg, MAX_ICON_BYTES, svgActiveContent, describeImage } from './icon';
export {
  BUNDLE_DOWNLOAD,
  BUNDLE_INSPECT_RULES,
  SIGNATURE_MAX_BYTES,
  downloadProblem,
  inspectIcon,
  inspectSignature,
  loadBundleManifest,
  openBundle,
  problemMessage,
  type BundleManifestResult,
  type BundleProblem,
  type BundleSubject,
  type SignatureResult,
} from './bundle-inspect';
export {
  IDENTITY_RULE,
  IDENTITY_RULES,
  githubReleaseAsset,
  identityConflicts,
  type CandidateRelease,
  type GitHubReleaseAsset,
  type IdentityConflict,
  type ListedPlugin,
} from './identity';
