import type { Report } from '../model';
import { renderJson } from './json';
import { renderMarkdown, type MarkdownOptions } from './markdown';
import { renderSarif, type SarifOptions } from './sarif';
import { renderText, type TextOptions } from './text';

export { renderJson, renderMarkdown, renderSarif, renderText };
export type { MarkdownOptions, SarifOptions, TextOptions };
export { formatLocation, joinPath, STATUS_LABEL } from './common';
export { codeSpan, escapeInline, escapeMarkdown } from './markdown';
export { printable } from './text';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function render(
  report: Report,
  format: Format,
  options: TextOptions & MarkdownOptions & SarifOptions = {},
): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report, options);
    case 'sarif':
      return renderSarif(report, options);
    case 'text':
      return renderText(report, options);
  }
}
