import type { Check, Finding } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { findingAt, plural, serverCode, sortByLocation } from '../code';
import { firstStringArgument, importNames, packageSelectors, skip, type GoFile } from '../go/parse';
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
  async run(context) {
    const { program } = await serverCode(context);
    const findings = sortByLocation(program.files.flatMap((file) => [...packageStateHints(file), ...mutexHints(file), ...backgroundLoopHints(file), ...localFileHints(file)]));
    const summary =
      program.files.length === 0
        ? 'No server code: a person must still confirm the plugin holds no per-node state.'
        : findings.length
          ? `${plural(findings.length, 'place')} in the server code to review for cluster safety (per-node memory, locks, background jobs, local files).`
          : 'No per-node state, local locks, unscheduled background loops or local file writes found in the server code; a person must still judge it at 60k users and in a cluster.';
    return { status: 'manual', summary, findings };
  },
};

const CLUSTER_STATE = 'in a High Availability cluster every server node has its own copy, so what one node stores the others never see';

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
    if (mutated) written.add(name);
  }
  return [...written].map((name) => {
    const { offset, kind } = collections.get(name) as { offset: number; kind: string };
    return findingAt(file, offset, 'notice', `${RULE}/package-state`, `The package-level ${kind} ${name} is written at run time and lives in this server's memory: ${CLUSTER_STATE}. Keep shared state in the KV store (p.API.KVSet) or keep each node's copy in sync with cluster events.`);
  });
}

const MUTEX_TYPE = /^\*?sync\.(RW)?Mutex$/;

/** sync.Mutex / RWMutex fields and variables: locks that hold only inside one process. */
function mutexHints(file: GoFile): Finding[] {
  const hints: { name: string; offset: number; type: string }[] = [];
  for (const struct of file.structs) {
    for (const field of struct.fields) if (MUTEX_TYPE.test(field.type)) hints.push({ name: `${struct.name}.${field.name}`, offset: field.offset, type: field.type });
  }
  for (const variable of file.vars) {
    const type = file.tokens.slice(variable.specStart, variable.specEnd).map((t) => t.text).join('');
    if (MUTEX_TYPE.test(type)) hints.push({ name: variable.name, offset: variable.offset, type });
  }
  // The configuration lock of the starter template guards what each node loads for itself in OnConfigurationChange.
  return hints
    .filter((hint) => !/config/i.test(hint.name))
    .map((hint) => findingAt(file, hint.offset, 'notice', `${RULE}/local-mutex`, `${hint.name} (${hint.type}) locks only inside this server process; if it guards state that must stay consistent across cluster nodes, use pluginapi's cluster.NewMutex or the KV store's atomic operations instead.`));
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

/** Tickers, and sleeps in loops: background work that runs on every node unless scheduled for the cluster. */
function backgroundLoopHints(file: GoFile): Finding[] {
  const time = importNames(file, (p) => p === 'time');
  const hits = packageSelectors(file, time, new Set(['NewTicker', 'Tick', 'Sleep']));
  if (hits.length === 0) return [];
  const loops = loopBodies(file);
  const fix = "if it must run once per cluster rather than once per node, schedule it with pluginapi's cluster.Schedule";
  return hits
    .filter((i) => file.tokens[i + 2]?.text !== 'Sleep' || loops.some(([start, end]) => start < i && i < end))
    .map((i) => {
      const what = file.tokens[i + 2]?.text === 'Sleep' ? 'A loop paced by time.Sleep' : `A background loop on time.${file.tokens[i + 2]?.text}`;
      return findingAt(file, (file.tokens[i] as GoToken).offset, 'notice', `${RULE}/background-loop`, `${what} runs on every node of a High Availability cluster; ${fix}.`);
    });
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
    .filter((i) => file.tokens[i + 2]?.text !== 'OpenFile' || argumentTokens(file, i + 3).some((t) => WRITE_FLAGS.test(t.text)))
    .map((i) => {
      const target = firstStringArgument(file, i + 3)?.value;
      return findingAt(file, (file.tokens[i] as GoToken).offset, 'notice', `${RULE}/local-file`, `${file.tokens[i]?.text}.${file.tokens[i + 2]?.text}${target ? ` ("${target}")` : ''} writes to this node's local disk: other cluster nodes do not see the file and Cloud servers may not keep it; store the data in the KV store or the file store (p.API.UploadFile) instead.`);
    });
}

function argumentTokens(file: GoFile, open: number): GoToken[] {
  const close = file.match[open] ?? -1;
  return file.tokens.slice(open + 1, close === -1 ? file.tokens.length : close);
}
