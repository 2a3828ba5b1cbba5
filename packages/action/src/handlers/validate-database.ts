import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@mm-review/core';
import { VALIDATE_DATABASE, addedEntriesMarkdown, readDatabaseAtRef, readDatabaseFile, validateDatabase, type DatabaseSource } from '@mm-review/database';
import { TOOL } from '@mm-review/suite';
import type { ActionIO } from '../io';

const DEFAULT_DATABASE = 'plugins.json';

/** Checks a plugins.json against its pull request base; outputs the added entries for the announcement. */
export async function run(io: ActionIO): Promise<void> {
  // A variable, not a literal: ncc's asset relocation rewrites path.resolve(x, 'literal.json').
  const databaseName = io.input('database') ?? DEFAULT_DATABASE;
  if (/^https?:\/\//i.test(databaseName)) throw new InputError('input database must be a path in the workspace, not a URL');
  const databasePath = path.resolve(io.workspace, databaseName);
  const file = path.relative(io.workspace, databasePath).split(path.sep).join('/');
  const head: DatabaseSource = { file, text: await readDatabaseFile(databasePath) };
  const base = await readBase(io, databasePath);
  const { report, added } = await validateDatabase({
    head,
    ...(base ? { base } : {}),
    tool: TOOL,
    options: {
      allowRemovals: io.booleanInput('allow-removals'),
      allowModifications: io.booleanInput('allow-modifications'),
      bundles: io.booleanInput('bundles'),
      bundle: { publicKeys: await publicKeys(io) },
    },
  });
  await io.publishReport(VALIDATE_DATABASE, report, { extraOutputs: { 'added-entries': JSON.stringify(added), 'added-count': String(added.length) } });
  const cards = addedEntriesMarkdown(added);
  if (cards) await io.appendSummary(cards);
  io.failIfNeeded(report);
}

/** The base file input, else the base-ref input, else the pull request's base commit. */
async function readBase(io: ActionIO, databasePath: string): Promise<DatabaseSource | undefined> {
  const basePath = io.pathInput('base');
  const explicitRef = io.input('base-ref');
  if (basePath && explicitRef) throw new InputError('give base or base-ref, not both');
  if (basePath) return { file: path.basename(basePath), text: await readDatabaseFile(basePath), label: io.input('base') ?? basePath };
  const pullBase = (io.event()?.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
  const ref = explicitRef ?? pullBase;
  if (!ref) {
    io.info('No base (base, base-ref or a pull request event): changes against the base are not checked.');
    return undefined;
  }
  return { file: path.basename(databasePath), text: await readDatabaseAtRef(databasePath, ref), label: `${ref}:${path.basename(databasePath)}` };
}

/** Each line is an armored key or the path of a file holding one. */
async function publicKeys(io: ActionIO): Promise<string[]> {
  const keys: string[] = [];
  const lines = io.listInput('public-key');
  const armored = lines.join('\n');
  if (armored.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return [armored];
  for (const line of lines) {
    const file = path.resolve(io.workspace, line);
    try {
      keys.push(await readFile(file, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read public key ${line}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return keys;
}
