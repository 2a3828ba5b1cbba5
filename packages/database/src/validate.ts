import { open } from 'node:fs/promises';
import { constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, Memo, buildReport, git, runChecks, type Check, type Report, type ToolInfo } from '@mm-review/core';
import { bundleIntegrityCheck } from './bundles';
import { addedEntries, databaseChangesCheck, type AddedEntrySummary } from './changes';
import { contextDiff, defaultDatabaseOptions, type DatabaseContext, type DatabaseOptions } from './context';
import { databaseEntriesCheck } from './entries-check';
import { databaseFormatCheck } from './format';
import { DatabaseFile } from '@mm-review/marketplace';

export const VALIDATE_DATABASE = 'validate-database';

/** The checks of the validate-database action, in report order. */
export const DATABASE_CHECKS: readonly Check<DatabaseContext>[] = [
  databaseFormatCheck,
  databaseEntriesCheck,
  databaseChangesCheck,
  bundleIntegrityCheck,
];

/**
 * The largest plugins.json read: 500 MiB (about 42,000 entries of 12 KB; the real file is
 * 1.5 MB). The file is held as one string, and the JavaScript engine's strings stop at
 * 2^29 - 24 characters (512 MiB), so this is the real ceiling with room to spare.
 */
export const MAX_DATABASE_BYTES = 500 * 1024 * 1024;

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
  const report = buildReport({
    tool: input.tool,
    command: VALIDATE_DATABASE,
    mode: 'update',
    beta: false,
    database: { path: input.head.file, entries: head.entryCount },
    checks,
  });
  let added: AddedEntrySummary[] = [];
  try {
    added = addedEntries(head, await contextDiff(context));
  } catch {
    // The diff failed inside a check, which reported it; no announcement then.
  }
  return { report, added };
}

function tooLarge(file: string, size: number): InputError {
  return new InputError(
    `${file} is ${size} bytes, over the ${MAX_DATABASE_BYTES}-byte (500 MiB) limit for a plugins.json (the JavaScript engine holds a string of at most 512 MiB)`,
  );
}

/**
 * Whether to read and decode the file in one step (`readFileSync(fd, 'utf8')`, which Node 24
 * decodes straight into an on-heap string) rather than as a Buffer and then a string. On 119 MB,
 * Node 24: the one step is no slower, and it leaves no 100 MB Buffer or external string, which
 * count as external memory and start early full collections that lower the heap limit, so the
 * parse then pays for another (measured: about 5 % less CPU for validate-database). Node 20 and
 * 22 decode in that step at about half the speed of Buffer#toString (measured 240-300 ms against
 * 140-190 ms), so they keep the two steps.
 */
const DIRECT_UTF8 = Number(process.versions.node.split('.')[0]) >= 24;

/**
 * Reads a plugins.json from disk with a clear one-line error. `direct` chooses the one-step
 * read (see DIRECT_UTF8); both give the same text.
 */
export async function readDatabaseFile(file: string, direct = DIRECT_UTF8): Promise<string> {
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile())
        throw new InputError(
          `${file} is not a regular file (${info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a named pipe' : 'a device or socket'}): give the path of plugins.json itself`,
        );
      if (info.size > MAX_DATABASE_BYTES) throw tooLarge(file, info.size);
      const text = direct ? readFileSync(handle.fd, 'utf8') : (await handle.readFile()).toString('utf8');
      // The file grew after it was measured: over the limit in characters, so over it in bytes.
      if (text.length > MAX_DATABASE_BYTES) throw tooLarge(file, Buffer.byteLength(text));
      return text;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The file as it is at a git revision (`git show REV:./file`), read from its own directory's repository. */
export async function readDatabaseAtRef(file: string, ref: string): Promise<string> {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new InputError(`"${ref}" is not a git revision`);
  const object = `${ref}:./${path.basename(file)}`;
  const size = await git(path.dirname(file), ['cat-file', '-s', object], { timeoutMs: 120_000 });
  if (size.ok && Number(size.stdout.trim()) > MAX_DATABASE_BYTES)
    throw tooLarge(`${path.basename(file)} at ${ref}`, Number(size.stdout.trim()));
  const result = await git(path.dirname(file), ['show', object], {
    maxBytes: MAX_DATABASE_BYTES + 1,
    timeoutMs: 120_000,
  });
  if (!result.ok)
    throw new InputError(
      `cannot read ${path.basename(file)} at ${ref}: ${result.stderr.trim().split('\n')[0] || 'git failed'} (fetch the base commit first, e.g. actions/checkout with fetch-depth: 0)`,
    );
  return result.stdout;
}
