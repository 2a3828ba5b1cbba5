import type { ToolInfo } from '@mm-review/core';

/** Kept in step with package.json by the build (scripts/build.mjs checks it). */
export const TOOL: ToolInfo = { name: 'mm-review', version: '0.1.0' };
export const HOMEPAGE = 'https://github.com/mm-review/mm-review';
