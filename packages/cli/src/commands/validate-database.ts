import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, InputError, shouldFail, type FailOn, type Format } from '@mm-review/core';
import { readDatabaseAtRef, readDatabaseFile, validateDatabase, type DatabaseSource } from '@mm-review/database';
import { readPublicKeys } from '@mm-review/marketplace';
import { TOOL } from '@mm-review/suite';
import type { CliIO } from '../io';
import { emitReport, oneOf } from '../output';

export const usage = `Usage: ${TOOL.name} validate-database PLUGINS_JSON [options]

Checks a Marketplace plugins.json: format (canonical layout and order), every entry,
and, against a base, what the change adds, rewrites or removes.

Options:
  --base PLUGINS_JSON        the file before the change (the pull request base)
  --base-ref REF             read the base from git at REF (e.g. origin/production)
  --allow-removals           removing an entry is a notice, not a failure
  --allow-modifications      rewriting an entry is a notice, not a failure
  --bundles                  download each added entry's bundles and verify them (network)
  --public-key FILE          armored OpenPGP key the bundle signatures must verify against (repeatable)
  --added-entries FILE       write the added entries as JSON (for an announcement)
  -f, --format FORMAT        text (default), json, markdown or sarif
  -o, --output FILE          write the report to FILE instead of standard output
  --fail-on fail|warn|never  when to exit 1 (default: fail)
  --no-color                 plain text output

Problems in entries the change adds or modifies are errors; in untouched entries they
are warnings, unless they stop the Marketplace (non-semver versions, a missing manifest,
wrong types). A file over 500 MiB, or not a regular file, is refused (exit 2).
Exit status: 0 no check failed, 1 a check failed, 2 usage or input error.
`;

const OPTIONS = {
  base: { type: 'string' },
  'base-ref': { type: 'string' },
  'allow-removals': { type: 'boolean' },
  'allow-modifications': { type: 'boolean' },
  bundles: { type: 'boolean' },
  'public-key': { type: 'string', multiple: true },
  'added-entries': { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length !== 1)
    throw new InputError(
      `expected one PLUGINS_JSON, got ${positionals.length}; run "${TOOL.name} validate-database --help"`,
    );
  if (values.base && values['base-ref']) throw new InputError('give --base or --base-ref, not both');
  const format = oneOf('--format', values.format ?? 'text', FORMATS) as Format;
  const failOn = oneOf('--fail-on', values['fail-on'] ?? 'fail', ['fail', 'warn', 'never']) as FailOn;
  const databasePath = path.resolve(io.cwd, positionals[0] as string);
  const file = positionals[0] as string;
  const base = await readBase(values, databasePath, io);
  const { report, added } = await validateDatabase({
    head: { file, text: await readDatabaseFile(databasePath) },
    ...(base ? { base } : {}),
    tool: TOOL,
    options: {
      allowRemovals: values['allow-removals'] ?? false,
      allowModifications: values['allow-modifications'] ?? false,
      bundles: values.bundles ?? false,
      bundle: { publicKeys: await readKeys(values['public-key'] ?? [], io) },
    },
  });
  if (values['added-entries']) await writeAdded(path.resolve(io.cwd, values['added-entries']), added);
  await emitReport(report, format, { output: values.output, noColor: values['no-color'], color: values.color }, io);
  return shouldFail(report, failOn) ? 1 : 0;
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}

type Values = ReturnType<typeof parse>['values'];

async function readBase(values: Values, databasePath: string, io: CliIO): Promise<DatabaseSource | undefined> {
  if (values.base)
    return { file: values.base, text: await readDatabaseFile(path.resolve(io.cwd, values.base)), label: values.base };
  const ref = values['base-ref'];
  if (ref)
    return {
      file: path.basename(databasePath),
      text: await readDatabaseAtRef(databasePath, ref),
      label: `${ref}:${path.basename(databasePath)}`,
    };
  return undefined;
}

async function readKeys(files: string[], io: CliIO): Promise<string[]> {
  return readPublicKeys(files, (file) => readFile(path.resolve(io.cwd, file), 'utf8'));
}

async function writeAdded(file: string, added: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(added, null, 2)}\n`);
}
