import { CHECKLIST_SECTIONS, checklistItem, sectionOf } from '../checklist';
import { rankFindings, type CheckResult, type Finding, type Report, type Status } from '../model';
import { checkOfRule, ruleHelpUri } from '../rules';
import { STATUS_LABEL, countsLine, formatLocation, policyLines, subjectLine } from './common';

export interface MarkdownOptions {
  /** Base URL of the files at the reviewed commit (`https://github.com/o/r/blob/<sha>`), for links. */
  fileUrlBase?: string;
  /** Prefix for finding paths, relative to the repository root. */
  pathPrefix?: string;
  /** Findings listed per check before the rest are counted. */
  maxFindingsPerCheck?: number;
  /** Heading level of the title (2 in a job summary shared with other steps). */
  headingLevel?: number;
}

const ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', manual: '👀', skip: '⏭️' };

/** The Marketplace checklist, filled in: verdict and failures first, details folded. */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 2);
  const out: string[] = [];
  const verdict = report.result === 'pass' ? '✅ Passed' : '❌ Failed';
  out.push(`${h} ${verdict}: ${report.command} of ${escapeMarkdown(subjectLine(report))}`, '');
  out.push(`Mode \`${report.mode}\`${report.beta ? ' (Beta)' : ''} · ${countsLine(report)}`, '');
  for (const line of policyLines(report)) out.push(`> ${escapeInline(line)}`, '');

  const attention = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  if (attention.length > 0) {
    out.push('| | Check | Requirement | What to fix |', '|---|---|---|---|');
    for (const check of attention) {
      const first = rankFindings(check.findings)[0];
      out.push(
        `| ${ICON[check.status]} | \`${check.id}\` | ${check.requirement ?? '—'} | ${escapeCell(first ? first.message : (check.summary ?? ''))} |`,
      );
    }
    out.push('');
  }

  for (const section of CHECKLIST_SECTIONS) {
    const checks = report.checks.filter((c) => sectionOf(c.requirement) === section);
    if (checks.length === 0) continue;
    out.push(`${h}# ${section === 'Other' ? 'Manifest and database' : `${section} requirements`}`, '');
    for (const check of checks) out.push(...renderItem(check, options), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderItem(check: CheckResult, options: MarkdownOptions): string[] {
  const ticked = check.status === 'pass' ? 'x' : ' ';
  const text = checklistItem(check.requirement)?.text ?? check.title;
  const req = check.requirement ? `${check.requirement} · ` : '';
  const summary = check.summary ? ` ${escapeMarkdown(check.summary)}` : '';
  const lines = [
    `- [${ticked}] ${ICON[check.status]} **${STATUS_LABEL[check.status]}** — ${text} <sub>(${req}\`${check.id}\`)</sub>${summary ? `<br>${summary}` : ''}`,
  ];
  if (check.findings.length === 0) return lines;
  const max = options.maxFindingsPerCheck ?? 50;
  const findings = rankFindings(check.findings);
  const open = check.status === 'fail' ? ' open' : '';
  lines.push(`  <details${open}><summary>${findings.length} finding${findings.length === 1 ? '' : 's'}</summary>`, '');
  for (const finding of findings.slice(0, max)) lines.push(`  - ${renderFinding(finding, options)}`);
  if (findings.length > max) lines.push(`  - … and ${findings.length - max} more in the JSON report and SARIF file.`);
  lines.push('', '  </details>');
  return lines;
}

function renderFinding(finding: Finding, options: MarkdownOptions): string {
  const icon = finding.severity === 'error' ? '🔴' : finding.severity === 'warning' ? '🟡' : '⚪';
  const location = formatLocation(finding, options.pathPrefix);
  let where = '';
  if (location) {
    const label = codeSpan(location);
    where = options.fileUrlBase && finding.file ? `[${label}](${fileLink(finding, options)}) ` : `${label} `;
  }
  const known = finding.known ? '*(known)* ' : '';
  return `${icon} ${known}${where}${escapeMarkdown(finding.message)} <sub>[\`${finding.rule}\`](${ruleHelpUri(checkOfRule(finding.rule), finding.rule)})</sub>`;
}

function fileLink(finding: Finding, options: MarkdownOptions): string {
  const prefix = (options.pathPrefix ?? '').replace(/^\.\/?/, '').replace(/\/+$/, '');
  const file = prefix ? `${prefix}/${finding.file}` : finding.file;
  const anchor = finding.line ? `#L${finding.line}` : '';
  return `${options.fileUrlBase}/${file?.split('/').map(encodeURIComponent).join('/')}${anchor}`;
}

/** Keeps finding text from opening HTML or breaking out of list items. */
export function escapeInline(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ');
}

/** A code span of one backtick, not touching another backtick: inert in GitHub Markdown. */
const CODE_SPAN = /(?<!`)`[^`\r\n]+`(?!`)/g;

/**
 * Text that may quote a manifest, README or file name, made inert for a comment, summary
 * or PR body: no HTML, no line breaks, no links or images (`[`, `]`, `!` escaped), no
 * emphasis, no @-mentions (the handle is put in a code span, where GitHub does not notify).
 * Single-backtick code spans the tool wrote stay code; everything else is escaped.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  let out = '';
  let from = 0;
  for (const match of flat.matchAll(CODE_SPAN)) {
    out += escapeProse(flat.slice(from, match.index)) + match[0];
    from = (match.index ?? 0) + match[0].length;
  }
  return out + escapeProse(flat.slice(from));
}

/** A bare URL GitHub links by itself; escaping its `_` or `*` would cut the link short. */
const BARE_URL = /https?:\/\/[^\s<>`\\[\]]+/g;

function escapeProse(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(BARE_URL)) {
    out += escapeWords(text.slice(from, match.index)) + escapeHtml(match[0]);
    from = (match.index ?? 0) + match[0].length;
  }
  return out + escapeWords(text.slice(from));
}

const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

function escapeWords(text: string): string {
  return (
    escapeHtml(text)
      .replace(/[\\`*[\]!~]/g, (c) => `\\${c}`)
      // `_` between letters or digits (min_server_version) cannot open or close emphasis.
      .replace(/_/g, (c, at: number, all: string) =>
        /[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + 1] ?? '') ? c : `\\${c}`,
      )
      .replace(
        /(^|[^\w`])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9_.-]+)?)/g,
        (_, before: string, handle: string) => `${before}\`@${handle}\``,
      )
  );
}

/** `text` as one inline code span (backtick fence longer than any run inside), on one line. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function escapeCell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, '\\|');
}
