import { CHECKLIST, type Check } from '@mm-review/core';
import { issueTrackerDocsPart } from '@mm-review/docs';
import { createIssueTrackerCheck, issueTrackerUrlPart, type PluginContext } from '@mm-review/plugin';
import { checkChangelog } from './actions/check-changelog';
import { checkDocs } from './actions/check-docs';
import { checkRepository } from './actions/check-repository';
import { checkServerCode } from './actions/check-server-code';
import { checkVersionBump } from './actions/check-version-bump';
import { validateManifest } from './actions/validate-manifest';
import type { PluginActionDefinition } from './definition';

export type { PluginActionDefinition } from './definition';

/** Which checks each plugin-repository action runs (docs/architecture.md §3), in checklist order. */
export const PLUGIN_ACTIONS: Record<string, PluginActionDefinition> = {
  'validate-manifest': validateManifest,
  'check-docs': checkDocs,
  'check-changelog': checkChangelog,
  'check-version-bump': checkVersionBump,
  'check-repository': checkRepository,
  'check-server-code': checkServerCode,
};

/**
 * The review runs every check of every action once, in checklist order: checks outside the
 * checklist first, then by the position of their requirement in the Marketplace templates
 * (CHECKLIST), declaration order breaking ties. Nothing else keeps an order.
 */
export function reviewChecks(): Check<PluginContext>[] {
  const all = new Map<string, Check<PluginContext>>();
  for (const action of Object.values(PLUGIN_ACTIONS)) for (const check of action.checks) all.set(check.id, check);
  // issue-tracker is split between validate-manifest (the URL) and check-docs (the link in the docs).
  all.set('issue-tracker', createIssueTrackerCheck([issueTrackerUrlPart, issueTrackerDocsPart]));
  return [...all.values()].sort((a, b) => checklistRank(a.requirement) - checklistRank(b.requirement));
}

/** -1 for checks outside the checklist, else the requirement's index in CHECKLIST. */
export function checklistRank(requirement: string | null): number {
  if (requirement === null) return -1;
  const index = CHECKLIST.findIndex((item) => item.requirement === requirement);
  return index === -1 ? CHECKLIST.length : index;
}
