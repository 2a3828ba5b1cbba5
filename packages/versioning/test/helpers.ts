import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace } from '@mm-review/core';
import {
  PluginContext,
  parseManifestText,
  type LoadedManifest,
  type PluginReviewOptions,
  type Services,
} from '@mm-review/plugin';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export async function manifest(file: string, text: string): Promise<LoadedManifest> {
  const parsed = await parseManifestText(file, text);
  if (!parsed.loaded) throw new Error(`fixture ${file} does not parse`);
  return parsed.loaded;
}

/** A throw-away git repository driven with the real `git` binary. */
export class TempRepo {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'mm-versioning-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'commit.gpgsign', 'false');
    this.git('config', 'tag.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  write(file: string, text: string): this {
    const target = path.join(this.dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    return this;
  }

  remove(file: string): this {
    rmSync(path.join(this.dir, file));
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  tag(name: string): this {
    this.git('tag', name);
    return this;
  }

  async context(options: Partial<PluginReviewOptions> = {}, services?: Services): Promise<PluginContext> {
    return new PluginContext(await Workspace.open(this.dir), { mode: 'update', beta: false, ...options }, services);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A manifest in the shape of real ones, with the fields a test wants changed. */
export function pluginJson(fields: Record<string, unknown>): string {
  const base = {
    id: 'com.example.demo',
    name: 'Demo',
    version: '1.0.0',
    min_server_version: '9.0.0',
    server: {
      executables: {
        'linux-amd64': 'server/dist/plugin-linux-amd64',
        'darwin-amd64': 'server/dist/plugin-darwin-amd64',
        'windows-amd64': 'server/dist/plugin-windows-amd64.exe',
      },
    },
    settings_schema: {
      settings: [{ key: 'Token', display_name: 'Token:', type: 'text', help_text: 'The API token.' }],
    },
  };
  return `${JSON.stringify({ ...base, ...fields }, null, 2)}\n`;
}
