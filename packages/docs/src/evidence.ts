import { classifyImage } from './images';
import { linkedPath } from './load';
import type { DocFile, DocHeading, DocImage, DocList, DocsModel, Located } from './model';
import {
  DEVELOPMENT_HEADING,
  FEATURES_HEADING,
  RECOMMENDED_SECTIONS,
  inOverview,
  normalizeHeading,
  sectionEnd,
  type RecommendedSection,
} from './sections';
import { isRemote, resolveRelative, shorten } from './url';

/** Where a requirement was found, for the summary and for findings. */
export interface Evidence extends Located {
  file: string;
  /** What was found, for a person: `heading "Key Features"`, `image docs/screen.png`. */
  what: string;
  /** The image exists only remotely and was counted without being downloaded. */
  remote?: boolean;
  /** Found in a file nobody links to (DEVELOPMENT.md at the root). */
  unlinked?: boolean;
}

export function describe(evidence: Evidence): string {
  return `${evidence.what} (${evidence.file}:${evidence.line})`;
}

/** The files a reviewer reads: the README, the homepage page and what they link to. */
export function reviewedFiles(docs: DocsModel): DocFile[] {
  return docs.files.filter((f) => f.role !== 'conventional');
}

/** Images that show setting the plugin up (download, upload, System Console), not the plugin at work. */
const SETUP_IMAGE = /install|download|upload|enabl|setting|config|setup|set-up|system.?console|marketplace|token|credential|oauth|webhook|prerequisite/i;
const SETUP_SECTION = /\b(install\w*|setup|set up|configur\w*|config|settings|prerequisites?|requirements?|deploy\w*|upgrad\w*|oauth|credentials?)\b/;

/**
 * The screenshot a reviewer would cite: one that shows the plugin at work before one of
 * a setup step, the README's before a linked doc's, a local file that exists before a
 * remote image (counted without being downloaded), then the first in reading order.
 */
export async function findScreenshot(docs: DocsModel): Promise<Evidence | undefined> {
  const candidates: { file: DocFile; image: DocImage; rank: number[] }[] = [];
  reviewedFiles(docs).forEach((file, fileIndex) => {
    file.images.forEach((image, order) => {
      if (classifyImage(image) !== 'screenshot' || !image.src.trim()) return;
      candidates.push({ file, image, rank: [isSetupImage(file, image) ? 1 : 0, fileIndex, isRemote(image.src.trim()) ? 1 : 0, order] });
    });
  });
  candidates.sort((a, b) => compareRanks(a.rank, b.rank));
  for (const { file, image } of candidates) {
    const src = image.src.trim();
    if (isRemote(src)) return { file: file.path, line: image.line, column: image.column, what: `${imageLabel(image)} ${shorten(image.src, 90)}`, remote: true };
    const target = resolveRelative(file.path, image.src);
    if (!target || target.outside) continue;
    const state = await docs.tree.state(target.path);
    if (state.kind === 'file') return { file: file.path, line: image.line, column: image.column, what: `${imageLabel(image)} ${target.path}` };
  }
  return undefined;
}

function isSetupImage(file: DocFile, image: DocImage): boolean {
  if (image.kind === 'video' || (image.linkHref && /youtube\.com|youtu\.be|vimeo\.com/i.test(image.linkHref))) return false;
  const heading = file.headings[image.heading];
  if (heading && SETUP_SECTION.test(normalizeHeading(heading.text))) return true;
  return SETUP_IMAGE.test(`${image.alt} ${image.src.split(/[?#]/)[0]?.split('/').pop() ?? ''}`);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function imageLabel(image: DocImage): string {
  if (image.kind === 'video') return 'video';
  if (image.linkHref && /youtube\.com|youtu\.be|vimeo\.com/i.test(image.linkHref)) return 'video thumbnail';
  return 'image';
}

const NEGATIVE_LEAD_IN = /requirement|prerequisite|depend|install|setting|configur|option|parameter|variable|\bsteps?\b|contents|jump to|table of|maintainer|license|contributor|thanks|credit|environment/i;
const CAPABILITY_LEAD_IN =
  /the following (features|capabilities|functions|functionality|actions)|you will be able to|allows? you to|lets you|enables? you to|(provides|offers|supports|adds|includes|brings) the following|by providing the following|with (this|the) plugin,? you can|this plugin (can|will|lets|allows|provides|supports|offers|adds)/i;

/**
 * A feature list: a list, table or subsections under a features-like heading; a list
 * in the overview; or a list introduced as what the plugin lets you do.
 */
export function findFeatures(docs: DocsModel): Evidence | undefined {
  for (const file of reviewedFiles(docs)) {
    const found = featuresHeading(file) ?? overviewList(file) ?? capabilityList(file);
    if (found) return found;
  }
  return undefined;
}

/** Sections that credit people or name terms, whose lists are no feature list ("Thanks to", "Contributors"). */
const CREDITS_HEADING = /\b(thanks?|thank you|credits?|acknowledg\w*|contributors?|authors?|maintainers?|sponsors?|backers|licen[cs]e|copyright|changelog|release notes|roadmap|todo|to do)\b/;

function isCreditsHeading(file: DocFile, index: number): boolean {
  const heading = file.headings[index];
  return heading !== undefined && CREDITS_HEADING.test(normalizeHeading(heading.text));
}

/** A list that can be a feature list: two or more items, not a table of contents, not a list of credits. */
function featureCandidate(file: DocFile, list: DocList): boolean {
  return isFeatureLikeList(list) && !NEGATIVE_LEAD_IN.test(list.leadIn ?? '') && !isCreditsHeading(file, list.heading);
}

function featuresHeading(file: DocFile): Evidence | undefined {
  const stats = statsOf(file);
  for (const heading of file.headings) {
    if (!FEATURES_HEADING.test(normalizeHeading(heading.text))) continue;
    const end = sectionEnd(file, heading);
    const subsections = file.headings.slice(heading.index + 1, end).filter((h) => !isCreditsHeading(file, h.index)).length;
    const listItems = Math.max(0, ...file.lists.filter((l) => l.heading >= heading.index && l.heading < end && featureCandidate(file, l)).map((l) => l.items));
    const table = maxOver(stats.tables, heading.index, end) > 0;
    if (listItems >= 2 || table || subsections >= 2) {
      const shape = listItems >= 2 ? `a list of ${listItems}` : table ? 'a table' : `${subsections} subsections`;
      return { file: file.path, line: heading.line, column: heading.column, what: `heading "${shorten(heading.text, 60)}" with ${shape}` };
    }
  }
  return undefined;
}

function overviewList(file: DocFile): Evidence | undefined {
  const list = file.lists.find((l) => l.depth === 0 && featureCandidate(file, l) && inOverview(file, l.heading));
  return list ? { file: file.path, line: list.line, column: list.column, what: `a list of ${list.items} in the overview` } : undefined;
}

function capabilityList(file: DocFile): Evidence | undefined {
  const list = file.lists.find((l) => {
    const leadIn = l.leadIn?.trim() ?? '';
    return featureCandidate(file, l) && leadIn.endsWith(':') && CAPABILITY_LEAD_IN.test(leadIn);
  });
  return list ? { file: file.path, line: list.line, column: list.column, what: `a list of ${list.items} introduced by "${shorten(list.leadIn ?? '', 60)}"` } : undefined;
}

function isFeatureLikeList(list: DocList): boolean {
  return list.items >= 2 && list.linkOnlyItems * 2 < list.items;
}

/**
 * A development guide: a development-like section with substance (commands, links,
 * a list or subsections) in the docs a reviewer reads, a linked guide, or a guide
 * found by its conventional name (DEVELOPMENT.md) that the README should link.
 */
export function findDevelopment(docs: DocsModel): Evidence | undefined {
  const reviewed = reviewedFiles(docs);
  for (const file of reviewed) {
    const heading = developmentHeading(file);
    if (!heading) continue;
    const evidence: Evidence = { file: file.path, line: heading.line, column: heading.column, what: `section "${shorten(heading.text, 60)}"` };
    if (file.role !== 'linked') return evidence;
    const link = linkTo(docs, file.path);
    return link ? { ...evidence, what: `${evidence.what} of ${file.path}, linked from ${link.file}:${link.line}` } : evidence;
  }
  for (const file of docs.files.filter((f) => f.role === 'conventional')) {
    const heading = developmentHeading(file);
    if (heading || /^(development|developing|hacking|building|build)\.md$/i.test(file.path.split('/').pop() ?? '')) {
      const at = heading ?? { line: 1, column: 1, text: file.path };
      return { file: file.path, line: at.line, column: at.column, what: `${file.path}${heading ? ` (section "${shorten(heading.text, 60)}")` : ''}`, unlinked: true };
    }
  }
  return undefined;
}

/** The development section, preferring one named for development over "Manual builds" or "Contributing". */
function developmentHeading(file: DocFile): DocHeading | undefined {
  const candidates = file.headings.filter((heading) => DEVELOPMENT_HEADING.test(normalizeHeading(heading.text)) && hasSubstance(file, heading));
  return candidates.find((heading) => /\bdevelop/.test(normalizeHeading(heading.text))) ?? candidates[0];
}

/** A section with something a developer can act on, not just "We welcome contributions!". */
function hasSubstance(file: DocFile, heading: DocHeading): boolean {
  const end = sectionEnd(file, heading);
  return end - heading.index > 1 || maxOver(statsOf(file).actionable, heading.index, end) > 0;
}

/**
 * Links that tell a developer where to find work or talk, not how to build: issue and
 * pull-request lists or searches, labels, discussions, chat channels, contributor graphs.
 */
const NOT_A_GUIDE_LINK = /^https?:\/\/(?:www\.)?github\.com\/[^/]+\/[^/]+\/(?:issues|pulls|discussions|labels|projects|graphs|contribute)\b|[?&]q=|^https?:\/\/community(?:-daily)?\.mattermost\.com\/|^https?:\/\/(?:[\w-]+\.)?(?:slack|discord|gitter|matrix)\.(?:com|gg|im|to|org)\b|^mailto:/i;

/** Per-heading counts, so section questions cost the section's length, not the file's. */
interface HeadingStats {
  /** Largest list (items) directly under each heading. */
  listItems: number[];
  tables: number[];
  /** Code, links, lists and inline code: things a developer can act on. */
  actionable: number[];
}

const statsCache = new WeakMap<DocFile, HeadingStats>();

function statsOf(file: DocFile): HeadingStats {
  let stats = statsCache.get(file);
  if (stats) return stats;
  // Slot 0 holds elements before the first heading (heading index -1).
  const size = file.headings.length + 1;
  stats = { listItems: new Array<number>(size).fill(0), tables: new Array<number>(size).fill(0), actionable: new Array<number>(size).fill(0) };
  for (const list of file.lists) {
    stats.listItems[list.heading + 1] = Math.max(stats.listItems[list.heading + 1] ?? 0, list.items);
    // A list of links only counts through its links (a list of issue searches is no guide).
    if (list.linkOnlyItems < list.items) add(stats.actionable, list.heading, 1);
  }
  for (const block of file.blocks) {
    if (block.kind === 'table') add(stats.tables, block.heading, 1);
    if (block.kind === 'code' || block.kind === 'table') add(stats.actionable, block.heading, 1);
  }
  for (const link of file.links) if (!NOT_A_GUIDE_LINK.test(link.href)) add(stats.actionable, link.heading, 1);
  for (const [heading, count] of file.inlineCode) add(stats.actionable, heading, count);
  statsCache.set(file, stats);
  return stats;
}

function add(values: number[], heading: number, amount: number): void {
  values[heading + 1] = (values[heading + 1] ?? 0) + amount;
}

/** The largest value for headings in [from, to) (heading indexes, not slots). */
function maxOver(values: number[], from: number, to: number): number {
  let max = 0;
  for (let h = from; h < to; h++) max = Math.max(max, values[h + 1] ?? 0);
  return max;
}

/** The first link in the README or homepage page that leads to a file. */
export function linkTo(docs: DocsModel, path: string): { file: string; line: number; column: number } | undefined {
  for (const file of docs.files.filter((f) => f.role === 'readme' || f.role === 'homepage')) {
    const link = file.links.find((l) => linkedPath(file.path, l.href, docs.repository) === path);
    if (link) return { file: file.path, line: link.line, column: link.column };
  }
  return undefined;
}

/** The recommended sections found, by id, from headings and bold one-line labels. */
export function findRecommendedSections(docs: DocsModel): Map<RecommendedSection['id'], Evidence> {
  const found = new Map<RecommendedSection['id'], Evidence>();
  for (const file of reviewedFiles(docs)) {
    const candidates = [
      ...file.headings.map((h) => ({ text: h.text, line: h.line, column: h.column })),
      ...file.blocks.filter((b) => b.label).map((b) => ({ text: b.text, line: b.line, column: b.column })),
    ];
    for (const section of RECOMMENDED_SECTIONS) {
      if (found.has(section.id)) continue;
      const hit = candidates.find((c) => section.pattern.test(normalizeHeading(c.text)));
      if (hit) found.set(section.id, { file: file.path, line: hit.line, column: hit.column, what: `"${shorten(hit.text, 60)}"` });
    }
  }
  return found;
}
