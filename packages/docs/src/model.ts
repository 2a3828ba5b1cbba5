import type { Finding, LineIndex } from '@mm-review/core';
import type { MarkdownStructure } from '@mm-review/plugin';
import type { TreeIndex } from './tree';

/** Why a Markdown file is part of the documentation a reviewer reads. */
export type DocRole =
  /** The repository's README. */
  | 'readme'
  /** The in-repository page `homepage_url` points to, when it is not the README. */
  | 'homepage'
  /** A Markdown file one of the above links to. */
  | 'linked'
  /** DEVELOPMENT.md, CONTRIBUTING.md and the like, found by name, not linked. */
  | 'conventional';

export type {
  MarkdownPosition as Located,
  MarkdownBlock as DocBlock,
  MarkdownHeading as DocHeading,
  MarkdownImage as DocImage,
  MarkdownLink as DocLink,
  MarkdownList as DocList,
} from '@mm-review/plugin';

/** One parsed Markdown file of the documentation: the reader's structure, with the file's role. */
export interface DocFile extends MarkdownStructure {
  /** Path relative to the plugin root. */
  path: string;
  role: DocRole;
  text: string;
  lines: LineIndex;
}

/** Where `homepage_url` leads, as far as the review can tell without the network. */
export type HomepageTarget =
  | { kind: 'missing' }
  | { kind: 'invalid'; url: string }
  /** A page in this repository: the README, a Markdown file or a folder's README. */
  | { kind: 'repository'; url: string; path?: string }
  /** Another page of this repository (releases, wiki, issues): not documentation. */
  | { kind: 'repository-page'; url: string; page: string }
  /** A GitHub user or organisation page, not a repository. */
  | { kind: 'github-owner'; url: string }
  /** A different GitHub repository (or this one under an old name). */
  | { kind: 'other-repository'; url: string; owner: string; repo: string }
  /** Documentation hosted elsewhere: the review cannot read it offline. */
  | { kind: 'external'; url: string };

export interface GitHubRepo {
  owner: string;
  repo: string;
}

/** The documentation of a plugin, parsed once per review and shared through `ctx.memo`. */
export interface DocsModel {
  /** The README, when one was found and read. */
  readme?: DocFile;
  /** Every Markdown file read: README first, then the homepage page, linked files, conventional files. */
  files: DocFile[];
  homepage: HomepageTarget;
  /** The repository under review, from the options, support_url or homepage_url. */
  repository?: GitHubRepo;
  /** Problems met while finding and reading the docs (unreadable README, unreadable linked file). */
  findings: Finding[];
  /** Looks up relative link and image targets in the plugin's tree (cached per folder). */
  tree: TreeIndex;
}
