import { checkOfRule } from './rules';
import {
  statusFromFindings,
  type BaselineSummary,
  type CheckResult,
  type Finding,
  type Severity,
  type Suppressed,
} from './model';

/** What a configuration file may say about a rule: turn it off, or give it another severity. */
export type RuleSetting = 'off' | Severity;

/** The configuration's part that changes findings (checks turned off are never run). */
export interface FindingPolicy {
  /** The configuration file, relative to the plugin root, named in the report. */
  config: string;
  checksOff: readonly string[];
  rules: Readonly<Record<string, RuleSetting>>;
  /** Whether a file is under an ignored path; applies to the findings of `ignoreChecks`. */
  ignored?: (file: string) => boolean;
  ignoreChecks: ReadonlySet<string>;
}

/** One known finding: its rule, file and a fingerprint that does not depend on line numbers. */
export interface BaselineEntry {
  rule: string;
  file?: string;
  fingerprint: string;
  /** How many findings with this rule, file and fingerprint are known. */
  count: number;
  /** The message when the baseline was written, for the person reading the file. */
  message: string;
}

export interface BaselineFile {
  schemaVersion: 1;
  tool: string;
  findings: BaselineEntry[];
}

export interface PolicyOutcome {
  checks: CheckResult[];
  suppressed?: Suppressed;
  baseline?: BaselineSummary;
}

/**
 * Applies a configuration and a baseline to check results: findings of rules turned off or
 * under ignored paths are dropped (and counted), severities are changed, and findings the
 * baseline knows become notices marked `known`. A check's status is recomputed from what is
 * left unless it was `manual` or `skip`, so a check fails only on new problems.
 */
export function applyPolicy(
  checks: readonly CheckResult[],
  policy: FindingPolicy | undefined,
  baseline: { file: string; data: BaselineFile } | undefined,
): PolicyOutcome {
  const suppressed: Suppressed | undefined = policy
    ? { config: policy.config, findings: 0, rules: {}, checks: [...policy.checksOff], severityChanged: 0 }
    : undefined;
  const remaining = baseline ? baselineCounts(baseline.data) : undefined;
  let known = 0;
  const out = checks.map((check) => {
    if (check.findings.length === 0) return check;
    let changed = false;
    const findings: Finding[] = [];
    for (const original of check.findings) {
      let finding = original;
      if (policy && suppressed) {
        const setting = policy.rules[finding.rule];
        const ignoredPath =
          finding.file !== undefined && policy.ignoreChecks.has(check.id) && policy.ignored?.(finding.file) === true;
        if (setting === 'off' || ignoredPath) {
          suppressed.findings += 1;
          suppressed.rules[finding.rule] = (suppressed.rules[finding.rule] ?? 0) + 1;
          changed = true;
          continue;
        }
        if (setting && setting !== finding.severity) {
          finding = { ...finding, severity: setting };
          suppressed.severityChanged += 1;
          changed = true;
        }
      }
      if (remaining && finding.severity !== 'notice') {
        const key = baselineKey(finding.rule, finding.file, fingerprint(finding));
        const left = remaining.get(key) ?? 0;
        if (left > 0) {
          remaining.set(key, left - 1);
          finding = { ...finding, severity: 'notice', known: true };
          known += 1;
          changed = true;
        }
      }
      findings.push(finding);
    }
    if (!changed) return check;
    const status = check.status === 'manual' || check.status === 'skip' ? check.status : statusFromFindings(findings);
    return { ...check, status, findings };
  });
  const outcome: PolicyOutcome = { checks: out };
  if (suppressed) outcome.suppressed = suppressed;
  if (baseline && remaining) {
    // Only entries of checks that ran count as fixed: another action, or a check skipped in
    // this mode, says nothing about them.
    const ran = new Set(out.filter((c) => c.status !== 'skip').map((c) => c.id));
    let fixed = 0;
    for (const [key, left] of remaining) if (ran.has(checkOfRule(key.slice(0, key.indexOf('\u0000'))))) fixed += left;
    outcome.baseline = { file: baseline.file, known, fixed };
  }
  return outcome;
}

/** The baseline of a set of results: every error and warning, grouped with counts. */
export function baselineOf(checks: readonly CheckResult[], tool: string): BaselineFile {
  const entries = new Map<string, BaselineEntry>();
  for (const check of checks) {
    for (const finding of check.findings) {
      if (finding.severity === 'notice') continue;
      const print = fingerprint(finding);
      const key = baselineKey(finding.rule, finding.file, print);
      const entry = entries.get(key);
      if (entry) entry.count += 1;
      else {
        entries.set(key, {
          rule: finding.rule,
          ...(finding.file !== undefined ? { file: finding.file } : {}),
          fingerprint: print,
          count: 1,
          message: finding.message,
        });
      }
    }
  }
  const findings = [...entries.values()].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      a.rule.localeCompare(b.rule) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  return { schemaVersion: 1, tool, findings };
}

/**
 * A fingerprint of a finding that survives edits elsewhere in the file: its rule, file and
 * message with every location (`file:12:3`, `line 12`, `column 3`) taken out. Findings that
 * differ only by where they are share a fingerprint; the baseline keeps their count.
 */
export function fingerprint(finding: Pick<Finding, 'rule' | 'file' | 'message'>): string {
  const message = finding.message
    .replace(/:\d+(?::\d+)?\b/g, ':#')
    .replace(/\b(lines?|columns?|col\.?)\s+\d+(?:\s*[-–]\s*\d+)?/gi, '$1 #')
    .replace(/\s+/g, ' ')
    .trim();
  return fnv1a64(`${finding.rule}\u0000${finding.file ?? ''}\u0000${message}`);
}

function baselineKey(rule: string, file: string | undefined, print: string): string {
  return `${rule}\u0000${file ?? ''}\u0000${print}`;
}

function baselineCounts(data: BaselineFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of data.findings) {
    const key = baselineKey(entry.rule, entry.file, entry.fingerprint);
    counts.set(key, (counts.get(key) ?? 0) + Math.max(0, Math.floor(entry.count)));
  }
  return counts;
}

/** FNV-1a over UTF-16 code units in two 32-bit lanes: 16 hex digits, no crypto module needed. */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
