import type { LoadedManifest } from '@mm-review/plugin';
import type { AddOutcome, AddReleaseRequest, AddReleaseResult, AddReleaseServices } from './types';
import type { Bundle } from '@mm-review/marketplace';
import type { DatabaseText, Splice } from '@mm-review/marketplace';
import { BUNDLE_DOWNLOAD, type DownloadOptions } from '@mm-review/marketplace';
import type { PlatformBundle } from './entry';
import type { ReleaseSource } from './source';

/** What the three checks of an add share, filled in as they run in order. */
export interface Context {
  request: AddReleaseRequest;
  services: AddReleaseServices;
  db: DatabaseText;
  dbLabel: string;
  version: string;
  source?: ReleaseSource;
  bundle?: Bundle;
  bundleSignature?: Buffer;
  loaded?: LoadedManifest;
  verification: AddReleaseResult['verification'];
  platforms: Partial<Record<string, PlatformBundle>>;
  iconData: string;
  entry?: Record<string, unknown>;
  entryText?: string;
  splice?: Splice;
  outcome?: AddOutcome;
}

export function downloadOptions(ctx: Context, maxBytes?: number): DownloadOptions {
  return {
    ...BUNDLE_DOWNLOAD,
    ...ctx.request.download,
    ...(maxBytes ? { maxBytes } : {}),
    ...(ctx.services.fetch ? { fetch: ctx.services.fetch } : {}),
  };
}
