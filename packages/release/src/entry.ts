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

export { isSvg, MAX_ICON_BYTES, svgActiveContent, describeImage } from '@mm-review/marketplace';
