import { ICON_PREFIX, type PlatformKey } from '@mm-review/marketplace';
import type { EntryFlags } from './flags';

export interface PlatformBundle {
  download_url: string;
  signature: string;
}

export interface EntryParts {
  homepageUrl: string;
  iconData: string;
  downloadUrl: string;
  releaseNotesUrl: string;
  flags: EntryFlags;
  signature: string;
  repoName: string;
  manifest: Record<string, unknown>;
  platforms: Partial<Record<PlatformKey, PlatformBundle>>;
  updatedAt: Date;
}

/** A plugins.json entry: the 13 keys in the order the Go model writes them. */
export function buildEntry(parts: EntryParts): Record<string, unknown> {
  return {
    homepage_url: parts.homepageUrl,
    icon_data: parts.iconData,
    download_url: parts.downloadUrl,
    release_notes_url: parts.releaseNotesUrl,
    hosting: parts.flags.hosting,
    author_type: parts.flags.authorType,
    release_stage: parts.flags.releaseStage,
    enterprise: parts.flags.enterprise,
    signature: parts.signature,
    repo_name: parts.repoName,
    manifest: parts.manifest,
    platforms: {
      'linux-amd64': parts.platforms['linux-amd64'] ?? {},
      'darwin-amd64': parts.platforms['darwin-amd64'] ?? {},
      'windows-amd64': parts.platforms['windows-amd64'] ?? {},
    },
    updated_at: formatUpdatedAt(parts.updatedAt),
  };
}

/** Go's RFC 3339 with the fraction's trailing zeros trimmed: `2019-06-07T00:11:20Z`, `2024-10-11T16:52:57.08Z`. */
export function formatUpdatedAt(date: Date): string {
  return date.toISOString().replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

/** icon_data's prefix (the marketplace package's ICON_PREFIX). */
export const SVG_DATA_PREFIX = ICON_PREFIX;

/** Whether bytes are an SVG document: text whose first element is `<svg`. */
export function isSvg(data: Buffer): boolean {
  if (data.includes(0)) return false;
  const head = data
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const withoutProlog = head.replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
  return /^<svg[\s>/]/i.test(withoutProlog);
}

/**
 * The largest icon SVG copied into icon_data (base64 makes it a third larger, in every
 * copy of plugins.json every server downloads); Marketplace icons are under 40 KiB.
 */
export const MAX_ICON_BYTES = 256 * 1024;

const ACTIVE_ELEMENTS = /^<\s*(script|foreignobject|iframe|embed|object|handler)\b/i;
const EVENT_ATTRIBUTE = /\son[a-z]+\s*=/i;

/**
 * What in an SVG could run or load code where the icon is shown inline: a script,
 * foreignObject, iframe/embed/object or handler element, an on… event attribute or a
 * javascript: URL. One pass over the tags (each `<…>` is looked at once).
 */
export function svgActiveContent(text: string): string | undefined {
  if (/javascript\s*:/i.test(text)) return 'a javascript: URL';
  for (let from = text.indexOf('<'); from >= 0;) {
    const close = text.indexOf('>', from + 1);
    const tag = text.slice(from, close < 0 ? text.length : close + 1);
    const element = ACTIVE_ELEMENTS.exec(tag)?.[1];
    if (element) return `a <${element}> element`;
    const handler = EVENT_ATTRIBUTE.exec(tag)?.[0];
    if (handler && !tag.startsWith('<!--'))
      return `an event handler attribute (${handler.trim().replace(/\s*=$/, '')})`;
    if (close < 0) break;
    from = text.indexOf('<', close + 1);
  }
  return undefined;
}

/** What an icon that is not SVG looks like, for the message. */
export function describeImage(data: Buffer): string {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'a PNG image';
  if (data[0] === 0xff && data[1] === 0xd8) return 'a JPEG image';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'a GIF image';
  return data.includes(0) ? 'a binary file' : 'text that is not SVG';
}
