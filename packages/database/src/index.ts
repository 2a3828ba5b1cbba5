export { databaseFormatCheck } from './format';
export { compareEntries } from '@mm-review/marketplace';
export { databaseEntriesCheck } from './entries-check';
export { databaseChangesCheck, addedEntries, consistencyProblems, type AddedEntrySummary } from './changes';
export { bundleIntegrityCheck } from './bundles';
export { entryProblems, isPlainReleasePage } from './entries';
export { diffDatabases, type DatabaseDiff } from './diff';
export { DatabaseFile, LineCounter } from '@mm-review/marketplace';
export { defaultDatabaseOptions, type DatabaseContext, type DatabaseOptions, type BundleOptions } from './context';
export {
  validateDatabase,
  readDatabaseFile,
  readDatabaseAtRef,
  DATABASE_CHECKS,
  VALIDATE_DATABASE,
  MAX_DATABASE_BYTES,
  type DatabaseSource,
  type DatabaseValidation,
  type ValidateDatabaseInput,
} from './validate';
export { addedEntriesMarkdown } from './summary';
export { ENTRY_KEYS, PLATFORM_KEYS } from './model';
export { manifestProblems, locatedManifestProblems } from './manifest';
