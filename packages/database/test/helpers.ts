import type { Finding } from '@mm-review/core';
import { validateDatabase, type DatabaseOptions } from '../src/index';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>';
export const ICON = `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`;
/** The first bytes of a binary OpenPGP signature packet (old format, tag 2), then filler. */
export const SIGNATURE = Buffer.concat([Buffer.from([0x89, 0x02, 0x33, 0x04]), Buffer.alloc(60, 7)]).toString('base64');

export interface EntryShape {
  id?: string;
  version?: string;
  repo?: string;
  hosting?: string;
}

/** An entry as the generator writes it: every field, consistent URLs, a small valid manifest. */
export function makeEntry({
  id = 'com.example.weather',
  version = '1.2.0',
  repo = 'mattermost-plugin-weather',
  hosting = '',
}: EntryShape = {}): Record<string, unknown> {
  const homepage = `https://github.com/example/${repo}`;
  const notes = `${homepage}/releases/tag/v${version}`;
  const store = 'https://plugins.releases.mattermost.com/release';
  return {
    homepage_url: homepage,
    icon_data: ICON,
    download_url: `${store}/${repo}-v${version}.tar.gz`,
    release_notes_url: notes,
    hosting,
    author_type: 'community',
    release_stage: 'production',
    enterprise: false,
    signature: SIGNATURE,
    repo_name: repo,
    manifest: {
      id,
      name: 'Weather',
      description: 'Weather forecasts in channels.',
      homepage_url: homepage,
      support_url: `${homepage}/issues`,
      release_notes_url: notes,
      icon_path: 'assets/icon.svg',
      version,
      min_server_version: '9.11.0',
      server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' }, executable: '' },
    },
    platforms: {
      'linux-amd64': { download_url: `${store}/${repo}-v${version}-linux-amd64.tar.gz`, signature: SIGNATURE },
      'darwin-amd64': {},
      'windows-amd64': {},
    },
    updated_at: '2024-10-11T16:52:57.080352964Z',
  };
}

export function canonicalText(entries: unknown[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

export const NOW = new Date('2026-11-23T12:00:00Z');

export async function validate(text: string, options: { base?: string; options?: Partial<DatabaseOptions> } = {}) {
  return validateDatabase({
    head: { file: 'plugins.json', text },
    ...(options.base === undefined ? {} : { base: { file: 'base.json', text: options.base } }),
    tool: { name: 'mm-review', version: '0.0.0' },
    options: { now: () => NOW, ...options.options },
  });
}

export async function findingsOf(
  check: string,
  text: string,
  options: Parameters<typeof validate>[1] = {},
): Promise<Finding[]> {
  const { report } = await validate(text, options);
  return report.checks.find((c) => c.id === check)?.findings ?? [];
}

export function statusOf(report: Awaited<ReturnType<typeof validate>>['report'], check: string): string | undefined {
  return report.checks.find((c) => c.id === check)?.status;
}

/** The 1-based line of the first line of `text` containing `needle` after line `after`. */
export function lineOf(text: string, needle: string, after = 0): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) if ((lines[i] ?? '').includes(needle)) return i + 1;
  throw new Error(`${needle} not found`);
}

export function columnOf(text: string, line: number, needle: string): number {
  return (text.split('\n')[line - 1] ?? '').indexOf(needle) + 1;
}
