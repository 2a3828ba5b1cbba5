import { expect, it } from '@jest/globals';
import { Workspace, runChecks, type CheckResult } from '@mm-review/core';
import { PluginContext } from '@mm-review/plugin';
import { serverCodeChecks } from '@mm-review/server-code';
import { corpusRepos, describeCorpus, repoDir } from './corpus';

/**
 * The corpus copies manifests, docs and images but no source code, so on every repository
 * the code checks must say there is nothing to read (skip), the two reviews must stay
 * manual, and the only evidence left is the manifest: settings that look like
 * credentials but are not marked `secret`. The expected list below was read off the
 * manifests by hand: every text/longtext/generated setting whose key names a token,
 * secret, password, salt or key, without "secret": true.
 */
const CREDENTIALS_NOT_SECRET: Record<string, string[]> = {
  'Kopano-dev__mattermost-plugin-kopanowebmeetings': ['TurnSharedKey'],
  'ParabolInc__parabol-mattermost-plugin': ['ParabolToken'],
  'blindsidenetworks__mattermost-plugin-bigbluebutton': ['SALT'],
  'mattermost-community__mattermost-plugin-alertmanager': ['MetricsToken'],
  'mattermost-community__mattermost-plugin-azure-devops': ['azureDevopsOAuthClientSecret', 'EncryptionSecret'],
  'mattermost-community__mattermost-plugin-skype4business': ['Password'],
  // In file order: the sections come first; the flat settings repeat them for servers before 10.0, without `secret` (which those servers ignore anyway).
  'mattermost__mattermost-plugin-calls': ['TranscribeAPIAzureSpeechKey', 'TURNStaticAuthSecret', 'TranscribeAPIAzureSpeechKey'],
  'mattermost__mattermost-plugin-demo': ['RandomSecret'],
  'moussetc__mattermost-plugin-giphy': ['APIKey'],
};

async function reviewRepo(name: string): Promise<Record<string, CheckResult>> {
  const context = new PluginContext(await Workspace.open(repoDir(name)), { mode: 'new', beta: false, offline: true });
  const results = await runChecks(serverCodeChecks, context, { mode: 'new', beta: false });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describeCorpus('check-server-code on the corpus repositories', () => {
  it('reads no code (there is none), keeps the reviews manual and finds the credential settings not marked secret', async () => {
    const repos = corpusRepos();
    expect(repos.length).toBeGreaterThan(30);
    const seen: Record<string, string[]> = {};
    let manual = 0;
    for (const repo of repos) {
      const results = await reviewRepo(repo);
      for (const result of Object.values(results)) expect(result.findings.filter((f) => f.rule.endsWith('internal-error'))).toEqual([]);
      expect([repo, results['server-compatibility']?.status]).toEqual([repo, 'skip']);
      expect([repo, results.logging?.status, results['settings-in-console']?.status]).toEqual([repo, 'skip', 'skip']);
      expect([repo, results['high-availability']?.status, results['security-review']?.status]).toEqual([repo, 'manual', 'manual']);
      manual += 2;
      const hints = results['security-review']?.findings.filter((f) => f.rule === 'security-review/credential-not-secret') ?? [];
      for (const hint of hints) {
        expect(hint.file).toMatch(/^plugin\.(json|ya?ml)$/);
        expect(hint.line).toBeGreaterThan(1);
      }
      if (hints.length > 0) seen[repo] = hints.map((f) => /"([^"]+)"/.exec(f.message)?.[1] ?? '');
    }
    const expected = Object.fromEntries(Object.entries(CREDENTIALS_NOT_SECRET).filter(([repo, keys]) => repos.includes(repo) && keys.length > 0));
    expect(seen).toEqual(expected);
    const hintCount = Object.values(seen).flat().length;
    console.log(`check-server-code corpus: ${repos.length} repositories, ${manual} manual verdicts, ${hintCount} credential settings not marked secret in ${Object.keys(seen).length} repositories`);
  });
});
