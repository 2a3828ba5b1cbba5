import { isDeepStrictEqual } from 'node:util';
import { LineIndex, readFailureFinding, type Finding, type Workspace } from '@mm-review/core';
import { decodeManifest, type NodeLocation } from './decode';
import { parseJson, parseYaml } from './parse';
import type { Manifest } from './schema';

/** The names the server tries, in its order (docs/mattermost.md §2). */
export const MANIFEST_NAMES = ['plugin.yml', 'plugin.yaml', 'plugin.json'] as const;

/** Real manifests are a few KB; the largest in the Marketplace is under 40 KB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export interface Located {
  file: string;
  line: number;
  column: number;
}

export class LoadedManifest {
  constructor(
    readonly file: string,
    readonly format: 'json' | 'yaml',
    readonly text: string,
    readonly manifest: Manifest,
    /** False when the server could not load it (syntax error, type mismatch). */
    readonly loadable: boolean,
    /** False when the text did not parse; the tree may then be partial. */
    readonly parsed: boolean,
    private readonly locations: Map<string, NodeLocation>,
    readonly lines: LineIndex = new LineIndex(text),
  ) {}

  /** Whether the manifest spells out a field, even with an empty or null value. */
  has(path: string): boolean {
    return this.locations.has(path);
  }

  /**
   * Where a field is, by canonical path (`settings_schema.settings.2.key`): its value,
   * or its key with `which: 'key'`. A missing field falls back to its nearest parent,
   * so every finding has a line even when it is about an absence.
   */
  at(path: string, which: 'key' | 'value' = 'value'): Located {
    let current = path;
    for (;;) {
      const location = this.locations.get(current);
      if (location) {
        const offset = which === 'key' && location.keyOffset !== undefined ? location.keyOffset : location.offset;
        return { file: this.file, ...this.lines.position(offset) };
      }
      if (current === '') return { file: this.file, line: 1, column: 1 };
      current = current.includes('.') ? current.slice(0, current.lastIndexOf('.')) : '';
    }
  }
}

export type ManifestLoad =
  { found: false; findings: Finding[] } | { found: true; loaded: LoadedManifest; findings: Finding[] };

/**
 * Finds and decodes the manifest as the server does: plugin.yml, then plugin.yaml,
 * then plugin.json at the plugin root. All problems come back as located findings.
 */
export async function loadManifest(workspace: Workspace): Promise<ManifestLoad> {
  const entries = await workspace.list('');
  const present = MANIFEST_NAMES.filter((name) => entries.some((e) => e.name === name));
  if (present.length === 0) return { found: false, findings: [missingManifest(entries.map((e) => e.name))] };

  const chosen = present[0] as string;
  const first = await readManifest(workspace, chosen);
  const findings = [...first.findings];
  if (first.loaded) {
    for (const other of present.slice(1)) findings.push(...(await shadowFindings(workspace, first.loaded, other)));
  }
  return first.loaded ? { found: true, loaded: first.loaded, findings } : { found: false, findings };
}

/** Reads and decodes one manifest file; `loaded` is undefined when it cannot be read at all. */
export async function readManifest(
  workspace: Workspace,
  file: string,
): Promise<{ loaded?: LoadedManifest; findings: Finding[] }> {
  const read = await workspace.readText(file, { maxBytes: MAX_MANIFEST_BYTES });
  if (!read.ok) return { findings: [readFailureFinding(read, 'manifest/unreadable', 'the plugin manifest')] };
  return parseManifestText(file, read.text);
}

export async function parseManifestText(
  file: string,
  text: string,
): Promise<{ loaded?: LoadedManifest; findings: Finding[] }> {
  const format = file.endsWith('.json') ? 'json' : 'yaml';
  const parsed = format === 'json' ? parseJson(text) : await parseYaml(text);
  const lines = new LineIndex(text);
  const findings: Finding[] = parsed.problems.map((p) => ({
    severity: p.fatal ? 'error' : 'warning',
    rule: p.rule,
    message: `${file} ${p.message}.`,
    file,
    ...lines.position(p.offset),
  }));
  const syntaxFatal = parsed.problems.some((p) => p.fatal);
  if (!parsed.root) return { findings };
  const decoded = decodeManifest(parsed.root, format);
  for (const problem of decoded.problems) {
    findings.push({
      severity: problem.severity,
      rule: problem.rule,
      message: problem.message,
      file,
      ...lines.position(problem.offset),
    });
  }
  const loadable = !syntaxFatal && !decoded.problems.some((p) => p.fatal);
  return {
    loaded: new LoadedManifest(file, format, text, decoded.manifest, loadable, !syntaxFatal, decoded.locations, lines),
    findings,
  };
}

async function shadowFindings(workspace: Workspace, winner: LoadedManifest, other: string): Promise<Finding[]> {
  const shadowed = await readManifest(workspace, other);
  const same =
    shadowed.loaded &&
    isDeepStrictEqual(normalizeForCompare(shadowed.loaded.manifest), normalizeForCompare(winner.manifest));
  if (same) {
    return [
      {
        severity: 'notice',
        rule: 'manifest/shadowed',
        message: `${other} is ignored because the server reads ${winner.file} first; both say the same, so delete ${other} to keep one source.`,
        file: other,
        line: 1,
        column: 1,
      },
    ];
  }
  const differing = shadowed.loaded ? differingFields(winner.manifest, shadowed.loaded.manifest) : [];
  return [
    {
      severity: 'warning',
      rule: 'manifest/shadowed',
      message: `${other} is ignored because the server reads ${winner.file} first, and the two differ${differing.length ? ` (${differing.join(', ')})` : ''}; delete the one you do not maintain.`,
      file: other,
      line: 1,
      column: 1,
    },
  ];
}

function normalizeForCompare(manifest: Manifest): Manifest {
  return { ...manifest, id: manifest.id?.toLowerCase() };
}

function differingFields(a: Manifest, b: Manifest): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((k) => !isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    .sort();
}

function missingManifest(names: string[]): Finding {
  const nearMiss = names.find((n) => /^plugin\.(ya?ml|json)$/i.test(n) || /^manifest\.json$/i.test(n));
  const hint = nearMiss
    ? ` ${nearMiss} is there, but the server looks for the exact, lower-case names plugin.yml, plugin.yaml and plugin.json: rename it.`
    : ' Add a plugin.json at the plugin root (see the starter template: https://github.com/mattermost/mattermost-plugin-starter-template).';
  return { severity: 'error', rule: 'manifest/missing', message: `No plugin manifest found.${hint}` };
}
