import { LineIndex } from '@mm-review/core';
import type MarkdownItClass from 'markdown-it';
import type { Token } from 'markdown-it';
import type { MarkdownStructure } from './model';
import { markdownStructure } from './structure';

type MarkdownIt = ReturnType<typeof MarkdownItClass>;

let parserPromise: Promise<MarkdownIt> | undefined;

/**
 * The one markdown-it configuration of the suite, loaded on first use so a CLI start that
 * never reads Markdown does not pay for it: raw HTML is kept (READMEs put screenshots and
 * headings in it), and link destinations stay as written so they can be found in the source
 * and resolved against the tree; nothing is rendered, so nothing needs sanitising.
 */
function markdownParser(): Promise<MarkdownIt> {
  parserPromise ??= import('markdown-it').then(({ default: createParser }) => {
    const md = createParser('default', { html: true, linkify: false });
    md.normalizeLink = (url: string) => url;
    md.normalizeLinkText = (url: string) => url;
    md.validateLink = () => true;
    return md;
  });
  return parserPromise;
}

/**
 * One parsed Markdown file: markdown-it's tokens over the text (deep nesting flattened), a
 * line index, and the located structure (headings, links, images, lists, blocks), derived
 * from the tokens on first use.
 */
export class MarkdownDocument {
  readonly lines: LineIndex;
  private derived: MarkdownStructure | undefined;

  constructor(
    /** Path relative to the plugin root (or a label for text that is not in the tree). */
    readonly path: string,
    readonly text: string,
    /** Block tokens; `map` gives 0-based [start, end) lines of the text. */
    readonly tokens: readonly Token[],
  ) {
    this.lines = new LineIndex(text);
  }

  /** Headings, links, images, lists, blocks and anchors, found in one walk of the tokens. */
  get structure(): MarkdownStructure {
    this.derived ??= markdownStructure(this.tokens, this.text, this.lines);
    return this.derived;
  }

  get headings(): MarkdownStructure['headings'] {
    return this.structure.headings;
  }

  get links(): MarkdownStructure['links'] {
    return this.structure.links;
  }

  /**
   * 1-based lines inside code (fenced or indented), where Markdown markup is only text.
   * Derived from the tokens each call; cheap (one pass over the block tokens).
   */
  codeLines(): Set<number> {
    const lines = new Set<number>();
    for (const token of this.tokens) {
      if ((token.type !== 'fence' && token.type !== 'code_block') || !token.map) continue;
      for (let line = token.map[0] + 1; line <= token.map[1]; line++) lines.add(line);
    }
    return lines;
  }
}

/**
 * Parses Markdown text with the suite's one markdown-it configuration. A pure function of the
 * text: checks read Markdown files through `PluginContext.markdown(path)`, which reads through
 * the workspace and calls this once per file; callers with text from elsewhere (a base
 * revision, the GitHub API, a unit test) call it directly.
 */
export async function parseMarkdownDocument(path: string, text: string): Promise<MarkdownDocument> {
  const md = await markdownParser();
  return new MarkdownDocument(path, text, md.parse(flattenDeepNesting(text), {}));
}

/** Container markers (`>`, `-`, `1.`) or indentation past which a line is taken as plain text. */
const MAX_LINE_MARKERS = 16;
const MAX_LINE_INDENT = 64;

/**
 * markdown-it stops at 100 levels of nesting and drops the rest of the document
 * (a 10,000-deep list would hide everything after it). No real README nests that
 * deep, so the markers of such a line are blanked out: the text keeps its length,
 * lines and columns, and the line is read as ordinary text.
 */
export function flattenDeepNesting(text: string): string {
  const parts: string[] = [];
  let copiedUntil = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const prefix = containerPrefixLength(text, lineStart, lineEnd);
    if (prefix > 0) {
      parts.push(text.slice(copiedUntil, lineStart), ' '.repeat(prefix));
      copiedUntil = lineStart + prefix;
    }
    lineStart = lineEnd;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copiedUntil));
  return parts.join('');
}

/** Length of a line's container prefix when it nests too deep, else 0. */
function containerPrefixLength(text: string, start: number, end: number): number {
  let i = start;
  let markers = 0;
  let indent = 0;
  while (i < end) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t') {
      indent++;
      i++;
    } else if (c === '>') {
      markers++;
      i++;
    } else if ((c === '-' || c === '*' || c === '+') && /[ \t]/.test(text[i + 1] ?? '')) {
      markers++;
      i += 2;
    } else if (/\d/.test(c)) {
      let j = i;
      while (j < end && j - i < 9 && /\d/.test(text[j] as string)) j++;
      if ((text[j] === '.' || text[j] === ')') && /[ \t]/.test(text[j + 1] ?? '')) {
        markers++;
        i = j + 2;
      } else break;
    } else break;
  }
  return markers > MAX_LINE_MARKERS || indent > MAX_LINE_INDENT ? i - start : 0;
}
