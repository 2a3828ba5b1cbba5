import type { Report } from '../model';

/** The JSON report of docs/architecture.md §5. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
