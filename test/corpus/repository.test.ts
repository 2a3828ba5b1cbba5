import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { runChecks, Workspace, type CheckResult } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import { PluginContext } from '@mm-review/plugin';
import { repositoryChecks, securityContactCheck } from '@mm-review/repository';
import { corpusRepos, describeCorpus, repoDir } from './corpus';

/** Verdicts read off the corpus files (see the corpus README, "Licenses"). */
const LICENSE_VERDICTS: Record<string, { status: CheckResult['status']; rules: string[] }> = {
  // LICENSE.txt is the Mattermost Source Available License only.
  'mattermost__mattermost-plugin-msteams': { status: 'fail', rules: ['license/not-open-source'] },
  // Apache-2.0 at the root plus LICENSE.enterprise → server/enterprise/LICENSE (source-available).
  'mattermost__mattermost-plugin-jira': { status: 'warn', rules: ['license/mixed-terms'] },
  'mattermost__mattermost-plugin-playbooks': { status: 'warn', rules: ['license/mixed-terms'] },
  // The same link, and LICENSE.txt concatenates a licensing preamble, Apache-2.0 and AGPL-3.0.
  'mattermost__mattermost-plugin-calls': { status: 'warn', rules: ['license/combined-file', 'license/mixed-terms'] },
  // LICENSE.enterprise → ./server/enterprise/LICENSE, which is not in the repository.
  'mattermost__mattermost-plugin-agents': { status: 'warn', rules: ['license/link-dangling'] },
};

async function review(repo: string): Promise<Record<string, CheckResult>> {
  const context = new PluginContext(await Workspace.open(repoDir(repo)), { mode: 'new', beta: false, offline: true });
  const results = await runChecks(repositoryChecks, context, { mode: 'new', beta: false });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describeCorpus('check-repository on the corpus', () => {
  const repos = corpusRepos();
  const results = new Map<string, Record<string, CheckResult>>();

  it('reviews every corpus repository', async () => {
    for (const repo of repos) results.set(repo, await review(repo));
    expect(results.size).toBe(36);
  });

  it('gives the license verdict the files justify for every repository', () => {
    let agree = 0;
    for (const repo of repos) {
      const license = results.get(repo)?.license;
      const expected = LICENSE_VERDICTS[repo] ?? { status: 'pass', rules: [] };
      const rules = [...new Set(license?.findings.map((f) => f.rule))].sort();
      expect({ repo, status: license?.status, rules }).toEqual({
        repo,
        status: expected.status,
        rules: expected.rules,
      });
      agree += 1;
    }
    expect(agree).toBe(repos.length);
  });

  it('identifies Apache-2.0 at 100% as the main license everywhere but msteams', () => {
    for (const repo of repos) {
      const summary = results.get(repo)?.license?.summary ?? '';
      if (repo.endsWith('msteams')) expect(summary).toBe('LICENSE.txt: source-available');
      else expect(summary).toMatch(/^LICENSE(\.txt)?: Apache-2\.0 \(100%\)/);
    }
  });

  it('says which folder the enterprise terms cover, at the linked file', () => {
    for (const repo of [
      'mattermost__mattermost-plugin-jira',
      'mattermost__mattermost-plugin-calls',
      'mattermost__mattermost-plugin-playbooks',
    ]) {
      const mixed = results.get(repo)?.license?.findings.find((f) => f.rule === 'license/mixed-terms');
      expect(mixed).toMatchObject({ severity: 'warning', file: 'server/enterprise/LICENSE', line: 1 });
      expect(mixed?.message).toContain('covers server/enterprise/');
    }
    const calls = results.get('mattermost__mattermost-plugin-calls')?.license;
    expect(calls?.summary).toContain('LICENSE.txt: Apache-2.0 (100%) + AGPL-3.0-only');
  });

  it('finds the security contacts the corpus has, and offline never says "no contact" where the owner\'s default policy may apply', () => {
    const statuses = repos.map((repo) => [repo, results.get(repo)?.['security-contact']?.status]);
    const notSkipped = statuses.filter(([, status]) => status !== 'skip');
    // Only agents (.github/SECURITY.md with an email) and alertmanager (SECURITY.md pointing to
    // private vulnerability reporting) have a policy of their own; every other repository gets
    // GitHub's default from <owner>/.github, which offline cannot be read.
    expect(notSkipped).toEqual([
      ['mattermost-community__mattermost-plugin-alertmanager', 'manual'],
      ['mattermost__mattermost-plugin-agents', 'pass'],
    ]);
    expect(results.get('mattermost__mattermost-plugin-agents')?.['security-contact']?.summary).toBe(
      'Security contact: email responsibledisclosure@mattermost.com in .github/SECURITY.md:9.',
    );
    expect(
      results.get('mattermost-community__mattermost-plugin-alertmanager')?.['security-contact']?.findings[0],
    ).toMatchObject({ file: 'SECURITY.md', line: 9 });
    for (const repo of repos) {
      const check = results.get(repo)?.['security-contact'];
      expect(JSON.stringify(check)).not.toContain('No security contact found');
      if (check?.status === 'skip')
        expect(check.findings).toEqual([
          expect.objectContaining({ severity: 'notice', rule: 'security-contact/unknown' }),
        ]);
    }
    // "Kopano Web Meetings Server secure internal URL" is a setting, not a security section.
    expect(results.get('Kopano-dev__mattermost-plugin-kopanowebmeetings')?.['security-contact']?.summary).toContain(
      'the repository has no security policy or security section',
    );
    expect(results.get('mattermost__mattermost-plugin-jira')?.['security-contact']?.summary).toContain(
      'the default SECURITY.md of mattermost/.github',
    );
  });

  it("with a token, takes the owner's default SECURITY.md for the repositories without one", async () => {
    // A stand-in for the API: mattermost/.github serves the organisation policy that the agents
    // repository carries as its own copy; no other owner has a public .github repository.
    const orgPolicy = await readFile(
      path.join(repoDir('mattermost__mattermost-plugin-agents'), '.github/SECURITY.md'),
      'utf8',
    );
    const github: GitHubApi = {
      getRelease: async () => undefined,
      getRepository: async (owner, repo) =>
        owner === 'mattermost' && repo === '.github'
          ? { fullName: 'mattermost/.github', private: false, hasIssues: false, htmlUrl: '', defaultBranch: 'master' }
          : undefined,
      privateVulnerabilityReporting: async () => undefined,
      readFile: async (owner, repo, file) =>
        owner === 'mattermost' && repo === '.github' && file === 'SECURITY.md' ? orgPolicy : undefined,
    };
    const verdict = async (repo: string): Promise<CheckResult> => {
      const context = new PluginContext(
        await Workspace.open(repoDir(repo)),
        { mode: 'new', beta: false },
        { fetch: () => Promise.reject(new Error('no network')), now: () => new Date('2026-01-01T00:00:00Z'), github },
      );
      const [result] = await runChecks([securityContactCheck], context, { mode: 'new', beta: false });
      return result as CheckResult;
    };
    const jira = await verdict('mattermost__mattermost-plugin-jira');
    expect(jira.status).toBe('pass');
    expect(jira.summary).toBe(
      "Security contact: email responsibledisclosure@mattermost.com in mattermost/.github/SECURITY.md:9, the owner's default policy that GitHub shows for mattermost/mattermost-plugin-jira (GitHub API).",
    );
    // A personal repository whose owner has no .github repository: nothing tells reporters where to go.
    const giphy = await verdict('moussetc__mattermost-plugin-giphy');
    expect(giphy.status).toBe('fail');
    expect(giphy.findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'security-contact/missing' })]);
    expect(giphy.findings[0]?.message).toContain('moussetc/.github has no default SECURITY.md');
    // chess names no GitHub repository in its manifest: whose default applies cannot be told.
    const chess = await verdict('MatthewDorner__mattermost-plugin-chess');
    expect(chess.status).toBe('skip');
    expect(chess.summary).toContain('the repository is unknown');
  });

  it('declares every rule its checks emit on the corpus', () => {
    const declared = new Set(repositoryChecks.flatMap((check) => Object.keys(check.rules ?? {})));
    for (const repo of repos) {
      for (const check of Object.values(results.get(repo) ?? {})) {
        for (const finding of check.findings)
          expect({ repo, rule: finding.rule, declared: declared.has(finding.rule) }).toEqual({
            repo,
            rule: finding.rule,
            declared: true,
          });
      }
    }
  });

  it('skips public-repository offline, naming the repository when the manifest does', () => {
    for (const repo of repos) expect(results.get(repo)?.['public-repository']?.status).toBe('skip');
    expect(results.get('mattermost__mattermost-plugin-jira')?.['public-repository']?.summary).toContain(
      'mattermost/mattermost-plugin-jira',
    );
  });
});
