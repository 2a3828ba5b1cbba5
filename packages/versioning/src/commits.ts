import { git } from '@mm-review/core';
import type { BumpReason } from './reason';

export interface Commit {
  hash: string;
  subject: string;
  body: string;
}

export type CommitRange =
  | { ok: true; commits: Commit[]; shallow: boolean; truncated: boolean }
  | { ok: false; reason: string };

const MAX_COMMITS = 5000;
const MAX_REASONS_PER_KIND = 5;
const CONVENTIONAL = /^([a-z]+)(\([^)\n]*\))?(!)?:\s/i;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:/m;

/** The commits in `base..HEAD`, newest first, or why the history cannot tell. */
export async function commitsSince(cwd: string, base: string): Promise<CommitRange> {
  if (base.startsWith('-')) return { ok: false, reason: `"${base}" is not a revision` };
  const log = await git(cwd, ['log', `--max-count=${MAX_COMMITS + 1}`, '--format=%H%x1f%s%x1f%b%x1e', `${base}..HEAD`, '--']);
  if (!log.ok) return { ok: false, reason: `git log ${base}..HEAD failed (${firstLine(log.stderr) || 'no git history'})` };
  const commits = log.stdout
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.includes('\x1f'))
    .map((record) => {
      const [hash = '', subject = '', body = ''] = record.split('\x1f');
      return { hash, subject, body };
    });
  const shallow = (await git(cwd, ['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
  return { ok: true, commits: commits.slice(0, MAX_COMMITS), shallow, truncated: commits.length > MAX_COMMITS };
}

/**
 * Conventional-commit evidence: `type!:` or a `BREAKING CHANGE:` footer needs a major
 * version, `feat:` a minor one.
 */
export function commitReasons(commits: readonly Commit[]): BumpReason[] {
  const breaking = commits.filter((c) => CONVENTIONAL.exec(c.subject)?.[3] === '!' || BREAKING_FOOTER.test(c.body));
  const features = commits.filter((c) => !breaking.includes(c) && CONVENTIONAL.exec(c.subject)?.[1]?.toLowerCase() === 'feat');
  return [
    ...summarize(breaking, 'major', 'version-bump/commit-breaking', 'a breaking change', (c) =>
      `Commit ${short(c)} "${c.subject}" marks a breaking change (${BREAKING_FOOTER.test(c.body) ? 'a BREAKING CHANGE: footer' : 'the "!" of a conventional commit'}), which needs a major version.`,
    ),
    ...summarize(features, 'minor', 'version-bump/commit-feature', 'a feature', (c) => `Commit ${short(c)} "${c.subject}" adds a feature (conventional commit "feat"), which needs at least a minor version.`),
  ];
}

function summarize(commits: readonly Commit[], level: BumpReason['level'], rule: string, kind: string, describe: (c: Commit) => string): BumpReason[] {
  const reasons: BumpReason[] = commits.slice(0, MAX_REASONS_PER_KIND).map((c) => ({ level, rule, what: `commit ${short(c)} (${kind})`, message: describe(c) }));
  const rest = commits.length - MAX_REASONS_PER_KIND;
  if (rest > 0) reasons.push({ level, rule, what: `${rest} more commits (${kind})`, message: `${rest} more commit${rest > 1 ? 's' : ''} of the same kind (${commits.slice(MAX_REASONS_PER_KIND).map(short).slice(0, 10).join(', ')}${rest > 10 ? ', …' : ''}).` });
  return reasons;
}

function short(commit: Commit): string {
  return commit.hash.slice(0, 7);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
