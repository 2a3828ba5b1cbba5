// The largest repository of the source corpus, for benchmarking check-server-code on real
// code: the folder of `<corpus>/source` with the most Go and webapp source bytes (vendor/,
// node_modules/ and dot-folders not counted). Plain Node, no dependencies.
//
//   import { largestCorpusRepo } from './packages/server-code/bench/largest-corpus-repo.mjs';
//   const repo = largestCorpusRepo('../shared/corpus/source'); // { dir, name, goFiles, bytes } or undefined
//   node dist/cli.js check-server-code <repo.dir> --offline --format json
//
// Run directly, it prints the directory: `node packages/server-code/bench/largest-corpus-repo.mjs [source-dir]`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = new Set(['vendor', 'node_modules', 'testdata', 'dist']);
const SOURCE = /\.(go|js|jsx|ts|tsx)$/;

function measure(dir) {
  let bytes = 0;
  let goFiles = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && SOURCE.test(entry.name)) {
        bytes += statSync(full).size;
        if (entry.name.endsWith('.go')) goFiles++;
      }
    }
  }
  return { bytes, goFiles };
}

/** The largest repository under `sourceDir`, or undefined when the folder is absent or empty. */
export function largestCorpusRepo(sourceDir) {
  if (!existsSync(sourceDir)) return undefined;
  let best;
  for (const name of readdirSync(sourceDir).sort()) {
    const dir = path.join(sourceDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const size = measure(dir);
    if (!best || size.bytes > best.bytes) best = { dir, name, ...size };
  }
  return best;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const repo = largestCorpusRepo(path.resolve(process.argv[2] ?? path.join(root, '../shared/corpus/source')));
  if (!repo) {
    console.error('largest-corpus-repo: no source corpus found');
    process.exit(1);
  }
  console.log(repo.dir);
}
