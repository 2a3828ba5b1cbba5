import { MODEL_FIELDS, identityOf, isRecord, modelFields } from './model';
import type { DatabaseFile } from '@mm-review/marketplace';

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
  /**
   * Rewritten in text only: the Go model reads the same values (a model change made the
   * generator write new zero-valued fields such as `"secret": false` into every entry).
   * Not touched by the change.
   */
  reencoded: { index: number; baseIndex: number }[];
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
  const contentOf = (file: DatabaseFile, index: number) =>
    comparable
      ? entrySource(file, index)
      : safeJson((file.entries ?? [])[index], `${file === base ? 'base' : 'head'}:${index}`);
  const byContent = groupIndexes(baseEntries.length, (i) => contentOf(base, i));
  const matchedBase = new Set<number>();
  const pending: number[] = [];
  for (let i = 0; i < headEntries.length; i++) {
    const match = byContent.get(contentOf(head, i))?.shift();
    if (match === undefined) pending.push(i);
    else matchedBase.add(match);
  }
  const unchanged = matchedBase.size;
  const byIdentity = groupIndexes(baseEntries.length, (i) =>
    matchedBase.has(i) ? undefined : identityOf(baseEntries[i]),
  );
  const added: AddedEntry[] = [];
  const modified: ModifiedEntry[] = [];
  const reencoded: DatabaseDiff['reencoded'] = [];
  for (const index of pending) {
    const baseIndex = byIdentity.get(identityOf(headEntries[index]))?.shift();
    if (baseIndex === undefined) {
      added.push({ index });
      continue;
    }
    matchedBase.add(baseIndex);
    const fields = differingFields(baseEntries[baseIndex], headEntries[index]);
    if (fields.length === 0) reencoded.push({ index, baseIndex });
    else modified.push({ index, baseIndex, fields });
  }
  const removed: RemovedEntry[] = [];
  for (let i = 0; i < baseEntries.length; i++) if (!matchedBase.has(i)) removed.push({ baseIndex: i });
  return { added, removed, modified, reencoded, unchanged };
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

/** Model fields whose values the Go model reads differently (zero values and absent fields are the same). */
function differingFields(before: unknown, after: unknown): string[] {
  const a = modelFields(before);
  const b = modelFields(after);
  if (!a || !b) return ['(whole entry)'];
  return MODEL_FIELDS.filter(
    (key) => a[key] !== b[key] && goValueKey(zeroless(a[key])) !== goValueKey(zeroless(b[key])),
  );
}

function zeroless(value: unknown): unknown {
  return value === null || value === false || value === '' ? undefined : value;
}

/** JSON of a value, or a key of its own when it nests too deep to serialise (so it matches nothing). */
function safeJson(value: unknown, own: string): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return `\u0000${own}`;
  }
}

/**
 * A value as the Go model holds it, serialised for comparison: an object's null, false
 * and "" members are dropped, since a field that is absent decodes to the same zero
 * value (a Go map would keep such a key; the manifest's maps, `props` and
 * `executables`, rarely hold zero values, and a change there still shows elsewhere).
 */
function goValueKey(value: unknown): string {
  return safeJsonWith(value);
}

let unserialisable = 0;

function safeJsonWith(value: unknown): string {
  try {
    return goJson(value);
  } catch {
    return `\u0000${unserialisable++}`;
  }
}

function goJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, member: unknown) => {
      if (!isRecord(member)) return member;
      let zero = false;
      for (const k in member) {
        const v = member[k];
        if (v === null || v === false || v === '') {
          zero = true;
          break;
        }
      }
      if (!zero) return member;
      const out: Record<string, unknown> = {};
      for (const k in member) {
        const v = member[k];
        if (v !== null && v !== false && v !== '') out[k] = v;
      }
      return out;
    }) ?? ''
  );
}
