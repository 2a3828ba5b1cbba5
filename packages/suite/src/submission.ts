import { InputError, type Mode } from '@mm-review/core';

export interface Submission {
  /** `owner/name` of the submitted plugin repository. */
  repository: string;
  /** Commit, tag or branch to review; empty for the default branch. */
  ref: string;
  mode: Mode;
  /** The URL the ref was read from, for the comment. */
  source: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const REF = /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/;

/**
 * Reads a Marketplace "Add plugin" / "Update plugin" issue: the repository and the
 * commit or release under "Review commit" (or "Review reference"), and the mode from
 * the labels or the title. Everything read is validated before a workflow uses it.
 */
export function parseSubmission(issue: {
  title?: string;
  body?: string | null;
  labels?: ({ name?: string } | string)[];
}): Submission {
  const body = withoutComments(issue.body ?? '');
  const section = reviewSection(body);
  const url = firstGitHubUrl(section) ?? firstGitHubUrl(body);
  if (!url)
    throw new InputError(
      'the issue names no GitHub repository under "Review commit" / "Review reference"; link the repository and the release or commit to review',
    );
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? '')).toLowerCase());
  const update = labels.includes('plugin/update') || /^\s*update\b/i.test(issue.title ?? '');
  return { ...refFromUrl(url), mode: update ? 'update' : 'new', source: url };
}

/** Counts the characters the scans below look at, for the linear-growth test. */
export interface ScanWork {
  steps: number;
}

/**
 * The body without HTML comments; an unclosed `<!--` keeps the rest. One pass with
 * indexOf, so a body of many `<!--` (an issue body is up to 65,536 characters) stays linear.
 */
export function withoutComments(body: string, work?: ScanWork): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = body.indexOf('<!--', from);
    const close = open < 0 ? -1 : body.indexOf('-->', open + 4);
    if (work) work.steps += (close >= 0 ? close + 3 : body.length) - from;
    if (open < 0 || close < 0) return out + body.slice(from);
    out += body.slice(from, open);
    from = close + 3;
  }
}

const REVIEW_TITLES = ['review commit', 'review reference'];

export function reviewSection(body: string, work?: ScanWork): string {
  const lines = body.split('\n');
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (work) work.steps += line.length + 1;
    if (start < 0) {
      if (isReviewHeading(line)) start = i + 1;
    } else if (/^#+\s/.test(line) || /^#+$/.test(line)) {
      return lines.slice(start, i).join('\n');
    }
  }
  return start < 0 ? '' : lines.slice(start).join('\n');
}

/** `#### Review commit` (hashes, optional blanks, the title, nothing after it but blanks). */
function isReviewHeading(line: string): boolean {
  const trimmed = line.trimEnd();
  const lower = trimmed.toLowerCase();
  const title = REVIEW_TITLES.find((t) => lower.endsWith(t));
  return (
    title !== undefined &&
    trimmed
      .slice(0, trimmed.length - title.length)
      .trimEnd()
      .endsWith('#')
  );
}

function firstGitHubUrl(text: string): string | undefined {
  const url = /https:\/\/github\.com\/[^\s)>\]"']+/i.exec(text)?.[0];
  return url === undefined ? undefined : trimTrailing(url, '.,;:');
}

/** `text` without a trailing run of `chars`, scanning back once (`/[.,;:]+$/` rescans every run). */
function trimTrailing(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

function refFromUrl(url: string): { repository: string; ref: string } {
  const [owner = '', rawRepo = '', kind, ...rest] = new URL(url).pathname.split('/').filter(Boolean);
  const repo = rawRepo.replace(/\.git$/, '');
  if (!NAME.test(owner) || !NAME.test(repo)) throw new InputError(`${url} does not name a GitHub repository`);
  let ref = '';
  if (kind === 'commit' || kind === 'tree') ref = rest.join('/');
  else if (kind === 'releases' && rest[0] === 'tag') ref = rest.slice(1).join('/');
  else if (kind === 'pull') throw new InputError(`${url} is a pull request; link the release or commit to review`);
  ref = decodeURIComponent(ref);
  if (ref && !REF.test(ref)) throw new InputError(`the ref "${ref}" in ${url} is not a valid git ref`);
  return { repository: `${owner}/${repo}`, ref };
}
