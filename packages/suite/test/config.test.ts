import { describe, expect, it } from '@jest/globals';
import type { Check } from '@mm-review/core';
import { parseConfig, findingPolicy, configSchema } from '@mm-review/suite';

const checks: Check<unknown>[] = [
  {
    id: 'license',
    requirement: 'product-1',
    title: 'License',
    rules: { 'license/missing': { severity: 'error', description: 'No license.' } },
    run: () => ({ findings: [] }),
  },
  {
    id: 'logging',
    requirement: 'technical-2',
    title: 'Logging',
    rules: { 'logging/stderr': { severity: 'warning', description: 'Prints to stderr.' } },
    run: () => ({ findings: [] }),
  },
];

const parse = (text: string) => parseConfig('.mm-review.yml', text, checks);

describe('.mm-review.yml', () => {
  it('reads checks, rules, ignore paths and defaults', async () => {
    const config = await parse(
      'mode: update\nbeta: true\nchecks:\n  license: off\nrules:\n  logging/stderr: notice\nignore:\n  - "server/generated/**"\n',
    );
    expect(config).toEqual({
      mode: 'update',
      beta: true,
      checks: { license: 'off' },
      rules: { 'logging/stderr': 'notice' },
      ignore: ['server/generated/**'],
    });
    const policy = await findingPolicy({ file: '.mm-review.yml', config });
    expect(policy.checksOff).toEqual(['license']);
    expect(policy.ignored?.('server/generated/api.go')).toBe(true);
    expect(policy.ignored?.('server/plugin.go')).toBe(false);
  });

  it('an empty file is an empty configuration', async () => {
    expect(await parse('')).toEqual({});
  });

  it.each([
    ['chekcs:\n  license: off\n', '.mm-review.yml:1:1: unknown setting "chekcs" (did you mean "checks"?)'],
    [
      'checks:\n  license: off\n  lisense: off\n',
      '.mm-review.yml:3:3: unknown check "lisense" (did you mean "license"?)',
    ],
    [
      'rules:\n  logging/stdrr: off\n',
      '.mm-review.yml:2:3: unknown rule "logging/stdrr" (did you mean "logging/stderr"?)',
    ],
    [
      'rules:\n  logging/stderr: warn\n',
      '.mm-review.yml:2:19: rules.logging/stderr must be one of "off", "error", "warning", "notice"',
    ],
    ['mode: later\n', '.mm-review.yml:1:7: mode must be one of "new", "update"'],
    ['checks: [\n', '.mm-review.yml:2:1:'],
    ['a: 1\na: 2\n', '.mm-review.yml:2:1:'],
  ])('%j is refused with file:line:column', async (text, message) => {
    await expect(parse(text)).rejects.toThrow(message);
  });

  it('the schema lists the declared check and rule ids for editors', () => {
    const schema = configSchema(checks) as {
      properties: { rules: { propertyNames: { enum: string[] } }; checks: { propertyNames: { enum: string[] } } };
    };
    expect(schema.properties.checks.propertyNames.enum).toEqual(['license', 'logging']);
    expect(schema.properties.rules.propertyNames.enum).toEqual(['license/missing', 'logging/stderr']);
  });
});
