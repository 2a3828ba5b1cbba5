import type { Check, Finding } from '@mm-review/core';
import { touchedEntries, type DatabaseContext } from './context';
import { ENTRY_KEYS, entryLabel, identityOf, isRecord, manifestOf, stringField } from './model';
import { compareEntries, isStrictVersion, type DatabaseFile, type OrderKey } from '@mm-review/marketplace';
import { FORMAT_RULES } from './rules';

const LEGACY = ' (Not introduced by this change, so reported as a warning.)';

/** Past this many findings of one kind the rest is counted, not listed (one bad rewrite touches every entry). */
export const MAX_LISTED = 20;

/** `database-format`: the file parses, is a JSON array in the canonical layout, with keys and entries in order. */
export const databaseFormatCheck: Check<DatabaseContext> = {
  id: 'database-format',
  requirement: null,
  title: 'plugins.json format',
  rules: FORMAT_RULES,
  async run(context) {
    const { head } = context;
    if (!head.entries)
      return { findings: [parseFailureFinding(head)], summary: `${head.file} is not a JSON array of entries.` };
    if (head.empty) return { findings: [emptyFinding(head)], summary: `${head.file} holds no entries.` };
    const touched = await touchedEntries(context);
    const hasBase = context.base?.entries !== undefined;
    const findings = [
      ...trailingFindings(head, context.base),
      ...layoutFindings(
        head,
        hasBase && (context.base?.canonical === true || context.base?.empty !== undefined),
        touched,
      ),
      ...capped(keyOrderFindings(head, touched), 'database-format/key-order', head),
      ...capped(sortOrderFindings(head, touched, context.base), 'database-format/sort-order', head),
    ];
    const summary = findings.length
      ? `${head.file}: ${findings.length} format problem${findings.length === 1 ? '' : 's'}.`
      : `${head.file}: ${head.entryCount} entries in the canonical layout and order.`;
    return { findings, summary };
  },
};

export function parseFailureFinding(database: DatabaseFile): Finding {
  const failure = database.failure ?? { offset: 0, message: 'is not a JSON array' };
  return {
    severity: 'error',
    rule: 'database-format/invalid-json',
    message: `${database.file} ${failure.message}; the Marketplace cannot load it at all: fix the syntax (run it through a JSON formatter to see where).`,
    file: database.file,
    ...database.position(failure.offset),
  };
}

/** A 0-byte file and `null` load as an empty list: nothing breaks, but the Marketplace then lists no plugin. */
function emptyFinding(database: DatabaseFile): Finding {
  const what = database.empty === 'null' ? 'holds only null' : 'is empty';
  return {
    severity: 'warning',
    rule: 'database-format/empty',
    message: `${database.file} ${what}; the Marketplace loads it as an empty list and offers no plugin at all: restore the entries (an empty database is written as [] by the generator).`,
    file: database.file,
    line: 1,
    column: 1,
  };
}

function trailingFindings(database: DatabaseFile, base: DatabaseFile | undefined): Finding[] {
  if (database.trailingOffset === undefined) return [];
  const legacy = base === undefined || base.trailingOffset !== undefined;
  return [
    {
      severity: legacy ? 'warning' : 'error',
      rule: 'database-format/trailing-data',
      message: `${database.file} has text after its closing "]"; the Marketplace's Go decoder reads the first JSON value and never sees it, other readers refuse the file: remove everything after the array.${legacy ? LEGACY : ''}`,
      file: database.file,
      ...database.position(database.trailingOffset),
    },
  ];
}

/**
 * The layout fails a change when the base was in the canonical layout (the change broke
 * it) or when the first departure lies in an entry the change touched; otherwise it was
 * already there: a warning.
 */
function layoutFindings(database: DatabaseFile, baseCanonical: boolean, touched: ReadonlySet<number>): Finding[] {
  const difference = database.layoutDifference;
  if (database.canonical) return [];
  if (!difference) {
    const severity = baseCanonical ? 'error' : 'warning';
    return [
      {
        severity,
        rule: 'database-format/layout',
        message: `${database.file} is not in the canonical layout: ${database.reencodeFailure ?? 'it could not be re-encoded'}.${severity === 'warning' ? LEGACY : ''}`,
        file: database.file,
        line: 1,
        column: 1,
      },
    ];
  }
  const at = database.position(difference.offset);
  const severity = baseCanonical || touched.has(database.entryAt(difference.offset)) ? 'error' : 'warning';
  return [
    {
      severity,
      rule: 'database-format/layout',
      message: `${layoutProblem(database.text, difference.offset)} The canonical line is ${JSON.stringify(difference.expected)}: re-encode the file with 2-space indentation and a trailing newline, as \`JSON.stringify(entries, null, 2) + "\\n"\` and the generator write it.${severity === 'warning' ? LEGACY : ''}`,
      file: database.file,
      ...at,
    },
  ];
}

function layoutProblem(text: string, offset: number): string {
  if (offset >= text.length) return 'The file does not end with a newline.';
  if (text[offset] === '\r' || (text[offset] === '\n' && text[offset - 1] === '\r'))
    return 'The file uses CRLF line endings; the canonical layout uses LF.';
  if (text[offset] === '\t') return 'This line is indented with a tab; the canonical layout uses 2 spaces per level.';
  if (text.startsWith('\\u00', offset) || text.startsWith('\\u', offset))
    return 'A character is written as a \\u escape; the canonical layout writes it raw (including &, < and >).';
  return 'The layout departs from the canonical one here.';
}

function keyOrderFindings(database: DatabaseFile, touched: ReadonlySet<number>): Lazy[] {
  const out: Lazy[] = [];
  (database.entries ?? []).forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const misplaced = firstMisplacedKey(Object.keys(entry));
    if (!misplaced) return;
    const isNew = touched.has(index);
    out.push({
      error: isNew,
      make: () => ({
        severity: isNew ? 'error' : 'warning',
        rule: 'database-format/key-order',
        message: `In ${entryLabel(entry, index)}, "${misplaced.key}" comes after "${misplaced.after}"; entry keys are written in the order ${ENTRY_KEYS.join(', ')}: move it.${isNew ? '' : LEGACY}`,
        file: database.file,
        ...database.locate(index, [misplaced.key], 'key'),
      }),
    });
  });
  return out;
}

function firstMisplacedKey(keys: string[]): { key: string; after: string } | undefined {
  let highest = -1;
  let highestKey = '';
  for (const key of keys) {
    const rank = (ENTRY_KEYS as readonly string[]).indexOf(key);
    if (rank === -1) continue;
    if (rank < highest) return { key, after: highestKey };
    highest = rank;
    highestKey = key;
  }
  return undefined;
}

/**
 * The plugins.json order of two entries (marketplace's compareEntries), or undefined when
 * either has no string id or no strict semver version, so its place is not certain.
 */
function entryOrder(a: unknown, b: unknown): number | undefined {
  const keyA = orderKey(a);
  const keyB = orderKey(b);
  if (!keyA || !keyB) return undefined;
  if (keyA.id === keyB.id && (!isStrictVersion(keyA.version) || !isStrictVersion(keyB.version))) return undefined;
  return compareEntries(keyA, keyB);
}

function orderKey(entry: unknown): OrderKey | undefined {
  const manifest = manifestOf(entry);
  const id = stringField(manifest, 'id');
  return id === undefined ? undefined : { id, version: stringField(manifest, 'version') ?? '' };
}

/**
 * An inversion is new when it involves an entry the change touched, or when the base
 * did not already list the two entries in this order (the change moved them).
 */
function sortOrderFindings(
  database: DatabaseFile,
  touched: ReadonlySet<number>,
  base: DatabaseFile | undefined,
): Lazy[] {
  const entries = database.entries ?? [];
  const out: Lazy[] = [];
  let basePositions: Map<string, number> | undefined;
  const alreadyInverted = (index: number): boolean => {
    if (!base?.entries) return true;
    basePositions ??= new Map((base.entries ?? []).map((entry, i) => [identityOf(entry), i] as const).reverse());
    const before = basePositions.get(identityOf(entries[index - 1]));
    const after = basePositions.get(identityOf(entries[index]));
    return before !== undefined && after !== undefined && before < after;
  };
  for (let index = 1; index < entries.length; index++) {
    const order = entryOrder(entries[index - 1], entries[index]);
    if (order === undefined || order <= 0) continue;
    const isNew = touched.has(index) || touched.has(index - 1) || !alreadyInverted(index);
    out.push({
      error: isNew,
      make: () => ({
        severity: isNew ? 'error' : 'warning',
        rule: 'database-format/sort-order',
        message: `${entryLabel(entries[index], index)} is listed after ${entryLabel(entries[index - 1], index - 1)}; entries are sorted by manifest.id ascending, then version descending (a prerelease below its release), as the generator's sort (model.SortPlugins) writes them: move it up.${isNew ? '' : LEGACY}`,
        file: database.file,
        ...database.locate(index, []),
      }),
    });
  }
  return out;
}

/** A finding located only if it is listed. */
interface Lazy {
  error: boolean;
  make: () => Finding;
}

/** Locates only the findings that are listed (errors first); the rest is one notice with the count. */
function capped(findings: Lazy[], rule: string, database: DatabaseFile): Finding[] {
  const errors = findings.filter((f) => f.error);
  const chosen = new Set([...errors, ...findings.filter((f) => !f.error)].slice(0, MAX_LISTED));
  const listed = findings.filter((f) => chosen.has(f)).map((f) => f.make());
  if (findings.length > MAX_LISTED) {
    listed.push({
      severity: 'notice',
      rule,
      message: `${findings.length - MAX_LISTED} more ${rule} problems are not listed (${errors.length} of all ${findings.length} are errors); fix the ones above (re-encoding the file fixes them all).`,
      file: database.file,
    });
  }
  return listed;
}
