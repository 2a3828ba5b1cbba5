import { skipped, type Check, type CheckOutcome, type Finding } from '@mm-review/core';
import { parseGitHubRepoUrl } from '@mm-review/github';
import type { PluginContext } from '@mm-review/plugin';
import { PUBLIC_REPOSITORY_RULES } from './rules';
import { fullName, githubHost, matchingEventRepository, targetRepository, type TargetRepository } from './target';

const RULE = 'public-repository';

interface Visibility {
  private: boolean;
  visibility?: string;
  hasIssues?: boolean;
  /** "the workflow event payload" or "the GitHub API". */
  source: string;
  /** Where `hasIssues` came from, when not from `source` (a payload without has_issues). */
  issuesSource?: string;
}

/** `public-repository` (product-2): the repository is public, and its issues are on when support_url points there. */
export const publicRepositoryCheck: Check<PluginContext> = {
  id: 'public-repository',
  requirement: 'product-2',
  title: 'Public repository',
  rules: PUBLIC_REPOSITORY_RULES,
  async run(context) {
    const target = await targetRepository(context);
    const issuesLink = await supportUrlOnIssues(context, target);
    const event = matchingEventRepository(context, target);
    let facts: Visibility | undefined;
    if (event && (event.private !== undefined || event.visibility !== undefined)) {
      facts = {
        private: event.private === true || isNonPublic(event.visibility),
        source: 'the workflow event payload',
      };
      if (event.visibility) facts.visibility = event.visibility;
      if (event.hasIssues !== undefined) facts.hasIssues = event.hasIssues;
    }
    const name = target ? fullName(target) : event?.fullName;
    const needApi = !facts || (issuesLink !== undefined && facts.hasIssues === undefined);
    const api = context.options.offline ? undefined : context.services.github;
    if (needApi && api && target) {
      const asked = await askApi(context, target);
      if ('finding' in asked) return asked.finding;
      facts = mergeFacts(facts, asked.facts);
    }
    if (!facts || !name) return skipped(skipReason(context, target), `${RULE}/unknown`);
    return verdict(name, facts, issuesLink);
  },
};

async function askApi(
  context: PluginContext,
  target: TargetRepository,
): Promise<{ facts?: Visibility } | { finding: CheckOutcome }> {
  const api = context.services.github;
  if (!api) return {};
  try {
    const info = await api.getRepository(target.owner, target.repo);
    if (!info) {
      const message = `${fullName(target)} (from ${target.source}) is not visible through the GitHub API with the given token: it is private or does not exist. Make the repository public, or correct the repository name.`;
      return {
        finding: {
          findings: [{ severity: 'error', rule: `${RULE}/not-found`, message }],
          summary: `${fullName(target)} not found through the API.`,
        },
      };
    }
    const facts: Visibility = {
      private: info.private || isNonPublic(info.visibility),
      hasIssues: info.hasIssues,
      source: 'the GitHub API',
    };
    if (info.visibility) facts.visibility = info.visibility;
    return { facts };
  } catch (error) {
    const reason = `Cannot tell whether ${fullName(target)} is public: the GitHub API request failed (${(error as Error).message}).`;
    return { finding: skipped(reason, `${RULE}/api-error`) };
  }
}

/** The payload's visibility stands; the API fills in what the payload lacks. */
function mergeFacts(fromEvent: Visibility | undefined, fromApi: Visibility | undefined): Visibility | undefined {
  if (!fromEvent || !fromApi) return fromEvent ?? fromApi;
  if (fromEvent.hasIssues !== undefined || fromApi.hasIssues === undefined) return fromEvent;
  return { ...fromEvent, hasIssues: fromApi.hasIssues, issuesSource: fromApi.source };
}

function verdict(name: string, facts: Visibility, issuesLink: IssuesLink | undefined): CheckOutcome {
  const findings: Finding[] = [];
  if (facts.private) {
    const kind = facts.visibility && facts.visibility !== 'private' ? `${facts.visibility} (not public)` : 'private';
    findings.push({
      severity: 'error',
      rule: `${RULE}/private`,
      message: `${name} is ${kind}, according to ${facts.source}; the Marketplace lists only plugins whose source is public. Make it public in Settings → General → Danger Zone → Change visibility.`,
    });
  }
  if (issuesLink && facts.hasIssues === false) {
    findings.push({
      severity: 'error',
      rule: `${RULE}/issues-disabled`,
      message: `support_url points to ${issuesLink.url}, but issues are disabled on ${name} (${facts.issuesSource ?? facts.source}); enable Issues in Settings → General → Features, or point support_url at the tracker you use.`,
      ...issuesLink.location,
    });
  }
  const issues = issuesLink
    ? facts.hasIssues === undefined
      ? '; whether issues are on is unknown'
      : facts.hasIssues
        ? '; issues are enabled'
        : '; issues are disabled'
    : '';
  return { findings, summary: `${name} is ${facts.private ? 'not public' : 'public'} (${facts.source})${issues}.` };
}

function isNonPublic(visibility: string | undefined): boolean {
  return visibility === 'private' || visibility === 'internal';
}

interface IssuesLink {
  url: string;
  location: { file?: string; line?: number; column?: number };
}

/** support_url, when it is the issues page of the repository under review. */
async function supportUrlOnIssues(
  context: PluginContext,
  target: TargetRepository | undefined,
): Promise<IssuesLink | undefined> {
  if (!target) return undefined;
  const load = await context.manifest();
  if (!load.found) return undefined;
  const url = load.loaded.manifest.support_url;
  const repo = parseGitHubRepoUrl(url, githubHost(context.options.apiUrl)) ?? parseGitHubRepoUrl(url);
  if (!url || !repo || `${repo.owner}/${repo.repo}`.toLowerCase() !== fullName(target).toLowerCase()) return undefined;
  if (!/^\/[^/]+\/[^/]+\/issues(?:\/|$|\?)/.test(new URL(url).pathname)) return undefined;
  return { url, location: load.loaded.at('support_url') };
}

function skipReason(context: PluginContext, target: TargetRepository | undefined): string {
  if (!target) {
    return 'Cannot tell whether the repository is public: no event payload names it, no repository was given, and neither homepage_url nor support_url is a GitHub repository URL.';
  }
  const name = fullName(target);
  if (context.options.offline)
    return `Cannot tell whether ${name} is public: the review runs offline and no event payload says.`;
  return `Cannot tell whether ${name} is public: no event payload says and no GitHub token was given; run it in a workflow (the default github-token is enough) or pass a token.`;
}
