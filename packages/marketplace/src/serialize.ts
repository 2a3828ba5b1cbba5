import { GO_MAP } from './normalize';

/** Go sorts map keys by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * An entry's text as it appears in plugins.json: 2-space indentation with the entry
 * itself indented one level (`  {` … `  }`), no trailing comma or newline. The same
 * bytes `JSON.stringify(file, null, 2)` gives for it, except that Go maps keep sorted
 * keys even when they look like integers.
 */
export function serializeEntry(entry: object): string {
  return `  ${stringify(entry, '  ')}`;
}

/** JSON.stringify(value, null, 2) with the entry's nesting, honouring Go-map key order. */
export function stringify(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + stringify(item ?? null, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    if ((value as Record<symbol, unknown>)[GO_MAP]) keys.sort(byBytes);
    if (keys.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = keys.map(
      (key) => `${inner}${JSON.stringify(key)}: ${stringify((value as Record<string, unknown>)[key], inner)}`,
    );
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
