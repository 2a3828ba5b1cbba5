import { InputError, type BaselineFile, type Workspace } from '@mm-review/core';
import { DEFAULT_BASELINE_FILE, type LoadedConfig } from './config';

/**
 * The baseline a review applies: the file the configuration names (relative to the plugin
 * root; it must exist), else `.mm-review-baseline.json` when present; none when the
 * configuration says `baseline: false` or no configuration may be read (`config: none`).
 */
export async function loadBaseline(
  workspace: Workspace,
  config: LoadedConfig | undefined,
  allowDefault: boolean,
): Promise<{ file: string; data: BaselineFile } | undefined> {
  const named = config?.config.baseline;
  if (named === false || (!allowDefault && !config)) return undefined;
  const file = named ?? DEFAULT_BASELINE_FILE;
  const read = await workspace.readText(file, { maxBytes: 64 * 1024 * 1024 });
  if (!read.ok) {
    if (read.reason === 'missing' && named === undefined) return undefined;
    throw new InputError(`baseline: ${file} cannot be read: ${read.detail}`);
  }
  return { file, data: parseBaseline(file, read.text) };
}

export function parseBaseline(file: string, text: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `baseline: ${file} is not JSON (${(error as Error).message}); write it again with "mm-review baseline"`,
    );
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  const valid =
    (data as { schemaVersion?: unknown } | null)?.schemaVersion === 1 &&
    Array.isArray(findings) &&
    findings.every(
      (f: unknown) =>
        typeof f === 'object' &&
        f !== null &&
        typeof (f as { rule?: unknown }).rule === 'string' &&
        typeof (f as { fingerprint?: unknown }).fingerprint === 'string' &&
        Number.isInteger((f as { count?: unknown }).count) &&
        ((f as { file?: unknown }).file === undefined || typeof (f as { file?: unknown }).file === 'string'),
    );
  if (!valid)
    throw new InputError(
      `baseline: ${file} is not an mm-review baseline (schemaVersion 1 with findings of rule, file, fingerprint, count); write it again with "mm-review baseline"`,
    );
  return data as BaselineFile;
}

export function stringifyBaseline(data: BaselineFile): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
