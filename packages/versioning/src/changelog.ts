import type { Workspace } from '@mm-review/core';
import { MAX_CHANGELOG_BYTES, findChangelog } from '@mm-review/plugin';
import type { BumpReason } from './reason';

export { CHANGELOG_NAMES } from '@mm-review/plugin';
const MAX_LINE_CHARS = 1000;
/** Enough to make the point; a long list of the same kind of evidence helps nobody. */
const MAX_REASONS_PER_KIND = 5;

const BREAKING = /\bBREAKING[ -]CHANGES?\b|\bbreaking\b|\bmigrat(?:e|es|ed|ing|ion|ions)\b/i;
const NEGATED = /\b(?:no|non|not|without|zero)[- ](?:breaking|migration)/i;
const FEATURE_HEADING = /^(?:added|adds|features?|new(?: features?)?|enhancements?|what'?s new)\b/i;
const NEW_COMMAND =
  /\b(?:new|adds?|added|introduc\w*)\b[^.]*?(?:slash[- ]commands?|`?\/[a-z][\w-]*`?\s+(?:sub)?commands?)/i;

interface Heading {
  level: number;
  text: string;
  line: number;
}

/** Reasons for a release level found in a changelog file's entry for `version`. */
export async function changelogReasons(workspace: Workspace, version: string): Promise<BumpReason[]> {
  const file = await findChangelog(workspace);
  return file ? readChangelog(workspace, file, version) : [];
}

async function readChangelog(workspace: Workspace, file: string, version: string): Promise<BumpReason[]> {
  const read = await workspace.readText(file, { maxBytes: MAX_CHANGELOG_BYTES });
  return read.ok ? scanChangelog(read.path, read.text, version) : [];
}

/**
 * Scans the section whose heading names `version` (`## [1.2.0]`, `v1.2.0 - 2024-…`,
 * a setext heading) for entries that say breaking / migration (major) or announce
 * features and slash commands (minor). Fenced code is ignored.
 */
export function scanChangelog(file: string, text: string, version: string): BumpReason[] {
  const lines = text.split(/\r\n|\r|\n/);
  const headings = findHeadings(lines);
  const versionToken = new RegExp(`(?:^|[^\\w.-])v?${version.replace(/[.+]/g, '\\$&')}(?![\\w.+-])`);
  const start = headings.find((h) => versionToken.test(h.text));
  if (!start) return [];
  const end = headings.find((h) => h.line > start.line && h.level <= start.level)?.line ?? lines.length + 1;
  const inSection = headings.filter((h) => h.line > start.line && h.line < end);
  const headingLines = new Set(inSection.map((h) => h.line));
  const major: BumpReason[] = [];
  const minor: BumpReason[] = [];
  const where = (line: number, column: number) => ({ file, line, column });
  const featureHeading = inSection.find((h) => FEATURE_HEADING.test(h.text.replace(/^[^\w']+/, '')));
  if (featureHeading) {
    minor.push({
      level: 'minor',
      rule: 'version-bump/changelog-feature',
      what: 'new features in the changelog',
      message: `The changelog entry for ${version} lists new features under "${featureHeading.text}" (${file} line ${featureHeading.line}), which need at least a minor version.`,
      ...where(featureHeading.line, 1),
    });
  }
  forEachProseLine(lines, start.line + 1, end, (content, line) => {
    const breaking = BREAKING.exec(content);
    if (breaking && !NEGATED.test(content) && major.length < MAX_REASONS_PER_KIND) {
      major.push({
        level: 'major',
        rule: 'version-bump/changelog-breaking',
        what: `changelog entry "${excerpt(content, 60)}"`,
        message: `The changelog entry for ${version} says "${excerpt(content)}" (${file} line ${line}): a breaking change or a migration admins must do by hand needs a major version.`,
        ...where(line, breaking.index + 1),
      });
      return;
    }
    const command = headingLines.has(line) ? null : NEW_COMMAND.exec(content);
    if (command && minor.length < MAX_REASONS_PER_KIND) {
      minor.push({
        level: 'minor',
        rule: 'version-bump/changelog-feature',
        what: 'a new command in the changelog',
        message: `The changelog entry for ${version} announces a new command: "${excerpt(content)}" (${file} line ${line}), which needs at least a minor version.`,
        ...where(line, command.index + 1),
      });
    }
  });
  return [...major, ...minor];
}

function findHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  lines.forEach((raw, index) => {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) {
      fence = fence ? undefined : fenceMark;
      return;
    }
    if (fence) return;
    const atx = atxHeading(raw);
    if (atx) {
      headings.push({ ...atx, line: index + 1 });
      return;
    }
    const next = lines[index + 1];
    if (
      next !== undefined &&
      raw.trim() !== '' &&
      !/^\s*([-*+]|\d+[.)])\s/.test(raw) &&
      /^ {0,3}(=+|-{2,})[ \t]*$/.test(next)
    ) {
      headings.push({ level: next.trim().startsWith('=') ? 1 : 2, text: raw.trim(), line: index + 1 });
    }
  });
  return headings;
}

/**
 * An ATX heading's level and text without its closing blanks and hashes, in one pass:
 * the regex `(.*?)[ \t#]*$` it replaces backtracked over every `# ` of a long line.
 */
export function atxHeading(raw: string, work?: { steps: number }): Omit<Heading, 'line'> | undefined {
  let at = 0;
  while (at < 3 && raw[at] === ' ') at++;
  let level = 0;
  while (raw[at + level] === '#') level++;
  let start = at + level;
  if (level < 1 || level > 6 || (raw[start] !== ' ' && raw[start] !== '\t')) return undefined;
  while (raw[start] === ' ' || raw[start] === '\t') start++;
  let end = raw.length;
  while (end > start && (raw[end - 1] === ' ' || raw[end - 1] === '\t' || raw[end - 1] === '#')) end--;
  // Characters looked at: the prefix, the closing run, and one scan for line separators.
  if (work) work.steps += start + (raw.length - end) + raw.length;
  if (raw.includes('\u2028') || raw.includes('\u2029')) return undefined;
  return { level, text: raw.slice(start, end) };
}

/** Calls `visit` for each line in [from, to) outside fenced code, with its 1-based number. */
function forEachProseLine(
  lines: readonly string[],
  from: number,
  to: number,
  visit: (content: string, line: number) => void,
): void {
  let fence: string | undefined;
  for (let line = from; line < to; line++) {
    const raw = lines[line - 1] ?? '';
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) {
      fence = fence ? undefined : fenceMark;
      continue;
    }
    // Entries are short; a cap keeps the scan linear on a pathological line.
    if (!fence && raw.trim() !== '') visit(raw.slice(0, MAX_LINE_CHARS), line);
  }
}

function excerpt(line: string, max = 120): string {
  const trimmed = line.trim().replace(/^([-*+]|\d+[.)])\s+/, '');
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
