import type { Finding, Report, Severity } from '../model';
import { checkOfRule, declaredRule, ruleHelpUri } from '../rules';
import { joinPath } from './common';

export interface SarifOptions {
  /** Prefix for finding paths, relative to the repository root. */
  pathPrefix?: string;
  informationUri?: string;
  /**
   * The code-scanning category (upload-sarif's convention: `automationDetails.id` is the
   * category followed by `/`). Without one the run carries no automationDetails, so
   * upload-sarif's own `category` input, or its default per workflow, job and matrix, applies;
   * a SARIF that carries an id makes upload-sarif ignore its `category` input.
   */
  category?: string;
}

/** `automationDetails.id` for a category: the category, ending with `/`. */
export function sarifAutomationId(category: string): string {
  return category.endsWith('/') ? category : `${category}/`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

/**
 * SARIF 2.1.0 for code scanning. Code scanning needs a location on every result, so
 * findings without a file are placed on the manifest (or, for a database, its file).
 */
export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const fallbackFile = report.database?.path ?? report.plugin?.manifestPath ?? 'plugin.json';
  const ruleIds = [...new Set(report.checks.flatMap((c) => c.findings.map((f) => f.rule)))].sort();
  const checkByRule = new Map(report.checks.flatMap((c) => c.findings.map((f) => [f.rule, c] as const)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: ruleIds.map((id) => {
              const check = checkByRule.get(id);
              const declared = declaredRule(id);
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
                shortDescription: { text: check ? `${check.title} (${check.id})` : id },
                ...(declared ? { fullDescription: { text: declared.description } } : {}),
                helpUri: declared?.helpUri ?? ruleHelpUri(checkOfRule(id), id),
                ...(declared?.fix ? { help: { text: declared.fix } } : {}),
                ...(declared ? { defaultConfiguration: { level: LEVEL[declared.severity] } } : {}),
                properties: { check: check?.id, requirement: check?.requirement ?? undefined },
              };
            }),
          },
        },
        ...(options.category?.trim() ? { automationDetails: { id: sarifAutomationId(options.category.trim()) } } : {}),
        results: report.checks.flatMap((check) =>
          check.findings.map((finding) =>
            result(finding, check.id, fallbackFile, options.pathPrefix ?? '', report.baseline !== undefined),
          ),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function result(finding: Finding, checkId: string, fallbackFile: string, prefix: string, baselined: boolean) {
  const region: Record<string, number> = { startLine: finding.line ?? 1 };
  if (finding.column !== undefined) region.startColumn = finding.column;
  if (finding.endLine !== undefined) region.endLine = finding.endLine;
  if (finding.endColumn !== undefined) region.endColumn = finding.endColumn;
  return {
    ruleId: finding.rule,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: joinPath(prefix, finding.file ?? fallbackFile), uriBaseId: '%SRCROOT%' },
          region,
        },
      },
    ],
    ...(baselined ? { baselineState: finding.known ? 'unchanged' : 'new' } : {}),
    properties: { check: checkId },
  };
}
