import type { Check, Finding, RuleDefinition } from '@mm-review/core';
import type { Context } from '../context';
import {
  IDENTITY_RULE,
  IDENTITY_RULES,
  identityConflicts,
  duplicatesOf,
  insertionIndex,
  lineAt,
  spliceInsert,
  spliceReplace,
  type EntryKey,
  type ListedPlugin,
} from '@mm-review/marketplace';

export const DATABASE_CHANGES_RULES: Record<string, RuleDefinition> = {
  'database-changes/layout': {
    severity: 'warning',
    description:
      'plugins.json is not in the canonical 2-space layout, so the entry is spliced in without reformatting the file.',
  },
  'database-changes/duplicate': {
    severity: 'error',
    description: 'The release (id, version and hosting) is already listed and on-duplicate is fail.',
    fix: 'Pass on-duplicate skip or replace when that is intended.',
  },
  'database-changes/duplicate-skipped': {
    severity: 'notice',
    description: 'The release is already listed and was left as it is (on-duplicate skip).',
  },
  'database-changes/replaced': {
    severity: 'notice',
    description: 'The release was already listed and its entry was rewritten (on-duplicate replace).',
  },
  ...IDENTITY_RULES,
};

export const databaseChanges: Check<Context> = {
  id: 'database-changes',
  requirement: null,
  title: 'Only the new entry changes',
  rules: DATABASE_CHANGES_RULES,
  run(ctx) {
    if (!ctx.entry || !ctx.entryText) return { status: 'skip', summary: 'No entry was built.', findings: [] };
    const manifest = ctx.entry.manifest as { id: string; version: string; name: string };
    const key: EntryKey = { id: manifest.id, version: manifest.version, hosting: ctx.request.flags.hosting };
    const duplicates = duplicatesOf(ctx.db.keys, key);
    const label = `${key.id} ${key.version}${key.hosting ? ` (${key.hosting})` : ''}`;
    const findings: Finding[] = identityFindings(ctx, manifest.id);
    if (findings.some((f) => f.severity === 'error'))
      return { findings, summary: 'Refused: the id belongs to another listing.' };
    if (!ctx.db.canonical) {
      findings.push({
        severity: 'warning',
        rule: 'database-changes/layout',
        message: `${ctx.dbLabel} is not in the canonical 2-space layout, so the entry was spliced in without reformatting the file; run the file through validate-database to see where it differs.`,
        file: ctx.dbLabel,
      });
    }
    const first = duplicates[0];
    if (first !== undefined) {
      const at = {
        file: ctx.dbLabel,
        line: lineAt(ctx.db.bytes, (ctx.db.spans[first] as [number, number])[0]),
        column: 3,
      };
      const policy = ctx.request.onDuplicate ?? 'fail';
      if (policy === 'fail') {
        findings.push({
          severity: 'error',
          rule: 'database-changes/duplicate',
          message: `${label} is already in ${ctx.dbLabel}; nothing was added. Set the on-duplicate input (--on-duplicate) to skip to accept that, or to replace to rewrite that entry.`,
          ...at,
        });
        return { findings };
      }
      if (policy === 'skip') {
        ctx.outcome = 'skipped';
        findings.push({
          severity: 'notice',
          rule: 'database-changes/duplicate-skipped',
          message: `${label} is already in ${ctx.dbLabel}; it was left as it is (on-duplicate: skip, --on-duplicate skip).`,
          ...at,
        });
        return { findings, summary: 'Already listed; nothing changed.' };
      }
      ctx.splice = spliceReplace(ctx.db, first, ctx.entryText);
      ctx.outcome = 'replaced';
      findings.push({
        severity: 'notice',
        rule: 'database-changes/replaced',
        message: `${label} replaces the existing entry (on-duplicate: replace, --on-duplicate replace); every other byte of ${ctx.dbLabel} is unchanged.`,
        ...at,
      });
      return { findings, summary: `Replaced entry ${first + 1} of ${ctx.db.keys.length}.` };
    }
    const index = insertionIndex(ctx.db.keys, key);
    ctx.splice = spliceInsert(ctx.db, index, ctx.entryText);
    ctx.outcome = 'added';
    const neighbour = ctx.db.keys[index - 1];
    const after = neighbour ? `after ${neighbour.id} ${neighbour.version}` : 'at the start';
    return {
      findings,
      summary: `Inserted as entry ${index + 1} of ${ctx.db.keys.length + 1} (${after}); every existing byte is unchanged.`,
    };
  },
};

/**
 * A listed plugin cannot be taken over (marketplace identityConflicts, shared with
 * validate-database): each conflict is located at the listed entry it is with.
 * allow-id-change turns them into warnings.
 */
function identityFindings(ctx: Context, id: string): Finding[] {
  const at = (index: number) => ({
    file: ctx.dbLabel,
    line: lineAt(ctx.db.bytes, (ctx.db.spans[index] as [number, number])[0]),
    column: 3,
  });
  // With a GitHub release as the source, the listed entries' GitHub download URLs name the repository too.
  const hosting =
    ctx.request.source.kind === 'github' ? `${ctx.request.source.owner}/${ctx.request.source.repo}` : undefined;
  const repository = hosting ?? ctx.request.repo;
  const listed: ListedPlugin[] = ctx.db.keys.map((k) => ({
    id: k.id,
    ...(k.repoName === undefined ? {} : { repoName: k.repoName }),
    ...(k.downloadUrl === undefined ? {} : { downloadUrl: k.downloadUrl }),
  }));
  const allow = 'pass allow-id-change (--allow-id-change)';
  const findings: Finding[] = identityConflicts(listed, {
    id,
    repository: ctx.request.repo,
    ...(hosting ? { hosting } : {}),
  }).map((conflict) => {
    const message = ((): string => {
      switch (conflict.kind) {
        case 'other-repository':
          return `The id ${id} is listed in ${ctx.dbLabel} for the repository ${conflict.repositories.join(', ')}, not ${repository}; adding this bundle would replace that plugin on every server that has it. Release it under its own id, or ${allow} if the plugin really moved to ${repository}.`;
        case 'case-collision':
          return `The id ${id} equals the listed id ${conflict.ids.join(', ')} ignoring case, and the server lowercases ids, so it would install over that plugin. Choose an id that differs in more than case, or ${allow} if both are the same plugin.`;
        case 'repository-id-changed':
          return conflict.caseOnly
            ? `Earlier releases of ${ctx.request.repo} in ${ctx.dbLabel} carry the id ${conflict.ids.join(', ')}, and this bundle's id is ${id}: servers lowercase ids and see one plugin, but ${ctx.dbLabel} would list it under two ids. Keep the listed spelling, or ${allow} if the change is intended.`
            : `Earlier releases of ${ctx.request.repo} in ${ctx.dbLabel} carry the id ${conflict.ids.join(', ')}, but this bundle's id is ${id}; servers would install it as a separate plugin and keep the old one. Keep the listed id, or ${allow} if the change is intended.`;
      }
    })();
    const rule = IDENTITY_RULE[conflict.kind];
    const severity = (IDENTITY_RULES[rule] as RuleDefinition).severity;
    return { severity, rule, message, ...at(conflict.index) } satisfies Finding;
  });
  if (!ctx.request.allowIdChange) return findings;
  return findings.map((f) => {
    ctx.services.log?.(`allow-id-change: accepting ${f.rule}: ${f.message}`);
    return {
      ...f,
      severity: 'warning',
      message: `${f.message} (Allowed by the allow-id-change input, --allow-id-change.)`,
    };
  });
}
