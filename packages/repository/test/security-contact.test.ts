import { afterAll, describe, expect, it } from '@jest/globals';
import { runChecks, type CheckResult } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import type { PluginReviewOptions } from '@mm-review/plugin';
import { securityContactCheck } from '../src/index';
import { contextFor, fakeGitHub, makeTree, manifest, removeTrees, type TreeEntry } from './helpers';

afterAll(removeTrees);

async function check(files: Record<string, TreeEntry>, options: Partial<PluginReviewOptions> = { offline: true }, github?: GitHubApi): Promise<CheckResult> {
  const root = await makeTree({ 'plugin.json': manifest(), ...files });
  const [result] = await runChecks([securityContactCheck], await contextFor(root, options, github), { mode: 'new', beta: false });
  if (!result) throw new Error('no result');
  return result;
}

const POINTER = '# Security Policy\n\nPlease do not open public issues.\n\nReport via GitHub\'s Private Vulnerability Reporting on the Security tab.\n';

describe('security-contact', () => {
  it.each(['SECURITY.md', '.github/SECURITY.md', 'docs/security.md'])('passes with an email address in %s and says where', async (file) => {
    const result = await check({ [file]: '# Security\n\nReport vulnerabilities to [security@acme.io](mailto:security@acme.io).\n' });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(`Security contact: email security@acme.io in ${file}:3.`);
  });

  it('passes with a Mattermost Community username in a README security section', async () => {
    const readme = '# Demo\n\n## Usage\n\nMention @someone in a channel.\n\n## Security\n\nPlease send a direct message to @jdoe on the Mattermost Community server.\n\n## License\n';
    const result = await check({ 'README.md': readme });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('Security contact: Mattermost Community user @jdoe in README.md:9.');
  });

  it('passes with a community.mattermost.com link in a setext-heading section of the docs', async () => {
    const doc = 'Reporting vulnerabilities\n-------------------------\n\nWrite to https://community.mattermost.com/core/messages/@jdoe\n';
    const result = await check({ 'docs/guide/help.md': doc });
    expect(result.summary).toBe('Security contact: Mattermost Community link https://community.mattermost.com/core/messages/@jdoe in docs/guide/help.md:4.');
  });

  it('fails a security section without a contact, at its heading', async () => {
    const readme = '# Demo\n\n### Security Notes\n\n- The token in the URL gives full access; keep it private.\n\n## Installation\n\nReport bugs to bugs@acme.io.\n';
    const result = await check({ 'README.md': readme });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'security-contact/no-contact', file: 'README.md', line: 3, column: 1 })]);
  });

  it('fails a SECURITY.md without a contact (a clone URL is no contact)', async () => {
    const result = await check({ 'SECURITY.md': '# Security\n\nClone git@github.com:acme/demo.git and open an issue.\n' });
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/no-contact', file: 'SECURITY.md', line: 1, column: 1 })]);
  });

  it('fails without any policy or section, and ignores headings inside code fences', async () => {
    const result = await check({ 'README.md': '# Demo\n\n```md\n## Security\nmail sec@acme.io\n```\n' });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/missing' })]);
    expect(result.findings[0]?.file).toBeUndefined();
  });

  it('passes when the API says private vulnerability reporting is enabled', async () => {
    const github = fakeGitHub({ privateVulnerabilityReporting: async () => true });
    const result = await check({ 'SECURITY.md': POINTER }, { repository: 'acme/demo' }, github);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('GitHub private vulnerability reporting is enabled on acme/demo (GitHub API).');
    expect(github.calls).toEqual(['pvr acme/demo']);
  });

  it('fails a policy that points to private vulnerability reporting when it is disabled', async () => {
    const result = await check({ 'SECURITY.md': POINTER }, { repository: 'acme/demo' }, fakeGitHub({ privateVulnerabilityReporting: async () => false }));
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/private-reporting-disabled', file: 'SECURITY.md', line: 5, column: 1 })]);
  });

  it('asks a person when private vulnerability reporting cannot be checked', async () => {
    const result = await check({ 'SECURITY.md': POINTER });
    expect(result.status).toBe('manual');
    expect(result.findings).toEqual([expect.objectContaining({ severity: 'notice', rule: 'security-contact/private-reporting-unverified', file: 'SECURITY.md', line: 5 })]);
    expect(result.summary).toContain('the review runs offline');
  });

  it('handles hostile Markdown (long heading runs, unclosed fences) without blowing up', async () => {
    const readme = `# Security${' '.repeat(200_000)}x\n${'#'.repeat(100_000)}\n\`\`\`\n## Security\n${'@'.repeat(100_000)}\n`;
    const result = await check({ 'README.md': readme });
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/no-contact', file: 'README.md', line: 1 })]);
  });

  it('never reads a .github folder that links out of the tree', async () => {
    const outside = await makeTree({ 'SECURITY.md': 'mail leak@outside.io' });
    const result = await check({ '.github': { symlink: outside } });
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result)).not.toContain('leak@outside.io');
  });
});
