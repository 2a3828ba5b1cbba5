#!/usr/bin/env node
// Regenerates the project's fact tables (packages/plugin/src/facts/*.json) from the
// Mattermost tables in ../shared/corpus/mattermost. The tables are facts about
// Mattermost (released versions, ids in the Marketplace); the corpus files themselves
// never enter the project. `--check` exits 1 when the committed tables are stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, process.env.MM_REVIEW_CORPUS ?? '../shared/corpus', 'mattermost');
const out = path.join(root, 'packages/plugin/src/facts');
const check = process.argv.includes('--check');

if (!existsSync(corpus)) {
  console.log(`facts: ${corpus} not found; nothing to generate or check`);
  process.exit(0);
}

function tsv(name) {
  const [header, ...rows] = readFileSync(path.join(corpus, name), 'utf8').trimEnd().split('\n');
  const columns = header.split('\t');
  return rows
    .filter(Boolean)
    .map((row) => Object.fromEntries(row.split('\t').map((cell, i) => [columns[i], cell.trim()])));
}

const tables = {
  'server-versions.json': {
    source:
      'server_versions_released.tsv, server_versions_cancelled.tsv, esr_versions.tsv, server_release_lifecycle.tsv',
    released: tsv('server_versions_released.tsv').map((r) => [r.version, r.released_on || null]),
    cancelledMinors: tsv('server_versions_cancelled.tsv').map((r) => r.minor),
    esrMinors: tsv('esr_versions.tsv').map((r) => r.minor),
    lifecycle: tsv('server_release_lifecycle.tsv').map((r) => ({
      minor: r.minor,
      releasedOn: r.released_on,
      supportEnds: r.support_ends,
      esr: r.type === 'ESR',
    })),
  },
  'marketplace-ids.json': {
    source: 'marketplace_plugin_ids_seen.tsv',
    ids: tsv('marketplace_plugin_ids_seen.tsv').map((r) => [r.plugin_id, r.repo_names ? r.repo_names.split(',') : []]),
  },
};

let stale = false;
for (const [file, data] of Object.entries(tables)) {
  const text = `${JSON.stringify(data, null, 1)}\n`;
  const target = path.join(out, file);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current === text) continue;
  if (check) {
    console.error(`facts: ${path.relative(root, target)} is stale; run npm run facts`);
    stale = true;
  } else {
    writeFileSync(target, text);
    console.log(`facts: wrote ${path.relative(root, target)}`);
  }
}
process.exit(stale ? 1 : 0);
