import { lineAt, type Splice } from '@mm-review/marketplace';

const CONTEXT = 3;

/** A unified diff (git style) of one splice, with three lines of context; reads only the lines around it. */
export function unifiedDiff(oldBytes: Buffer, splice: Splice, file: string): string {
  const oldEnd = splice.oldStart + Buffer.byteLength(splice.removed);
  const lineStart = oldBytes.lastIndexOf(0x0a, splice.oldStart - 1) + 1;
  const nextBreak = oldBytes.indexOf(0x0a, oldEnd);
  const lineEnd = nextBreak < 0 ? oldBytes.length : nextBreak;
  const head = oldBytes.toString('utf8', lineStart, splice.oldStart);
  const tail = oldBytes.toString('utf8', oldEnd, lineEnd);
  const removed = (head + splice.removed + tail).split('\n');
  const added = (head + splice.block + tail).split('\n');
  let firstLine = lineAt(oldBytes, lineStart);
  while (removed.length > 1 && added.length > 1 && removed[0] === added[0]) {
    removed.shift();
    added.shift();
    firstLine++;
  }
  while (removed.length > 0 && added.length > 0 && removed[removed.length - 1] === added[added.length - 1]) {
    removed.pop();
    added.pop();
  }
  const contextStart = Math.max(1, firstLine - CONTEXT);
  const before = linesFrom(oldBytes, contextStart, firstLine - contextStart);
  const after = linesFrom(oldBytes, firstLine + removed.length, CONTEXT);
  const oldCount = before.length + removed.length + after.length;
  const newCount = before.length + added.length + after.length;
  return `${[
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${contextStart},${oldCount} +${contextStart},${newCount} @@`,
    ...before.map((l) => ` ${l}`),
    ...removed.map((l) => `-${l}`),
    ...added.map((l) => `+${l}`),
    ...after.map((l) => ` ${l}`),
  ].join('\n')}\n`;
}

/** `count` lines starting at 1-based `line` (fewer at the end of the file). */
function linesFrom(bytes: Buffer, line: number, count: number): string[] {
  if (count <= 0) return [];
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = bytes.indexOf(0x0a, offset);
    if (next < 0) return [];
    offset = next + 1;
  }
  const out: string[] = [];
  while (out.length < count && offset < bytes.length) {
    const next = bytes.indexOf(0x0a, offset);
    out.push(bytes.toString('utf8', offset, next < 0 ? bytes.length : next));
    offset = next < 0 ? bytes.length : next + 1;
  }
  return out;
}
