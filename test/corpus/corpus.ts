import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '@jest/globals';

/** ../shared/corpus relative to the project root, or MM_REVIEW_CORPUS. */
export const CORPUS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
  process.env.MM_REVIEW_CORPUS ?? '../shared/corpus',
);

export const corpusAvailable = existsSync(path.join(CORPUS_DIR, 'repos'));

/**
 * `describe` when the corpus is present; otherwise one skipped block whose name says
 * why, so a fresh clone outside this setup still passes and shows what it skipped.
 */
export function describeCorpus(name: string, body: () => void): void {
  if (corpusAvailable) describe(name, body);
  else describe.skip(`${name} (skipped: corpus not found at ${CORPUS_DIR}; set MM_REVIEW_CORPUS)`, body);
}

export function corpusRepos(): string[] {
  return corpusAvailable ? readdirSync(path.join(CORPUS_DIR, 'repos')).sort() : [];
}

export function repoDir(name: string): string {
  return path.join(CORPUS_DIR, 'repos', name);
}

export function historyDir(name: string): string {
  return path.join(CORPUS_DIR, 'history', name);
}
