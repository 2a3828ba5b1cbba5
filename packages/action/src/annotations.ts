import * as core from '@actions/core';
import { joinPath, printable, rankFindings, type Finding, type Report, type Severity } from '@mm-review/core';

/** GitHub shows at most this many annotations of each type per step. */
export const ANNOTATIONS_PER_TYPE = 10;

const EMIT: Record<Severity, (message: string, properties: core.AnnotationProperties) => void> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

/**
 * Annotates the most important findings (errors, then warnings, then notices; located
 * findings before unlocated ones) up to GitHub's cap, and says how many were left out.
 */
export function annotate(report: Report, pathPrefix: string): { annotated: number; omitted: Record<Severity, number> } {
  const findings = rankFindings(
    report.checks.flatMap((c) => c.findings.map((f) => ({ ...f, message: `${printable(f.message)} [${f.rule}]` }))),
  );
  const located = [...findings.filter((f) => f.file), ...findings.filter((f) => !f.file)];
  const omitted: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const reserveNotice = located.some((f) => f.severity !== 'notice') ? 1 : 0;
  for (const severity of ['error', 'warning', 'notice'] as const) {
    const cap = severity === 'notice' ? ANNOTATIONS_PER_TYPE - reserveNotice : ANNOTATIONS_PER_TYPE;
    for (const finding of rankFindings(located.filter((f) => f.severity === severity))) {
      if (used[severity] < cap) {
        EMIT[severity](finding.message, properties(finding, pathPrefix));
        used[severity]++;
      } else omitted[severity]++;
    }
  }
  const left = omitted.error + omitted.warning;
  if (left > 0) {
    core.notice(
      `${omitted.error} more error${omitted.error === 1 ? '' : 's'} and ${omitted.warning} more warning${omitted.warning === 1 ? '' : 's'} are not annotated (GitHub shows ${ANNOTATIONS_PER_TYPE} of each per step); the job summary and the JSON report list them all.`,
      { title: `${report.tool.name}: more findings` },
    );
  }
  return { annotated: used.error + used.warning + used.notice, omitted };
}

function properties(finding: Finding, pathPrefix: string): core.AnnotationProperties {
  const props: core.AnnotationProperties = { title: finding.rule };
  if (finding.file) props.file = joinPath(pathPrefix, finding.file);
  if (finding.line !== undefined) props.startLine = finding.line;
  if (finding.column !== undefined) props.startColumn = finding.column;
  return props;
}
