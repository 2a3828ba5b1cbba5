import type { Finding, Severity } from '@mm-review/core';
import type { DatabaseFile, JsonPath } from '@mm-review/marketplace';

/** A problem in one entry, located by a path inside the entry until it is reported. */
export interface EntryProblem {
  rule: string;
  severity: Severity;
  message: string;
  path: JsonPath;
  which?: 'key' | 'value';
  /**
   * Breaks the Marketplace for everyone (a server error or panic), so it is an error
   * even in an entry this change does not touch.
   */
  critical?: boolean;
  /** From the embedded manifest's rules: located by re-reading the manifest's text. */
  fromManifest?: boolean;
  /** Already located (manifest findings carry their own positions). */
  position?: { line: number; column: number };
}

/**
 * The policy that makes the checks usable on the real file: a problem in an entry this
 * change adds or modifies is an error; in an untouched (legacy) entry it is a warning,
 * unless it breaks the Marketplace.
 */
export function severityFor(problem: EntryProblem, touched: boolean): Severity {
  if (problem.severity !== 'error' || touched || problem.critical) return problem.severity;
  return 'warning';
}

export function locateProblem(database: DatabaseFile, index: number, problem: EntryProblem, touched: boolean): Finding {
  const position = problem.position ?? database.locate(index, problem.path, problem.which);
  const legacy = !touched && problem.severity === 'error' && !problem.critical;
  return {
    severity: severityFor(problem, touched),
    rule: problem.rule,
    message: legacy
      ? `${problem.message} (In an entry this change does not touch, so reported as a warning.)`
      : problem.message,
    file: database.file,
    line: position.line,
    column: position.column,
  };
}

export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
