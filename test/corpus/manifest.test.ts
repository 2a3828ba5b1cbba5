import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import type { Finding, Report } from '@mm-review/core';
import { parseManifestText } from '@mm-review/plugin';
import { runPluginAction } from '@mm-review/suite';
import { CORPUS_DIR, corpusRepos, describeCorpus, repoDir } from './corpus';

const options = { mode: 'new' as const, beta: false, offline: true };
const reports = new Map<string, Report>();

async function review(repo: string): Promise<Report> {
  let report = reports.get(repo);
  if (!report) {
    report = (await runPluginAction('validate-manifest', repoDir(repo), options)).report;
    reports.set(repo, report);
  }
  return report;
}

const rulesOf = (report: Report, check: string) =>
  report.checks.find((c) => c.id === check)?.findings.map((f) => f.rule) ?? [];
const statusOf = (report: Report, check: string) => report.checks.find((c) => c.id === check)?.status;

/** Every finding about a file carries a line; only absences (no manifest at all) may lack a file. */
function expectLocated(findings: Finding[]) {
  for (const finding of findings) {
    if (finding.rule === 'manifest/missing' || finding.rule === 'stable-version/unknown') continue;
    expect(finding).toEqual(
      expect.objectContaining({ file: expect.any(String), line: expect.any(Number), column: expect.any(Number) }),
    );
  }
}

describeCorpus('validate-manifest on the 36 corpus repositories', () => {
  it.each(corpusRepos())('%s: no crash, every finding located', async (repo) => {
    const report = await review(repo);
    expect(report.checks.map((c) => c.id)).toEqual([
      'manifest',
      'issue-tracker',
      'stable-version',
      'plugin-id',
      'min-server-version',
      'settings-formatting',
    ]);
    expect(report.checks.flatMap((c) => c.findings).filter((f) => f.rule.endsWith('/internal-error'))).toEqual([]);
    expectLocated(report.checks.flatMap((c) => c.findings));
  });

  it('kopanowebmeetings: its server part is only the obsolete backend, which no current server runs', async () => {
    const report = await review('Kopano-dev__mattermost-plugin-kopanowebmeetings');
    expect(rulesOf(report, 'manifest')).toEqual(
      expect.arrayContaining(['manifest/backend-only', 'manifest/obsolete-field']),
    );
    expect(statusOf(report, 'manifest')).toBe('fail');
    expect(rulesOf(report, 'stable-version')).toEqual(['stable-version/prerelease', 'stable-version/below-1.0.0']);
  });

  it('alertmanager: placeholder URLs are invalid', async () => {
    const report = await review('mattermost-community__mattermost-plugin-alertmanager');
    expect(rulesOf(report, 'manifest').filter((r) => r === 'manifest/url-invalid')).toHaveLength(2);
    expect(rulesOf(report, 'issue-tracker')).toEqual(['issue-tracker/support-url-invalid']);
  });

  it.each([
    ['dmitrijkir__mattermost-plugin-calendar', '0.6.2'],
    ['gabrieljackson__mattermost-plugin-wrangler', '0.9.0'],
    ['jfrerich__mattermost-plugin-bookmarks', '0.1.0'],
    ['quarkslab__mattermost-plugin-e2ee', '0.9.1'],
  ])('%s is below 1.0.0 (%s) and fails stable-version', async (repo, version) => {
    const report = await review(repo);
    expect(report.plugin?.version).toBe(version);
    expect(rulesOf(report, 'stable-version')).toEqual(['stable-version/below-1.0.0']);
  });

  it('third parties in com.mattermost.* fail plugin-id; the starter template id fails', async () => {
    for (const repo of [
      'apartmentlines__mattermost-plugin-poor-mans-scheduled-messages',
      'jfrerich__mattermost-plugin-bookmarks',
      'gabrieljackson__mattermost-plugin-wrangler',
    ]) {
      expect(rulesOf(await review(repo), 'plugin-id')).toContain('plugin-id/reserved-namespace');
    }
    expect(rulesOf(await review('mattermost__mattermost-plugin-starter-template'), 'plugin-id')).toEqual([
      'plugin-id/template-default',
    ]);
    expect(statusOf(await review('mattermost-community__mattermost-plugin-custom-attributes'), 'plugin-id')).toBe(
      'pass',
    );
  });

  it('agents: a PNG icon fails; calendar keeps the template icon, which exists', async () => {
    expect(rulesOf(await review('mattermost__mattermost-plugin-agents'), 'manifest')).toContain(
      'manifest/icon-not-svg',
    );
    expect(rulesOf(await review('dmitrijkir__mattermost-plugin-calendar'), 'manifest')).not.toContain(
      'manifest/icon-missing',
    );
  });

  it('calls: sections with the flat fallback are accepted; defaults and secrets the flat copies carry need no newer server', async () => {
    const report = await review('mattermost__mattermost-plugin-calls');
    const features = report.checks.find((c) => c.id === 'min-server-version')?.findings ?? [];
    expect(features.filter((f) => f.severity !== 'notice')).toEqual([]);
    expect(statusOf(report, 'manifest')).not.toBe('fail');
  });

  it('the 19 repositories whose build injects the version skip stable-version and say why', async () => {
    let injected = 0;
    for (const repo of corpusRepos()) {
      const report = await review(repo);
      if (report.plugin?.version) continue;
      injected++;
      expect(statusOf(report, 'stable-version')).toBe('skip');
      expect(report.checks.find((c) => c.id === 'stable-version')?.summary).toContain(
        'injects the version from the tag on HEAD',
      );
    }
    expect(injected).toBe(19);
  });

  it('mistyped setting defaults, which break configuration loading, are found', async () => {
    for (const repo of [
      'mattermost__mattermost-plugin-github',
      'mattermost__mattermost-plugin-jira',
      'pexip__pexip-mattermost-plugin',
      'blindsidenetworks__mattermost-plugin-bigbluebutton',
    ]) {
      expect(rulesOf(await review(repo), 'manifest')).toContain('manifest/setting-default-type');
    }
  });
});

describeCorpus('validate-manifest rules on every historical manifest', () => {
  const historyFiles = () =>
    readdirSync(path.join(CORPUS_DIR, 'history')).flatMap((repo) =>
      readdirSync(path.join(CORPUS_DIR, 'history', repo))
        .filter((f) => /^plugin\..+\.(json|ya?ml)$/.test(f))
        .map((f) => [repo, f] as const),
    );

  it('parses all of them without a crash, every finding located', async () => {
    const files = historyFiles();
    expect(files.length).toBeGreaterThan(100);
    for (const [repo, file] of files) {
      const text = readFileSync(path.join(CORPUS_DIR, 'history', repo, file), 'utf8');
      const name = file.endsWith('.json') ? 'plugin.json' : 'plugin.yaml';
      const { loaded, findings } = await parseManifestText(name, text);
      expect(loaded).toBeDefined();
      expectLocated(findings);
    }
  });

  it("jira's YAML manifests: version 0.1 is not semver; the server part is only the obsolete backend", async () => {
    const dir = path.join(CORPUS_DIR, 'history', 'mattermost__mattermost-plugin-jira');
    const { loaded } = await parseManifestText('plugin.yaml', readFileSync(path.join(dir, 'plugin.v0.1.yaml'), 'utf8'));
    expect(loaded?.manifest.version).toBe('0.1');
    expect(loaded?.manifest.backend?.executable).toBe('plugin.exe');
    expect(loaded?.manifest.server).toBeUndefined();
  });

  // The corpus README speaks of unquoted `version: 0.1`; the files quote every version ('0.1'), so none is flagged.
  it('flags unquoted YAML numbers exactly where they occur', async () => {
    let flagged = 0;
    for (const [repo, file] of historyFiles().filter(([, f]) => /\.ya?ml$/.test(f))) {
      const text = readFileSync(path.join(CORPUS_DIR, 'history', repo, file), 'utf8');
      const { findings } = await parseManifestText('plugin.yaml', text);
      const unquoted = /^\s*(version|min_server_version):\s*\d[\d.]*\s*$/m.test(text);
      expect(findings.some((f) => f.rule === 'manifest/yaml-unquoted-scalar')).toBe(unquoted);
      if (unquoted) flagged++;
    }
    expect(flagged).toBe(0);
  });
});
