#!/usr/bin/env node
// Writes each action's inputs/outputs tables into README.md between the markers
// <!-- action-docs:NAME --> and <!-- /action-docs:NAME -->, from actions/NAME/action.yml,
// so the README cannot drift from the actions. `--check` exits 1 when it would change.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const check = process.argv.includes('--check');

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function tables(name) {
  const action = parse(readFileSync(path.join(root, 'actions', name, 'action.yml'), 'utf8'));
  const lines = [
    `Uses: \`mm-review/mm-review/actions/${name}@v1\` · runtime \`${action.runs.using}\``,
    '',
    '| Input | Description | Default |',
    '|---|---|---|',
  ];
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    const def = spec.default === undefined ? '' : `\`${cell(spec.default)}\``;
    lines.push(`| \`${input}\`${spec.required ? ' (required)' : ''} | ${cell(spec.description)} | ${def} |`);
  }
  lines.push('', '| Output | Description |', '|---|---|');
  for (const [output, spec] of Object.entries(action.outputs ?? {}))
    lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
  return lines.join('\n');
}

const actions = readdirSync(path.join(root, 'actions'))
  .filter((n) => existsSync(path.join(root, 'actions', n, 'action.yml')))
  .sort();
const original = readFileSync(readmePath, 'utf8');
let readme = original;
const missing = [];
for (const name of actions) {
  const pattern = new RegExp(`(<!-- action-docs:${name} -->)[\\s\\S]*?(<!-- /action-docs:${name} -->)`);
  if (!pattern.test(readme)) missing.push(name);
  else readme = readme.replace(pattern, (_m, open, close) => `${open}\n${tables(name)}\n${close}`);
}
if (missing.length) {
  console.error(`docs: README.md has no <!-- action-docs:NAME --> block for: ${missing.join(', ')}`);
  if (check) process.exit(1);
}
if (readme === original) {
  console.log('docs: README.md action tables are current');
} else if (check) {
  console.error('docs: README.md action tables are stale; run npm run docs');
  process.exit(1);
} else {
  writeFileSync(readmePath, readme);
  console.log('docs: README.md action tables updated');
}
