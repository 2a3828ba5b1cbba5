import {
  MAX_CHANGELOG_BYTES,
  findChangelog,
  parseMarkdownDocument,
  type MarkdownDocument,
  type PluginContext,
} from '@mm-review/plugin';
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

/** Reasons for a release level found in the changelog's entry for `version` (read through `context.markdown`). */
export async function changelogReasons(context: PluginContext, version: string): Promise<BumpReason[]> {
  const file = await findChangelog(context.workspace);
  if (!file) return [];
  const read = await context.markdown(file, { maxBytes: MAX_CHANGELOG_BYTES });
  return read.ok ? changelogReasonsIn(read.document, version) : [];
}

/** `changelogReasonsIn` for changelog text, parsed by the suite's one Markdown reader. */
export async function scanChangelog(file: string, text: string, version: string): Promise<BumpReason[]> {
  return changelogReasonsIn(await parseMarkdownDocument(file, text), version);
}

/**
 * Scans the section whose heading names `version` (`## [1.2.0]`, `v1.2.0 - 2024-…`,
 * a setext heading) for entries that say breaking / migration (major) or announce
 * features and slash commands (minor). Code (fenced or indented) is ignored.
 */
export function changelogReasonsIn(document: MarkdownDocument, version: string): BumpReason[] {
  const file = document.path;
  const lines = document.text.split(/\r\n|\r|\n/);
  // Markdown headings, as check-changelog reads them (HTML headings do not start an entry).
  const headings = document.headings.filter((h) => h.kind !== 'html');
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
  forEachProseLine(lines, document.codeLines(), start.line + 1, end, (content, line) => {
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

/** Calls `visit` for each non-blank line in [from, to) outside code, with its 1-based number. */
function forEachProseLine(
  lines: readonly string[],
  code: ReadonlySet<number>,
  from: number,
  to: number,
  visit: (content: string, line: number) => void,
): void {
  for (let line = from; line < to; line++) {
    const raw = lines[line - 1] ?? '';
    // Entries are short; a cap keeps the scan linear on a pathological line.
    if (!code.has(line) && raw.trim() !== '') visit(raw.slice(0, MAX_LINE_CHARS), line);
  }
}

function excerpt(line: string, max = 120): string {
  const trimmed = line.trim().replace(/^([-*+]|\d+[.)])\s+/, '');
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
