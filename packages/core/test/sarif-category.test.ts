import { describe, expect, it } from '@jest/globals';
import { buildReport, renderSarif, runChecks, type Check } from '../src/index';

const failing: Check<object> = {
  id: 'docs',
  requirement: 'documentation-1',
  title: 'Docs',
  rules: {
    'docs/missing': { severity: 'error', description: 'The README has no usage section.', fix: 'Add a usage section.' },
  },
  run: () => ({
    findings: [
      {
        severity: 'error',
        rule: 'docs/missing',
        message: 'README.md has no usage section; add one.',
        file: 'README.md',
        line: 3,
        column: 1,
      },
    ],
  }),
};

async function sarifRun(category?: string): Promise<Record<string, unknown>> {
  const checks = await runChecks([failing], {}, { mode: 'new', beta: false });
  const report = buildReport({
    tool: { name: 'mm-review', version: '0.0.0' },
    command: 'review',
    mode: 'new',
    beta: false,
    checks,
    plugin: { id: 'com.example.x', manifestPath: 'plugin.json' },
  });
  return JSON.parse(renderSarif(report, category === undefined ? {} : { category })).runs[0];
}

describe('SARIF automationDetails', () => {
  it("carries no automationDetails without a category, so upload-sarif's category input applies", async () => {
    expect(await sarifRun()).not.toHaveProperty('automationDetails');
    expect(await sarifRun('  ')).not.toHaveProperty('automationDetails');
  });

  it('writes the category as upload-sarif does: ending with a slash', async () => {
    expect((await sarifRun('mm-review-plugin')).automationDetails).toEqual({ id: 'mm-review-plugin/' });
    expect((await sarifRun('release/gate/')).automationDetails).toEqual({ id: 'release/gate/' });
  });

  it('describes each rule from its declaration: full description, help link, default level', async () => {
    const run = (await sarifRun()) as { tool: { driver: { rules: Record<string, unknown>[] } } };
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'docs/missing',
      fullDescription: { text: 'The README has no usage section.' },
      helpUri: 'https://github.com/mm-review/mm-review/blob/main/docs/rules/docs.md#missing',
      help: { text: 'Add a usage section.' },
      defaultConfiguration: { level: 'error' },
    });
  });
});
