import { rankFindings, type Report, type Status } from '../model';
import { countsLine, formatLocation, subjectLine } from './common';

export interface TextOptions {
  color?: boolean;
  /** Prefix for finding paths (the plugin directory as the user typed it). */
  pathPrefix?: string;
  /** Findings shown per check before "… and N more"; the JSON report has them all. */
  maxFindingsPerCheck?: number;
}

const SYMBOL: Record<Status, string> = { pass: '✔', fail: '✖', warn: '▲', manual: '?', skip: '-' };
const COLOR: Record<Status, number> = { pass: 32, fail: 31, warn: 33, manual: 36, skip: 90 };
const SEVERITY_COLOR = { error: 31, warning: 33, notice: 90 } as const;

/** The compact checklist a person reads in a few seconds on a terminal. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const max = options.maxFindingsPerCheck ?? 20;
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 8);
  const reqWidth = Math.max(...report.checks.map((c) => (c.requirement ?? '').length), 1);
  const lines = [`${report.command} · ${printable(subjectLine(report))} · mode ${report.mode}${report.beta ? ' (beta)' : ''}`, ''];

  for (const check of report.checks) {
    const head = `${paint(COLOR[check.status], SYMBOL[check.status])} ${check.id.padEnd(idWidth)}  ${(check.requirement ?? '').padEnd(reqWidth)}  ${check.title}`;
    lines.push(check.summary ? `${head} ${paint(90, `— ${printable(check.summary)}`)}` : head);
    const findings = rankFindings(check.findings);
    for (const finding of findings.slice(0, max)) {
      const where = printable(formatLocation(finding, options.pathPrefix));
      const severity = paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(7));
      lines.push(`    ${severity} ${where ? `${where}  ` : ''}${printable(finding.message)} ${paint(90, `[${finding.rule}]`)}`);
    }
    if (findings.length > max) lines.push(`    … and ${findings.length - max} more (use --format json for all)`);
  }

  const verdict = report.result === 'pass' ? paint(32, 'PASS') : paint(31, 'FAIL');
  lines.push('', `${verdict}: ${countsLine(report)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Text from the reviewed files (names, quoted values) on one terminal line: control
 * characters (ANSI escapes, carriage returns, newlines), Unicode line separators and
 * bidirectional overrides are shown as `\u{…}` escapes, so a file name cannot forge lines.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
