// The CI lint of workflows and of the YAML blocks in the docs (scripts/lint-workflows.mjs,
// scripts/check-docs-yaml.mjs): what they must catch and what they must let through.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from './harness';

interface Problem {
  line: number;
  column: number;
  message: string;
  kind: string;
}
interface LintModule {
  lintWorkflow(text: string, file: string): Promise<Problem[]>;
  yamlProblems(text: string): Problem[];
}
interface DocsModule {
  yamlBlocks(markdown: string): { line: number; text: string }[];
}

const load = async <T>(name: string) => (await import(pathToFileURL(path.join(ROOT, 'scripts', name)).href)) as T;

const workflow = (inputs: number, extra = '') => `on:
  workflow_dispatch:
    inputs:
${Array.from({ length: inputs }, (_, i) => `      in${i}:\n        type: string`).join('\n')}
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello${extra}
`;

describe('workflow and docs YAML lint', () => {
  it('reports a YAML error in a docs block at its line in the Markdown file', async () => {
    const { yamlBlocks } = await load<DocsModule>('check-docs-yaml.mjs');
    const { yamlProblems } = await load<LintModule>('lint-workflows.mjs');
    const markdown =
      'Intro\n\n```yaml\n- name: Announce\n  run: echo "$ADDED" | jq -r \'.[] | "\\(.name) (min \\(.v)): \\(.url)"\'\n```\n\n```yml\nok: true\n```\n';
    const blocks = yamlBlocks(markdown);
    expect(blocks.map((b) => b.line)).toEqual([4, 9]);
    const problems = yamlProblems(blocks[0]?.text ?? '');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, kind: 'yaml' });
    expect(yamlProblems(blocks[1]?.text ?? '')).toEqual([]);
  });

  it('runs actionlint 1.7: flags an unknown context, allows up to 25 workflow_dispatch inputs', async () => {
    const { lintWorkflow } = await load<LintModule>('lint-workflows.mjs');
    expect(await lintWorkflow(workflow(11), 'a.yml')).toEqual([]);
    expect((await lintWorkflow(workflow(26), 'a.yml')).map((p) => p.kind)).toEqual(['events']);
    const unknown = await lintWorkflow(workflow(1, ' ${{ github.no_such_property }}'), 'a.yml');
    expect(unknown).toEqual([
      expect.objectContaining({ kind: 'expression', message: expect.stringContaining('no_such_property') }),
    ]);
  });
});
