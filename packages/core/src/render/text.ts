import { rankFindings, type CheckResult, type Finding, type Report, type Status } from '../model';
import { countsLine, formatLocation, policyLines, subjectLine } from './common';

export interface TextOptions {
  color?: boolean;
  /** Prefix for finding paths: the plugin directory as seen from the user's working directory. */
  pathPrefix?: string;
  /** Findings shown per check before "… and N more"; the JSON report has them all. */
  maxFindingsPerCheck?: number;
}

const SYMBOL: Record<Status, string> = { pass: '✔', fail: '✖', warn: '▲', manual: '?', skip: '-' };
const COLOR: Record<Status, number> = { pass: 32, fail: 31, warn: 33, manual: 36, skip: 90 };
const SEVERITY_COLOR = { error: 31, warning: 33, notice: 90 } as const;

/**
 * A notice that says something was left unchecked because the run has no network or no
 * GitHub token. Every check that needs GitHub says so in its own words; a person needs
 * to read it once per run, so the text output gathers these into one line at the end.
 */
const NETWORK_NOTICE =
  /\b(?:the review runs offline|runs? offline|network is off|no (?:GitHub token|github-token|token) (?:was|is) given|without a (?:GitHub )?token)\b/i;

export function isNetworkNotice(finding: Finding): boolean {
  return finding.severity === 'notice' && NETWORK_NOTICE.test(finding.message);
}

/** The compact checklist a person reads in a few seconds on a terminal. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const max = options.maxFindingsPerCheck ?? 20;
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 8);
  const reqWidth = Math.max(...report.checks.map((c) => (c.requirement ?? '').length), 1);
  const lines = [
    `${report.command} · ${printable(subjectLine(report))} · mode ${report.mode}${report.beta ? ' (beta)' : ''}`,
    '',
  ];
  const unchecked: string[] = [];

  for (const check of report.checks) {
    const head = `${paint(COLOR[check.status], SYMBOL[check.status])} ${check.id.padEnd(idWidth)}  ${(check.requirement ?? '').padEnd(reqWidth)}  ${check.title}`;
    lines.push(check.summary ? `${head} ${paint(90, `— ${printable(check.summary)}`)}` : head);
    const { shown, network } = findingsToShow(check);
    if (network) unchecked.push(check.id);
    const findings = rankFindings(shown);
    for (const finding of findings.slice(0, max)) {
      const where = printable(formatLocation(finding, options.pathPrefix));
      const severity = paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(7));
      const known = finding.known ? `${paint(90, '(known)')} ` : '';
      lines.push(
        `    ${severity} ${known}${where ? `${where}  ` : ''}${printable(finding.message)} ${paint(90, `[${finding.rule}]`)}`,
      );
    }
    if (findings.length > max) lines.push(`    … and ${findings.length - max} more (use --format json for all)`);
  }

  if (unchecked.length > 0) {
    const checks =
      unchecked.length === 1 ? `1 check (${unchecked[0]})` : `${unchecked.length} checks (${unchecked.join(', ')})`;
    lines.push(
      '',
      paint(
        90,
        `Not checked without GitHub: ${checks} could not ask the GitHub API in this run; run with a token (GITHUB_TOKEN, or github-token in a workflow) and without --offline to check them. The JSON report keeps each check's notice.`,
      ),
    );
  }

  const verdict = report.result === 'pass' ? paint(32, 'PASS') : paint(31, 'FAIL');
  const policy = policyLines(report);
  if (policy.length > 0) lines.push('', ...policy.map((line) => paint(90, line)));
  lines.push('', `${verdict}: ${countsLine(report)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The findings worth a line under a check: not a notice that repeats the check's summary
 * word for word (a skipped check's reason), and not a no-network notice (said once per run).
 */
function findingsToShow(check: CheckResult): { shown: Finding[]; network: boolean } {
  let network = false;
  const shown = check.findings.filter((finding) => {
    if (finding.severity !== 'notice') return true;
    if (isNetworkNotice(finding)) {
      network = true;
      return false;
    }
    return !(finding.message === check.summary && !finding.file);
  });
  if (!network && check.status === 'skip' && check.summary && NETWORK_NOTICE.test(check.summary)) network = true;
  return { shown, network };
}

/**
 * Text from the reviewed files (names, quoted values) on one terminal line: control
 * characters (ANSI escapes, carriage returns, newlines), Unicode line separators and
 * bidirectional overrides are shown as `\u{…}` escapes, so a file name cannot forge lines.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`,
  );
}
