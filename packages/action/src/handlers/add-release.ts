import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@mm-review/core';
import { readPublicKeys } from '@mm-review/marketplace';
import { TOOL } from '@mm-review/suite';
import type { ActionIO } from '../io';

const AUTHOR_TYPES = ['community', 'official', 'partner'] as const;
const STAGES = ['production', 'beta', 'experimental'] as const;
const HOSTINGS = ['any', 'cloud', 'on-prem'] as const;

/** The add-release action: inputs → @mm-review/release → report, outputs and summary. */
export async function run(io: ActionIO): Promise<void> {
  const release = await import('@mm-review/release');
  const authorType = io.input('author-type');
  if (!authorType) throw new InputError('input author-type is required: community, official or partner');
  const author = io.choiceInput('author-type', AUTHOR_TYPES, 'community');
  const stage = io.choiceInput('release-stage', STAGES, 'production');
  const hosting = io.choiceInput('hosting', HOSTINGS, 'any');
  const flags = release.resolveFlags({
    [author]: true,
    [stage]: stage !== 'production',
    enterprise: io.booleanInput('enterprise'),
    cloud: hosting === 'cloud',
    onPrem: hosting === 'on-prem',
  });
  const source = release.parseSource(io.input('store'), io.input('github-release'));
  const repo = io.input('repo') ?? (source.kind === 'github' ? source.repo : io.requiredInput('repo'));
  const tag = io.requiredInput('tag');
  const databaseInput = io.input('database') ?? 'plugins.json';
  const database = io.pathInput('database') ?? path.resolve(io.workspace, databaseInput);
  const publicKeys = await publicKeysFrom(io);
  const onDuplicate = io.choiceInput('on-duplicate', ['fail', 'skip', 'replace'] as const, 'fail');
  const dryRun = io.booleanInput('dry-run');
  const github = source.kind === 'github' ? io.github() : undefined;

  const result = await release.addRelease(
    {
      database,
      databaseLabel: databaseInput,
      repo,
      tag,
      flags,
      source,
      publicKeys,
      allowInvalidManifest: io.booleanInput('allow-invalid-manifest'),
      allowUnverified: io.booleanInput('allow-unverified'),
      allowIdChange: io.booleanInput('allow-id-change'),
      onDuplicate,
      dryRun,
      tool: TOOL,
      ...(io.input('release-notes-url') !== undefined
        ? { releaseNotesUrl: io.input('release-notes-url') as string }
        : {}),
      ...(io.input('homepage-url') !== undefined ? { homepageUrl: io.input('homepage-url') as string } : {}),
    },
    { ...(github ? { github } : {}), log: (line) => io.info(line) },
  );
  if (publicKeys.length === 0 && io.booleanInput('allow-unverified'))
    io.warning(
      'NOTHING WAS VERIFIED: no public-key was given and allow-unverified is set, so the bundle signature was copied into plugins.json without being checked.',
    );
  if (io.booleanInput('allow-id-change'))
    io.warning(
      'allow-id-change is set: a listed id of another repository, a case twin of a listed id or a changed id is accepted (see the warnings).',
    );
  const pr = result.pullRequest;
  await io.publishReport('add-release', result.report, {
    pathPrefix: '',
    extraOutputs: {
      outcome: result.outcome,
      written: String(result.written),
      entry: result.entry ? JSON.stringify(result.entry) : '',
      'added-entries': JSON.stringify(result.addedEntries),
      'signature-verified': String(result.verification.bundle?.verified === true),
      branch: pr?.branch ?? '',
      title: pr?.title ?? '',
      body: pr?.body ?? '',
      diff: result.diff ?? '',
    },
  });
  if (result.diff)
    await io.appendSummary(`\n### add-release (dry run: nothing written)\n\n\`\`\`diff\n${result.diff}\`\`\`\n`);
  io.info(`add-release: ${result.outcome}${result.written ? ` (${databaseInput} written)` : ''}`);
  io.failIfNeeded(result.report);
}

/** `public-key`: armored keys pasted in (for example from a secret), or paths of key files, one a line. */
async function publicKeysFrom(io: ActionIO): Promise<string[]> {
  return readPublicKeys([io.input('public-key') ?? ''], (file) => readFile(path.resolve(io.workspace, file), 'utf8'));
}
