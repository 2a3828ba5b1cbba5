import path from 'node:path';
import {
  InputError,
  nearestName,
  LineIndex,
  type Check,
  type FindingPolicy,
  type Mode,
  type RuleSetting,
  type Workspace,
} from '@mm-review/core';

/** The configuration file looked for in the plugin root when none is named. */
export const DEFAULT_CONFIG_FILE = '.mm-review.yml';
/** The baseline file `mm-review baseline` writes, read when present (or named in the config). */
export const DEFAULT_BASELINE_FILE = '.mm-review-baseline.json';

/** The checks whose findings `ignore` paths apply to: the ones that read source code. */
export const CODE_CHECKS = [
  'server-compatibility',
  'logging',
  'settings-in-console',
  'high-availability',
  'security-review',
] as const;

/** `.mm-review.yml`, as validated against configSchema(). */
export interface ReviewConfig {
  mode?: Mode;
  beta?: boolean;
  'marketplace-database'?: string;
  'require-version-bump'?: boolean;
  baseline?: string | false;
  checks?: Record<string, 'off' | 'on'>;
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
}

export interface LoadedConfig {
  /** Where it was read from, relative to the plugin root when inside it. */
  file: string;
  config: ReviewConfig;
}

/**
 * The JSON Schema of `.mm-review.yml`, built from the checks and rules the code declares so
 * a misspelt id is caught with its line. `scripts/generate-rule-docs.mjs` writes it to
 * `schema/mm-review.schema.json` for editors (yaml-language-server, VS Code).
 */
export function configSchema(checks: readonly Check<unknown>[]): Record<string, unknown> {
  const checkIds = [...new Set(checks.map((c) => c.id))].sort();
  const ruleIds = [...new Set(checks.flatMap((c) => Object.keys(c.rules ?? {})))].sort();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/mm-review/mm-review/blob/main/schema/mm-review.schema.json',
    title: 'mm-review configuration (.mm-review.yml)',
    description:
      "Turn checks or rules off, change a rule's severity, ignore paths for the code checks, and set the review's defaults. Every suppression is counted in the report.",
    type: 'object',
    additionalProperties: false,
    properties: {
      mode: {
        description: 'Default review mode when the action input / CLI flag is not given.',
        enum: ['new', 'update'],
      },
      beta: { description: 'Review as a Beta plugin unless the input / flag says otherwise.', type: 'boolean' },
      'marketplace-database': {
        description: 'Path (relative to the plugin root) or URL of a plugins.json for id collisions.',
        type: 'string',
        minLength: 1,
      },
      'require-version-bump': {
        description: 'In update mode, fail a change that leaves the version alone.',
        type: 'boolean',
      },
      baseline: {
        description: `Baseline file of known findings, relative to the plugin root (default ${DEFAULT_BASELINE_FILE} when present); false to use none.`,
        anyOf: [{ type: 'string', minLength: 1 }, { const: false }],
      },
      checks: {
        description: 'Checks to turn off ("off"); a check turned off is reported as skipped.',
        type: 'object',
        propertyNames: oneOfIds(checkIds),
        additionalProperties: { enum: ['off', 'on'] },
      },
      rules: {
        description: 'Rules to turn off ("off") or give another severity ("error", "warning", "notice").',
        type: 'object',
        propertyNames: oneOfIds(ruleIds),
        additionalProperties: { enum: ['off', 'error', 'warning', 'notice'] },
      },
      ignore: {
        description: `Glob patterns (relative to the plugin root) whose findings the code checks (${CODE_CHECKS.join(', ')}) do not report.`,
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
    },
  };
}

/**
 * Reads the configuration: the file named (`config` input / `--config`), else
 * `.mm-review.yml` in the plugin root when it exists. `none` reads nothing: the submission
 * bot reviews other people's repositories, whose own configuration must not silence checks.
 * A file that does not parse or validate is an InputError naming file, line and column.
 */
export async function loadConfig(
  workspace: Workspace,
  named: string | undefined,
  checks: readonly Check<unknown>[],
): Promise<LoadedConfig | undefined> {
  if (named === 'none') return undefined;
  let file: string;
  let text: string;
  if (named) {
    const { readFile } = await import('node:fs/promises');
    file = relativeToRoot(workspace.root, named);
    text = await readFile(named, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new InputError(`config: cannot read ${named} (${error.code ?? error.message})`);
    });
  } else {
    const read = await workspace.readText(DEFAULT_CONFIG_FILE, { maxBytes: 256 * 1024 });
    if (!read.ok) {
      if (read.reason === 'missing') return undefined;
      throw new InputError(`config: ${DEFAULT_CONFIG_FILE} cannot be read: ${read.detail}`);
    }
    file = DEFAULT_CONFIG_FILE;
    text = read.text;
  }
  return { file, config: await parseConfig(file, text, checks) };
}

export async function parseConfig(
  file: string,
  text: string,
  checks: readonly Check<unknown>[],
): Promise<ReviewConfig> {
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const lines = new LineIndex(text);
  const at = (offset: number | undefined) => {
    const { line, column } = lines.position(offset ?? 0);
    return `${file}:${line}:${column}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new InputError(`${at(syntax.pos[0])}: ${syntax.message.split('\n')[0]}`);
  const value: unknown = doc.toJS() ?? {};
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validate = ajv.compile(configSchema(checks));
  if (!validate(value)) {
    const error = validate.errors?.[0];
    const segments = (error?.instancePath ?? '')
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = segments.length ? doc.getIn(segments, true) : doc.contents;
    let message = error?.message ?? 'is not valid';
    const params = (error?.params ?? {}) as Record<string, unknown>;
    if (error?.keyword === 'additionalProperties') {
      const key = String(params.additionalProperty);
      node = keyNode(doc.getIn(segments, true) ?? doc.contents, key) ?? node;
      const guess = closest(key, Object.keys((configSchema(checks).properties as object) ?? {}));
      throw new InputError(
        `${at(rangeStart(node))}: unknown setting "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; the settings are mode, beta, marketplace-database, require-version-bump, baseline, checks, rules, ignore`,
      );
    } else if (error?.schemaPath.includes('/propertyNames')) {
      const key = String((error as { propertyName?: unknown }).propertyName ?? params.propertyName ?? '');
      const kind = segments[0] === 'checks' ? 'check' : 'rule';
      const known = kind === 'check' ? checks.map((c) => c.id) : checks.flatMap((c) => Object.keys(c.rules ?? {}));
      const guess = closest(key, known);
      node = keyNode(doc.getIn(segments, true), key) ?? node;
      throw new InputError(
        `${at(rangeStart(node))}: unknown ${kind} "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; "mm-review rules" lists them`,
      );
    } else if (error?.keyword === 'enum') {
      message = `must be one of ${((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const where = segments.length ? `${segments.join('.')} ` : '';
    throw new InputError(`${at(rangeStart(node))}: ${where}${message}`);
  }
  return value as ReviewConfig;
}

/** A schema accepting exactly these ids (JSON Schema's enum may not be empty). */
function oneOfIds(ids: readonly string[]): Record<string, unknown> {
  return ids.length ? { enum: ids } : { not: {} };
}

/** The part of a configuration that changes findings, or undefined when it changes none. */
export async function findingPolicy(loaded: LoadedConfig): Promise<FindingPolicy> {
  const { config } = loaded;
  const patterns = config.ignore ?? [];
  const policy: FindingPolicy = {
    config: loaded.file,
    checksOff: Object.entries(config.checks ?? {})
      .filter(([, v]) => v === 'off')
      .map(([id]) => id),
    rules: config.rules ?? {},
    ignoreChecks: new Set(CODE_CHECKS),
  };
  if (patterns.length) {
    const { default: picomatch } = await import('picomatch');
    const match = picomatch(patterns, { dot: true });
    policy.ignored = (file) => match(file);
  }
  return policy;
}

function relativeToRoot(root: string, file: string): string {
  const relative = path.relative(root, path.resolve(file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file;
}

function keyNode(map: unknown, key: string): unknown {
  const items = (map as { items?: { key?: { value?: unknown; range?: number[] } }[] } | undefined)?.items;
  return items?.find((item) => item.key?.value === key)?.key;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: number[] } | undefined)?.range?.[0];
}

/** The id nearest to a misspelt one (edit distance at most a third of its length, and at least 2), if any. */
function closest(key: string, ids: readonly string[]): string | undefined {
  return nearestName(key, ids, Math.max(2, Math.floor(key.length / 3)));
}
