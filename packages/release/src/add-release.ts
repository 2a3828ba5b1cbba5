import { readFile } from 'node:fs/promises';
import { buildReport, InputError, runChecks } from '@mm-review/core';
import { ADD_RELEASE_CHECKS } from './checks/index';
import type { Context } from './context';
import { parseDatabase, type Splice } from '@mm-review/marketplace';
import { unifiedDiff } from './diff';
import { validateRepoName, versionOfTag } from './flags';
import { pullRequest } from './pull-request';
import type { AddOutcome, AddReleaseRequest, AddReleaseResult, AddReleaseServices } from './types';
import { writeFileAtomic } from './write';

export type {
  AddOutcome,
  AddReleaseRequest,
  AddReleaseResult,
  AddReleaseServices,
  OnDuplicate,
  PullRequest,
} from './types';

/**
 * Adds one plugin release to plugins.json: fetches and verifies the bundle, builds the
 * entry as the generator's Go model writes it, and splices its text in at its sorted
 * place so every other byte stays. Nothing is written when a check fails.
 */
export async function addRelease(
  request: AddReleaseRequest,
  services: AddReleaseServices = {},
): Promise<AddReleaseResult> {
  const version = versionOfTag(request.tag);
  validateRepoName(request.repo);
  const bytes = await readFile(request.database).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(
      `cannot read the database ${request.database}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  const dbLabel = request.databaseLabel ?? request.database;
  const context: Context = {
    request,
    services,
    db: parseDatabase(bytes, dbLabel),
    dbLabel,
    version,
    verification: { platforms: {} },
    platforms: {},
    iconData: '',
  };
  const checks = await runChecks(ADD_RELEASE_CHECKS, context, { mode: 'new', beta: false });
  const report = buildReport({
    tool: request.tool,
    command: 'add-release',
    mode: 'new',
    beta: false,
    database: { path: dbLabel, entries: context.db.keys.length + (context.outcome === 'added' ? 1 : 0) },
    checks,
  });
  const refused = report.result === 'fail' || !context.outcome;
  const outcome: AddOutcome = refused ? 'refused' : (context.outcome as AddOutcome);
  const result: AddReleaseResult = {
    report,
    outcome,
    written: false,
    verification: context.verification,
    addedEntries: [],
  };
  if (refused || !context.entry || !context.entryText) return result;
  Object.assign(result, { entry: context.entry, entryText: context.entryText });
  if (outcome === 'skipped') return result;
  const splice = context.splice as Splice;
  result.splice = splice;
  result.addedEntries = [addedEntry(context.entry)];
  result.pullRequest = pullRequest(request, context.entry, context.verification, report, outcome);
  if (request.dryRun) {
    result.diff = unifiedDiff(context.db.bytes, splice, dbLabel);
    return result;
  }
  await writeFileAtomic(request.database, splice.pieces);
  result.written = true;
  return result;
}

/** The same shape as validate-database's `added-entries`, so one announcement step reads either. */
function addedEntry(entry: Record<string, unknown>): Record<string, string> {
  const manifest = entry.manifest as Record<string, string | undefined>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id: text(manifest.id),
    name: text(manifest.name),
    version: text(manifest.version),
    min_server_version: text(manifest.min_server_version),
    release_notes_url: text(entry.release_notes_url),
    homepage_url: text(entry.homepage_url),
    download_url: text(entry.download_url),
    repo_name: text(entry.repo_name),
    release_stage: text(entry.release_stage),
  };
}
