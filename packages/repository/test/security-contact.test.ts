import { afterAll, describe, expect, it } from '@jest/globals';
import { runChecks, type CheckResult } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import type { PluginReviewOptions } from '@mm-review/plugin';
import { securityContactCheck } from '../src/index';
import { contextFor, fakeGitHub, makeTree, manifest, removeTrees, type TreeEntry } from './helpers';

afterAll(removeTrees);

async function check(
  files: Record<string, TreeEntry>,
  options: Partial<PluginReviewOptions> = { offline: true },
  github?: GitHubApi,
): Promise<CheckResult> {
  const root = await makeTree({ 'plugin.json': manifest(), ...files });
  const [result] = await runChecks([securityContactCheck], await contextFor(root, options, github), {
    mode: 'new',
    beta: false,
  });
  if (!result) throw new Error('no result');
  return result;
}

const POINTER =
  "# Security Policy\n\nPlease do not open public issues.\n\nReport via GitHub's Private Vulnerability Reporting on the Security tab.\n";

describe('security-contact', () => {
  it.each(['SECURITY.md', '.github/SECURITY.md', 'docs/security.md'])(
    'passes with an email address in %s and says where',
    async (file) => {
      const result = await check({
        [file]: '# Security\n\nReport vulnerabilities to [security@acme.io](mailto:security@acme.io).\n',
      });
      expect(result.status).toBe('pass');
      expect(result.summary).toBe(`Security contact: email security@acme.io in ${file}:3.`);
    },
  );

  it('passes with a Mattermost Community username in a README security section', async () => {
    const readme =
      '# Demo\n\n## Usage\n\nMention @someone in a channel.\n\n## Security\n\nPlease send a direct message to @jdoe on the Mattermost Community server.\n\n## License\n';
    const result = await check({ 'README.md': readme });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('Security contact: Mattermost Community user @jdoe in README.md:9.');
  });

  it('passes with a community.mattermost.com link in a setext-heading section of the docs', async () => {
    const doc =
      'Reporting vulnerabilities\n-------------------------\n\nWrite to https://community.mattermost.com/core/messages/@jdoe\n';
    const result = await check({ 'docs/guide/help.md': doc });
    expect(result.summary).toBe(
      'Security contact: Mattermost Community link https://community.mattermost.com/core/messages/@jdoe in docs/guide/help.md:4.',
    );
  });

  it('fails a security section without a contact, at its heading, when the owner has no default policy', async () => {
    const readme =
      '# Demo\n\n### Security Notes\n\n- The token in the URL gives full access; keep it private.\n\n## Installation\n\nReport bugs to bugs@acme.io.\n';
    const github = fakeGitHub();
    const result = await check({ 'README.md': readme }, { repository: 'acme/demo' }, github);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'security-contact/no-contact',
        file: 'README.md',
        line: 3,
        column: 1,
      }),
    ]);
    expect(result.findings[0]?.message).toContain('acme/.github has no default SECURITY.md');
    expect(github.calls).toEqual(['pvr acme/demo', 'repo acme/.github']);
  });

  it('cannot tell offline when the repository has no policy of its own (the owner may have a default one)', async () => {
    const readme = '# Demo\n\n### Security Notes\n\n- Keep the token private.\n';
    const result = await check({ 'README.md': readme }, { offline: true, repository: 'acme/demo' });
    expect(result.status).toBe('skip');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'notice', rule: 'security-contact/unknown' }),
    ]);
    expect(result.summary).toBe(
      'Cannot tell whether acme/demo has a security contact: the security section of README.md:3 gives no contact, and GitHub then shows the default SECURITY.md of acme/.github if there is one, which was not read (the review runs offline); run with a token, or add a SECURITY.md that says where to report vulnerabilities privately: an email address, your @username on the Mattermost Community (community.mattermost.com), or a vulnerability-report page.',
    );
    expect(JSON.stringify(result)).not.toContain('No security contact found');
  });

  it('cannot tell without a token either, and names the repository from homepage_url', async () => {
    const result = await check({ 'README.md': '# Demo\n' }, {});
    expect(result.status).toBe('skip');
    expect(result.summary).toContain(
      'example/demo has a security contact: the repository has no security policy or security section',
    );
    expect(result.summary).toContain('(no GitHub token was given)');
  });

  it("passes on the owner's default SECURITY.md from <owner>/.github, and cites it", async () => {
    const policy = '# Security Policy\n\nPlease report security issues to security@acme.io.\n';
    const github = fakeGitHub({
      getRepository: async (owner, repo) =>
        repo === '.github'
          ? { fullName: `${owner}/.github`, private: false, hasIssues: true, htmlUrl: '', defaultBranch: 'main' }
          : undefined,
      readFile: async (_owner, _repo, path) => (path === '.github/SECURITY.md' ? policy : undefined),
    });
    const result = await check({ 'README.md': '# Demo\n' }, { repository: 'acme/demo' }, github);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(
      "Security contact: email security@acme.io in acme/.github/.github/SECURITY.md:3, the owner's default policy that GitHub shows for acme/demo (GitHub API).",
    );
    expect(github.calls).toEqual([
      'pvr acme/demo',
      'repo acme/.github',
      'file acme/.github/SECURITY.md',
      'file acme/.github/.github/SECURITY.md',
    ]);
  });

  it("fails when the owner's default policy gives no contact", async () => {
    const github = fakeGitHub({
      getRepository: async (owner) => ({
        fullName: `${owner}/.github`,
        private: false,
        hasIssues: true,
        htmlUrl: '',
        defaultBranch: 'main',
      }),
      readFile: async (_owner, _repo, path) =>
        path === 'SECURITY.md' ? '# Security\n\nWe take security seriously.\n' : undefined,
    });
    const result = await check({ 'README.md': '# Demo\n' }, { repository: 'acme/demo' }, github);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'security-contact/no-contact' }),
    ]);
    expect(result.findings[0]?.message).toContain(
      'the default one GitHub shows for it (acme/.github/SECURITY.md) gives no email address',
    );
  });

  it('ignores a private <owner>/.github repository (GitHub uses only a public one)', async () => {
    const github = fakeGitHub({
      getRepository: async (owner) => ({
        fullName: `${owner}/.github`,
        private: true,
        hasIssues: true,
        htmlUrl: '',
        defaultBranch: 'main',
      }),
      readFile: async () => 'mail security@acme.io',
    });
    const result = await check({ 'README.md': '# Demo\n' }, { repository: 'acme/demo' }, github);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/missing' })]);
    expect(github.calls).not.toContain('file acme/.github/SECURITY.md');
  });

  it("never looks at the owner's default when the repository has a policy of its own", async () => {
    const github = fakeGitHub({ readFile: async () => 'mail security@acme.io' });
    const result = await check(
      { 'SECURITY.md': '# Security\n\nOpen an issue.\n' },
      { repository: 'acme/demo' },
      github,
    );
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'security-contact/no-contact', file: 'SECURITY.md', line: 1 }),
    ]);
    expect(github.calls).toEqual(['pvr acme/demo']);
  });

  it('accepts a vulnerability-report page as the channel, and prefers an email address when the policy has both', async () => {
    const page = await check({
      'SECURITY.md':
        '# Security\n\nPlease follow our [responsible disclosure process](https://acme.io/security/responsible-disclosure/).\n',
    });
    expect(page.status).toBe('pass');
    expect(page.summary).toBe(
      'Security contact: vulnerability-report page https://acme.io/security/responsible-disclosure/ in SECURITY.md:3.',
    );
    const both = await check({
      '.github/SECURITY.md':
        '# Security\n\nSee [our policy](https://acme.io/security-vulnerability-report/).\n\nEmail [sec@acme.io](mailto:sec@acme.io).\n',
    });
    expect(both.summary).toBe('Security contact: email sec@acme.io in .github/SECURITY.md:5.');
  });

  it('does not take a security-updates page or a GitHub advisory for a report page', async () => {
    const result = await check({
      'SECURITY.md':
        '# Security\n\nSee https://acme.io/security-updates/ and https://github.com/acme/demo/security/advisories/GHSA-xxxx.\n',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'security-contact/no-contact', file: 'SECURITY.md', line: 1 }),
    ]);
  });

  it('does not read "a secure internal URL" heading as a security section', async () => {
    const readme = '# Demo\n\n#### Server secure internal URL\n\nThe URL the server uses.\n';
    const result = await check({ 'README.md': readme }, { repository: 'acme/demo' }, fakeGitHub());
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'security-contact/missing' })]);
    expect(result.findings[0]?.file).toBeUndefined();
  });

  it('fails a SECURITY.md without a contact (a clone URL is no contact)', async () => {
    const result = await check({
      'SECURITY.md': '# Security\n\nClone git@github.com:acme/demo.git and open an issue.\n',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'security-contact/no-contact', file: 'SECURITY.md', line: 1, column: 1 }),
    ]);
  });

  it('fails without any policy or section, and ignores headings inside code fences', async () => {
    const result = await check(
      { 'README.md': '# Demo\n\n```md\n## Security\nmail sec@acme.io\n```\n' },
      { repository: 'acme/demo' },
      fakeGitHub(),
    );
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
    const result = await check(
      { 'SECURITY.md': POINTER },
      { repository: 'acme/demo' },
      fakeGitHub({ privateVulnerabilityReporting: async () => false }),
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'security-contact/private-reporting-disabled',
        file: 'SECURITY.md',
        line: 5,
        column: 1,
      }),
    ]);
  });

  it('asks a person when private vulnerability reporting cannot be checked', async () => {
    const result = await check({ 'SECURITY.md': POINTER });
    expect(result.status).toBe('manual');
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        rule: 'security-contact/private-reporting-unverified',
        file: 'SECURITY.md',
        line: 5,
      }),
    ]);
    expect(result.summary).toContain('the review runs offline');
  });

  it('handles hostile Markdown (long heading runs, unclosed fences) without blowing up', async () => {
    const readme = `# Security${' '.repeat(200_000)}x\n${'#'.repeat(100_000)}\n\`\`\`\n## Security\n${'@'.repeat(100_000)}\n`;
    const result = await check({ 'README.md': readme }, { repository: 'acme/demo' }, fakeGitHub());
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'security-contact/no-contact', file: 'README.md', line: 1 }),
    ]);
  });

  it('never reads a .github folder that links out of the tree', async () => {
    const outside = await makeTree({ 'SECURITY.md': 'mail leak@outside.io' });
    const result = await check({ '.github': { symlink: outside } }, { repository: 'acme/demo' }, fakeGitHub());
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result)).not.toContain('leak@outside.io');
  });
});
