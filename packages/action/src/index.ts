export { runAction } from './main';
export { annotate, ANNOTATIONS_PER_TYPE } from './annotations';
export { summaryMarkdown, SUMMARY_LIMIT_BYTES } from './summary';
export { createActionIO, type ActionIO } from './io';
