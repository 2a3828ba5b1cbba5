// The add-release request and result, apart from the pipeline (add-release.ts) and its
// stages (checks/, context.ts, pull-request.ts), so the stages never import the pipeline.
import type { Report, ToolInfo } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import type { Splice } from '@mm-review/marketplace';
import type { DownloadOptions } from '@mm-review/marketplace';
import type { EntryFlags } from './flags';
import type { SignatureVerdict } from '@mm-review/marketplace';
import type { SourceSpec } from './source';

/** The pull request add-release proposes (branch, title, body). */
export interface PullRequest {
  branch: string;
  title: string;
  body: string;
}

export type OnDuplicate = 'fail' | 'skip' | 'replace';

export interface AddReleaseRequest {
  /** Path of plugins.json. */
  database: string;
  /** How the database is named in findings (default: the path as given). */
  databaseLabel?: string;
  /** Repository name, as in the store's file names and `repo_name`. */
  repo: string;
  tag: string;
  flags: EntryFlags;
  source: SourceSpec;
  /** Armored OpenPGP public keys; none means nothing is verified (and the report says so). */
  publicKeys: string[];
  allowInvalidManifest?: boolean;
  /** Add even when the id is listed for another repository, differs only in case from a listed id, or differs from the repository's earlier id (logged, findings kept as warnings). */
  allowIdChange?: boolean;
  /** Add without a public key: nothing is verified (the report and the PR body say so). Without it and without a key, the add is refused. */
  allowUnverified?: boolean;
  releaseNotesUrl?: string;
  homepageUrl?: string;
  onDuplicate?: OnDuplicate;
  dryRun?: boolean;
  download?: Partial<DownloadOptions>;
  tool: ToolInfo;
}

export interface AddReleaseServices {
  fetch?: typeof fetch;
  now?: () => Date;
  github?: GitHubApi;
  /** Progress lines (downloads, verification). */
  log?: (line: string) => void;
}

export type AddOutcome = 'added' | 'replaced' | 'skipped' | 'refused';

export interface AddReleaseResult {
  report: Report;
  outcome: AddOutcome;
  /** Whether plugins.json was written (never in a dry run or when refused). */
  written: boolean;
  entry?: Record<string, unknown>;
  /** The entry's text exactly as spliced into the file. */
  entryText?: string;
  /** Unified diff of the change (always computed in a dry run). */
  diff?: string;
  splice?: Splice;
  verification: { bundle?: SignatureVerdict; platforms: Record<string, SignatureVerdict | undefined> };
  /** The entry added, in validate-database's `added-entries` shape (id, name, version, min_server_version, release_notes_url, homepage_url, download_url, repo_name, release_stage). */
  addedEntries: Record<string, string>[];
  pullRequest?: PullRequest;
}
