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
export { DatabaseFile, LineCounter, samePrefix, type JsonPath, type ParseFailure } from './database-file';
export { download, type DownloadOptions } from './download';
export { readBundle, DEFAULT_BUNDLE_LIMITS, type Bundle, type BundleLimits, type BundleManifest } from './bundle';
export { verifySignature, type SignatureVerdict } from './signature';
export { readPublicKeys, splitArmoredKeys } from './public-keys';
export { normalizeManifest, GO_MAP } from './normalize';
export { serializeEntry, stringify } from './serialize';
export { ReleaseError, DownloadError, BundleError } from './errors';
