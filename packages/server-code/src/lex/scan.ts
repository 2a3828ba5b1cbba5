/** Character-level helpers shared by the Go and JavaScript tokenizers. */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** End (exclusive) of a "…" or '…' literal starting at `start`; stops at the line end when unterminated. */
export function quotedEnd(text: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i += 2;
    else if (c === quote) return i + 1;
    else if (c === 10 /* \n */) return i;
    else i++;
  }
  return text.length;
}
