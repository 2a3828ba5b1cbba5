// The bench's measuring harness: fresh node processes, paired with their baseline, CPU time
// (user + sys, from the child's own resource usage) next to wall time, peak RSS, every run's
// exit status and output checked, and repeats until the spread is small (or a cap, with the
// spread printed). Pure functions of runs; scripts/bench.mjs holds the rows.
import { spawn } from 'node:child_process';

/** Preloaded into every measured process: its CPU time and peak RSS, written at exit. */
const STATS = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nBENCHSTATS ' + JSON.stringify({ cpuUs: u.userCPUTime + u.systemCPUTime, rssKiB: u.maxRSS }) + '\\n'); })",
)}`;

/** One run of `node args`: wall ms, CPU ms, peak RSS KiB, exit code, stdout, stderr. */
export function runNode(node, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(node, ['--import', STATS, ...args], {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const stats = /BENCHSTATS (\{.*\})/.exec(err);
      const parsed = stats ? JSON.parse(stats[1]) : { cpuUs: NaN, rssKiB: NaN };
      resolve({
        wallMs,
        cpuMs: parsed.cpuUs / 1000,
        rssKiB: parsed.rssKiB,
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err.replace(/\nBENCHSTATS .*\n?/, ''),
      });
    });
  });
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  return (sorted[low] ?? NaN) + ((sorted[high] ?? NaN) - (sorted[low] ?? NaN)) * (pos - low);
}

/** Median, 10th / 25th / 75th / 90th percentiles, min and max, and the relative spread (IQR / median). */
export function summarize(values) {
  const median = quantile(values, 0.5);
  const p25 = quantile(values, 0.25);
  const p75 = quantile(values, 0.75);
  return {
    median,
    p10: quantile(values, 0.1),
    p25,
    p75,
    p90: quantile(values, 0.9),
    min: Math.min(...values),
    max: Math.max(...values),
    spread: (p75 - p25) / median,
    n: values.length,
  };
}

/**
 * Verdict of a ratio against a target from the spread of its pairs, so it does not flip on
 * a lucky run: `met` when 90 % of the pairs are within the target, `not met` when 90 % are
 * over it, else `borderline` (the row sits at the target: no run can tell it either way).
 */
export function verdict(stats, target) {
  if (typeof target !== 'number') return '—';
  if (stats.p90 <= target) return 'met';
  if (stats.p10 > target) return 'not met';
  return 'borderline';
}

/**
 * Runs subject and baseline as pairs (order alternating), after one checked warm-up each,
 * until both the CPU and wall ratios have a spread ≤ maxSpread (at least minPairs pairs) or
 * maxPairs is reached. `check(run)` throws when a subject run did not do its work.
 */
export async function pairedRatio({
  node,
  subject,
  baseline,
  cwd,
  check,
  prepare,
  minPairs = 7,
  maxPairs = 21,
  maxSpread = 0.1,
}) {
  const one = async (args, isSubject) => {
    await prepare?.();
    const run = await runNode(node, args, { cwd });
    if (isSubject) check?.(run);
    else if (run.code !== 0)
      throw new Error(`baseline ${args.join(' ')} exited ${run.code}: ${run.stderr.slice(0, 300)}`);
    return run;
  };
  await one(subject, true);
  await one(baseline, false);
  const wall = [];
  const cpu = [];
  const rss = [];
  const extraWall = [];
  const extraCpu = [];
  const subjectRuns = [];
  for (let i = 0; i < maxPairs; i++) {
    let s;
    let b;
    if (i % 2 === 0) {
      b = await one(baseline, false);
      s = await one(subject, true);
    } else {
      s = await one(subject, true);
      b = await one(baseline, false);
    }
    wall.push(s.wallMs / b.wallMs);
    cpu.push(s.cpuMs / b.cpuMs);
    rss.push(s.rssKiB / b.rssKiB);
    extraWall.push(s.wallMs - b.wallMs);
    extraCpu.push(s.cpuMs - b.cpuMs);
    subjectRuns.push(s);
    if (wall.length >= minPairs && summarize(wall).spread <= maxSpread && summarize(cpu).spread <= maxSpread) break;
  }
  return {
    wall: summarize(wall),
    cpu: summarize(cpu),
    rss: summarize(rss),
    extraWallMs: summarize(extraWall),
    extraCpuMs: summarize(extraCpu),
    subjectWallMs: summarize(subjectRuns.map((r) => r.wallMs)).median,
    subjectCpuMs: summarize(subjectRuns.map((r) => r.cpuMs)).median,
    subjectRssMiB: summarize(subjectRuns.map((r) => r.rssKiB)).median / 1024,
  };
}

/** Least-squares slope and intercept of y over x. */
export function fitLine(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  const slope = num / den;
  return { slope, intercept: my - slope * mx };
}

export const fmt = {
  ratio: (s) =>
    `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)}, IQR ${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`,
  ms: (v) => `${v.toFixed(v < 100 ? 1 : 0)} ms`,
};
