import { parseGitHubRepoUrl } from '@mm-review/github';
import type { PluginContext } from '@mm-review/plugin';

export interface TargetRepository {
  owner: string;
  repo: string;
  /** Where the name came from, for messages. */
  source: 'the event payload' | 'the repository option' | 'homepage_url' | 'support_url';
}

/** The `repository` object of a GitHub event payload, when it has the fields we read. */
export interface EventRepository {
  fullName: string;
  private?: boolean;
  visibility?: string;
  hasIssues?: boolean;
}

export function eventRepository(event: Record<string, unknown> | undefined): EventRepository | undefined {
  const repository = event?.repository;
  if (!repository || typeof repository !== 'object') return undefined;
  const fields = repository as Record<string, unknown>;
  if (typeof fields.full_name !== 'string') return undefined;
  const result: EventRepository = { fullName: fields.full_name };
  if (typeof fields.private === 'boolean') result.private = fields.private;
  if (typeof fields.visibility === 'string') result.visibility = fields.visibility;
  if (typeof fields.has_issues === 'boolean') result.hasIssues = fields.has_issues;
  return result;
}

/**
 * The repository under review: the `repository` option (the Marketplace bot reviews another
 * repository than the one its workflow runs in), else the event's, else the one the
 * manifest's homepage_url or support_url names.
 */
export async function targetRepository(context: PluginContext): Promise<TargetRepository | undefined> {
  const option = splitName(context.options.repository);
  if (option) return { ...option, source: 'the repository option' };
  const event = splitName(eventRepository(context.options.event)?.fullName);
  if (event) return { ...event, source: 'the event payload' };
  const load = await context.manifest();
  if (!load.found) return undefined;
  const host = githubHost(context.options.apiUrl);
  for (const field of ['homepage_url', 'support_url'] as const) {
    const parsed =
      parseGitHubRepoUrl(load.loaded.manifest[field], host) ?? parseGitHubRepoUrl(load.loaded.manifest[field]);
    if (parsed) return { ...parsed, source: field };
  }
  return undefined;
}

/** The event's repository, when it is the one under review. */
export function matchingEventRepository(
  context: PluginContext,
  target: TargetRepository | undefined,
): EventRepository | undefined {
  const event = eventRepository(context.options.event);
  if (!event || !target) return event && !target ? event : undefined;
  return event.fullName.toLowerCase() === `${target.owner}/${target.repo}`.toLowerCase() ? event : undefined;
}

function splitName(name: string | undefined): { owner: string; repo: string } | undefined {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(name?.trim() ?? '');
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2].replace(/\.git$/, '') } : undefined;
}

/** github.com, or the GHES host behind GITHUB_API_URL (https://ghe.example.com/api/v3). */
export function githubHost(apiUrl: string | undefined): string {
  if (!apiUrl) return 'github.com';
  try {
    const host = new URL(apiUrl).hostname.toLowerCase();
    return host === 'api.github.com' ? 'github.com' : host;
  } catch {
    return 'github.com';
  }
}

export function fullName(target: TargetRepository): string {
  return `${target.owner}/${target.repo}`;
}
