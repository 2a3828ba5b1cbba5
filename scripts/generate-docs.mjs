#!/usr/bin/env node
// npm run docs [-- --check]: the README's action tables, then the rule pages and the
// configuration schema, each generated from its source of truth.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let failed = false;
for (const script of ['generate-action-docs.mjs', 'generate-rule-docs.mjs']) {
  try {
    execFileSync(process.execPath, [path.join(here, script), ...args], { stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
