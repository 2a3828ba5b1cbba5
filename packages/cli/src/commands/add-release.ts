import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, InputError, type Format } from '@mm-review/core';
import { createGitHubApi } from '@mm-review/github';
import { TOOL } from '@mm-review/suite';
import type { CliIO } from '../io';
import { emitReport, oneOf } from '../output';

export const usage = `Usage: ${TOOL.name} add-release --database PLUGINS_JSON --repo NAME --tag TAG (--community|--official|--partner)
                   [--beta|--experimental] [--enterprise] [--cloud|--on-prem]
                   [--store URL | --github-release OWNER/REPO] (--public-key FILE... | --allow-unverified)
                   [--allow-id-change] [--dry-run]

Adds a plugin release to plugins.json: downloads the bundle and its signature, verifies
the signature, validates the manifest, and splices the new entry in at its sorted place
without changing any other byte. Nothing is written when a check fails.

Options:
  --database FILE            the plugins.json to add to (required)
  --repo NAME                repository name, as in the bundle's file name (required with --store;
                             defaults to REPO of --github-release)
  --tag TAG                  release tag, semver with an optional leading v (required)
  --community | --official | --partner    author type (exactly one)
  --beta | --experimental    release stage (default: production)
  --enterprise               only for Enterprise licences
  --cloud | --on-prem        hosting (default: both)
  --store URL                plugin store (default: https://plugins.releases.mattermost.com/release);
                             the bundle is URL/NAME-TAG.tar.gz with .sig beside it
  --github-release OWNER/REPO  take the bundle and its .sig/.asc from a GitHub release
                             (GITHUB_TOKEN or GH_TOKEN; honours GITHUB_API_URL)
  --public-key FILE          armored OpenPGP public key(s) to verify signatures with (repeatable);
                             without one the add is refused unless --allow-unverified is given
  --allow-unverified         add without a public key: nothing is verified (the report, the
                             pull-request body and stderr say so)
  --allow-id-change          add even when the id is listed for another repository, equals a
                             listed id ignoring case, or differs from this repository's earlier
                             id (the findings stay as warnings and are logged)
  --release-notes-url URL    the entry's release_notes_url instead of the manifest's
  --homepage-url URL         the entry's homepage_url instead of the manifest's
  --allow-invalid-manifest   add even when the manifest breaks a rule (the findings stay as warnings)
  --on-duplicate fail|skip|replace  when the id, version and hosting are already listed (default: fail)
  --dry-run                  print the entry and the diff; write nothing
  -f, --format FORMAT        text (default), json, markdown or sarif (the report)
  -o, --output FILE          write the report to FILE
  --entry-output FILE        also write the new entry's JSON to FILE

Exit status: 0 added (or skipped), 1 refused (a check failed; nothing written), 2 usage or input error.
`;

const OPTIONS = {
  database: { type: 'string' },
  repo: { type: 'string' },
  tag: { type: 'string' },
  community: { type: 'boolean' },
  official: { type: 'boolean' },
  partner: { type: 'boolean' },
  beta: { type: 'boolean' },
  experimental: { type: 'boolean' },
  enterprise: { type: 'boolean' },
  cloud: { type: 'boolean' },
  'on-prem': { type: 'boolean' },
  store: { type: 'string' },
  'github-release': { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  'release-notes-url': { type: 'string' },
  'homepage-url': { type: 'string' },
  'allow-invalid-manifest': { type: 'boolean' },
  'allow-unverified': { type: 'boolean' },
  'allow-id-change': { type: 'boolean' },
  'on-duplicate': { type: 'string' },
  'dry-run': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'entry-output': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length > 0)
    throw new InputError(`add-release takes no positional arguments (got ${positionals.join(' ')}); see --help`);
  const release = await import('@mm-review/release');
  const flags = release.resolveFlags({ ...values, onPrem: values['on-prem'] });
  const database = required(values.database, '--database');
  const tag = required(values.tag, '--tag');
  const source = release.parseSource(values.store, values['github-release']);
  const repo = values.repo ?? (source.kind === 'github' ? source.repo : required(values.repo, '--repo'));
  const format = oneOf('--format', values.format ?? 'text', FORMATS) as Format;
  const onDuplicate = oneOf('--on-duplicate', values['on-duplicate'] ?? 'fail', ['fail', 'skip', 'replace']) as
    'fail' | 'skip' | 'replace';
  const publicKeys = await publicKeysFrom(values['public-key'] ?? [], io);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  const github =
    io.services?.github ??
    (token
      ? createGitHubApi({ token, ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}) })
      : undefined);

  const result = await release.addRelease(
    {
      database: path.resolve(io.cwd, database),
      databaseLabel: database,
      repo,
      tag,
      flags,
      source,
      publicKeys,
      allowInvalidManifest: values['allow-invalid-manifest'] ?? false,
      allowUnverified: values['allow-unverified'] ?? false,
      allowIdChange: values['allow-id-change'] ?? false,
      onDuplicate,
      dryRun: values['dry-run'] ?? false,
      tool: TOOL,
      ...(values['release-notes-url'] !== undefined ? { releaseNotesUrl: values['release-notes-url'] } : {}),
      ...(values['homepage-url'] !== undefined ? { homepageUrl: values['homepage-url'] } : {}),
    },
    {
      ...(io.services?.fetch ? { fetch: io.services.fetch } : {}),
      ...(io.services?.now ? { now: io.services.now } : {}),
      ...(github ? { github } : {}),
      log: (line) => io.stderr(`${line}\n`),
    },
  );
  if (publicKeys.length === 0 && values['allow-unverified'])
    io.stderr(`WARNING: no --public-key given and --allow-unverified set: the bundle's signature was NOT verified.\n`);
  if (values['allow-id-change'])
    io.stderr(
      'NOTE: --allow-id-change set: a listed id of another repository, a case twin of a listed id or a changed id is accepted (see the warnings).\n',
    );
  await emitReport(result.report, format, { output: values.output, noColor: values['no-color'] }, io);
  if (values['entry-output'] && result.entryText)
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        path.resolve(io.cwd, values['entry-output'] as string),
        `${JSON.stringify(result.entry, null, 2)}\n`,
      ),
    );
  printOutcome(result, database, format, io);
  return result.outcome === 'refused' ? 1 : 0;
}

function printOutcome(
  result: Awaited<ReturnType<typeof import('@mm-review/release').addRelease>>,
  database: string,
  format: Format,
  io: CliIO,
): void {
  const toUser = format === 'text' ? io.stdout : io.stderr;
  if (result.diff) toUser(`\nEntry (dry run, nothing written):\n${result.entryText}\n\n${result.diff}`);
  const entry = result.addedEntries[0];
  const what = entry ? `${entry.id} ${entry.version}` : 'the release';
  const message: Record<typeof result.outcome, string> = {
    added: result.written ? `added ${what} to ${database}` : `would add ${what} to ${database}`,
    replaced: result.written ? `replaced ${what} in ${database}` : `would replace ${what} in ${database}`,
    skipped: `${database} already lists this release; nothing changed`,
    refused: `refused: nothing was written to ${database}`,
  };
  io.stderr(`${TOOL.name} add-release: ${message[result.outcome]}\n`);
  if (result.pullRequest && result.written)
    io.stderr(`pull request: branch ${result.pullRequest.branch}, title "${result.pullRequest.title}"\n`);
}

async function publicKeysFrom(files: string[], io: CliIO): Promise<string[]> {
  const { readPublicKeys } = await import('@mm-review/marketplace');
  return readPublicKeys(files, (file) => readFile(path.resolve(io.cwd, file), 'utf8'));
}

function required(value: string | undefined, option: string): string {
  if (!value) throw new InputError(`${option} is required; see add-release --help`);
  return value;
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
}
