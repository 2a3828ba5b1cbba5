import { ENTRY_KEYS, identityOf, isRecord } from './model';
import type { DatabaseFile } from './source';

export interface AddedEntry {
  index: number;
}

export interface RemovedEntry {
  baseIndex: number;
}

export interface ModifiedEntry {
  index: number;
  baseIndex: number;
  /** Top-level fields whose values differ. */
  fields: string[];
}

export interface DatabaseDiff {
  added: AddedEntry[];
  removed: RemovedEntry[];
  modified: ModifiedEntry[];
  unchanged: number;
}

/**
 * Matches entries by content first (an entry that only moved is unchanged), then by
 * identity (id + version + hosting: the same release, rewritten). What is left is added
 * in the head or removed from the base. The same release may be listed twice, so
 * both maps hold lists.
 */
export function diffDatabases(base: DatabaseFile, head: DatabaseFile): DatabaseDiff {
  const baseEntries = base.entries ?? [];
  const headEntries = head.entries ?? [];
  const comparable = base.canonical && head.canonical;
  const contentOf = (file: DatabaseFile, index: number) => (comparable ? entrySource(file, index) : JSON.stringify((file.entries ?? [])[index]));
  const byContent = groupIndexes(baseEntries.length, (i) => contentOf(base, i));
  const matchedBase = new Set<number>();
  const pending: number[] = [];
  for (let i = 0; i < headEntries.length; i++) {
    const match = byContent.get(contentOf(head, i))?.shift();
    if (match === undefined) pending.push(i);
    else matchedBase.add(match);
  }
  const unchanged = matchedBase.size;
  const byIdentity = groupIndexes(baseEntries.length, (i) => (matchedBase.has(i) ? undefined : identityOf(baseEntries[i])));
  const added: AddedEntry[] = [];
  const modified: ModifiedEntry[] = [];
  for (const index of pending) {
    const baseIndex = byIdentity.get(identityOf(headEntries[index]))?.shift();
    if (baseIndex === undefined) {
      added.push({ index });
      continue;
    }
    matchedBase.add(baseIndex);
    modified.push({ index, baseIndex, fields: differingFields(baseEntries[baseIndex], headEntries[index]) });
  }
  const removed: RemovedEntry[] = [];
  for (let i = 0; i < baseEntries.length; i++) if (!matchedBase.has(i)) removed.push({ baseIndex: i });
  return { added, removed, modified, unchanged };
}

function groupIndexes(count: number, keyOf: (index: number) => string | undefined): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}

/** The entry's own text without the separator that follows it. */
function entrySource(file: DatabaseFile, index: number): string {
  const text = file.entryText(index);
  let end = text.length;
  while (end > 0 && /[\s,]/.test(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

function differingFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return ['(whole entry)'];
  const keys = [...new Set([...ENTRY_KEYS, ...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
