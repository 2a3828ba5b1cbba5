import type { CheckOutcome, Finding } from '@mm-review/core';
import { isValidHttpUrl, type IssueTrackerPart } from '@mm-review/plugin';
import { reviewedFiles } from './evidence';
import { loadDocs } from './load';
import type { DocFile, DocLink, DocsModel, GitHubRepo } from './model';
import { ISSUE_TRACKER_DOCS_RULES } from './rules';
import { normalizeHeading, RECOMMENDED_SECTIONS, titleHeading } from './sections';
import { hostOf, parseGitHubUrl, sameRepo, shorten } from './url';

/** The issue tracker `support_url` names, in a form links can be compared with. */
export type Tracker = { kind: 'github'; repo: GitHubRepo; url: string } | { kind: 'other'; host: string; path: string; url: string };

export function trackerOf(supportUrl: string): Tracker | undefined {
  const github = parseGitHubUrl(supportUrl);
  if (github?.repo) return { kind: 'github', repo: { owner: github.owner, repo: github.repo }, url: `https://github.com/${github.owner}/${github.repo}/issues` };
  const host = hostOf(supportUrl);
  if (!host) return undefined;
  return { kind: 'other', host, path: trimSlashes(new URL(supportUrl).pathname).toLowerCase(), url: supportUrl };
}

/**
 * Whether a link leads to the tracker: its issue list (with or without a query), its
 * "new issue" page, or, for a single issue (`…/issues/7`), 'issue': that shows the
 * tracker exists but does not tell a reader where to report a problem.
 */
export function linkKind(tracker: Tracker, href: string): 'tracker' | 'issue' | undefined {
  if (tracker.kind === 'github') {
    const github = parseGitHubUrl(href);
    if (!github?.repo || !sameRepo({ owner: github.owner, repo: github.repo }, tracker.repo)) return undefined;
    const [page, second] = github.rest;
    if (page !== 'issues') return undefined;
    if (second === undefined || second === 'new') return 'tracker';
    return /^\d+$/.test(second) ? 'issue' : undefined;
  }
  const host = hostOf(href);
  if (host !== tracker.host) return undefined;
  const linkPath = trimSlashes(safePath(href)).toLowerCase();
  return linkPath === tracker.path || linkPath.startsWith(`${tracker.path}/`) ? 'tracker' : undefined;
}

/** The docs half of `issue-tracker` (product-3): a doc a reviewer reads links to the tracker in support_url. */
const docsPart: IssueTrackerPart = async (context) => {
  const load = await context.manifest();
  const supportUrl = load.found ? load.loaded.manifest.support_url : undefined;
  if (!supportUrl || !isValidHttpUrl(supportUrl)) {
    return { status: 'skip', summary: 'The docs link to the tracker is checked once support_url is a valid URL.', findings: [] };
  }
  const tracker = trackerOf(supportUrl);
  if (!tracker) return { status: 'skip', summary: 'support_url has no host to look for in the docs.', findings: [] };
  return docsLinkOutcome(await loadDocs(context), tracker);
};

/** The docs half of `issue-tracker`, with the rules it can emit (`rules`) for the check that combines the parts. */
export const issueTrackerDocsPart: IssueTrackerPart & { rules: typeof ISSUE_TRACKER_DOCS_RULES } = Object.assign(docsPart, { rules: ISSUE_TRACKER_DOCS_RULES });

export function docsLinkOutcome(docs: DocsModel, tracker: Tracker): CheckOutcome {
  const searched = [...reviewedFiles(docs), ...docs.files.filter((f) => f.role === 'conventional')];
  const single: { file: DocFile; link: DocLink }[] = [];
  for (const file of searched) {
    for (const link of file.links) {
      const kind = linkKind(tracker, link.href);
      if (kind === 'tracker') return { summary: `${file.path}:${link.line} links to the issue tracker (${shorten(link.href, 100)}).`, findings: [] };
      if (kind === 'issue') single.push({ file, link });
    }
  }
  const anchor = docs.readme ?? searched[0];
  const names = searched.map((f) => f.path).join(', ');
  if (docs.homepage.kind === 'external') {
    return {
      status: 'manual',
      summary: `The repository's docs do not link to ${tracker.url}; the docs at ${docs.homepage.url} need a person to check.`,
      findings: [{ severity: 'notice', rule: 'issue-tracker/docs-link-unverified', message: `${names || 'The repository'} does not link to the issue tracker ${tracker.url}; homepage_url points to ${docs.homepage.url}, which this review does not fetch: check that it links to the tracker.` }],
    };
  }
  if (!anchor) {
    return { summary: 'No README to link the issue tracker from.', findings: [{ severity: 'error', rule: 'issue-tracker/docs-link-missing', message: `The repository has no README, so nothing tells users to report problems at ${tracker.url}; add a README.md with a "Support" section linking it.` }] };
  }
  const issueHint = single[0] ? ` ${single[0].file.path}:${single[0].link.line} links to a single issue (${shorten(single[0].link.href, 80)}), not to the tracker itself.` : '';
  const finding: Finding = {
    severity: 'error',
    rule: 'issue-tracker/docs-link-missing',
    message: `${searched.length === 1 ? `${names} does not link` : `None of ${names} links`} to the issue tracker named by support_url (${tracker.url}).${issueHint} Add a line such as "Report bugs and request features at [GitHub issues](${tracker.url})" under a Help or Support section.`,
    ...supportLocation(anchor),
  };
  return { summary: `The docs do not link to ${tracker.url}.`, findings: [finding] };
}

/** Where the missing link belongs: the help/support section if there is one, else the title. */
function supportLocation(file: DocFile): { file: string; line: number; column: number } {
  const help = RECOMMENDED_SECTIONS.find((s) => s.id === 'help');
  const section = help ? file.headings.find((h) => help.pattern.test(normalizeHeading(h.text))) : undefined;
  const at = section ?? titleHeading(file);
  return { file: file.path, line: at?.line ?? 1, column: at?.column ?? 1 };
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

function safePath(href: string): string {
  try {
    return new URL(href).pathname;
  } catch {
    return '';
  }
}
