import { HIGH_AVAILABILITY_RULES } from '../rules';
import type { Check, Finding } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { findingAt, plural, serverCode, sortByLocation, unreadList } from '../code';
import { enclosingFunc, firstStringArgument, importNames, packageSelectors, skip, type GoFile } from '../go/parse';
import type { GoToken } from '../lex/go';

const RULE = 'high-availability';

/**
 * Always `manual`: whether a plugin works in a cluster of servers is a judgement about
 * its design. The hints point the reviewer at the code that usually decides it.
 */
export const highAvailability: Check<PluginContext> = {
  id: 'high-availability',
  requirement: 'technical-1',
  title: 'Works at scale and in a High Availability cluster',
  rules: HIGH_AVAILABILITY_RULES,
  async run(context) {
    const { program } = await serverCode(context);
    const findings = sortByLocation(
      program.files.flatMap((file) => [
        ...packageStateHints(file),
        ...mutexHints(file),
        ...backgroundLoopHints(file),
        ...localFileHints(file),
      ]),
    );
    const summary =
      program.files.length === 0
        ? 'No server code: a person must still confirm the plugin holds no per-node state.'
        : findings.length
          ? `${plural(findings.length, 'place')} in the server code to review for cluster safety (per-node memory, locks, background jobs, local files).`
          : 'No per-node state, local locks, unscheduled background loops or local file writes found in the server code; a person must still judge it at 60k users and in a cluster.';
    const { unread } = (await serverCode(context)).server.build;
    const unreadNote = unread.length
      ? ` The plugin's code in ${unreadList(unread)} was not read: a person must review it too.`
      : '';
    return { status: 'manual', summary: `${summary}${unreadNote}`, findings };
  },
};

const CLUSTER_STATE =
  'in a High Availability cluster every server node has its own copy, so what one node stores the others never see';

function isCollectionSpec(tokens: readonly GoToken[]): string | undefined {
  const first = tokens[0]?.text;
  if (first === 'map' || first === '[') return first === 'map' ? 'map' : 'slice';
  const text = tokens.map((t) => t.text).join(' ');
  if (/\bsync \. Map\b/.test(text)) return 'sync.Map';
  if (/\bmake \( map\b|= map \[/.test(text)) return 'map';
  if (/\bmake \( \[ \]|= \[ \]/.test(text)) return 'slice';
  return undefined;
}

/** Package-level maps and slices the code writes to: caches that live in one node's memory. */
function packageStateHints(file: GoFile): Finding[] {
  const collections = new Map<string, { offset: number; kind: string }>();
  for (const variable of file.vars) {
    const kind = isCollectionSpec(file.tokens.slice(variable.specStart, variable.specEnd));
    if (kind && variable.name !== '_') collections.set(variable.name, { offset: variable.offset, kind });
  }
  if (collections.size === 0) return [];
  const written = new Set<string>();
  const { tokens } = file;
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i]?.text ?? '';
    if (!collections.has(name) || tokens[i - 1]?.text === '.') continue;
    const next = tokens[i + 1]?.text;
    const afterIndex = next === '[' ? tokens[skip(file, i + 1)]?.text : undefined;
    const mutated =
      (afterIndex !== undefined && /^([-+*/|&^]?=|\+\+|--)$/.test(afterIndex)) ||
      (next === '=' && tokens[i + 2]?.text === 'append') ||
      (next === '.' && /^(Store|LoadOrStore|Swap|Delete|CompareAndSwap)$/.test(tokens[i + 2]?.text ?? '')) ||
      (tokens[i - 2]?.text === 'delete' && tokens[i - 1]?.text === '(');
    // Filled once in init(): the same on every node.
    if (mutated && enclosingFunc(file, i)?.name !== 'init') written.add(name);
  }
  return [...written].map((name) => {
    const { offset, kind } = collections.get(name) as { offset: number; kind: string };
    return findingAt(
      file,
      offset,
      'notice',
      `${RULE}/package-state`,
      `The package-level ${kind} ${name} is written at run time and lives in this server's memory: ${CLUSTER_STATE}. Keep shared state in the KV store (p.API.KVSet) or keep each node's copy in sync with cluster events.`,
    );
  });
}

const MUTEX_TYPE = /^\*?sync\.(RW)?Mutex$/;

/** sync.Mutex / RWMutex fields and variables: locks that hold only inside one process. */
function mutexHints(file: GoFile): Finding[] {
  const hints: { name: string; offset: number; type: string }[] = [];
  for (const struct of file.structs) {
    for (const field of struct.fields)
      if (MUTEX_TYPE.test(field.type))
        hints.push({ name: `${struct.name}.${field.name}`, offset: field.offset, type: field.type });
  }
  for (const variable of file.vars) {
    const type = file.tokens
      .slice(variable.specStart, variable.specEnd)
      .map((t) => t.text)
      .join('');
    if (MUTEX_TYPE.test(type)) hints.push({ name: variable.name, offset: variable.offset, type });
  }
  // The configuration lock of the starter template guards what each node loads for itself in OnConfigurationChange.
  return hints
    .filter((hint) => !/config/i.test(hint.name))
    .map((hint) =>
      findingAt(
        file,
        hint.offset,
        'notice',
        `${RULE}/local-mutex`,
        `${hint.name} (${hint.type}) locks only inside this server process; if it guards state that must stay consistent across cluster nodes, use pluginapi's cluster.NewMutex or the KV store's atomic operations instead.`,
      ),
    );
}

/** Ranges (token indices) of `for` loop bodies. */
function loopBodies(file: GoFile): [number, number][] {
  const ranges: [number, number][] = [];
  const { tokens } = file;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.text !== 'for' || tokens[i]?.kind !== 'keyword') continue;
    let j = i + 1;
    while (j < tokens.length && tokens[j]?.text !== '{' && tokens[j]?.kind !== 'semi') j = skip(file, j);
    // `for i := 0; i < n; i++ {`: the clauses are separated by semicolons.
    while (j < tokens.length && tokens[j]?.text !== '{') j = skip(file, j);
    const close = file.match[j] ?? -1;
    if (close !== -1) ranges.push([j, close]);
  }
  return ranges;
}

const CRON_LIBRARIES: Record<string, string> = {
  'github.com/robfig/cron': 'robfig/cron',
  'github.com/robfig/cron/v3': 'robfig/cron',
  'github.com/go-co-op/gocron': 'gocron',
  'github.com/go-co-op/gocron/v2': 'gocron',
};

/** Whether the file schedules or locks through pluginapi's cluster package (cluster.Schedule, cluster.NewMutex). */
function usesClusterCoordination(file: GoFile): boolean {
  const cluster = importNames(file, (p) => /\/pluginapi\/cluster$/.test(p));
  return packageSelectors(file, cluster, new Set(['Schedule', 'NewMutex', 'NewLockStore'])).length > 0;
}

/** Token ranges of `go func() { … }` bodies. */
function goroutineBodies(file: GoFile): [number, number][] {
  const ranges: [number, number][] = [];
  const { tokens } = file;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]?.text !== 'go' || tokens[i + 1]?.text !== 'func') continue;
    let j = i + 2;
    while (j < tokens.length && tokens[j]?.text !== '{' && tokens[j]?.kind !== 'semi') j = skip(file, j);
    const close = file.match[j] ?? -1;
    if (tokens[j]?.text === '{' && close !== -1) ranges.push([j, close]);
  }
  return ranges;
}

/** `for {` loops: the shape of a background worker (a retry loop has a bound). */
function endlessLoops(file: GoFile): [number, number][] {
  return loopBodies(file).filter(([start]) => file.tokens[start - 1]?.text === 'for');
}

/**
 * Background work that runs on every node unless scheduled for the cluster: tickers,
 * time.AfterFunc, cron libraries, endless loops paced by time.Sleep, `for {` loops in
 * goroutines. A file that uses pluginapi's cluster.Schedule or cluster.NewMutex is taken
 * to coordinate its jobs already.
 */
function backgroundLoopHints(file: GoFile): Finding[] {
  if (usesClusterCoordination(file)) return [];
  const fix =
    "if it must run once per cluster rather than once per node, schedule it with pluginapi's cluster.Schedule or guard it with cluster.NewMutex";
  const hints: { offset: number; what: string }[] = [];
  const time = importNames(file, (p) => p === 'time');
  const endless = endlessLoops(file);
  for (const i of packageSelectors(file, time, new Set(['NewTicker', 'Tick', 'Sleep', 'AfterFunc']))) {
    const name = file.tokens[i + 2]?.text;
    if (name === 'Sleep' && !endless.some(([start, end]) => start < i && i < end)) continue;
    const what =
      name === 'Sleep'
        ? 'An endless loop paced by time.Sleep'
        : name === 'AfterFunc'
          ? 'time.AfterFunc schedules work that'
          : `A background loop on time.${name}`;
    hints.push({ offset: (file.tokens[i] as GoToken).offset, what });
  }
  for (const imp of file.imports) {
    const library = CRON_LIBRARIES[imp.path];
    if (library) hints.push({ offset: imp.offset, what: `Jobs scheduled with ${library}` });
  }
  const goroutines = goroutineBodies(file);
  for (const [start, end] of endless) {
    if (!goroutines.some(([gStart, gEnd]) => gStart < start && end < gEnd)) continue;
    const inner = file.tokens.slice(start, end);
    // Already reported through its ticker or sleep.
    if (inner.some((t, k) => inner[k - 1]?.text === '.' && /^(NewTicker|Tick|Sleep|AfterFunc)$/.test(t.text))) continue;
    hints.push({ offset: (file.tokens[start - 1] as GoToken).offset, what: 'A `for {` loop in a goroutine' });
  }
  return hints.map((hint) =>
    findingAt(
      file,
      hint.offset,
      'notice',
      `${RULE}/background-loop`,
      `${hint.what} runs on every node of a High Availability cluster; ${fix}.`,
    ),
  );
}

const WRITE_FLAGS = /^O_(CREATE|WRONLY|RDWR|APPEND|TRUNC)$/;

/** Files written to the local disk instead of the KV store or the file store. */
function localFileHints(file: GoFile): Finding[] {
  const os = importNames(file, (p) => p === 'os');
  const ioutil = importNames(file, (p) => p === 'io/ioutil');
  const hits = [
    ...packageSelectors(file, os, new Set(['WriteFile', 'Create', 'Mkdir', 'MkdirAll', 'OpenFile'])),
    ...packageSelectors(file, ioutil, new Set(['WriteFile'])),
  ].sort((a, b) => a - b);
  return hits
    .filter(
      (i) =>
        file.tokens[i + 2]?.text !== 'OpenFile' || argumentTokens(file, i + 3).some((t) => WRITE_FLAGS.test(t.text)),
    )
    .map((i) => {
      const target = firstStringArgument(file, i + 3)?.value;
      return findingAt(
        file,
        (file.tokens[i] as GoToken).offset,
        'notice',
        `${RULE}/local-file`,
        `${file.tokens[i]?.text}.${file.tokens[i + 2]?.text}${target ? ` ("${target}")` : ''} writes to this node's local disk: other cluster nodes do not see the file and Cloud servers may not keep it; store the data in the KV store or the file store (p.API.UploadFile) instead.`,
      );
    });
}

function argumentTokens(file: GoFile, open: number): GoToken[] {
  const close = file.match[open] ?? -1;
  return file.tokens.slice(open + 1, close === -1 ? file.tokens.length : close);
}
