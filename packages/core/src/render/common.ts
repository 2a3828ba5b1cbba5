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
  const cleanPrefix = prefix.replace(/\\/g, '/').replace(/^(?:\.\/+)+/, '').replace(/\/+$/, '');
  return cleanPrefix && cleanPrefix !== '.' ? `${cleanPrefix}/${file}` : file;
}

/** One line naming what was reviewed: `com.example.demo 1.2.0 (plugin.json)`. */
export function subjectLine(report: Report): string {
  if (report.database) return `${report.database.path} (${report.database.entries} ${report.database.entries === 1 ? 'entry' : 'entries'})`;
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
