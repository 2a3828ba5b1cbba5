import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, showFile } from '@mm-review/core';
import { readPublicKeys } from '@mm-review/marketplace';
import {
  VALIDATE_DATABASE,
  addedEntriesMarkdown,
  readDatabaseAtRef,
  readDatabaseFile,
  validateDatabase,
  type DatabaseSource,
} from '@mm-review/database';
import { TOOL } from '@mm-review/suite';
import type { ActionIO } from '../io';

const DEFAULT_DATABASE = 'plugins.json';

/** Checks a plugins.json against its pull request base; outputs the added entries for the announcement. */
export async function run(io: ActionIO): Promise<void> {
  // A variable, not a literal: ncc's asset relocation rewrites path.resolve(x, 'literal.json').
  const databaseName = io.input('database') ?? DEFAULT_DATABASE;
  if (/^https?:\/\//i.test(databaseName))
    throw new InputError('input database must be a path in the workspace, not a URL');
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
      bundle: { publicKeys: await publicKeys(io, baseRefOf(io)) },
    },
  });
  await io.publishReport(VALIDATE_DATABASE, report, {
    extraOutputs: { 'added-entries': JSON.stringify(added), 'added-count': String(added.length) },
  });
  const cards = addedEntriesMarkdown(added);
  if (cards) await io.appendSummary(cards);
  io.failIfNeeded(report);
}

/** The base file input, else the base-ref input, else the pull request's base commit. */
async function readBase(io: ActionIO, databasePath: string): Promise<DatabaseSource | undefined> {
  const basePath = io.pathInput('base');
  const explicitRef = io.input('base-ref');
  if (basePath && explicitRef) throw new InputError('give base or base-ref, not both');
  if (basePath)
    return {
      file: path.basename(basePath),
      text: await readDatabaseFile(basePath),
      label: io.input('base') ?? basePath,
    };
  const ref = baseRefOf(io);
  if (!ref) {
    io.info('No base (base, base-ref or a pull request event): changes against the base are not checked.');
    return undefined;
  }
  return {
    file: path.basename(databasePath),
    text: await readDatabaseAtRef(databasePath, ref),
    label: `${ref}:${path.basename(databasePath)}`,
  };
}

/** The base-ref input, else the pull request's base commit (the base file input has no commit). */
function baseRefOf(io: ActionIO): string | undefined {
  if (io.pathInput('base')) return undefined;
  return io.input('base-ref') ?? (io.event()?.pull_request as { base?: { sha?: string } } | undefined)?.base?.sha;
}

/**
 * Each line is an armored key (from a secret or variable) or the path of a file holding one.
 * With a base commit, a key file is read as it is at that commit: a pull request must not
 * bring the key its own bundles are verified with, so one that changes the file fails.
 */
async function publicKeys(io: ActionIO, baseRef: string | undefined): Promise<string[]> {
  return readPublicKeys([io.input('public-key') ?? ''], async (line) => {
    const file = path.resolve(io.workspace, line);
    const text = await readFile(file, 'utf8');
    return baseRef && (await trackedAtHead(io.workspace, file)) ? keyAtBase(line, file, baseRef, text) : text;
  });
}

/**
 * Whether the key file is part of the checked-out commit (so a pull request could have
 * brought it). A key a step wrote from a secret, or one outside the workspace, is not.
 */
async function trackedAtHead(workspace: string, file: string): Promise<boolean> {
  const relative = path.relative(workspace, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return (await showFile(path.dirname(file), 'HEAD', path.basename(file))) !== undefined;
}

/** The key file at the base commit; fails when the pull request added or changed it. */
async function keyAtBase(line: string, file: string, baseRef: string, headText: string): Promise<string> {
  const base = await showFile(path.dirname(file), baseRef, path.basename(file));
  if (base === undefined) {
    throw new InputError(
      `the public key ${line} is not in the base commit ${baseRef}, so this pull request brings the key its own bundles are verified with; add the key in a separate, reviewed pull request, or pass it from a secret or variable`,
    );
  }
  if (base !== headText) {
    throw new InputError(
      `this pull request changes the public key ${line}, and a pull request may not change the key its own bundles are verified with; change the key in a separate pull request that the Marketplace owners review and merge`,
    );
  }
  return base;
}
