import { checkOfRule, internalErrorRule, ruleHelpUri, type Check, type DeclaredRule } from '@mm-review/core';
import { PLUGIN_ACTIONS, reviewChecks } from './plugin-actions';

/** Where a check runs: the plugin review, validate-database, or add-release. */
export type CheckScope = 'plugin' | 'database' | 'add-release';

export interface CatalogCheck {
  id: string;
  requirement: string | null;
  title: string;
  scopes: CheckScope[];
  /** The actions (and CLI commands) that run the check. */
  actions: string[];
  rules: DeclaredRule[];
}

/**
 * Every check of the suite with its declared rules, from the same registrations the review,
 * validate-database and add-release run: the `rules` command, the rule docs and the
 * configuration schema all read this. A check id used in two places (validate-database and
 * add-release both have `bundle-integrity`) is one entry with the rules of both.
 */
export async function checkCatalog(): Promise<CatalogCheck[]> {
  const [{ DATABASE_CHECKS }, { ADD_RELEASE_CHECKS }] = await Promise.all([
    import('@mm-review/database'),
    import('@mm-review/release'),
  ]);
  const groups: [CheckScope, readonly Check<never>[]][] = [
    ['plugin', reviewChecks() as Check<never>[]],
    ['database', DATABASE_CHECKS as readonly Check<never>[]],
    ['add-release', ADD_RELEASE_CHECKS as readonly Check<never>[]],
  ];
  const byId = new Map<string, CatalogCheck>();
  for (const [scope, checks] of groups) {
    for (const check of checks) {
      let entry = byId.get(check.id);
      if (!entry) {
        entry = {
          id: check.id,
          requirement: check.requirement,
          title: check.title,
          scopes: [],
          actions: [],
          rules: [internalErrorRule(check.id)],
        };
        byId.set(check.id, entry);
      }
      if (!entry.scopes.includes(scope)) {
        entry.scopes.push(scope);
        entry.actions.push(...actionsOf(scope, check.id));
      }
      for (const [id, definition] of Object.entries(check.rules ?? {})) {
        // A rule another check owns (add-release re-emits manifest/* on the bundle's manifest)
        // is documented with its owner.
        if (checkOfRule(id) !== check.id) continue;
        if (entry.rules.some((r) => r.id === id)) continue;
        entry.rules.push({ ...definition, id, check: check.id, helpUri: ruleHelpUri(checkOfRule(id), id) });
      }
    }
  }
  for (const entry of byId.values()) entry.rules.sort((a, b) => a.id.localeCompare(b.id));
  return [...byId.values()];
}

function actionsOf(scope: CheckScope, checkId: string): string[] {
  if (scope === 'database') return ['validate-database'];
  if (scope === 'add-release') return ['add-release'];
  const actions = Object.values(PLUGIN_ACTIONS)
    .filter((action) => action.checks.some((check) => check.id === checkId))
    .map((action) => action.name);
  // issue-tracker is assembled from parts of validate-manifest and check-docs.
  if (checkId === 'issue-tracker') actions.push('validate-manifest', 'check-docs');
  return [...new Set([...actions, 'review'])];
}
