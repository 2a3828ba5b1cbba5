import { parseMarkdownDocument, type MarkdownDocument } from '@mm-review/plugin';
import type { DocFile, DocRole } from './model';

/** Parses Markdown text with the suite's one reader (`@mm-review/plugin` markdown) into a documentation file. */
export async function parseMarkdown(path: string, role: DocRole, text: string): Promise<DocFile> {
  return docFile(await parseMarkdownDocument(path, text), role);
}

/** A parsed document seen as documentation in a given role. */
export function docFile(document: MarkdownDocument, role: DocRole): DocFile {
  return { path: document.path, role, text: document.text, lines: document.lines, ...document.structure };
}
