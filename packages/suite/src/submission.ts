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
export function parseSubmission(issue: { title?: string; body?: string | null; labels?: ({ name?: string } | string)[] }): Submission {
  const body = (issue.body ?? '').replace(/<!--[\s\S]*?-->/g, '');
  const section = /#+\s*Review (?:commit|reference)\s*\n([\s\S]*?)(?=\n#+\s|$)/i.exec(body)?.[1] ?? '';
  const url = firstGitHubUrl(section) ?? firstGitHubUrl(body);
  if (!url) throw new InputError('the issue names no GitHub repository under "Review commit" / "Review reference"; link the repository and the release or commit to review');
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? '')).toLowerCase());
  const update = labels.includes('plugin/update') || /^\s*update\b/i.test(issue.title ?? '');
  return { ...refFromUrl(url), mode: update ? 'update' : 'new', source: url };
}

function firstGitHubUrl(text: string): string | undefined {
  return /https:\/\/github\.com\/[^\s)>\]"']+/i.exec(text)?.[0]?.replace(/[.,;:]+$/, '');
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
