import type { Check, Finding } from '@mm-review/core';
import { appendAll, skipped } from '@mm-review/core';
import { touchedEntries, type DatabaseContext } from './context';
import { entryProblems } from './entries';
import { locatedManifestProblems, manifestProblems } from './manifest';
import { entryLabel, identityOf, isRecord, manifestOf } from './model';
import { ENTRIES_RULES } from './rules';
import { locateProblem, severityFor, type EntryProblem } from './problem';
import type { DatabaseFile } from '@mm-review/marketplace';

/**
 * Past these, findings are counted, not listed: a rewrite of the whole file can put a
 * problem in every one of 10,000 entries, and locating each would cost a full parse.
 */
const MAX_ERRORS = 1000;
const MAX_OTHERS = 500;

interface Pending {
  index: number;
  problems: EntryProblem[];
  touched: boolean;
}

/** `database-entries`: every entry is valid; problems in untouched entries are legacy warnings. */
export const databaseEntriesCheck: Check<DatabaseContext> = {
  id: 'database-entries',
  requirement: null,
  title: 'plugins.json entries',
  rules: ENTRIES_RULES,
  async run(context) {
    const { head } = context;
    if (!head.entries)
      return skipped(
        `${head.file} did not parse, so its entries cannot be checked (see database-format).`,
        'database-entries/not-parsed',
      );
    const touched = await touchedEntries(context);
    const { listed, unlisted, troubled } = await collectProblems(head, touched, context.options.now());
    const findings = await locateListed(head, listed);
    if (unlisted > 0)
      findings.push({
        severity: 'notice',
        rule: 'database-entries/more-findings',
        message: `${unlisted} more findings are not listed (the first ${MAX_ERRORS} errors and ${MAX_OTHERS} warnings are); the JSON report lists the same.`,
        file: head.file,
      });
    return { findings, summary: summary(head, troubled, touched.size, context.base !== undefined) };
  },
};

interface Collected {
  /** The problems that are listed, entry by entry in file order. */
  listed: Pending[];
  /** Problems past the caps, counted only. */
  unlisted: number;
  /** Entries with at least one problem. */
  troubled: number;
}

/**
 * Every entry's problems, keeping every error up to MAX_ERRORS and then warnings and
 * notices up to MAX_OTHERS, in file order. The rest are counted as they are found, not
 * kept: a file where each of 10,000 entries has a problem would otherwise hold them all.
 */
async function collectProblems(head: DatabaseFile, touched: ReadonlySet<number>, now: Date): Promise<Collected> {
  const run: Run = {
    head,
    touched,
    duplicates: duplicateProblems(head),
    options: { now },
    collected: { listed: [], unlisted: 0, troubled: 0 },
    errors: 0,
    others: 0,
  };
  const entries = head.entries ?? [];
  // Filed synchronously until an entry's manifest needs the located decoder (rare), which is
  // awaited here: the 10,000-entry loop is a plain function's, not an async function's. Node 24
  // compiled the async function's loop on the stack twice, for about 30 ms of compiler time
  // when every entry has a warning; the plain loop once, for about 8 ms.
  let index = 0;
  for (;;) {
    const pending = fileUntilPending(run, entries, index);
    if (!pending) break;
    fileProblems(run, pending.index, await pending.problems);
    index = pending.index + 1;
  }
  return run.collected;
}

interface Run {
  head: DatabaseFile;
  touched: ReadonlySet<number>;
  duplicates: Map<number, EntryProblem[]>;
  options: { now: Date };
  collected: Collected;
  errors: number;
  others: number;
}

/** Files the problems of entries from `from` on, up to the first whose problems are a promise (returned). */
function fileUntilPending(
  run: Run,
  entries: readonly unknown[],
  from: number,
): { index: number; problems: Promise<EntryProblem[]> } | undefined {
  for (let index = from; index < entries.length; index++) {
    const found = problemsOf(run, index, entries[index]);
    if (!Array.isArray(found)) return { index, problems: found };
    fileProblems(run, index, found);
  }
  return undefined;
}

/** Keeps an entry's problems while under the caps (as copies), counts the rest. */
function fileProblems(run: Run, index: number, problems: EntryProblem[]): void {
  if (problems.length === 0) return;
  const collected = run.collected;
  collected.troubled++;
  const isTouched = run.touched.has(index);
  let kept: EntryProblem[] | undefined;
  for (const problem of problems) {
    const keep = severityFor(problem, isTouched) === 'error' ? ++run.errors <= MAX_ERRORS : ++run.others <= MAX_OTHERS;
    if (!keep) {
      collected.unlisted++;
      continue;
    }
    // Copies, not the rules' own objects. V8 tracks survival per allocation site: keeping the
    // rules' first 500 problems alive made it treat the later, short-lived ones as long-lived
    // (measured: 230 KB moved to the old generation per young collection when every entry
    // has a warning; about 3 KB with the copies).
    (kept ??= []).push(detached(problem));
  }
  if (kept) collected.listed.push({ index, problems: kept, touched: isTouched });
}

/** One entry's problems: at once, or as a promise when its manifest needs the located decoder. */
function problemsOf(run: Run, index: number, entry: unknown): EntryProblem[] | Promise<EntryProblem[]> {
  const problems = entryProblems(entry, run.options);
  const duplicate = run.duplicates.get(index);
  if (duplicate) appendAll(problems, duplicate);
  const manifest = manifestOf(entry);
  if (!manifest) return problems;
  const found = manifestProblems(run.head, index, manifest);
  if (Array.isArray(found)) {
    appendAll(problems, found);
    return problems;
  }
  return found.then((located) => {
    appendAll(problems, located);
    return problems;
  });
}

function detached(problem: EntryProblem): EntryProblem {
  return { ...problem };
}

async function locateListed(head: DatabaseFile, listed: Pending[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const item of listed) {
    const problems = item.problems.some((p) => p.fromManifest && !p.position)
      ? await withManifestPositions(head, item.index, item.problems)
      : item.problems;
    for (const problem of problems) findings.push(locateProblem(head, item.index, problem, item.touched));
  }
  return findings;
}

/** Swaps the unpositioned manifest problems for the same ones read with positions. */
async function withManifestPositions(
  head: DatabaseFile,
  index: number,
  problems: EntryProblem[],
): Promise<EntryProblem[]> {
  const located = await locatedManifestProblems(head, index);
  const take = (problem: EntryProblem): EntryProblem => {
    const at = located.findIndex((l) => l.rule === problem.rule && l.message === problem.message);
    return at === -1 ? problem : (located.splice(at, 1)[0] as EntryProblem);
  };
  return problems.map((problem) => (problem.fromManifest && !problem.position ? take(problem) : problem));
}

function duplicateProblems(database: DatabaseFile): Map<number, EntryProblem[]> {
  const first = new Map<string, number>();
  const out = new Map<number, EntryProblem[]>();
  (database.entries ?? []).forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const identity = identityOf(entry);
    const earlier = first.get(identity);
    if (earlier === undefined) {
      first.set(identity, index);
      return;
    }
    const line = database.locate(earlier, []).line;
    out.set(index, [
      {
        rule: 'database-entries/duplicate',
        severity: 'error',
        message: `${entryLabel(entry, index)} is listed twice (also at line ${line}); the Marketplace serves only one of them, unpredictably: remove the stale copy.`,
        path: [],
      },
    ]);
  });
  return out;
}

function summary(database: DatabaseFile, troubled: number, touched: number, hasBase: boolean): string {
  const scope = hasBase
    ? `${touched} added or modified`
    : 'no base given, so every entry is treated as already published';
  if (troubled === 0) return `${database.entryCount} entries are valid (${scope}).`;
  return `${troubled} of ${database.entryCount} entries have problems (${scope}; problems in untouched entries are warnings unless they break the Marketplace).`;
}
