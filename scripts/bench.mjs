#!/usr/bin/env node
// npm run bench: the targets of docs/architecture.md §7, measured so that the verdict holds
// from run to run on a noisy machine. Every row runs fresh node processes paired with a
// baseline (order alternating), reports the median of the per-pair ratios of CPU time
// (user + sys) and of wall time with their min–max and quartiles, repeats until the spread
// is small (or says it is not), and checks each run's exit status and output, so a run that
// skips its work cannot look fast. Size rows report the cost per unit (ms per 100 Go files,
// per MB) over several sizes instead of one ratio. Startup rows run on Node 20 (this
// machine's) and Node 24 (the runtime of node24 actions). Never a test: it prints a table and
// writes node_modules/.bench-results.json.
//   BENCH_QUICK=1          fewer pairs (a smoke run, not a measurement)
//   BENCH_SKIP_DATABASE=1  leaves out the 10,000-entry database rows
//   BENCH_STARTUP_ONLY=1   only the startup rows (cold review and validate-manifest) and the bundle size
//   BENCH_ONLY=database    only these sections (comma-separated: startup, size, server, database)
//   BENCH_NODE24=PATH      the Node 24 binary (default: installed once from the npm package node@24)
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitLine, fmt, pairedRatio, verdict } from './bench/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const cli = path.join(dist, 'cli.js');
const quick = Boolean(process.env.BENCH_QUICK);
const pairs = quick ? { minPairs: 3, maxPairs: 3 } : { minPairs: 7, maxPairs: 21 };
const heavyPairs = quick ? { minPairs: 2, maxPairs: 2 } : { minPairs: 5, maxPairs: 9 };
const results = [];
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
/** Whether a section runs: every one unless BENCH_ONLY names some. */
const runs = (section) => only.size === 0 || only.has(section);
const corpus = path.resolve(root, process.env.MM_REVIEW_CORPUS ?? '../shared/corpus');

function node24() {
  if (process.env.BENCH_NODE24) return process.env.BENCH_NODE24;
  const prefix = path.join(root, 'node_modules', '.cache', 'mm-review-node24');
  const bin = path.join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(bin)) {
    try {
      mkdirSync(prefix, { recursive: true });
      execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, 'node@24'], {
        stdio: 'ignore',
      });
    } catch (error) {
      console.log(
        `Node 24 rows skipped: could not install node@24 (${error.message.split('\n')[0]}); set BENCH_NODE24`,
      );
      return undefined;
    }
  }
  return bin;
}

/** Throws unless a run exited 0 or 1 with a JSON report that passes `test`. */
const jsonReport = (test, what) => (run) => {
  if (run.code !== 0 && run.code !== 1) throw new Error(`${what}: exited ${run.code}: ${run.stderr.slice(0, 400)}`);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`${what}: no JSON report on stdout`);
  }
  if (!test(report)) throw new Error(`${what}: the report does not show the work was done`);
};

function printRatioRow(row) {
  console.log(`${row.name}`);
  console.log(
    `    CPU  ${fmt.ratio(row.cpu)}   wall ${fmt.ratio(row.wall)}   peak RSS ${row.rss.median.toFixed(2)}×   ${row.pairs} pairs${row.wall.spread > 0.1 || row.cpu.spread > 0.1 ? `, spread ${(Math.max(row.wall.spread, row.cpu.spread) * 100).toFixed(0)}% (noisy)` : ''}`,
  );
  console.log(
    `    subject ${fmt.ms(row.subjectCpuMs)} CPU, ${fmt.ms(row.subjectWallMs)} wall, ${row.subjectRssMiB.toFixed(0)} MiB   target ≤ ${row.target}×: ${row.verdict} (wall: ${row.wallVerdict})${row.memoryTarget ? `; memory ≤ ${row.memoryTarget}×: ${row.memoryVerdict}` : ''}`,
  );
}

async function ratioRow({
  name,
  node = process.execPath,
  subject,
  baseline,
  target,
  memoryTarget,
  check,
  prepare,
  cwd = root,
  heavy = false,
}) {
  const measured = await pairedRatio({ node, subject, baseline, cwd, check, prepare, ...(heavy ? heavyPairs : pairs) });
  const row = {
    name,
    target,
    ...measured,
    pairs: measured.wall.n,
    // The verdict is CPU time's: wall time on a shared machine measures the neighbours too.
    verdict: verdict(measured.cpu, target),
    wallVerdict: verdict(measured.wall, target),
  };
  if (memoryTarget) Object.assign(row, { memoryTarget, memoryVerdict: verdict(measured.rss, memoryTarget) });
  results.push(row);
  printRatioRow(row);
  return row;
}

/** Cost per unit over several sizes: the slope of (subject − `node -e 0`) against size. */
async function slopeRow({ name, unit, per = 1, sizes, make, check }) {
  const points = [];
  for (const size of sizes) {
    const { args, cleanup } = await make(size);
    try {
      const m = await pairedRatio({
        node: process.execPath,
        subject: args,
        baseline: ['-e', '0'],
        cwd: root,
        check,
        ...heavyPairs,
      });
      points.push({ size, cpuMs: m.extraCpuMs.median, wallMs: m.extraWallMs.median, spread: m.extraCpuMs.spread });
    } finally {
      await cleanup();
    }
  }
  const cpu = fitLine(
    points.map((p) => p.size / per),
    points.map((p) => p.cpuMs),
  );
  const wall = fitLine(
    points.map((p) => p.size / per),
    points.map((p) => p.wallMs),
  );
  // Linear growth: the cost of the last step per unit equals that of the first step.
  const step = (a, b) => (b.cpuMs - a.cpuMs) / ((b.size - a.size) / per);
  const growth = step(points[points.length - 2], points[points.length - 1]) / step(points[0], points[1]);
  const row = { name, unit, points, cpuPerUnitMs: cpu.slope, wallPerUnitMs: wall.slope, marginalGrowth: growth };
  results.push(row);
  console.log(name);
  console.log(
    `    ${points.map((p) => `${p.size}: +${fmt.ms(p.cpuMs)} CPU / +${fmt.ms(p.wallMs)} wall over node -e 0`).join('; ')}`,
  );
  console.log(
    `    slope ${cpu.slope.toFixed(1)} ms CPU (${wall.slope.toFixed(1)} ms wall) per ${unit}; last step's cost per ${unit} ÷ first step's: ${growth.toFixed(2)} (1 = linear)`,
  );
  return row;
}

function tempDir(name) {
  return mkdtempSync(path.join(tmpdir(), `mm-review-bench-${name}-`));
}

console.log(
  `mm-review bench: ${process.version} (and Node 24 for the startup rows), paired runs, median of per-pair ratios (min–max, IQR)${quick ? ', QUICK' : ''}\n`,
);

// 1. Cold start on the runtime floor, Node 20 and Node 24.
const demo = path.join(root, 'examples/demo-plugin');
const reviewed = (r) => Array.isArray(r.checks) && r.checks.length >= 15 && r.plugin?.id;
const n24 = runs('startup') ? node24() : undefined; // installed once, also used by the database rows
for (const [label, node] of [
  ['Node 20', runs('startup') ? process.execPath : undefined],
  ['Node 24', n24],
]) {
  if (!node) continue;
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  await ratioRow({
    name: `review of examples/demo-plugin, cold process, ${label} (${version}) vs node -e 0`,
    node,
    subject: [cli, 'review', demo, '--offline', '--format', 'json'],
    baseline: ['-e', '0'],
    target: 2,
    check: jsonReport(reviewed, 'review'),
  });
  await ratioRow({
    name: `validate-manifest of examples/demo-plugin, ${label} vs node -e 0`,
    node,
    subject: [cli, 'validate-manifest', demo, '--offline', '--format', 'json'],
    baseline: ['-e', '0'],
    target: 2,
    check: jsonReport((r) => r.checks?.length >= 5, 'validate-manifest'),
  });
}

if (!process.env.BENCH_STARTUP_ONLY) {
  // 2. Size rows: cost per 100 Go files and per MB of README.
  const serverTree = path.join(root, 'packages/server-code/bench/generate-tree.mjs');
  if (runs('size') && existsSync(serverTree)) {
    const { generateServerTree } = await import(serverTree);
    await slopeRow({
      name: 'check-server-code on generated Go trees',
      unit: '100 Go files',
      per: 100,
      sizes: [100, 200, 400],
      make: async (files) => {
        const dir = tempDir('server');
        await generateServerTree(dir, files);
        return {
          args: [cli, 'check-server-code', dir, '--offline', '--format', 'json'],
          cleanup: () => rmSync(dir, { recursive: true, force: true }),
        };
      },
      check: jsonReport((r) => r.checks?.length === 5, 'check-server-code'),
    });
  }
  if (runs('size'))
    await slopeRow({
      name: 'check-docs on a large README',
      unit: 'MB',
      sizes: [0.25, 0.5, 1],
      per: 1,
      make: async (mb) => {
        const dir = tempDir('docs');
        cpSync(demo, dir, { recursive: true });
        const block = readFileSync(path.join(dir, 'README.md'), 'utf8');
        let readme = '';
        for (let i = 0; readme.length < mb * 1024 * 1024; i++)
          readme +=
            block.replace(/^# .*/m, `## Part ${i}`) + `\n- item *${i}* with **emphasis** and [a link](#part-${i})\n`;
        writeFileSync(path.join(dir, 'README.md'), readme);
        return {
          args: [cli, 'check-docs', dir, '--offline', '--format', 'json'],
          cleanup: () => rmSync(dir, { recursive: true, force: true }),
        };
      },
      check: jsonReport((r) => r.checks?.some((c) => c.id === 'documentation'), 'check-docs'),
    });

  // 3. check-server-code on the largest repository of the corpus (time and peak memory against node -e 0).
  if (!runs('server')) {
    // left out by BENCH_ONLY
  } else if (existsSync(path.join(corpus, 'source'))) {
    const { largestCorpusRepo } = await import(path.join(root, 'packages/server-code/bench/largest-corpus-repo.mjs'));
    const largest = largestCorpusRepo(path.join(corpus, 'source'));
    if (largest) {
      await ratioRow({
        name: `check-server-code on the largest corpus repository (${largest.name}: ${largest.goFiles} Go files, ${(largest.bytes / 1e6).toFixed(1)} MB of source) vs node -e 0`,
        subject: [cli, 'check-server-code', largest.dir, '--offline', '--format', 'json'],
        baseline: ['-e', '0'],
        target: '—',
        heavy: true,
        check: jsonReport((r) => r.checks?.length === 5, 'check-server-code'),
      });
    }
  } else console.log(`check-server-code on the corpus: skipped (no corpus at ${corpus})`);

  // 4. The Marketplace database at 10,000 entries: validate-database against JSON.parse + JSON.stringify,
  //    add-release against read + JSON.parse, in time and peak memory.
  if (runs('database') && !process.env.BENCH_SKIP_DATABASE) {
    const { generateDatabase } = await import(path.join(root, 'packages/database/bench/generate-database.mjs'));
    const dir = tempDir('db');
    try {
      const file = path.join(dir, 'plugins.json');
      generateDatabase(file, 10_000);
      const mb = (statSync(file).size / 1e6).toFixed(0);
      const parseStringify = (f) => [
        '-e',
        `const t=require('fs').readFileSync(${JSON.stringify(f)},'utf8');JSON.stringify(JSON.parse(t),null,2)`,
      ];
      const validated = (f, entries) => (run) => {
        if (run.code !== 0 && run.code !== 1)
          throw new Error(`validate-database exited ${run.code}: ${run.stderr.slice(0, 400)}`);
        const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
        if (report.database?.entries !== entries)
          throw new Error(`validate-database read ${report.database?.entries} entries of ${entries}`);
      };
      // Worst case: every entry carries a warning (a release_notes_url without /tag/).
      const worst = path.join(dir, 'worst.json');
      const entries = JSON.parse(readFileSync(file, 'utf8'));
      for (const entry of entries)
        if (typeof entry.release_notes_url === 'string')
          entry.release_notes_url = entry.release_notes_url.replace('/releases/tag/', '/releases/');
      writeFileSync(worst, `${JSON.stringify(entries, null, 2)}\n`);
      // On Node 20 (this machine's) and Node 24 (the runtime of the node24 action), whose
      // JSON.parse and JSON.stringify are faster, so the same work is a larger ratio.
      for (const [label, node] of [
        ['', process.execPath],
        [', Node 24', node24()],
      ]) {
        if (!node) continue;
        await ratioRow({
          name: `validate-database on 10,000 entries (${mb} MB) vs JSON.parse + JSON.stringify${label}`,
          node,
          subject: [cli, 'validate-database', file, '--format', 'json', '--output', path.join(dir, 'report.json')],
          baseline: parseStringify(file),
          target: 1.5,
          memoryTarget: 1.5,
          heavy: true,
          check: validated(file, 10_000),
        });
        await ratioRow({
          name: `validate-database, every entry with a warning, vs JSON.parse + JSON.stringify${label}`,
          node,
          subject: [cli, 'validate-database', worst, '--format', 'json', '--output', path.join(dir, 'report.json')],
          baseline: parseStringify(worst),
          target: 1.5,
          memoryTarget: 1.5,
          heavy: true,
          check: validated(worst, 10_000),
        });
      }

      const { addReleaseArgs, signedStore } = await import(
        path.join(root, 'packages/release/bench/bench-add-release.mjs')
      );
      const store = await signedStore(dir);
      try {
        const work = path.join(dir, 'work.json');
        await ratioRow({
          name: `add-release into 10,000 entries (${mb} MB) vs read + JSON.parse`,
          subject: addReleaseArgs(cli, work, store),
          baseline: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`],
          prepare: () => copyFileSync(file, work),
          target: 1.2,
          memoryTarget: 1.5,
          heavy: true,
          check: (run) => {
            if (run.code !== 0) throw new Error(`add-release exited ${run.code}: ${run.stderr.slice(0, 400)}`);
            if (statSync(work).size <= statSync(file).size) throw new Error('add-release did not add the entry');
          },
        });
      } finally {
        store.server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// 5. Bundle size.
const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
const bytes = files.reduce((sum, e) => sum + statSync(path.join(e.parentPath ?? e.path, e.name)).size, 0);
results.push({
  name: 'all committed bundles (dist/)',
  bytes,
  files: files.length,
  targetBytes: 3 * 1024 * 1024,
  verdict: bytes <= 3 * 1024 * 1024 ? 'met' : 'not met',
});
console.log(
  `all committed bundles (dist/)\n    ${(bytes / 1024 / 1024).toFixed(2)} MB in ${files.length} files   target ≤ 3 MB: ${bytes <= 3 * 1024 * 1024 ? 'met' : 'not met'}`,
);

console.log(
  '\nVerdicts (CPU time; wall time is shown for reference): met = 90 % of the paired ratios are within the target; not met = 90 % are over it; borderline = the row sits at the target.',
);
writeFileSync(
  path.join(root, 'node_modules', '.bench-results.json'),
  `${JSON.stringify({ node: process.version, quick, results }, null, 2)}\n`,
);
