import { nearestName, type Severity } from '@mm-review/core';
import type { FieldSpec, Manifest } from './schema';
import { MANIFEST_SPEC, OBSOLETE_FIELDS } from './schema';
import { describeKind, toPlain, type ValueNode } from './tree';

export interface NodeLocation {
  offset: number;
  length: number;
  keyOffset?: number;
  keyLength?: number;
}

export interface DecodeProblem {
  offset: number;
  length: number;
  severity: Severity;
  rule: string;
  message: string;
  /** The server cannot load a manifest with this problem. */
  fatal: boolean;
}

export interface Decoded {
  manifest: Manifest;
  /** Locations by canonical path: `settings_schema.settings.2.key`. */
  locations: Map<string, NodeLocation>;
  problems: DecodeProblem[];
}

type Format = 'json' | 'yaml';

/**
 * Decodes a manifest tree the way the server's Go model does: JSON keys match field
 * names ignoring case, YAML keys exactly; unknown keys are ignored; for a duplicate
 * key the last wins; `null` leaves the zero value; a type mismatch fails the load.
 * Every deviation is reported with its location.
 */
export function decodeManifest(root: ValueNode, format: Format): Decoded {
  const locations = new Map<string, NodeLocation>();
  const problems: DecodeProblem[] = [];
  locations.set('', { offset: root.offset, length: root.length });
  const manifest = decode(root, MANIFEST_SPEC, [], { format, locations, problems }) as Manifest | undefined;
  if (root.kind !== 'object') {
    problems.push({
      offset: root.offset,
      length: root.length,
      severity: 'error',
      rule: 'manifest/type-mismatch',
      fatal: true,
      message: `The manifest must be an object, but is ${describeKind(root)}.`,
    });
  }
  return { manifest: manifest ?? {}, locations, problems };
}

interface State {
  format: Format;
  locations: Map<string, NodeLocation>;
  problems: DecodeProblem[];
}

export function displayPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function decode(node: ValueNode, spec: FieldSpec, path: (string | number)[], state: State): unknown {
  if (node.kind === 'null') return undefined;
  switch (spec.type) {
    case 'any':
      return toPlain(node);
    case 'string':
      if (node.kind === 'string') return node.value;
      if (state.format === 'yaml' && (node.kind === 'number' || node.kind === 'boolean')) {
        const raw = node.kind === 'number' ? node.raw : String(node.value);
        state.problems.push({
          ...span(node),
          severity: 'error',
          rule: 'manifest/yaml-unquoted-scalar',
          fatal: false,
          message: `${displayPath(path)} is the unquoted YAML ${node.kind} ${raw}, not a string; YAML parsers disagree on how to read it into a string field (1.0 may become "1"), so quote it: "${raw}".`,
        });
        return raw;
      }
      return mismatch(node, 'a string', path, state);
    case 'bool':
      if (node.kind === 'boolean') return node.value;
      return mismatch(node, 'true or false', path, state);
    case 'array':
      if (node.kind !== 'array') return mismatch(node, 'an array', path, state);
      return node.items.map((item, index) => {
        const itemPath = [...path, index];
        state.locations.set(itemPath.join('.'), span(item));
        return decode(item, spec.items, itemPath, state);
      });
    case 'map':
      if (node.kind !== 'object') return mismatch(node, 'an object', path, state);
      return decodeMap(node, spec.values, path, state);
    case 'object':
      if (node.kind !== 'object') return mismatch(node, 'an object', path, state);
      return decodeObject(node, spec.fields, path, state);
  }
}

function decodeMap(
  node: Extract<ValueNode, { kind: 'object' }>,
  values: FieldSpec,
  path: (string | number)[],
  state: State,
) {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const property of node.properties) {
    const propertyPath = [...path, property.key];
    checkDuplicate(property.key, property, seen, path, state);
    state.locations.set(propertyPath.join('.'), {
      ...span(property.value),
      keyOffset: property.keyOffset,
      keyLength: property.keyLength,
    });
    const value = decode(property.value, values, propertyPath, state);
    // A Go map keeps a key whose value is null: nil for `any` values, the zero value otherwise.
    if (value !== undefined) out[property.key] = value;
    else if (property.value.kind === 'null') out[property.key] = values.type === 'any' ? null : zeroValue(values);
  }
  return out;
}

function zeroValue(spec: FieldSpec): unknown {
  if (spec.type === 'string') return '';
  if (spec.type === 'bool') return false;
  return null;
}

function decodeObject(
  node: Extract<ValueNode, { kind: 'object' }>,
  fields: Record<string, FieldSpec>,
  path: (string | number)[],
  state: State,
) {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  const names = Object.keys(fields);
  for (const property of node.properties) {
    const field = matchField(property.key, names, state.format);
    const where = { offset: property.keyOffset, length: property.keyLength };
    if (field === undefined) {
      state.problems.push({ ...where, ...unknownField(property.key, names, path, state.format) });
      continue;
    }
    if (field !== property.key) {
      state.problems.push({
        ...where,
        severity: 'warning',
        rule: 'manifest/key-case',
        fatal: false,
        message: `"${property.key}" matches the field "${field}" only ignoring case; the server accepts it, but YAML manifests, the Marketplace tooling and other readers do not: rename it to "${field}".`,
      });
    }
    checkDuplicate(field, property, seen, path, state);
    if (path.length === 0 && field in OBSOLETE_FIELDS) {
      state.problems.push({
        ...where,
        severity: 'warning',
        rule: 'manifest/obsolete-field',
        fatal: false,
        message: `"${field}" is obsolete: ${OBSOLETE_FIELDS[field]}; the starter template's build also rejects it.`,
      });
    }
    const fieldPath = [...path, field];
    state.locations.set(fieldPath.join('.'), {
      ...span(property.value),
      keyOffset: property.keyOffset,
      keyLength: property.keyLength,
    });
    const value = decode(property.value, fields[field] as FieldSpec, fieldPath, state);
    if (value === undefined) delete out[field];
    else out[field] = value;
  }
  return out;
}

function matchField(key: string, names: readonly string[], format: Format): string | undefined {
  if (names.includes(key)) return key;
  if (format === 'yaml') return undefined;
  const folded = key.toLowerCase();
  return names.find((name) => name.toLowerCase() === folded);
}

function checkDuplicate(
  field: string,
  property: { key: string; keyOffset: number; keyLength: number },
  seen: Map<string, number>,
  path: (string | number)[],
  state: State,
): void {
  const previous = seen.get(field);
  seen.set(field, property.keyOffset);
  if (previous === undefined) return;
  state.problems.push({
    offset: property.keyOffset,
    length: property.keyLength,
    severity: state.format === 'yaml' ? 'error' : 'warning',
    rule: 'manifest/duplicate-key',
    fatal: state.format === 'yaml',
    message: `"${displayPath([...path, field])}" is set twice in the same object; ${state.format === 'yaml' ? 'the YAML decoder rejects duplicate keys' : 'the server keeps only this last value'}: remove one of them.`,
  });
}

function unknownField(
  key: string,
  names: readonly string[],
  path: (string | number)[],
  format: Format,
): Omit<DecodeProblem, 'offset' | 'length'> {
  const suggestion = closest(key, names);
  const where = path.length === 0 ? 'manifest' : `"${displayPath(path)}"`;
  const caseHint =
    format === 'yaml' && names.some((n) => n.toLowerCase() === key.toLowerCase())
      ? ' (YAML keys are case-sensitive)'
      : '';
  return {
    severity: 'warning',
    rule: 'manifest/unknown-field',
    fatal: false,
    message: `"${key}" is not a ${where} field${caseHint}; the server ignores it and the starter template's build rejects it: ${suggestion ? `did you mean "${suggestion}"?` : 'remove it'}`,
  };
}

function mismatch(node: ValueNode, expected: string, path: (string | number)[], state: State): undefined {
  state.problems.push({
    ...span(node),
    severity: 'error',
    rule: 'manifest/type-mismatch',
    fatal: true,
    message: `${displayPath(path)} must be ${expected}, but is ${describeKind(node)}; the server cannot load this manifest.`,
  });
  return undefined;
}

function span(node: { offset: number; length: number }): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

/** The known name within edit distance 2 of a typo (compared in lower case), if any. */
function closest(key: string, names: readonly string[]): string | undefined {
  return nearestName(key.toLowerCase(), names, 2);
}
