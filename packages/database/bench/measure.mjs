// Paired CPU-time measurement of validate-database against plain JSON.parse + JSON.stringify
// of the same file (issue 15 item 5, issue 19 item 3). Each pair runs the subject and the
// baseline back to back, in alternating order; the verdict is the median of the per-pair
// ratios of CPU time (user + sys, from /usr/bin/time), with min–max, and the same for peak RSS.
// Run after `npm run build`:  node packages/database/bench/measure.mjs [entries] [pairs] [worst]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDatabase } from './generate-database.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const [entries = '10000', pairs = '7', scenario = 'clean'] = process.argv.slice(2);
const dir = mkdtempSync(path.join(tmpdir(), 'mm-review-db-measure-'));
const file = path.join(dir, 'plugins.json');
generateDatabase(file, Number(entries));
if (scenario === 'worst') {
  // Every entry carries a warning: a release_notes_url that is the releases list, not the release.
  const list = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of list) {
    entry.release_notes_url = entry.release_notes_url.replace(/\/tag\/v[^/]+$/, '');
    entry.manifest.release_notes_url = entry.release_notes_url;
  }
  writeFileSync(file, `${JSON.stringify(list, null, 2)}\n`);
}
let base;
if (scenario === 'rewritten') {
  // A base where every entry differs (the head's signatures were all replaced).
  base = path.join(dir, 'base.json');
  const list = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of list) entry.enterprise = true;
  writeFileSync(base, `${JSON.stringify(list, null, 2)}\n`);
}
const report = path.join(dir, 'report.json');
// MM_REVIEW_CLI: another build's cli.js, to compare two versions on the same file.
const cli = process.env.MM_REVIEW_CLI ?? path.join(root, 'dist/cli.js');
const subject = [
  cli,
  'validate-database',
  file,
  ...(base ? ['--base', base, '--allow-modifications'] : []),
  '--format',
  'json',
  '--output',
  report,
  '--fail-on',
  'never',
];
const baseline = [
  '-e',
  `const t=require('fs').readFileSync(${JSON.stringify(file)},'utf8');JSON.stringify(JSON.parse(t),null,2)`,
];

function run(args) {
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %e %M', process.execPath, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [user, sys, wall, rss] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { cpu: user + sys, wall, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios = { cpu: [], wall: [], rss: [] };
const raw = [];
run(subject);
run(baseline);
for (let i = 0; i < Number(pairs); i++) {
  const first = i % 2 === 0;
  const a = first ? run(subject) : undefined;
  const b = run(baseline);
  const s = a ?? run(subject);
  const parsed = JSON.parse(readFileSync(report, 'utf8'));
  if (parsed.database?.entries !== Number(entries)) throw new Error('the run did not check every entry');
  raw.push({ s, b, findings: parsed.checks.reduce((n, c) => n + c.findings.length, 0) });
  for (const k of ['cpu', 'wall', 'rss']) ratios[k].push(s[k] / b[k]);
}
const fmt = (xs) => `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const size = (statSync(file).size / 1e6).toFixed(0);
console.log(`validate-database, ${entries} entries (${size} MB), ${scenario}, ${pairs} pairs, node ${process.version}`);
console.log(
  `  subject CPU ${median(raw.map((r) => r.s.cpu)).toFixed(2)} s, baseline CPU ${median(raw.map((r) => r.b.cpu)).toFixed(2)} s; findings ${raw[0].findings}`,
);
console.log(`  CPU ratio  ${fmt(ratios.cpu)}   wall ratio ${fmt(ratios.wall)}   peak RSS ratio ${fmt(ratios.rss)}`);
rmSync(dir, { recursive: true, force: true });
void execFileSync;
