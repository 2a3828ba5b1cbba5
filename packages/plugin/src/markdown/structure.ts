import type { LineIndex } from '@mm-review/core';
import type { Token } from 'markdown-it';
import { githubSlug } from '@mm-review/github';
import { htmlText, scanTags, type HtmlTag } from './html';
import type {
  MarkdownBlock,
  MarkdownHeading,
  MarkdownImage,
  MarkdownLink,
  MarkdownList,
  MarkdownStructure,
} from './model';

const BARE_URL = /https?:\/\/[^\s<>"'`)\]]+/g;
/** GitHub renders these bare URLs as the image or video they point to. */
const BARE_MEDIA =
  /^https:\/\/(github\.com\/user-attachments\/assets\/|github\.com\/[^/]+\/[^/]+\/assets\/|user-images\.githubusercontent\.com\/|private-user-images\.githubusercontent\.com\/)/i;
/** A search for an element's source position gives up in a block after this many misses. */
const MAX_MISSES_PER_BLOCK = 3;

/** The located structure of a file from markdown-it's tokens: one walk, linear in the tokens. */
export function markdownStructure(tokens: readonly Token[], text: string, lines: LineIndex): MarkdownStructure {
  const builder = new StructureBuilder(text, lines);
  builder.walk(tokens);
  return builder.file;
}

interface OpenList {
  record: MarkdownList;
  level: number;
}

interface OpenLink {
  href: string;
  text: string;
  images: number;
  hasText: boolean;
  at: { line: number; column: number };
  kind: MarkdownLink['kind'];
}

/** Turns markdown-it's token stream into the located structure of one file. */
class StructureBuilder {
  readonly file: MarkdownStructure;
  private heading = -1;
  private readonly slugCounts = new Map<string, number>();
  private readonly lists: OpenList[] = [];
  private lastParagraph: { text: string; closeIndex: number } | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {
    this.file = {
      headings: [],
      images: [],
      links: [],
      lists: [],
      blocks: [],
      anchors: new Set(),
      inlineCode: new Map(),
    };
  }

  walk(tokens: readonly Token[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      switch (token.type) {
        case 'heading_open':
          this.addHeading(token, tokens[i + 1], i);
          i++;
          break;
        case 'paragraph_open':
          this.addParagraph(token, tokens[i + 1]);
          break;
        case 'paragraph_close':
          if (this.lastParagraph) this.lastParagraph.closeIndex = i;
          break;
        case 'inline':
          this.addInline(token, this.blockRange(token));
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
          this.openList(token, tokens, i);
          break;
        case 'bullet_list_close':
        case 'ordered_list_close':
          this.lists.pop();
          break;
        case 'list_item_open':
          this.addListItem(token, tokens, i);
          break;
        case 'fence':
        case 'code_block':
          this.addBlock(token, 'code');
          break;
        case 'table_open':
          this.addBlock(token, 'table');
          break;
        case 'blockquote_open':
          this.addBlock(token, 'blockquote');
          break;
        case 'html_block':
          this.addBlock(token, 'html');
          this.addHtml(token.content, this.blockRange(token).start);
          break;
      }
    }
  }

  private blockRange(token: Token): { start: number; end: number; misses: number; cursor: number } {
    const map = token.map;
    if (!map) return { start: 0, end: 0, misses: MAX_MISSES_PER_BLOCK, cursor: 0 };
    const { lines, text } = this;
    const start = lines.offset({ line: map[0] + 1, column: 1 });
    const end = map[1] < lines.lineCount ? lines.offset({ line: map[1] + 1, column: 1 }) : text.length;
    return { start, end, misses: 0, cursor: start };
  }

  private startOf(token: Token): { line: number; column: number } {
    const line = (token.map?.[0] ?? 0) + 1;
    const indent = /^\s*/.exec(this.lines.lineText(line))?.[0].length ?? 0;
    return { line, column: indent + 1 };
  }

  private addHeading(open: Token, inline: Token | undefined, token: number): void {
    const at = this.startOf(open);
    const source = inline ? inlineText(inline.children ?? []) : '';
    const kind = open.markup.startsWith('#') ? 'atx' : 'setext';
    this.pushHeading(Number(open.tag.slice(1)), collapse(source), kind, at, githubSlug(source), token);
    if (inline) this.addInline(inline, this.blockRange(open));
  }

  /** `slugText` keeps the heading's own spacing, as GitHub's anchors do (`1.0  (x)` → `10--x`). */
  private pushHeading(
    level: number,
    text: string,
    kind: MarkdownHeading['kind'],
    at: { line: number; column: number },
    baseSlug = githubSlug(text),
    token?: number,
  ): void {
    const slug = this.uniqueSlug(baseSlug);
    const index = this.file.headings.length;
    this.file.headings.push({ level, text, kind, index, slug, ...at, ...(token !== undefined ? { token } : {}) });
    this.file.anchors.add(slug);
    this.heading = index;
  }

  private uniqueSlug(base: string): string {
    const seen = this.slugCounts.get(base) ?? 0;
    this.slugCounts.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen}`;
  }

  private addParagraph(open: Token, inline: Token | undefined): void {
    const source = inline?.content.trim() ?? '';
    const text = inline ? plainText(inline.children ?? []).slice(0, 500) : '';
    const label = /^(\*\*|__)[^*_\n]{1,80}\1:?$|^([*_])[^*_\n]{1,80}\2:?$/.test(source);
    this.file.blocks.push({ kind: 'paragraph', text, label, heading: this.heading, ...this.startOf(open) });
    this.lastParagraph = { text, closeIndex: -1 };
  }

  private addBlock(token: Token, kind: MarkdownBlock['kind']): void {
    this.file.blocks.push({ kind, text: '', label: false, heading: this.heading, ...this.startOf(token) });
  }

  private openList(open: Token, tokens: readonly Token[], index: number): void {
    const previous = tokens[index - 1];
    const leadIn =
      previous?.type === 'paragraph_close' && this.lastParagraph?.closeIndex === index - 1
        ? this.lastParagraph.text
        : undefined;
    const record: MarkdownList = {
      ordered: open.type === 'ordered_list_open',
      items: 0,
      linkOnlyItems: 0,
      depth: this.lists.length,
      heading: this.heading,
      ...this.startOf(open),
      ...(leadIn !== undefined ? { leadIn } : {}),
    };
    this.file.lists.push(record);
    this.lists.push({ record, level: open.level });
  }

  private addListItem(open: Token, tokens: readonly Token[], index: number): void {
    const list = this.lists[this.lists.length - 1];
    if (!list || open.level !== list.level + 1) return;
    list.record.items++;
    const firstInline = tokens[index + 2]?.type === 'inline' ? tokens[index + 2] : undefined;
    if (firstInline && /^\[[^\]\n]*\]\([^)\s]*\)\s*$/.test(firstInline.content.trim())) list.record.linkOnlyItems++;
  }

  private addInline(inline: Token, range: { start: number; end: number; misses: number; cursor: number }): void {
    const links: OpenLink[] = [];
    const htmlLinks: string[] = [];
    for (const child of inline.children ?? []) {
      const open = links[links.length - 1];
      switch (child.type) {
        case 'link_open': {
          const href = String(child.attrGet('href') ?? '');
          const kind = child.markup === 'autolink' ? 'bare-url' : 'markdown';
          links.push({
            href,
            text: '',
            images: 0,
            hasText: false,
            kind,
            at: this.locate(range, [`](${href}`, href], 2),
          });
          break;
        }
        case 'link_close':
          if (open) this.pushLink(open);
          links.pop();
          break;
        case 'image': {
          const src = String(child.attrGet('src') ?? '');
          if (open) open.images++;
          const alt = child.content;
          this.pushImage({
            src,
            alt,
            kind: 'markdown',
            ...this.locate(range, [src, `![${alt}`]),
            ...(open ? { linkHref: open.href } : {}),
          });
          break;
        }
        case 'text':
          if (open) {
            open.text += child.content;
            if (child.content.trim()) open.hasText = true;
          } else {
            this.addBareUrls(child.content, range);
          }
          break;
        case 'softbreak':
        case 'hardbreak':
          if (open) open.text += ' ';
          break;
        case 'code_inline':
          this.file.inlineCode.set(this.heading, (this.file.inlineCode.get(this.heading) ?? 0) + 1);
          if (open) {
            open.text += child.content;
            open.hasText = true;
          }
          break;
        case 'html_inline':
          this.addInlineHtml(child.content, range, htmlLinks);
          break;
      }
    }
  }

  private pushLink(open: OpenLink): void {
    this.file.links.push({
      href: open.href,
      text: open.text.trim(),
      kind: open.kind,
      heading: this.heading,
      imageOnly: open.images > 0 && !open.hasText,
      ...open.at,
    });
  }

  private pushImage(image: Omit<MarkdownImage, 'heading'>): void {
    this.file.images.push({ ...image, heading: this.heading });
  }

  private addBareUrls(text: string, range: { start: number; end: number; misses: number; cursor: number }): void {
    if (!text.includes('http')) return;
    for (const match of text.matchAll(BARE_URL)) {
      const url = match[0].replace(/[.,;:!?*_]+$/, '');
      const at = this.locate(range, [url]);
      this.file.links.push({ href: url, text: url, kind: 'bare-url', heading: this.heading, imageOnly: false, ...at });
      if (BARE_MEDIA.test(url)) this.pushImage({ src: url, alt: '', kind: 'bare-url', ...at });
    }
  }

  private addInlineHtml(
    html: string,
    range: { start: number; end: number; misses: number; cursor: number },
    htmlLinks: string[],
  ): void {
    for (const tag of scanTags(html)) {
      this.collectAnchor(tag);
      if (tag.name === 'a') {
        if (tag.closing) htmlLinks.pop();
        else htmlLinks.push(tag.attrs.get('href') ?? '');
        if (!tag.closing && tag.attrs.get('href')) {
          const href = tag.attrs.get('href') as string;
          this.file.links.push({
            href,
            text: '',
            kind: 'html',
            heading: this.heading,
            imageOnly: false,
            ...this.locate(range, [href]),
          });
        }
      } else if (!tag.closing && (tag.name === 'img' || tag.name === 'video')) {
        const src = tag.attrs.get('src') ?? tag.attrs.get('poster') ?? '';
        const linkHref = htmlLinks[htmlLinks.length - 1];
        this.pushImage({
          ...imageFromTag(tag, src),
          ...this.locate(range, [src, `<${tag.name}`]),
          ...(linkHref ? { linkHref } : {}),
        });
      }
    }
  }

  /** Tags of an HTML block; `base` is the block's offset in the file, so positions are exact. */
  private addHtml(html: string, base: number): void {
    const openHeadings: HtmlTag[] = [];
    const openLinks: HtmlTag[] = [];
    let inPicture = 0;
    for (const tag of scanTags(html)) {
      this.collectAnchor(tag);
      const at = this.lines.position(base + tag.offset);
      if (/^h[1-6]$/.test(tag.name)) {
        if (!tag.closing) openHeadings.push(tag);
        else {
          const open = openHeadings.pop();
          if (open)
            this.pushHeading(
              Number(open.name[1]),
              htmlText(html.slice(open.end, tag.offset)),
              'html',
              this.lines.position(base + open.offset),
            );
        }
        continue;
      }
      if (tag.name === 'a') {
        if (!tag.closing) openLinks.push(tag);
        else {
          const open = openLinks.pop();
          const href = open?.attrs.get('href');
          if (open && href) {
            const inner = html.slice(open.end, tag.offset);
            const text = htmlText(inner).slice(0, 300);
            this.file.links.push({
              href,
              text,
              kind: 'html',
              heading: this.heading,
              imageOnly: !text && /<img\b/i.test(inner),
              ...this.lines.position(base + open.offset),
            });
          }
        }
        continue;
      }
      if (tag.name === 'picture') inPicture += tag.closing ? -1 : 1;
      if (tag.closing) continue;
      const linkHref = openLinks[openLinks.length - 1]?.attrs.get('href');
      const link = linkHref ? { linkHref } : {};
      if (tag.name === 'img' || tag.name === 'video') {
        const src = tag.attrs.get('src') ?? tag.attrs.get('poster') ?? '';
        this.pushImage({ ...imageFromTag(tag, src), ...at, ...link });
      } else if (tag.name === 'source' && inPicture > 0) {
        const src = (tag.attrs.get('srcset') ?? tag.attrs.get('src') ?? '').trim().split(/[\s,]/)[0] ?? '';
        this.pushImage({ src, alt: '', kind: 'picture-source', ...at, ...link });
      }
    }
  }

  private collectAnchor(tag: HtmlTag): void {
    if (tag.closing) return;
    const id = tag.attrs.get('id') ?? (tag.name === 'a' ? tag.attrs.get('name') : undefined);
    if (id) this.file.anchors.add(id.toLowerCase());
  }

  /**
   * Where an inline element starts: the first of `needles` found in the block after
   * the previous element (plus `skipFirst` characters for the first needle, to land on
   * a link's destination rather than its `](`), else the block's first line. Searches stop after a few
   * misses in one block, so a huge paragraph of unlocatable elements stays linear.
   */
  private locate(
    range: { start: number; end: number; misses: number; cursor: number },
    needles: string[],
    skipFirst = 0,
  ): { line: number; column: number } {
    const { text, lines } = this;
    if (range.misses < MAX_MISSES_PER_BLOCK) {
      for (const [index, needle] of needles.entries()) {
        if (!needle) continue;
        const found = text.indexOf(needle, range.cursor);
        if (found !== -1 && found + needle.length <= range.end) {
          range.cursor = found + needle.length;
          return lines.position(found + (index === 0 ? skipFirst : 0));
        }
        range.misses++;
      }
    }
    return lines.position(range.start);
  }
}

function imageFromTag(tag: HtmlTag, src: string): Omit<MarkdownImage, 'heading' | 'line' | 'column'> {
  const width = tag.attrs.get('width');
  const height = tag.attrs.get('height');
  return {
    src,
    alt: (tag.attrs.get('alt') ?? tag.attrs.get('title') ?? '').slice(0, 300),
    kind: tag.name === 'video' ? 'video' : 'html-img',
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
  };
}

/** Text of inline tokens as written, without images (badges in headings); breaks become spaces. */
export function inlineText(children: readonly Token[]): string {
  let out = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
  }
  return out;
}

/** Text of inline tokens as a reader sees it: without images, whitespace collapsed. */
export function plainText(children: readonly Token[]): string {
  return collapse(inlineText(children));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
