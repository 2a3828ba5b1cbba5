#!/usr/bin/env node
// npm run bench: the DESIGN.md §7 targets, measured as ratios against a baseline run
// side by side in the same process (interleaved, median of N), because these machines
// are noisy. Never used as a test; it prints a table and writes bench-results.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const results = [];

function timeOnce(args, cwd = root) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { ms, stdout: child.stdout };
}

/** Reports the process's peak RSS on exit, preloaded into measured processes with --import. */
const PEAK_RSS = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'))")}`;

/** Wall time and peak RSS (KiB) of one node process. */
function timeWithRss(args) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', PEAK_RSS, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { ms, rss: Number(/MAXRSS (\d+)/.exec(child.stderr)?.[1] ?? NaN) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs subject and baseline alternately `runs` times; returns medians and their ratio. */
function compare(name, subject, baseline, target) {
  const a = [];
  const b = [];
  timeOnce(subject);
  timeOnce(baseline);
  for (let i = 0; i < runs; i++) {
    b.push(timeOnce(baseline).ms);
    a.push(timeOnce(subject).ms);
  }
  const row = { name, subjectMs: median(a), baselineMs: median(b), ratio: median(a) / median(b), target };
  results.push(row);
  console.log(`${name.padEnd(44)} ${row.subjectMs.toFixed(1).padStart(8)} ms  vs ${row.baselineMs.toFixed(1).padStart(8)} ms  = ${row.ratio.toFixed(2)}×  (target ≤ ${target}×)`);
  return row;
}

function bundleSize() {
  const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const bytes = files.reduce((sum, e) => sum + statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0);
  const row = { name: 'all committed bundles (dist/)', bytes, files: files.length, targetBytes: 3 * 1024 * 1024 };
  results.push(row);
  console.log(`${row.name.padEnd(44)} ${(bytes / 1024 / 1024).toFixed(2)} MB in ${files.length} files  (target ≤ 3 MB)`);
}

console.log(`mm-review bench: node ${process.version}, ${runs} interleaved runs each, medians\n`);
compare('review of examples/demo-plugin, cold process', [path.join(dist, 'cli.js'), 'review', 'examples/demo-plugin', '--offline', '--format', 'json'], ['-e', '0'], 2);
compare('validate-manifest of examples/demo-plugin', [path.join(dist, 'cli.js'), 'validate-manifest', 'examples/demo-plugin', '--offline', '--format', 'json'], ['-e', '0'], 2);

const serverTree = path.join(root, 'packages/server-code/bench/generate-tree.mjs');
if (statSafe(serverTree)) {
  const { generateServerTree } = await import(serverTree);
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-review-bench-server-'));
  await generateServerTree(dir, 500);
  compare('check-server-code on 500 Go files', [path.join(dist, 'cli.js'), 'check-server-code', dir, '--offline', '--format', 'json'], ['-e', '0'], '—');
  rmSync(dir, { recursive: true, force: true });
}

{
  // Issue 3: a 1 MB README (sections, lists, images, links, emphasis) through check-docs.
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-review-bench-docs-'));
  cpSync(path.join(root, 'examples/demo-plugin'), dir, { recursive: true });
  const block = readFileSync(path.join(dir, 'README.md'), 'utf8');
  let readme = '';
  for (let i = 0; readme.length < 1024 * 1024; i++) readme += block.replace(/^# .*/m, `## Part ${i}`) + `\n- item *${i}* with **emphasis** and [a link](#part-${i})\n`;
  writeFileSync(path.join(dir, 'README.md'), readme);
  compare('check-docs on a 1 MB README', [path.join(dist, 'cli.js'), 'check-docs', dir, '--offline', '--format', 'json'], ['-e', '0'], '—');
  rmSync(dir, { recursive: true, force: true });
}

// Issue 9: validate-database on a 10,000-entry plugins.json against JSON.parse + JSON.stringify (time and peak RSS).
if (!process.env.BENCH_SKIP_DATABASE) {
  const { generateDatabase } = await import(path.join(root, 'packages/database/bench/generate-database.mjs'));
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-review-bench-db-'));
  const file = path.join(dir, 'plugins.json');
  generateDatabase(file, 10_000);
  const subject = [path.join(dist, 'cli.js'), 'validate-database', file, '--format', 'json', '--output', path.join(dir, 'report.json')];
  const baseline = ['-e', `const t=require('fs').readFileSync(${JSON.stringify(file)},'utf8');JSON.stringify(JSON.parse(t),null,2)`];
  const a = [];
  const b = [];
  for (let i = 0; i <= Math.min(runs, 5); i++) {
    const s = timeWithRss(subject);
    const r = timeWithRss(baseline);
    if (i === 0) continue;
    a.push(s);
    b.push(r);
  }
  const row = { name: `validate-database on 10,000 entries (${(statSync(file).size / 1e6).toFixed(0)} MB)`, subjectMs: median(a.map((x) => x.ms)), baselineMs: median(b.map((x) => x.ms)), subjectRssMiB: median(a.map((x) => x.rss)) / 1024, baselineRssMiB: median(b.map((x) => x.rss)) / 1024 };
  Object.assign(row, { timeRatio: row.subjectMs / row.baselineMs, memoryRatio: row.subjectRssMiB / row.baselineRssMiB, targets: { time: 1.5, memory: 1.5 } });
  results.push(row);
  console.log(`${row.name.padEnd(44)} ${row.subjectMs.toFixed(0).padStart(8)} ms  vs ${row.baselineMs.toFixed(0).padStart(8)} ms  = ${row.timeRatio.toFixed(2)}×  (target ≤ 1.5×); peak RSS ${row.memoryRatio.toFixed(2)}× (target ≤ 1.5×)`);
  rmSync(dir, { recursive: true, force: true });
}

// Issue 10: add-release into a 10,000-entry plugins.json against read + JSON.parse (time and peak RSS).
if (!process.env.BENCH_SKIP_DATABASE) {
  const { benchAddRelease } = await import(path.join(root, 'packages/release/bench/bench-add-release.mjs'));
  const row = await benchAddRelease({ dist, entries: 10_000, runs: Math.min(runs, 5) });
  results.push(row);
  console.log(`${row.name.padEnd(44)} ${row.subjectMs.toFixed(0).padStart(8)} ms  vs ${row.baselineMs.toFixed(0).padStart(8)} ms  = ${row.timeRatio.toFixed(2)}×  (target ≤ 1.2×); peak RSS ${row.memoryRatio.toFixed(2)}× (target ≤ 1.5×)`);
}

bundleSize();
writeFileSync(path.join(root, 'node_modules', '.bench-results.json'), `${JSON.stringify({ node: process.version, runs, results }, null, 2)}\n`);

function statSafe(file) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
