import { git } from '@mm-review/core';
import type { BumpReason } from './reason';

export interface Commit {
  hash: string;
  subject: string;
  body: string;
  /** Paths the commit changed, relative to the plugin root (against the first parent for a merge); undefined when unknown. */
  files?: string[];
}

export type CommitRange =
  { ok: true; commits: Commit[]; shallow: boolean; truncated: boolean } | { ok: false; reason: string };

const MAX_COMMITS = 5000;
const MAX_REASONS_PER_KIND = 5;
const CONVENTIONAL = /^([a-z]+)(\([^)\n]*\))?(!)?:\s/i;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:/m;

/** The commits in `base..HEAD`, newest first, with the files each changed, or why the history cannot tell. */
export async function commitsSince(cwd: string, base: string): Promise<CommitRange> {
  if (base.startsWith('-')) return { ok: false, reason: `"${base}" is not a revision` };
  const log = await git(cwd, [
    'log',
    `--max-count=${MAX_COMMITS + 1}`,
    '--format=%x1e%H%x1f%s%x1f%b%x1f',
    '--name-only',
    '--relative',
    '--diff-merges=first-parent',
    `${base}..HEAD`,
    '--',
  ]);
  if (!log.ok)
    return { ok: false, reason: `git log ${base}..HEAD failed (${firstLine(log.stderr) || 'no git history'})` };
  const commits = log.stdout
    .split('\x1e')
    .filter((record) => record.includes('\x1f'))
    .map((record) => {
      const [hash = '', subject = '', body = '', names = ''] = record.split('\x1f');
      return {
        hash,
        subject,
        body,
        files: names
          .split('\n')
          .map((f) => f.trim())
          .filter(Boolean),
      };
    });
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  return { ok: true, commits: commits.slice(0, MAX_COMMITS), shallow, truncated: commits.length > MAX_COMMITS };
}

/** Tests and their fixtures sit inside server/ and webapp/ but never ship in the bundle. */
const NOT_SHIPPED =
  /(^|\/)(e2e|e2e-tests|cypress|playwright|tests?|__tests__|__mocks__|testdata|fixtures)\/|_test\.go$|\.(test|spec)\.[cm]?[jt]sx?$|\.snap$/i;
/** What the bundle is built from: the server and webapp code, the manifest, assets and their dependency lists. */
const SHIPPED = /^(server|webapp|assets|public|i18n)\/|^(plugin\.json|plugin\.ya?ml|go\.mod|go\.sum)$/i;

/** Whether a path (relative to the plugin root) is part of what the plugin ships. */
export function shipsPath(file: string): boolean {
  return SHIPPED.test(file) && !NOT_SHIPPED.test(file);
}

/** A commit counts as evidence of a feature or break only when it changes what ships; CI- and docs-only commits do not. */
export function changesWhatShips(commit: Commit): boolean {
  return commit.files === undefined || commit.files.some(shipsPath);
}

/**
 * Conventional-commit evidence: `type!:` or a `BREAKING CHANGE:` footer needs a major
 * version, `feat:` a minor one, for commits that change what ships.
 */
export function commitReasons(commits: readonly Commit[]): BumpReason[] {
  const shipping = commits.filter(changesWhatShips);
  const breaking = shipping.filter((c) => CONVENTIONAL.exec(c.subject)?.[3] === '!' || BREAKING_FOOTER.test(c.body));
  const features = shipping.filter(
    (c) => !breaking.includes(c) && CONVENTIONAL.exec(c.subject)?.[1]?.toLowerCase() === 'feat',
  );
  return [
    ...summarize(
      breaking,
      'major',
      'version-bump/commit-breaking',
      'a breaking change',
      (c) =>
        `Commit ${short(c)} "${c.subject}" marks a breaking change (${BREAKING_FOOTER.test(c.body) ? 'a BREAKING CHANGE: footer' : 'the "!" of a conventional commit'})${shippedExample(c)}, which needs a major version.`,
    ),
    ...summarize(
      features,
      'minor',
      'version-bump/commit-feature',
      'a feature',
      (c) =>
        `Commit ${short(c)} "${c.subject}" adds a feature (conventional commit "feat")${shippedExample(c)}, which needs at least a minor version.`,
    ),
  ];
}

/** ` to what ships (server/x.go and 2 more files)`, or '' when the commit's files are not known. */
function shippedExample(commit: Commit): string {
  const shipped = (commit.files ?? []).filter(shipsPath);
  if (shipped.length === 0) return '';
  const more = shipped.length - 1;
  return ` to what ships (${shipped[0]}${more > 0 ? ` and ${more} more file${more > 1 ? 's' : ''}` : ''})`;
}

function summarize(
  commits: readonly Commit[],
  level: BumpReason['level'],
  rule: string,
  kind: string,
  describe: (c: Commit) => string,
): BumpReason[] {
  const reasons: BumpReason[] = commits
    .slice(0, MAX_REASONS_PER_KIND)
    .map((c) => ({ level, rule, what: `commit ${short(c)} (${kind})`, message: describe(c) }));
  const rest = commits.length - MAX_REASONS_PER_KIND;
  if (rest > 0)
    reasons.push({
      level,
      rule,
      what: `${rest} more commits (${kind})`,
      message: `${rest} more commit${rest > 1 ? 's' : ''} of the same kind (${commits.slice(MAX_REASONS_PER_KIND).map(short).slice(0, 10).join(', ')}${rest > 10 ? ', …' : ''}).`,
    });
  return reasons;
}

function short(commit: Commit): string {
  return commit.hash.slice(0, 7);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
