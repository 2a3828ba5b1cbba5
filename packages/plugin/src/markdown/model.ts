/** What the Markdown reader finds in one file, each element with its 1-based line and column. */

export interface MarkdownPosition {
  line: number;
  column: number;
}

export interface MarkdownHeading extends MarkdownPosition {
  /** 1–6. */
  level: number;
  /** Plain text: badges, HTML tags and Markdown markup removed, whitespace collapsed. */
  text: string;
  kind: 'atx' | 'setext' | 'html';
  /** Index of this heading in `MarkdownStructure.headings`. */
  index: number;
  /** GitHub's anchor for it (`#private-key-generation--backup`), without `#`. */
  slug: string;
  /** Index of its `heading_open` in `MarkdownDocument.tokens`; absent for an HTML heading. */
  token?: number;
}

export interface MarkdownImage extends MarkdownPosition {
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

export interface MarkdownLink extends MarkdownPosition {
  /** The destination as written (never normalised or percent-encoded). */
  href: string;
  /** Link text (for a bare URL, the URL itself). */
  text: string;
  kind: 'markdown' | 'html' | 'bare-url';
  heading: number;
  /** The link wraps only an image (a badge or a screenshot). */
  imageOnly: boolean;
}

export interface MarkdownList extends MarkdownPosition {
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

export interface MarkdownBlock extends MarkdownPosition {
  kind: 'paragraph' | 'code' | 'table' | 'html' | 'blockquote';
  /** Plain text of a paragraph (first 500 characters); empty for other kinds. */
  text: string;
  /** A paragraph made only of bold or italic text: authors use it as a heading (`**Requirements:**`). */
  label: boolean;
  heading: number;
}

/** The located structure of one Markdown file, derived from its tokens in one walk. */
export interface MarkdownStructure {
  headings: MarkdownHeading[];
  images: MarkdownImage[];
  links: MarkdownLink[];
  lists: MarkdownList[];
  blocks: MarkdownBlock[];
  /** Anchors a link can jump to: heading slugs plus HTML `id` / `name` attributes. */
  anchors: Set<string>;
  /** Number of inline code spans per heading index (key -1: before the first heading). */
  inlineCode: Map<number, number>;
}
