import { escapeInline } from '@mm-review/core';
import type { AddedEntrySummary } from './changes';

/**
 * The added releases as cards for the job summary: what the announcement after merge
 * will say (name, version, minimum server version) and the links a reviewer opens.
 */
export function addedEntriesMarkdown(added: readonly AddedEntrySummary[]): string {
  if (added.length === 0) return '';
  const cards = added.map(card).join('\n');
  return `\n### Releases this change adds (${added.length})\n\n${cards}`;
}

function card(entry: AddedEntrySummary): string {
  const title = `${escapeInline(entry.name || entry.id || 'Unnamed plugin')} ${escapeInline(entry.version || '(no version)')}`;
  const stage =
    entry.release_stage && entry.release_stage !== 'production' ? ` · ${escapeInline(entry.release_stage)}` : '';
  const links = [
    link('Release notes', entry.release_notes_url),
    link('Repository', entry.homepage_url),
    link('Bundle', entry.download_url),
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    `> **${title}**${stage}`,
    `> \`${escapeInline(entry.id)}\` · minimum server ${entry.min_server_version ? `\`${escapeInline(entry.min_server_version)}\`` : 'not set'}`,
    `> ${links || 'no links'}`,
    '',
  ].join('\n');
}

function link(label: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return '';
  return `[${label}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
