export { MarkdownDocument, flattenDeepNesting, parseMarkdownDocument } from './reader';
export { inlineText, plainText } from './structure';
export { decodeBasicEntities, htmlText, scanTags, type HtmlTag } from './html';
export type * from './model';
