// add-release on a 10,000-entry plugins.json (docs/architecture.md §7: within 1.2× the time of plain
// read + JSON.parse of the same file, peak memory within 1.5×). Both run as fresh node
// processes, interleaved, against a local plugin store serving a bundle signed with a key
// made here; the subject does the whole job (download, verify, validate, splice, fsync).
// Usage: node packages/release/bench/bench-add-release.mjs [DIST] [ENTRIES] [RUNS]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDatabase } from './generate-database.mjs';

const PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nMAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;

function runNode(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ ms, rssKiB: Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN) });
    });
  });
}

export async function signedStore(dir) {
  const openpgp = await import('openpgp');
  const tar = await import('tar');
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: 'bench' }],
    format: 'armored',
  });
  const plugin = path.join(dir, 'plugin', 'com.example.zbench');
  mkdirSync(path.join(plugin, 'assets'), { recursive: true });
  const home = 'https://github.com/example/mattermost-plugin-zbench';
  writeFileSync(
    path.join(plugin, 'plugin.json'),
    JSON.stringify({
      id: 'com.example.zbench',
      name: 'Bench',
      homepage_url: home,
      support_url: `${home}/issues`,
      release_notes_url: `${home}/releases/tag/v1.0.0`,
      icon_path: 'assets/icon.svg',
      version: '1.0.0',
      min_server_version: '9.0.0',
      server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
    }),
  );
  writeFileSync(path.join(plugin, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const bundleFile = path.join(dir, 'bundle.tar.gz');
  await tar.c({ gzip: true, cwd: path.join(dir, 'plugin'), file: bundleFile }, ['com.example.zbench']);
  const bundle = readFileSync(bundleFile);
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: privateKey });
  const signature = Buffer.from(
    await openpgp.sign({
      message: await openpgp.createMessage({ binary: bundle }),
      signingKeys,
      detached: true,
      format: 'binary',
    }),
  );
  writeFileSync(path.join(dir, 'key.asc'), publicKey);
  const files = new Map([
    ['/release/mattermost-plugin-zbench-v1.0.0.tar.gz', bundle],
    ['/release/mattermost-plugin-zbench-v1.0.0.tar.gz.sig', signature],
  ]);
  const server = http.createServer((req, res) => {
    const body = files.get(req.url);
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/release`, keyFile: path.join(dir, 'key.asc') };
}

/** The CLI arguments that add the signed store's release to `database`: what both benches time. */
export function addReleaseArgs(cli, database, store) {
  return [
    cli,
    'add-release',
    '--database',
    database,
    '--repo',
    'mattermost-plugin-zbench',
    '--tag',
    'v1.0.0',
    '--community',
    '--store',
    store.url,
    '--public-key',
    store.keyFile,
    '--format',
    'json',
  ];
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Returns medians of time and peak RSS for add-release and for read + JSON.parse, and their ratios. */
export async function benchAddRelease({ dist, entries = 10_000, runs = 5 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-review-bench-release-'));
  try {
    const original = path.join(dir, 'plugins.json');
    generateDatabase(original, entries);
    const bytes = statSync(original).size;
    const store = await signedStore(dir);
    const work = path.join(dir, 'work.json');
    const subject = addReleaseArgs(path.join(dist, 'cli.js'), work, store);
    const baseline = ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(original)}, 'utf8'))`];
    const a = [];
    const b = [];
    for (let i = 0; i <= runs; i++) {
      copyFileSync(original, work);
      const s = await runNode(subject);
      const r = await runNode(baseline);
      if (i === 0) continue; // warm-up
      a.push(s);
      b.push(r);
    }
    store.server.close();
    const row = {
      name: `add-release on ${entries} entries (${(bytes / 1e6).toFixed(0)} MB)`,
      subjectMs: median(a.map((x) => x.ms)),
      baselineMs: median(b.map((x) => x.ms)),
      subjectRssMiB: median(a.map((x) => x.rssKiB)) / 1024,
      baselineRssMiB: median(b.map((x) => x.rssKiB)) / 1024,
    };
    return {
      ...row,
      timeRatio: row.subjectMs / row.baselineMs,
      memoryRatio: row.subjectRssMiB / row.baselineRssMiB,
      targets: { time: 1.2, memory: 1.5 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const [dist = path.join(root, 'dist'), entries = '10000', runs = '5'] = process.argv.slice(2);
  const r = await benchAddRelease({ dist: path.resolve(dist), entries: Number(entries), runs: Number(runs) });
  console.log(
    `${r.name}: ${r.subjectMs.toFixed(0)} ms vs read + JSON.parse ${r.baselineMs.toFixed(0)} ms = ${r.timeRatio.toFixed(2)}× (target ≤ 1.2×); peak RSS ${r.subjectRssMiB.toFixed(0)} MiB vs ${r.baselineRssMiB.toFixed(0)} MiB = ${r.memoryRatio.toFixed(2)}× (target ≤ 1.5×)`,
  );
}
