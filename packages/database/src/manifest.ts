import {
  LoadedManifest,
  MANIFEST_SPEC,
  OBSOLETE_FIELDS,
  manifestRuleFindings,
  parseManifestText,
  type FieldSpec,
  type Manifest,
} from '@mm-review/plugin';
import type { Finding } from '@mm-review/core';
import type { EntryProblem } from './problem';
import { IS_VALID_RULES } from './rules';
import type { DatabaseFile } from '@mm-review/marketplace';

/** Reported by database-entries with the Marketplace consequence instead. */
const COVERED_RULES = new Set(['manifest/version-invalid', 'manifest/min-server-version-invalid']);
/** The name the embedded manifest is parsed under (JSON); messages drop it. */
const MANIFEST_FILE = 'manifest.json';

/**
 * The manifest rules of validate-manifest on an entry's embedded manifest, without
 * positions. The common case (a manifest the Go model wrote, every field of the right
 * type) is decoded straight from the parsed value; a manifest that needs the full
 * decoder (odd key case, wrong types, obsolete fields) is parsed from its source text
 * at once, which also gives positions. Positions for the fast case come from
 * `locatedManifestProblems`, called only for entries whose findings are listed. The common
 * case answers at once, not as a promise (validate-database asks for each of 10,000 entries).
 */
export function manifestProblems(
  database: DatabaseFile,
  index: number,
  manifest: unknown,
): EntryProblem[] | Promise<EntryProblem[]> {
  const decoded = decodePlain(manifest, MANIFEST_PLAN, 0);
  if (decoded === FAILED || !isTopLevelClean(manifest)) return locatedManifestProblems(database, index);
  const loaded = new LoadedManifest(MANIFEST_FILE, 'json', '', decoded as Manifest, true, true, NO_LOCATIONS);
  const findings = manifestRuleFindings(loaded);
  return findings.length === 0 ? [] : relevant(findings).map((finding) => asProblem(finding));
}

/** The fast path's manifest has no text, so no locations (read-only: `at` only looks up). */
const NO_LOCATIONS: ConstructorParameters<typeof LoadedManifest>[6] = new Map();

/** The manifest problems of an entry with their exact positions in plugins.json. */
export async function locatedManifestProblems(database: DatabaseFile, index: number): Promise<EntryProblem[]> {
  const source = database.fieldSource(index, ['manifest']);
  if (!source) return [];
  const { loaded, findings } = await parseManifestText(MANIFEST_FILE, source.text);
  const all = loaded ? [...findings, ...manifestRuleFindings(loaded)] : findings;
  return relevant(all).map((finding) => asProblem(finding, shift(finding, source.start)));
}

function asProblem(finding: Finding, position?: { line: number; column: number }): EntryProblem {
  return {
    rule: `database-entries/manifest-${finding.rule.replace(/^manifest\//, '')}`,
    severity: finding.severity,
    message: `manifest: ${finding.message.replace(`${MANIFEST_FILE} `, '')}${IS_VALID_RULES.has(finding.rule) ? STOPS : ''}`,
    path: ['manifest'],
    fromManifest: true,
    ...(IS_VALID_RULES.has(finding.rule) && finding.severity === 'error' ? { critical: true } : {}),
    ...(position ? { position } : {}),
  };
}

function relevant(findings: Finding[]): Finding[] {
  return findings.filter((f) => !COVERED_RULES.has(f.rule));
}

/** A position inside the manifest's text, moved to where that text starts in plugins.json. */
function shift(finding: Finding, start: { line: number; column: number }): { line: number; column: number } {
  const line = finding.line ?? 1;
  const column = finding.column ?? 1;
  return line === 1 ? { line: start.line, column: start.column + column - 1 } : { line: start.line + line - 1, column };
}

/** The Marketplace's store runs Manifest.IsValid() on every entry when it loads plugins.json. */
const STOPS =
  ' (The Marketplace checks this for every entry when it loads plugins.json and does not start while it fails.)';

const FAILED = Symbol('needs the full decoder');

function isTopLevelClean(manifest: unknown): boolean {
  for (const key in manifest as object) if (Object.hasOwn(OBSOLETE_FIELDS, key)) return false;
  return true;
}

/**
 * The Go model's decoding of a plain JSON value, for values that need none of its
 * leniency: exact key names, no type mismatches. Anything else returns FAILED and is
 * left to the located decoder, which reports it. A value is copied only where a null
 * has to become absent, so the usual manifest is checked without allocating. A null in
 * an `any` field (a setting's `"default": null`, which the Go model writes for every
 * setting without a default) stays null: Go's nil, which every manifest rule reads as
 * absent, and no copy of each setting.
 *
 * One function that calls only itself, not one per kind calling each other: the engine
 * inlines mutually recursive functions into each other and compiled the three of them
 * separately, each with the others inside (measured on Node 24: about 40 ms of optimizing
 * compiler time on 10,000 entries).
 */
function decodePlain(value: unknown, plan: Plan, depth: number): unknown {
  if (value === null) return plan.type === 'any' ? null : undefined;
  switch (plan.type) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : FAILED;
    case 'bool':
      return typeof value === 'boolean' ? value : FAILED;
    case 'array': {
      if (!Array.isArray(value) || depth > 8) return FAILED;
      const itemPlan = plan.items as Plan;
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const decoded = decodePlain(item, itemPlan, depth + 1);
        if (decoded === FAILED) return FAILED;
        if (decoded !== item && !copy) copy = value.slice(0, i);
        copy?.push(decoded);
      }
      return copy ?? value;
    }
    case 'map':
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value) || depth > 8) return FAILED;
      const record = value as Record<string, unknown>;
      const fields = plan.fields;
      let copy: Record<string, unknown> | undefined;
      // for-in, not Object.keys: no array per record, and V8 reads record[key] from its enum cache.
      for (const key in record) {
        const itemPlan = fields ? fields.get(key) : plan.values;
        if (!itemPlan) return FAILED;
        const item = record[key];
        // As the located decoder: a Go map keeps a key whose value is null (nil for `any`, else the zero value).
        const decoded = item === null && !fields ? zeroValue(itemPlan) : decodePlain(item, itemPlan, depth + 1);
        if (decoded === FAILED) return FAILED;
        if (decoded !== item && !copy) copy = copyBefore(record, key);
        if (copy && decoded !== undefined) copy[key] = decoded;
      }
      return copy ?? record;
    }
  }
}

/**
 * A field spec as the decoder walks it: every node the same shape, and an object's fields
 * in a Map (own keys only: a manifest key "constructor" is not a field), made once.
 */
interface Plan {
  type: FieldSpec['type'];
  fields: Map<string, Plan> | undefined;
  items: Plan | undefined;
  values: Plan | undefined;
}

function planOf(spec: FieldSpec, made = new Map<FieldSpec, Plan>()): Plan {
  const existing = made.get(spec);
  if (existing) return existing;
  const plan: Plan = { type: spec.type, fields: undefined, items: undefined, values: undefined };
  made.set(spec, plan);
  if (spec.type === 'object')
    plan.fields = new Map(Object.entries(spec.fields).map(([key, field]) => [key, planOf(field, made)]));
  else if (spec.type === 'array') plan.items = planOf(spec.items, made);
  else if (spec.type === 'map') plan.values = planOf(spec.values, made);
  return plan;
}

const MANIFEST_PLAN = planOf(MANIFEST_SPEC);

/** The record's members that come before `stop`, copied. */
function copyBefore(record: Record<string, unknown>, stop: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key in record) {
    if (key === stop) break;
    copy[key] = record[key];
  }
  return copy;
}

function zeroValue(spec: Plan): unknown {
  if (spec.type === 'string') return '';
  if (spec.type === 'bool') return false;
  return null;
}
