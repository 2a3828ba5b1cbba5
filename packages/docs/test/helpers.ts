import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckOutcome, Finding } from '@mm-review/core';
import { Workspace } from '@mm-review/core';
import { PluginContext, type PluginReviewOptions } from '@mm-review/plugin';
import { documentationCheck, issueTrackerDocsPart } from '../src/index';

export const GITHUB_MANIFEST = {
  id: 'com.example.demo',
  name: 'Demo',
  version: '1.0.0',
  homepage_url: 'https://github.com/example/demo',
  support_url: 'https://github.com/example/demo/issues',
};

/** Files of a plugin tree; a value `{ link }` makes a symbolic link, a Buffer binary content. */
export type TreeSpec = Record<string, string | Buffer | { link: string }>;

/** A throw-away plugin root; plugin.json defaults to a manifest with GitHub homepage and tracker. */
export function pluginDir(files: TreeSpec, manifest: object | null = GITHUB_MANIFEST): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mm-docs-'));
  const all: TreeSpec = manifest ? { 'plugin.json': `${JSON.stringify(manifest, null, 2)}\n`, ...files } : files;
  for (const [name, content] of Object.entries(all)) {
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.link, target);
    else writeFileSync(target, content);
  }
  return root;
}

export async function contextFor(root: string, options: Partial<PluginReviewOptions> = {}): Promise<PluginContext> {
  return new PluginContext(await Workspace.open(root), { mode: 'new', beta: false, offline: true, ...options });
}

export async function runDocs(files: TreeSpec, manifest: object | null = GITHUB_MANIFEST, options: Partial<PluginReviewOptions> = {}): Promise<CheckOutcome> {
  return documentationCheck.run(await contextFor(pluginDir(files, manifest), options), { mode: 'new', beta: false });
}

export async function runTracker(files: TreeSpec, manifest: object | null = GITHUB_MANIFEST): Promise<CheckOutcome> {
  return issueTrackerDocsPart(await contextFor(pluginDir(files, manifest)));
}

export function byRule(outcome: CheckOutcome, rule: string): Finding[] {
  return outcome.findings.filter((f) => f.rule === rule);
}

export function only(outcome: CheckOutcome, rule: string): Finding {
  const found = byRule(outcome, rule);
  if (found.length !== 1) throw new Error(`expected one ${rule}, got ${found.length}: ${JSON.stringify(outcome.findings, null, 2)}`);
  return found[0] as Finding;
}

/** A PNG header: enough for the tree, never decoded. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** A README that passes every requirement, to vary one thing at a time. */
export const GOOD_README = `# Demo Plugin

Demo adds a \`/demo\` command to Mattermost.

![The /demo command in a channel](assets/screenshot.png)

## Features

- Post a demo message with \`/demo\`.
- Schedule demos for later.

## Installation

Upload the release in System Console > Plugins.

## Development

Run \`make dist\` to build the plugin.

## Support

Report bugs at https://github.com/example/demo/issues.
`;
