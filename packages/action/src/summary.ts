import * as core from '@actions/core';
import { renderMarkdown, type Report } from '@mm-review/core';
import type { RunnerEnv } from './runner-env';
import type { SourceLinks } from './links';

/** GitHub refuses a step summary over 1 MiB. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const MARGIN = 16 * 1024;

/**
 * Renders the checklist for the job summary under GitHub's size limit, listing fewer
 * findings per check until it fits, and says so when it had to.
 */
export function summaryMarkdown(
  report: Report,
  pathPrefix: string,
  limit = SUMMARY_LIMIT_BYTES - MARGIN,
  links?: SourceLinks,
  env: RunnerEnv = {},
): string {
  const fileUrlBase = links
    ? links.fileUrlBase
    : env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}`
      : undefined;
  if (links) pathPrefix = links.pathPrefix;
  for (const maxFindingsPerCheck of [200, 50, 10, 3, 0]) {
    const text = renderMarkdown(report, { pathPrefix, maxFindingsPerCheck, ...(fileUrlBase ? { fileUrlBase } : {}) });
    if (Buffer.byteLength(text) <= limit) return text;
  }
  const text = renderMarkdown(report, { pathPrefix, maxFindingsPerCheck: 0 });
  const note = "\n\n… the summary was cut to stay under GitHub's 1 MiB limit; the JSON report has every finding.\n";
  return (
    Buffer.from(text)
      .subarray(0, limit - Buffer.byteLength(note))
      .toString('utf8')
      .replace(/\uFFFD+$/, '') + note
  );
}

/** Writes the checklist to the job summary; `links` (a plugin review) names the reviewed repository and commit. */
export async function writeSummary(
  report: Report,
  pathPrefix: string,
  env: RunnerEnv,
  links?: SourceLinks,
): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(summaryMarkdown(report, pathPrefix, undefined, links, env), true).write();
}
