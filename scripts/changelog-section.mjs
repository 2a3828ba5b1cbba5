#!/usr/bin/env node
// Prints the CHANGELOG.md section of one version (the release notes of the suite's GitHub
// release): `node scripts/changelog-section.mjs 1.2.0 [CHANGELOG.md]`. Fails when the
// changelog has no section for the version, or an empty one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The body of the `## [VERSION]` (or `## VERSION`, `## vVERSION`) section, trimmed; undefined when absent. */
export function changelogSection(text, version) {
  const lines = text.split('\n');
  const escaped = version.replace(/^v/, '').replace(/[.+]/g, '\\$&');
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(?:\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  let end = lines.findIndex((line, i) => i > start && /^##?\s/.test(line));
  if (end < 0) end = lines.length;
  // Link reference definitions at the end ([1.2.0]: https://…) are not notes.
  const body = lines.slice(start + 1, end).filter((line) => !/^\[[^\]]+\]:\s+\S+/.test(line));
  return body.join('\n').trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, file = path.join(root, 'CHANGELOG.md')] = process.argv.slice(2);
  if (!version) {
    console.error('usage: changelog-section.mjs VERSION [CHANGELOG.md]');
    process.exit(2);
  }
  const section = changelogSection(readFileSync(file, 'utf8'), version);
  if (!section) {
    console.error(
      `${path.relative(root, file)} has ${section === undefined ? 'no section' : 'an empty section'} for ${version}; move the Unreleased entries under "## [${version.replace(/^v/, '')}] - YYYY-MM-DD" before tagging.`,
    );
    process.exit(1);
  }
  process.stdout.write(`${section}\n`);
}
