import { parseMarkdownDocument, type MarkdownDocument } from '@mm-review/plugin';

export interface ChangelogHeading {
  level: number;
  /** The heading's text with Markdown removed (`[1.2.0](…) (date)` → `1.2.0 (date)`). */
  text: string;
  /** 1-based position of the heading's first character. */
  line: number;
  column: number;
  /** GitHub's anchor for the heading (`1.2.0 - 2024-01-01` → `120---2024-01-01`). */
  slug: string;
  /** 0-based lines [startLine, endLine) of the heading, as markdown-it maps it. */
  startLine: number;
  endLine: number;
  links: string[];
}

export interface ChangelogEntry {
  /** The version as written, without brackets or a leading v (`1.2.0`, `0.1`); `Unreleased` for that section. */
  version: string;
  unreleased: boolean;
  heading: ChangelogHeading;
  /** 0-based lines of the entry's body, heading excluded: [bodyStart, bodyEnd). */
  bodyStart: number;
  bodyEnd: number;
  /** True when the body holds nothing but sub-headings, rules or comments. */
  empty: boolean;
  /** The tag a release-please compare link ends with (`…/compare/v1.0.6...v1.1.0` → `v1.1.0`). */
  compareTarget?: string;
}

export interface ChangelogPointer {
  /** 1-based line of the sentence that points elsewhere. */
  line: number;
  url?: string;
}

export interface ParsedChangelog {
  file: string;
  lines: string[];
  headings: ChangelogHeading[];
  entries: ChangelogEntry[];
  /** A line before the first entry (or anywhere, when there is none) that sends readers to the releases page. */
  pointer?: ChangelogPointer;
}

const VERSION_HEADING =
  /^\[?\s*(?:(?:version|release)\s+)?[vV]?(\d+\.\d+(?:\.\d+)*(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?(?:\+[0-9A-Za-z.-]+)?)\s*\]?(?=$|[\s(:,\]\u2013\u2014])/i;
const UNRELEASED_HEADING = /^\[?\s*unreleased\s*\]?(?=$|[\s(:,\]\u2013\u2014-])/i;
const POINTER_WORDS = /\b(see|found|moved|available|refer|check|look|lives?|kept|published|maintained)\b/i;
const URL_IN_TEXT = /https?:\/\/[^\s)>\]"'`]+/;

/** The version a heading names, or undefined; `Unreleased` for that section. */
export function versionOfHeading(text: string): { version: string; unreleased: boolean } | undefined {
  const trimmed = text.trim();
  if (UNRELEASED_HEADING.test(trimmed)) return { version: 'Unreleased', unreleased: true };
  const match = VERSION_HEADING.exec(trimmed);
  return match?.[1] ? { version: match[1], unreleased: false } : undefined;
}

/**
 * Parses a changelog in any of the shapes plugins use (Keep a Changelog, `## v1.2.0`,
 * `## 1.2.0 (date)`, release-please headings with compare links, setext headings)
 * into located entries, with the suite's one Markdown reader. Linear in the size of the text.
 */
export async function parseChangelog(file: string, text: string): Promise<ParsedChangelog> {
  return changelogOf(await parseMarkdownDocument(file, text));
}

/** The changelog a parsed Markdown document holds (`PluginContext.markdown` gives the document). */
export function changelogOf(document: MarkdownDocument): ParsedChangelog {
  const lines = document.text.split(/\r\n|\r|\n/);
  const headings = collectHeadings(document);
  const contentLines = collectContentLines(document);
  const entries = collectEntries(headings, contentLines, lines.length);
  const pointer = findPointer(lines, entries[0]?.heading.startLine ?? lines.length);
  return { file: document.path, lines, headings, entries, ...(pointer ? { pointer } : {}) };
}

/** The Markdown headings (not HTML ones), with the hrefs of the links they hold. */
function collectHeadings(document: MarkdownDocument): ChangelogHeading[] {
  const { tokens } = document;
  const headings: ChangelogHeading[] = [];
  for (const heading of document.headings) {
    const map = heading.token === undefined ? undefined : tokens[heading.token]?.map;
    if (heading.token === undefined || !map) continue;
    const inline = tokens[heading.token + 1];
    const links =
      inline?.children?.filter((c) => c.type === 'link_open').map((c) => String(c.attrGet('href') ?? '')) ?? [];
    const [startLine, endLine] = map;
    const { level, text, line, column, slug } = heading;
    headings.push({ level, text, line, column, slug, startLine, endLine, links });
  }
  return headings;
}

/** 0-based start lines of top-level blocks that carry text (not headings, rules or comments), ascending. */
function collectContentLines(document: MarkdownDocument): number[] {
  const starts: number[] = [];
  for (const token of document.tokens) {
    if (token.level !== 0 || !token.map || token.nesting === -1) continue;
    if (token.type === 'heading_open' || token.type === 'hr') continue;
    if (token.type === 'html_block' && /^\s*<!--[\s\S]*-->\s*$/.test(token.content)) continue;
    starts.push(token.map[0]);
  }
  return starts;
}

function collectEntries(headings: ChangelogHeading[], contentLines: number[], lineCount: number): ChangelogEntry[] {
  const level = versionLevel(headings);
  if (level === undefined) return [];
  const boundaries = headings.filter((h) => h.level < level || (h.level === level && versionOfHeading(h.text)));
  const entries: ChangelogEntry[] = [];
  let cursor = 0;
  boundaries.forEach((heading, index) => {
    const named = heading.level === level ? versionOfHeading(heading.text) : undefined;
    if (!named) return;
    const bodyStart = heading.endLine;
    const bodyEnd = boundaries[index + 1]?.startLine ?? lineCount;
    while (cursor < contentLines.length && (contentLines[cursor] as number) < bodyStart) cursor++;
    const empty = !(cursor < contentLines.length && (contentLines[cursor] as number) < bodyEnd);
    const compareTarget = compareTargetOf(heading.links);
    entries.push({ ...named, heading, bodyStart, bodyEnd, empty, ...(compareTarget ? { compareTarget } : {}) });
  });
  return entries;
}

/** The heading level that holds the versions: the one with the most version headings, the higher on a tie. */
function versionLevel(headings: ChangelogHeading[]): number | undefined {
  const counts = new Map<number, number>();
  for (const heading of headings) {
    const named = versionOfHeading(heading.text);
    if (named && !named.unreleased) counts.set(heading.level, (counts.get(heading.level) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [level, count] of counts) {
    const bestCount = best === undefined ? 0 : (counts.get(best) ?? 0);
    if (count > bestCount || (count === bestCount && best !== undefined && level < best)) best = level;
  }
  return best;
}

function compareTargetOf(links: string[]): string | undefined {
  for (const link of links) {
    const target = compareTarget(link);
    if (target) return decodeURIComponentSafe(target);
  }
  return undefined;
}

/**
 * The head of a compare link (`…/compare/v1.0.6...v1.1.0` → `v1.1.0`): the text after the
 * first `..` or `...` of the last path segment, when that text has no `?` or `#`. One scan
 * with indexOf; the regex it replaces backtracked over every dot of a long link.
 */
export function compareTarget(link: string, work?: { steps: number }): string | undefined {
  const marker = link.lastIndexOf('/compare/');
  if (work) work.steps += link.length;
  if (marker < 0) return undefined;
  const segment = link.slice(marker + '/compare/'.length);
  if (work) work.steps += segment.length * 2;
  if (segment.includes('/')) return undefined;
  // The head may not hold `?` or `#`, so it starts after the last of them.
  const lastBad = Math.max(segment.lastIndexOf('?'), segment.lastIndexOf('#'));
  const dots = segment.indexOf('..', Math.max(0, lastBad - 1));
  if (dots < 0 || dots + 2 >= segment.length) return undefined;
  const head = segment[dots + 2] === '.' && dots + 3 < segment.length ? dots + 3 : dots + 2;
  return segment.slice(head);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function findPointer(lines: string[], before: number): ChangelogPointer | undefined {
  const end = Math.min(before, lines.length);
  for (let i = 0; i < end; i++) {
    const next = lines[i + 1] ?? '';
    // A URL wrapped before its "/releases" part ("…/mattermost-plugin-autolink\n/releases.") is read whole.
    const line = /releases/i.test(lines[i] as string)
      ? (lines[i] as string)
      : /^\s*\/releases\b/i.test(next)
        ? `${lines[i] as string}${next.trim()}`
        : undefined;
    if (line === undefined) continue;
    const url = URL_IN_TEXT.exec(line)?.[0];
    if ((url && /\/releases\b/i.test(url)) || POINTER_WORDS.test(line))
      return { line: i + 1, ...(url ? { url: url.slice(0, trailingPunctuationStart(url)) } : {}) };
  }
  return undefined;
}

/** Where a trailing run of `.,;:` starts, scanning back once (`/[.,;:]+$/` rescans every run of dots). */
function trailingPunctuationStart(url: string): number {
  let end = url.length;
  while (end > 0 && '.,;:'.includes(url[end - 1] as string)) end--;
  return end;
}

/** The Markdown of an entry's body, without the blank lines around it. */
export function entryMarkdown(changelog: ParsedChangelog, entry: ChangelogEntry): string {
  return changelog.lines
    .slice(entry.bodyStart, entry.bodyEnd)
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
}
