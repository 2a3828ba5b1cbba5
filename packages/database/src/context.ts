import { Memo } from '@mm-review/core';
import type { DatabaseFile } from '@mm-review/marketplace';
import { diffDatabases, type DatabaseDiff } from './diff';

export interface BundleOptions {
  /** Armored OpenPGP public keys the bundle signatures must verify against. */
  publicKeys: string[];
  fetch?: typeof fetch;
  maxBundleBytes?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

export interface DatabaseOptions {
  allowRemovals: boolean;
  allowModifications: boolean;
  /** Download and verify the bundles of added entries (network). */
  bundles: boolean;
  bundle: BundleOptions;
  now: () => Date;
}

/** What every database check is given: the file under review, its base, options, shared work. */
export interface DatabaseContext {
  head: DatabaseFile;
  base?: DatabaseFile;
  /** Where the base came from, for messages (`origin/production`, `base.json`). */
  baseLabel?: string;
  options: DatabaseOptions;
  memo: Memo;
}

export function defaultDatabaseOptions(overrides: Partial<DatabaseOptions> = {}): DatabaseOptions {
  return {
    allowRemovals: false,
    allowModifications: false,
    bundles: false,
    bundle: { publicKeys: [] },
    now: () => new Date(),
    ...overrides,
  };
}

/** The diff against the base, computed once; undefined without a usable base. */
export function contextDiff(context: DatabaseContext): Promise<DatabaseDiff | undefined> {
  return context.memo.get('diff', () =>
    context.base?.entries && context.head.entries ? diffDatabases(context.base, context.head) : undefined,
  );
}

/**
 * Indexes of the head's entries this change adds or modifies. Without a base nothing
 * is known to be touched, so every entry is treated as legacy.
 */
export async function touchedEntries(context: DatabaseContext): Promise<ReadonlySet<number>> {
  const diff = await contextDiff(context);
  if (!diff) return new Set();
  return new Set([...diff.added.map((a) => a.index), ...diff.modified.map((m) => m.index)]);
}
