import { parseArgs } from 'node:util';
import { InputError } from '@mm-review/core';
import { TOOL, checkCatalog, configSchema, reviewChecks, type CatalogCheck } from '@mm-review/suite';
import type { CliIO } from '../io';
import { oneOf } from '../output';

export const usage = `Usage: ${TOOL.name} rules [--format text|json] [--config-schema]

Lists every check and its rules: id, default severity, description and the page that
explains it. Turn a rule off or change its severity in .mm-review.yml.
--config-schema prints the JSON Schema of .mm-review.yml instead (for editors).
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  let values: { format?: string | undefined; help?: boolean | undefined; 'config-schema'?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        format: { type: 'string', short: 'f' },
        'config-schema': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new InputError((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (values['config-schema']) {
    io.stdout(`${JSON.stringify(configSchema(reviewChecks()), null, 2)}\n`);
    return 0;
  }
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json']);
  const catalog = await checkCatalog();
  io.stdout(format === 'json' ? `${JSON.stringify(rulesJson(catalog), null, 2)}\n` : rulesText(catalog));
  return 0;
}

/** The `rules --format json` shape: `{ checks: [{ id, requirement, title, rules: [{ id, severity, description, helpUri }] }] }`. */
export function rulesJson(catalog: readonly CatalogCheck[]) {
  return {
    tool: TOOL,
    checks: catalog.map((check) => ({
      id: check.id,
      requirement: check.requirement,
      title: check.title,
      actions: check.actions,
      rules: check.rules.map((rule) => ({
        id: rule.id,
        severity: rule.severity,
        description: rule.description,
        helpUri: rule.helpUri,
        ...(rule.rationale ? { rationale: rule.rationale } : {}),
        ...(rule.fix ? { fix: rule.fix } : {}),
        ...(rule.example ? { example: rule.example } : {}),
      })),
    })),
  };
}

function rulesText(catalog: readonly CatalogCheck[]): string {
  const lines: string[] = [];
  for (const check of catalog) {
    lines.push(`${check.id}${check.requirement ? ` (${check.requirement})` : ''}: ${check.title}`);
    const width = Math.max(...check.rules.map((r) => r.id.length));
    for (const rule of check.rules)
      lines.push(`  ${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}`);
    lines.push('');
  }
  const total = catalog.reduce((n, c) => n + c.rules.length, 0);
  lines.push(`${catalog.length} checks, ${total} rules. Each rule is explained at docs/rules/<check>.md#<rule>.`);
  return `${lines.join('\n')}\n`;
}
