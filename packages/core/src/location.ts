/** 1-based line and column of a position in a text. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Maps character offsets to 1-based lines and columns. Line starts are found once
 * (one pass over the text), then each lookup is a binary search, so locating many
 * findings in a large file stays cheap. `\r\n`, `\n` and a lone `\r` all end a line.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 /* \n */) starts.push(i + 1);
      else if (code === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, clamped);
    return { line: line + 1, column: clamped - (this.starts[line] ?? 0) + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  offset(position: Position): number {
    const start = this.starts[position.line - 1] ?? this.text.length;
    return start + position.column - 1;
  }
}

/** The index of the last value at or before `target` in ascending `sorted` (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((sorted[mid] ?? 0) <= target) low = mid;
    else high = mid - 1;
  }
  return low;
}
