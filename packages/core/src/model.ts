/**
 * The report model of docs/architecture.md §4–5. Every output (text, JSON, Markdown, SARIF,
 * annotations) is rendered from these types, so they are the suite's vocabulary.
 */

export type Severity = 'error' | 'warning' | 'notice';
export type Status = 'pass' | 'fail' | 'warn' | 'manual' | 'skip';
export type Mode = 'new' | 'update';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'manual', 'skip'];
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];

export interface Finding {
  severity: Severity;
  /** A finer id than the check id, `<check>/<rule>` (for example `manifest/id-pattern`). */
  rule: string;
  /** What is wrong, where, and how to fix it, in one or two sentences. */
  message: string;
  /** Path relative to the plugin root (or the database file), with forward slashes. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The finding is in the baseline (a known problem): reported as a notice, never fails. */
  known?: boolean;
}

export interface CheckResult {
  id: string;
  /** The checklist item (`product-3`, `update-id`), or null for checks outside the templates. */
  requirement: string | null;
  title: string;
  status: Status;
  /** One line a reviewer reads first: the evidence behind the status. */
  summary?: string;
  findings: Finding[];
}

export interface PluginInfo {
  id?: string;
  name?: string;
  version?: string;
  /** Where the version came from: the manifest, the `tag` input, or the tag on HEAD. */
  versionSource?: 'manifest' | 'tag-input' | 'git-tag';
  minServerVersion?: string;
  manifestPath?: string;
}

export interface DatabaseInfo {
  path: string;
  entries: number;
}

export interface Counts {
  pass: number;
  fail: number;
  warn: number;
  manual: number;
  skip: number;
}

export interface ToolInfo {
  name: string;
  version: string;
}

export interface Report {
  schemaVersion: 1;
  tool: ToolInfo;
  /** The action or CLI command that produced the report. */
  command: string;
  mode: Mode;
  beta: boolean;
  plugin?: PluginInfo;
  database?: DatabaseInfo;
  result: 'pass' | 'fail';
  counts: Counts;
  checks: CheckResult[];
  /** What the configuration file silenced (present when a configuration was applied). */
  suppressed?: Suppressed;
  /** Findings matched in the baseline file (present when a baseline was applied). */
  baseline?: BaselineSummary;
}

export interface Suppressed {
  /** The configuration file that asked, relative to the plugin root. */
  config: string;
  /** Findings dropped (rules turned off, ignored paths). */
  findings: number;
  /** Per rule id, how many findings it lost. */
  rules: Record<string, number>;
  /** Checks the configuration turned off. */
  checks: string[];
  /** Findings whose severity the configuration changed. */
  severityChanged: number;
}

export interface BaselineSummary {
  file: string;
  /** Findings matched in the baseline, reported as known notices. */
  known: number;
  /** Baseline entries no finding matched any more (fixed since): worth removing. */
  fixed: number;
}

/** An error in what the user asked for (bad option, missing path): exit 2 with one line. */
export class InputError extends Error {
  override name = 'InputError';
}

export function countStatuses(checks: readonly CheckResult[]): Counts {
  const counts: Counts = { pass: 0, fail: 0, warn: 0, manual: 0, skip: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}

/** The status a check's findings imply when the check does not set one itself. */
export function statusFromFindings(findings: readonly Finding[]): Status {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** Findings sorted most important first, then by file and position, stable otherwise. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        compareSeverity(a.finding.severity, b.finding.severity) ||
        (a.finding.file ?? '\uffff').localeCompare(b.finding.file ?? '\uffff') ||
        (a.finding.line ?? 0) - (b.finding.line ?? 0) ||
        (a.finding.column ?? 0) - (b.finding.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

export function failedCheckIds(report: Report): string[] {
  return report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}
