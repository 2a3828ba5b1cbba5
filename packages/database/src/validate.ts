import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, Memo, buildReport, git, runChecks, type Check, type Report, type ToolInfo } from '@mm-review/core';
import { bundleIntegrityCheck } from './bundles';
import { addedEntries, databaseChangesCheck, type AddedEntrySummary } from './changes';
import { contextDiff, defaultDatabaseOptions, type DatabaseContext, type DatabaseOptions } from './context';
import { databaseEntriesCheck } from './entries-check';
import { databaseFormatCheck } from './format';
import { DatabaseFile } from './source';

export const VALIDATE_DATABASE = 'validate-database';

/** The checks of the validate-database action, in report order. */
export const DATABASE_CHECKS: readonly Check<DatabaseContext>[] = [databaseFormatCheck, databaseEntriesCheck, databaseChangesCheck, bundleIntegrityCheck];

/** plugins.json is about 110 MB at 10,000 entries; the cap leaves room and still refuses a runaway file. */
export const MAX_DATABASE_BYTES = 1024 * 1024 * 1024;

export interface DatabaseSource {
  /** How findings name the file (relative to the workspace). */
  file: string;
  text: string;
  /** Where it came from, for messages (`origin/production:plugins.json`). */
  label?: string;
}

export interface ValidateDatabaseInput {
  head: DatabaseSource;
  base?: DatabaseSource;
  options?: Partial<DatabaseOptions>;
  tool: ToolInfo;
}

export interface DatabaseValidation {
  report: Report;
  added: AddedEntrySummary[];
}

export async function validateDatabase(input: ValidateDatabaseInput): Promise<DatabaseValidation> {
  const head = new DatabaseFile(input.head.file, input.head.text);
  const context: DatabaseContext = { head, options: defaultDatabaseOptions(input.options), memo: new Memo() };
  if (input.base) {
    context.base = new DatabaseFile(input.head.file, input.base.text);
    context.baseLabel = input.base.label ?? input.base.file;
  }
  const checks = await runChecks(DATABASE_CHECKS, context, { mode: 'update', beta: false });
  const report = buildReport({ tool: input.tool, command: VALIDATE_DATABASE, mode: 'update', beta: false, database: { path: input.head.file, entries: head.entryCount }, checks });
  return { report, added: addedEntries(head, await contextDiff(context)) };
}

/** Reads a plugins.json from disk with a clear one-line error. */
export async function readDatabaseFile(file: string): Promise<string> {
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_DATABASE_BYTES) throw new InputError(`${file} is ${buffer.length} bytes, over the ${MAX_DATABASE_BYTES}-byte limit for a plugins.json`);
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The file as it is at a git revision (`git show REV:./file`), read from its own directory's repository. */
export async function readDatabaseAtRef(file: string, ref: string): Promise<string> {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new InputError(`"${ref}" is not a git revision`);
  const result = await git(path.dirname(file), ['show', `${ref}:./${path.basename(file)}`], { maxBytes: MAX_DATABASE_BYTES, timeoutMs: 120_000 });
  if (!result.ok) throw new InputError(`cannot read ${path.basename(file)} at ${ref}: ${result.stderr.trim().split('\n')[0] || 'git failed'} (fetch the base commit first, e.g. actions/checkout with fetch-depth: 0)`);
  return result.stdout;
}
