import type { Check, CheckOutcome, Finding, RuleDefinitions, Status } from '@mm-review/core';
import { ISSUE_TRACKER_URL_RULES } from './rules';
import { parseGitHubRepoUrl } from '@mm-review/github';
import type { PluginContext } from '../context';
import { goHttpUrlProblem, parseRequestUri } from '../manifest/go-url';
import { at, quote, withManifest } from './shared';

/**
 * One part of the `issue-tracker` check: the URL (here) or the docs link (check-docs).
 * A part declares the rules it emits in `rules`; the check declares the union.
 */
export type IssueTrackerPart = ((context: PluginContext) => Promise<CheckOutcome>) & { rules?: RuleDefinitions };

/** Hosts known to serve public issue trackers, and the path that marks one. */
const TRACKER_PATHS: { host: RegExp; path: RegExp; example: string }[] = [
  // The tracker's pages count too: `/issues/new/choose`, `/issues/new?template=bug.md`, a label view.
  {
    host: /^github\.com$/,
    path: /^\/[^/]+\/[^/]+\/issues(?:\/.*)?$/,
    example: 'https://github.com/<owner>/<repo>/issues',
  },
  {
    host: /^gitlab\.com$|^gitlab\./,
    path: /\/-\/issues(?:\/.*)?$|\/issues(?:\/.*)?$/,
    example: 'https://gitlab.com/<group>/<project>/-/issues',
  },
  {
    host: /^bitbucket\.org$/,
    path: /^\/[^/]+\/[^/]+\/issues(?:\/.*)?$|\/jira\/?$/,
    example: 'https://bitbucket.org/<workspace>/<repo>/issues',
  },
  {
    host: /^codeberg\.org$|^gitea\./,
    path: /^\/[^/]+\/[^/]+\/issues(?:\/.*)?$/,
    example: 'https://codeberg.org/<owner>/<repo>/issues',
  },
];

/** The URL part: `support_url` is set, valid, and looks like a public issue tracker. */
export const issueTrackerUrlPart: IssueTrackerPart = Object.assign(
  (context: PluginContext) =>
    withManifest(context, (loaded) => {
      const url = loaded.manifest.support_url;
      const findings: Finding[] = [];
      if (!url) {
        findings.push(
          at(
            loaded,
            'support_url',
            'error',
            'issue-tracker/support-url-missing',
            `${loaded.file} has no support_url; set it to the plugin's public issue tracker, such as ${suggestion(loaded.manifest.homepage_url)}.`,
          ),
        );
        return { findings, summary: 'support_url is not set.' };
      }
      const problem = goHttpUrlProblem(url);
      if (problem) {
        const placeholder = /__[A-Z_]+__|\{\{|<[a-z-]+>/i.test(url)
          ? ' It looks like a template placeholder that was never filled in.'
          : '';
        findings.push(
          at(
            loaded,
            'support_url',
            'error',
            'issue-tracker/support-url-invalid',
            `support_url ${quote(url)} is not a URL the server accepts: ${problem}.${placeholder} Set it to the public issue tracker, such as ${suggestion(loaded.manifest.homepage_url)}.`,
          ),
        );
        return { findings, summary: 'support_url is not a valid URL.' };
      }
      const result = parseRequestUri(url);
      const parsed = result.ok ? result.url : { hostname: '', path: '' };
      const known = TRACKER_PATHS.find((t) => t.host.test(parsed.hostname.toLowerCase()));
      if (known && !known.path.test(parsed.path)) {
        findings.push(
          at(
            loaded,
            'support_url',
            'warning',
            'issue-tracker/not-issue-tracker',
            `support_url ${quote(url)} is on ${parsed.hostname} but is not an issues page; point it at the tracker itself, such as ${trackerFor(parsed.hostname, parsed.path) ?? known.example}.`,
          ),
        );
      } else if (!known) {
        findings.push(
          at(
            loaded,
            'support_url',
            'notice',
            'issue-tracker/unknown-host',
            `support_url ${quote(url)} is not on a known public tracker host; a reviewer must confirm that it is a public issue tracker.`,
          ),
        );
      }
      return { findings, summary: `support_url: ${url}` };
    }),
  { rules: ISSUE_TRACKER_URL_RULES },
);

/** The issues page of a repository URL on a known forge (`/owner/repo` → `/owner/repo/issues`). */
function trackerFor(hostname: string, path: string): string | undefined {
  const match = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(path);
  if (!match || !/^(github\.com|codeberg\.org|bitbucket\.org)$/i.test(hostname)) return undefined;
  return `https://${hostname.toLowerCase()}/${match[1]}/${match[2]}/issues`;
}

function suggestion(homepage: string | undefined): string {
  const repo = parseGitHubRepoUrl(homepage);
  return repo ? `https://github.com/${repo.owner}/${repo.repo}/issues` : 'https://github.com/<owner>/<repo>/issues';
}

const WORST: Status[] = ['fail', 'warn', 'manual', 'pass', 'skip'];

/** `issue-tracker` (product-3), made of the parts the action runs. */
export function createIssueTrackerCheck(parts: readonly IssueTrackerPart[]): Check<PluginContext> {
  return {
    id: 'issue-tracker',
    requirement: 'product-3',
    title: 'Public issue tracker',
    rules: Object.assign({}, ...parts.map((part) => part.rules ?? {})) as RuleDefinitions,
    async run(context) {
      const outcomes = [];
      for (const part of parts) outcomes.push(await part(context));
      const findings = outcomes.flatMap((o) => o.findings);
      const statuses = outcomes.map((o) => o.status ?? statusOf(o.findings));
      const status = WORST.find((s) => statuses.includes(s)) ?? 'pass';
      const summary = outcomes
        .map((o) => o.summary)
        .filter(Boolean)
        .join(' ');
      return { status, findings, ...(summary ? { summary } : {}) };
    },
  };
}

function statusOf(findings: readonly Finding[]): Status {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}
