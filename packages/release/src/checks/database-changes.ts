import type { Check, Finding } from '@mm-review/core';
import type { Context } from '../context';
import { duplicatesOf, insertionIndex, lineAt, spliceInsert, spliceReplace, type EntryKey } from '../database';

export const databaseChanges: Check<Context> = {
  id: 'database-changes',
  requirement: null,
  title: 'Only the new entry changes',
  run(ctx) {
    if (!ctx.entry || !ctx.entryText) return { status: 'skip', summary: 'No entry was built.', findings: [] };
    const manifest = ctx.entry.manifest as { id: string; version: string; name: string };
    const key: EntryKey = { id: manifest.id, version: manifest.version, hosting: ctx.request.flags.hosting };
    const duplicates = duplicatesOf(ctx.db.keys, key);
    const label = `${key.id} ${key.version}${key.hosting ? ` (${key.hosting})` : ''}`;
    const findings: Finding[] = [];
    if (!ctx.db.canonical) {
      findings.push({ severity: 'warning', rule: 'database-changes/layout', message: `${ctx.dbLabel} is not in the canonical 2-space layout, so the entry was spliced in without reformatting the file; run the file through validate-database to see where it differs.`, file: ctx.dbLabel });
    }
    const first = duplicates[0];
    if (first !== undefined) {
      const at = { file: ctx.dbLabel, line: lineAt(ctx.db.bytes, (ctx.db.spans[first] as [number, number])[0]), column: 3 };
      const policy = ctx.request.onDuplicate ?? 'fail';
      if (policy === 'fail') {
        findings.push({ severity: 'error', rule: 'database-changes/duplicate', message: `${label} is already in ${ctx.dbLabel}; nothing was added. Pass --on-duplicate skip to accept that, or --on-duplicate replace to rewrite that entry.`, ...at });
        return { findings };
      }
      if (policy === 'skip') {
        ctx.outcome = 'skipped';
        findings.push({ severity: 'notice', rule: 'database-changes/duplicate-skipped', message: `${label} is already in ${ctx.dbLabel}; it was left as it is (--on-duplicate skip).`, ...at });
        return { findings, summary: 'Already listed; nothing changed.' };
      }
      ctx.splice = spliceReplace(ctx.db, first, ctx.entryText);
      ctx.outcome = 'replaced';
      findings.push({ severity: 'notice', rule: 'database-changes/replaced', message: `${label} replaces the existing entry (--on-duplicate replace); every other byte of ${ctx.dbLabel} is unchanged.`, ...at });
      return { findings, summary: `Replaced entry ${first + 1} of ${ctx.db.keys.length}.` };
    }
    const index = insertionIndex(ctx.db.keys, key);
    ctx.splice = spliceInsert(ctx.db, index, ctx.entryText);
    ctx.outcome = 'added';
    const neighbour = ctx.db.keys[index - 1];
    const after = neighbour ? `after ${neighbour.id} ${neighbour.version}` : 'at the start';
    return { findings, summary: `Inserted as entry ${index + 1} of ${ctx.db.keys.length + 1} (${after}); every existing byte is unchanged.` };
  },
};
