import type { Finding, Report, Status } from '../model';

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  manual: 'needs a person',
  skip: 'skipped',
};

/** `plugin.json:12:5`, or the bare path, or '' when a finding has no file. */
export function formatLocation(finding: Finding, prefix = ''): string {
  if (!finding.file) return '';
  let text = joinPath(prefix, finding.file);
  if (finding.line !== undefined) {
    text += `:${finding.line}`;
    if (finding.column !== undefined) text += `:${finding.column}`;
  }
  return text;
}

/** `prefix/file`, where a leading `./` of the prefix is dropped but `../` is kept (it is how the path opens). */
export function joinPath(prefix: string, file: string): string {
  const cleanPrefix = prefix
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/+)+/, '')
    .replace(/\/+$/, '');
  return cleanPrefix && cleanPrefix !== '.' ? `${cleanPrefix}/${file}` : file;
}

/** One line naming what was reviewed: `com.example.demo 1.2.0 (plugin.json)`. */
export function subjectLine(report: Report): string {
  if (report.database)
    return `${report.database.path} (${report.database.entries} ${report.database.entries === 1 ? 'entry' : 'entries'})`;
  const plugin = report.plugin;
  if (!plugin?.id) return 'plugin with no readable manifest';
  const version = plugin.version ? ` ${plugin.version}` : ' (version unknown)';
  const source = plugin.manifestPath ? ` (${plugin.manifestPath})` : '';
  return `${plugin.id}${version}${source}`;
}

export function countsLine(report: Report): string {
  const c = report.counts;
  return `${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.manual} manual, ${c.skip} skip`;
}

/**
 * What the configuration and the baseline changed, one line each, so no suppression is
 * silent: `.mm-review.yml silenced 3 findings (logging/stderr ×2, …) and turned off …`.
 */
export function policyLines(report: Report): string[] {
  const lines: string[] = [];
  const s = report.suppressed;
  if (s && (s.findings > 0 || s.checks.length > 0 || s.severityChanged > 0)) {
    const parts: string[] = [];
    if (s.findings > 0) {
      const rules = Object.entries(s.rules)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([rule, n]) => `${rule} ×${n}`);
      parts.push(`silenced ${s.findings} finding${s.findings === 1 ? '' : 's'} (${rules.join(', ')})`);
    }
    if (s.checks.length > 0) parts.push(`turned off ${s.checks.join(', ')}`);
    if (s.severityChanged > 0)
      parts.push(`changed the severity of ${s.severityChanged} finding${s.severityChanged === 1 ? '' : 's'}`);
    lines.push(`${s.config} ${joinList(parts)}.`);
  }
  const b = report.baseline;
  if (b) {
    const fixed =
      b.fixed > 0
        ? `; ${b.fixed} baselined finding${b.fixed === 1 ? ' is' : 's are'} gone, so run "mm-review baseline" to shrink the file`
        : '';
    lines.push(`${b.file}: ${b.known} known finding${b.known === 1 ? '' : 's'} reported as notices${fixed}.`);
  }
  return lines;
}

function joinList(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
