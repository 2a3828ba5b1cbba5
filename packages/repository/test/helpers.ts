import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Workspace, type Mode } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import { PluginContext, type PluginReviewOptions, type Services } from '@mm-review/plugin';

const require = createRequire(import.meta.url);
const full = require('spdx-license-list/full') as Record<string, { licenseText: string }>;

/** The SPDX reference text of a license, from the installed package. */
export function spdxText(id: string): string {
  const license = full[id];
  if (!license) throw new Error(`unknown SPDX id ${id}`);
  return license.licenseText;
}

/** Re-wraps a text at `width` columns, as license files in repositories usually are. */
export function wrap(text: string, width = 78): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const words = paragraph.split(/\s+/).filter(Boolean);
      const lines: string[] = [];
      let line = '';
      for (const word of words) {
        if (line && line.length + word.length + 1 > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
}

export type TreeEntry = string | Buffer | { symlink: string };

const trees: string[] = [];

/** Removes the trees `makeTree` made; call it from `afterAll`. */
export async function removeTrees(): Promise<void> {
  await Promise.all(trees.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** A temporary plugin tree: file contents, or `{ symlink }` for links. */
export async function makeTree(files: Record<string, TreeEntry>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mm-review-repository-'));
  trees.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) await symlink(content.symlink, target);
    else await writeFile(target, content);
  }
  return root;
}

export async function contextFor(
  root: string,
  options: Partial<PluginReviewOptions> = {},
  github?: GitHubApi,
): Promise<PluginContext> {
  const services: Services = {
    fetch: () => Promise.reject(new Error('no network in tests')),
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  if (github) services.github = github;
  const mode: Mode = options.mode ?? 'new';
  return new PluginContext(await Workspace.open(root), { mode, beta: false, ...options }, services);
}

export function manifest(fields: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ id: 'com.example.demo', name: 'Demo', version: '1.0.0', min_server_version: '9.0.0', homepage_url: 'https://github.com/example/demo', support_url: 'https://github.com/example/demo/issues', ...fields }, null, 2)}\n`;
}

/** A GitHubApi double whose answers the test sets. */
export function fakeGitHub(answers: Partial<GitHubApi> = {}): GitHubApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getRelease: async () => undefined,
    getRepository: async (owner, repo) => {
      calls.push(`repo ${owner}/${repo}`);
      return answers.getRepository ? answers.getRepository(owner, repo) : undefined;
    },
    privateVulnerabilityReporting: async (owner, repo) => {
      calls.push(`pvr ${owner}/${repo}`);
      return answers.privateVulnerabilityReporting ? answers.privateVulnerabilityReporting(owner, repo) : undefined;
    },
    readFile: async (owner, repo, path) => {
      calls.push(`file ${owner}/${repo}/${path}`);
      return answers.readFile ? answers.readFile(owner, repo, path) : undefined;
    },
  };
}
