#!/usr/bin/env node
// Regenerates the version tables of @mm-review/server-code (src/tables/*.json) from the
// Mattermost tables in ../shared/corpus/mattermost (or $MM_REVIEW_CORPUS/mattermost).
// The JSON files are the project's own data, committed; the corpus never enters the
// project. Where a row is disputed (its notes column names a later version, or the
// version is a range), the later version wins: a plugin that declares the later one is
// compatible whichever source is right. `--check` exits 1 when the committed tables
// differ from what the TSVs give; `--out DIR` writes elsewhere (for tests).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot = path.resolve(packageRoot, '../..');
const corpus = path.resolve(projectRoot, process.env.MM_REVIEW_CORPUS ?? '../shared/corpus', 'mattermost');
const outArgument = process.argv.indexOf('--out');
const out =
  outArgument === -1 ? path.join(packageRoot, 'src/tables') : path.resolve(process.argv[outArgument + 1] ?? '.');

/** Phrases in a notes column that name the version a method really needs, and how to say so. */
const LATER_VERSION_NOTES = [
  [/lists it under v(\d+\.\d+)/i, 'the docs changelog lists it under'],
  [/treat (\d+\.\d+) as safe minimum/i, 'the docs changelog gives'],
  [/added in v(\d+\.\d+)/i, 'the docs changelog gives'],
  // The current signature only exists from this version, and plugins compile against it.
  [/signature changed in (\d+\.\d+)/i, 'its current signature dates from'],
];

export function readTsv(file) {
  const [header, ...rows] = readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');
  const columns = header.split('\t');
  return rows
    .filter((row) => row.trim() !== '')
    .map((row) => Object.fromEntries(row.split('\t').map((cell, i) => [columns[i], cell.trim()])));
}

/** "5.2" → "5.2"; "11.00" → "11.0"; "≤8.0" → 8.0 with an unknown lower bound; "10.1-11.6" → "11.6". */
export function parseVersionCell(cell) {
  const atMost = /^(≤|<=)/.test(cell);
  const parts = cell.replace(/^(≤|<=)\s*/, '').split(/\s*[-–]\s*/);
  const last = parts[parts.length - 1];
  const match = /^(\d+)\.(\d+)$/.exec(last);
  if (!match) throw new Error(`unreadable version "${cell}"`);
  return { version: `${Number(match[1])}.${Number(match[2])}`, atMost, range: parts.length > 1 };
}

export function compareMinor(a, b) {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The version a row needs: the later of its column and what its notes point to. */
export function resolveRow(cell, notes = '') {
  const parsed = parseVersionCell(cell);
  let version = parsed.version;
  const reasons = [];
  if (parsed.range) reasons.push(`the tables give a range (${cell}); its upper bound is used`);
  if (cell !== version && !parsed.atMost && !parsed.range) reasons.push(`written ${cell} in the source`);
  for (const [pattern, label] of LATER_VERSION_NOTES) {
    const found = pattern.exec(notes)?.[1];
    if (found && compareMinor(found, version) > 0) {
      reasons.push(`the server source says ${version}, ${label} ${found}; the later is used`);
      version = found;
    }
  }
  return { version, atMost: parsed.atMost, reason: reasons.join('; ') };
}

function methodTable(rows, nameColumn, source) {
  const methods = {};
  const disputed = {};
  const unsupported = [];
  for (const row of rows) {
    const name = row[nameColumn];
    const resolved = resolveRow(row.min_server_version, row.notes);
    methods[name] = resolved.version;
    if (resolved.reason) disputed[name] = resolved.reason;
    if (/no longer supported/i.test(row.notes ?? '')) unsupported.push(name);
  }
  return { source, methods, disputed, unsupported };
}

function webappTable(rows) {
  const table = { ...methodTable(rows, 'method', 'webapp_registry_methods.tsv'), knownOnlyFrom: [], removedAfter: {} };
  for (const row of rows) {
    if (parseVersionCell(row.min_server_version).atMost) table.knownOnlyFrom.push(row.method);
    const removed = /removed after v?(\d+\.\d+)/i.exec(row.removed ?? '')?.[1];
    if (removed) table.removedAfter[row.method] = removed;
  }
  return table;
}

export function buildTables(corpusDir) {
  return {
    'api.json': methodTable(
      readTsv(path.join(corpusDir, 'plugin_api_min_server_version.tsv')),
      'method',
      'plugin_api_min_server_version.tsv',
    ),
    'hooks.json': methodTable(
      readTsv(path.join(corpusDir, 'plugin_hooks_min_server_version.tsv')),
      'hook',
      'plugin_hooks_min_server_version.tsv',
    ),
    'webapp.json': webappTable(readTsv(path.join(corpusDir, 'webapp_registry_methods.tsv'))),
  };
}

/** One line per method keeps the files compact and their diffs readable. */
export function serialize(table) {
  const lines = Object.entries(table).map(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
      return entries.length
        ? ` ${JSON.stringify(key)}: {\n ${entries.join(',\n ')}\n }`
        : ` ${JSON.stringify(key)}: {}`;
    }
    return ` ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  if (!existsSync(corpus)) {
    console.log(`server-code tables: ${corpus} not found; nothing to generate or check`);
    return 0;
  }
  let stale = false;
  for (const [file, table] of Object.entries(buildTables(corpus))) {
    const target = path.join(out, file);
    const text = serialize(table);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(
        `server-code tables: ${path.relative(projectRoot, target)} is stale; run node packages/server-code/scripts/generate-tables.mjs`,
      );
      stale = true;
    } else {
      writeFileSync(target, text);
      console.log(`server-code tables: wrote ${path.relative(projectRoot, target)}`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
