import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from '@jest/globals';
import { Workspace, runChecks, type Check, type CheckResult, type Finding } from '@mm-review/core';
import { PluginContext, type PluginReviewOptions } from '../src/index';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary plugin directory; values are file contents, or `{ link }` for a symbolic link. */
export async function pluginDir(files: Record<string, string | Buffer | { link: string }>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-unit-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) await symlink(content.link, target);
    else await writeFile(target, content);
  }
  return dir;
}

export async function runCheck(
  check: Check<PluginContext>,
  files: Record<string, string | Buffer | { link: string }>,
  options: Partial<PluginReviewOptions> = {},
): Promise<CheckResult> {
  const dir = await pluginDir(files);
  const context = new PluginContext(await Workspace.open(dir), { mode: 'new', beta: false, offline: true, ...options });
  const [result] = await runChecks([check], context, { mode: options.mode ?? 'new', beta: options.beta ?? false });
  return result as CheckResult;
}

/** `rule@line:column` of every finding, for compact assertions. */
export function located(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.line ?? '-'}:${f.column ?? '-'}`);
}

export const VALID_MANIFEST = {
  id: 'com.example.weather',
  name: 'Weather',
  homepage_url: 'https://github.com/example/mattermost-plugin-weather',
  support_url: 'https://github.com/example/mattermost-plugin-weather/issues',
  release_notes_url: 'https://github.com/example/mattermost-plugin-weather/releases/tag/v1.2.0',
  version: '1.2.0',
  min_server_version: '10.11.0',
  server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
  settings_schema: {
    settings: [
      {
        key: 'Enabled',
        display_name: 'Enable Weather:',
        type: 'bool',
        help_text: 'When true, the plugin posts forecasts.',
        default: false,
      },
    ],
  },
};

export function manifestWith(patch: Record<string, unknown>): string {
  return `${JSON.stringify({ ...VALID_MANIFEST, ...patch }, null, 2)}\n`;
}
