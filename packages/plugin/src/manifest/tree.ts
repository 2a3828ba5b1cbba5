/**
 * One syntax tree for JSON and YAML manifests, with source offsets, so that the
 * decoder and every rule locate findings the same way whichever format was used.
 */
export type ValueNode =
  | { kind: 'object'; offset: number; length: number; properties: PropertyNode[] }
  | { kind: 'array'; offset: number; length: number; items: ValueNode[] }
  | { kind: 'string'; offset: number; length: number; value: string }
  | { kind: 'number'; offset: number; length: number; value: number; raw: string }
  | { kind: 'boolean'; offset: number; length: number; value: boolean }
  | { kind: 'null'; offset: number; length: number };

export interface PropertyNode {
  key: string;
  keyOffset: number;
  keyLength: number;
  value: ValueNode;
}

/** A node's kind as a Go decoder error would name it. */
export function describeKind(node: ValueNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${node.raw}`;
    case 'boolean':
      return `the boolean ${node.value}`;
    case 'null':
      return 'null';
  }
}

/** Plain JavaScript value of a node (for `default` and `props`, which take anything). */
export function toPlain(node: ValueNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) out[p.key] = toPlain(p.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** Deepest nesting of `[` / `{` outside strings, found without recursion. */
export function jsonNestingDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
