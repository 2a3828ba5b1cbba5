import type { Finding, LineIndex } from '@mm-review/core';
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

export interface Located {
  line: number;
  column: number;
}

export interface DocHeading extends Located {
  /** 1–6. */
  level: number;
  /** Plain text: badges, HTML tags and Markdown markup removed. */
  text: string;
  kind: 'atx' | 'setext' | 'html';
  /** Index of this heading in `DocFile.headings`. */
  index: number;
  /** GitHub's anchor for it (`#private-key-generation--backup`), without `#`. */
  slug: string;
}

export interface DocImage extends Located {
  src: string;
  alt: string;
  kind: 'markdown' | 'html-img' | 'picture-source' | 'video' | 'bare-url';
  width?: string;
  height?: string;
  /** The link the image is wrapped in, if any. */
  linkHref?: string;
  /** Index of the heading the image sits under, or -1 before the first heading. */
  heading: number;
}

export interface DocLink extends Located {
  href: string;
  /** Link text (for a bare URL, the URL itself). */
  text: string;
  kind: 'markdown' | 'html' | 'bare-url';
  heading: number;
  /** The link wraps only an image (a badge or a screenshot). */
  imageOnly: boolean;
}

export interface DocList extends Located {
  ordered: boolean;
  items: number;
  /** Items whose whole text is one link (a table of contents). */
  linkOnlyItems: number;
  /** Nesting depth: 0 for a top-level list. */
  depth: number;
  /** The paragraph right before the list, when there is one (`… the following features:`). */
  leadIn?: string;
  heading: number;
}

export interface DocBlock extends Located {
  kind: 'paragraph' | 'code' | 'table' | 'html' | 'blockquote';
  /** Plain text of a paragraph (first 500 characters); empty for other kinds. */
  text: string;
  /** A paragraph made only of bold or italic text: authors use it as a heading (`**Requirements:**`). */
  label: boolean;
  heading: number;
}

/** One parsed Markdown file. */
export interface DocFile {
  /** Path relative to the plugin root. */
  path: string;
  role: DocRole;
  text: string;
  lines: LineIndex;
  headings: DocHeading[];
  images: DocImage[];
  links: DocLink[];
  lists: DocList[];
  blocks: DocBlock[];
  /** Anchors a link can jump to: heading slugs plus HTML `id` / `name` attributes. */
  anchors: Set<string>;
  /** Number of inline code spans per heading index (key -1: before the first heading). */
  inlineCode: Map<number, number>;
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
