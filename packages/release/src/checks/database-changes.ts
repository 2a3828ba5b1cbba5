import type { Check, Finding, RuleDefinition } from '@mm-review/core';
import type { Context } from '../context';
import {
  duplicatesOf,
  insertionIndex,
  lineAt,
  spliceInsert,
  spliceReplace,
  type EntryKey,
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
  'database-changes/id-of-another-repository': {
    severity: 'error',
    description: "The bundle's plugin id is already listed for a different repository.",
    rationale:
      'Servers update a plugin by id, so a listing from another repository would replace that plugin on every server that has it installed.',
    fix: 'Release the plugin under its own id; pass allow-id-change (--allow-id-change) only when the plugin really moved to this repository.',
  },
  'database-changes/repository-id-changed': {
    severity: 'error',
    description: "The repository's earlier entries carry another plugin id than this bundle.",
    rationale: 'A changed id installs as a different plugin: servers keep the old one and its users are stranded.',
    fix: 'Keep the listed id; pass allow-id-change (--allow-id-change) when the change is intended.',
  },
  'database-changes/id-case-collision': {
    severity: 'error',
    description: "The bundle's plugin id equals a listed id of another plugin ignoring case.",
    rationale: 'The server lowercases plugin ids, so the two would install as the same plugin.',
    fix: 'Choose an id that differs from every listed id in more than case.',
  },
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
 * A listed plugin cannot be taken over: the id must not be listed for another repository,
 * nor differ only in case from a listed id (the server lowercases ids), and the repository's
 * own earlier entries must carry the same id. allow-id-change turns these into warnings.
 */
function identityFindings(ctx: Context, id: string): Finding[] {
  const repo = ctx.request.repo.toLowerCase();
  const lower = id.toLowerCase();
  const at = (index: number) => ({
    file: ctx.dbLabel,
    line: lineAt(ctx.db.bytes, (ctx.db.spans[index] as [number, number])[0]),
    column: 3,
  });
  const findings: Finding[] = [];
  // With a GitHub release as the source, the listed entries' GitHub download URLs name the repository too.
  const source =
    ctx.request.source.kind === 'github'
      ? `${ctx.request.source.owner}/${ctx.request.source.repo}`.toLowerCase()
      : undefined;
  const listedElsewhere = (k: EntryKey) => {
    if (k.repoName && k.repoName.toLowerCase() !== repo) return k.repoName;
    const hosted = source
      ? /^https:\/\/github\.com\/([^/]+\/[^/]+)\/releases\/download\//i.exec(k.downloadUrl ?? '')?.[1]
      : undefined;
    return hosted && hosted.toLowerCase() !== source ? hosted : undefined;
  };
  const otherRepo = ctx.db.keys.findIndex((k) => k.id === id && listedElsewhere(k) !== undefined);
  if (otherRepo >= 0) {
    const owner = listedElsewhere(ctx.db.keys[otherRepo] as EntryKey) as string;
    findings.push({
      severity: 'error',
      rule: 'database-changes/id-of-another-repository',
      message: `The id ${id} is listed in ${ctx.dbLabel} for the repository ${owner}, not ${source ?? ctx.request.repo}; adding this bundle would replace that plugin on every server that has it. Release it under its own id, or pass allow-id-change (--allow-id-change) if the plugin really moved to ${source ?? ctx.request.repo}.`,
      ...at(otherRepo),
    });
  }
  const caseTwin = ctx.db.keys.findIndex(
    (k) => k.id !== id && k.id.toLowerCase() === lower && (k.repoName ?? '').toLowerCase() !== repo,
  );
  if (caseTwin >= 0) {
    const listed = ctx.db.keys[caseTwin]?.id as string;
    findings.push({
      severity: 'error',
      rule: 'database-changes/id-case-collision',
      message: `The id ${id} equals the listed id ${listed} ignoring case, and the server lowercases ids, so it would install over that plugin. Choose an id that differs in more than case, or pass allow-id-change (--allow-id-change) if both are the same plugin.`,
      ...at(caseTwin),
    });
  }
  const earlier = ctx.db.keys.findIndex(
    (k) => (k.repoName ?? '').toLowerCase() === repo && repo !== '' && k.id.toLowerCase() !== lower,
  );
  if (earlier >= 0) {
    const previous = ctx.db.keys[earlier]?.id as string;
    findings.push({
      severity: 'error',
      rule: 'database-changes/repository-id-changed',
      message: `Earlier releases of ${ctx.request.repo} in ${ctx.dbLabel} carry the id ${previous}, but this bundle's id is ${id}; servers would install it as a separate plugin and keep the old one. Keep the id ${previous}, or pass allow-id-change (--allow-id-change) if the change is intended.`,
      ...at(earlier),
    });
  }
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
