import type { Check } from '@mm-review/core';
import type { Context } from '../context';
import { bundleIntegrity } from './bundle-integrity';
import { databaseChanges } from './database-changes';
import { newEntry } from './new-entry';

/** The checks add-release runs, in order: each may rely on what an earlier one left in the context. */
export const ADD_RELEASE_CHECKS: readonly Check<Context>[] = [bundleIntegrity, newEntry, databaseChanges];
