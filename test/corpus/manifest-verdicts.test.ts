import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { Workspace, runChecks, type Finding, type Report } from '@mm-review/core';
import { PluginContext, manifestChecks } from '@mm-review/plugin';
import { runPluginAction } from '@mm-review/suite';
import { CORPUS_DIR, describeCorpus } from './corpus';

/** The plugin source trees (manifest + webapp code), where settings drawn by the plugin can be seen. */
const sourceDir = (repo: string) => path.join(CORPUS_DIR, 'source', repo);
const sourceRepos = () =>
  readdirSync(path.join(CORPUS_DIR, 'source'))
    .filter((name) => name.includes('__'))
    .sort();
const options = { mode: 'new' as const, beta: false, offline: true };
const reports = new Map<string, Report>();
const temp: string[] = [];
afterAll(async () => {
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function review(repo: string): Promise<Report> {
  let report = reports.get(repo);
  if (!report) {
    report = (await runPluginAction('validate-manifest', sourceDir(repo), options)).report;
    reports.set(repo, report);
  }
  return report;
}

const findingsOf = (report: Report, check: string): Finding[] =>
  report.checks.find((c) => c.id === check)?.findings ?? [];
const brief = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule}@${f.line}`);

describeCorpus('validate-manifest verdicts judged on the corpus sources', () => {
  it('declares every rule it emits on every corpus repository', async () => {
    const declared = new Map(Object.values(manifestChecks).map((check) => [check.id, check.rules ?? {}]));
    for (const repo of sourceRepos()) {
      for (const check of (await review(repo)).checks) {
        for (const finding of check.findings)
          expect([repo, finding.rule, finding.rule in (declared.get(check.id) ?? {})]).toEqual([
            repo,
            finding.rule,
            true,
          ]);
      }
    }
  });

  it('never asks to stop using, or to raise min_server_version for, fields older servers ignore', async () => {
    for (const repo of [
      'mattermost-community__mattermost-plugin-autolink',
      'mattermost-community__mattermost-plugin-jitsi',
      'mattermost-community__mattermost-plugin-memes',
      'mattermost-community__mattermost-plugin-skype4business',
      'blindsidenetworks__mattermost-plugin-bigbluebutton',
      'mattermost-community__mattermost-plugin-confluence',
    ]) {
      const findings = findingsOf(await review(repo), 'min-server-version');
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.severity).toBe('notice');
        expect(finding.message).not.toMatch(/stop using|Raise min_server_version/);
      }
    }
    for (const repo of sourceRepos()) {
      for (const finding of findingsOf(await review(repo), 'min-server-version'))
        expect(finding.message).not.toContain('stop using');
    }
  });

  it('demo: sections older than min_server_version 7.9.0 leave the settings unreachable, one error', async () => {
    const findings = findingsOf(await review('mattermost__mattermost-plugin-demo'), 'min-server-version').filter(
      (f) => f.severity !== 'notice',
    );
    expect(brief(findings)).toEqual(['error min-server-version/feature-too-new@43']);
    expect(findings[0]?.message).toContain('admins cannot configure "ChannelName", "Username", "LastName" and 11 more');
  });

  it('settings the plugin draws itself get no label or help-text requirement (calls, msteams)', async () => {
    expect(
      findingsOf(await review('mattermost__mattermost-plugin-calls'), 'settings-formatting').filter(
        (f) => f.severity !== 'notice',
      ),
    ).toEqual([]);
    const msteams = findingsOf(await review('mattermost__mattermost-plugin-msteams'), 'settings-formatting');
    expect(
      msteams.map((f) => f.message).filter((m) => /connectedUsersWhitelist|ConnectedUsersReportDownload/.test(m)),
    ).toEqual([]);
  });

  it('help text that ends with an example value is accepted; a missing period is not', async () => {
    const github = findingsOf(await review('mattermost__mattermost-plugin-github'), 'settings-formatting').filter(
      (f) => f.rule === 'settings-formatting/help-punctuation',
    );
    expect(github.map((f) => f.message)).toEqual([]);
    const parabol = findingsOf(await review('ParabolInc__parabol-mattermost-plugin'), 'settings-formatting').filter(
      (f) => f.rule === 'settings-formatting/help-punctuation',
    );
    expect(parabol).toHaveLength(2);
  });

  it('applying every label-case suggestion and running again leaves no label-case warning', async () => {
    let applied = 0;
    for (const repo of sourceRepos()) {
      const findings = findingsOf(await review(repo), 'settings-formatting').filter((f) =>
        /label-case|section-title-case/.test(f.rule),
      );
      if (findings.length === 0) continue;
      const text = await readFile(path.join(sourceDir(repo), 'plugin.json'), 'utf8');
      const manifest = JSON.parse(text) as {
        settings_schema?: {
          settings?: { display_name?: string }[];
          sections?: { title?: string; settings?: { display_name?: string }[] }[];
        };
      };
      const fixes = new Map(
        findings
          .map((f) => /^(?:Label|Section title) ("(?:[^"\\]|\\.)*") .*: write ("(?:[^"\\]|\\.)*")\.$/.exec(f.message))
          .map((m) => [JSON.parse(m?.[1] ?? '""') as string, JSON.parse(m?.[2] ?? '""') as string]),
      );
      const fix = (value: string | undefined) =>
        value !== undefined && fixes.has(value.trim()) ? fixes.get(value.trim()) : value;
      const schema = manifest.settings_schema ?? {};
      for (const setting of schema.settings ?? []) setting.display_name = fix(setting.display_name);
      for (const section of schema.sections ?? []) {
        section.title = fix(section.title);
        for (const setting of section.settings ?? []) setting.display_name = fix(setting.display_name);
      }
      applied += fixes.size;
      const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-converge-'));
      temp.push(dir);
      await writeFile(path.join(dir, 'plugin.json'), JSON.stringify(manifest, null, 2));
      await copyDrawingCode(sourceDir(repo), dir);
      const context = new PluginContext(await Workspace.open(dir), options);
      const [result] = await runChecks([manifestChecks.settingsFormatting], context, options);
      expect([
        repo,
        result?.findings.filter((f) => /label-case|section-title-case/.test(f.rule)).map((f) => f.message),
      ]).toEqual([repo, []]);
    }
    expect(applied).toBeGreaterThan(30);
  });

  it('plugin-id says only what it knows', async () => {
    for (const repo of ['gabrieljackson__mattermost-plugin-wrangler', 'jfrerich__mattermost-plugin-bookmarks']) {
      const findings = findingsOf(await review(repo), 'plugin-id');
      expect(brief(findings)).toEqual(['warning plugin-id/reserved-namespace@2']);
      expect(findings[0]?.message).toContain('cannot tell who publishes the plugin');
    }
    expect(
      brief(findingsOf(await review('apartmentlines__mattermost-plugin-poor-mans-scheduled-messages'), 'plugin-id')),
    ).toEqual(['error plugin-id/reserved-namespace@2']);
    for (const repo of [
      'mattermost__mattermost-plugin-jira',
      'mattermost__mattermost-plugin-github',
      'mattermost__mattermost-plugin-zoom',
      'mattermost-community__mattermost-plugin-jitsi',
    ]) {
      expect(brief(findingsOf(await review(repo), 'plugin-id'))).toEqual([
        'notice plugin-id/not-reverse-dns@2',
        'notice plugin-id/already-listed@2',
      ]);
    }
    expect(brief(findingsOf(await review('mattermost__mattermost-plugin-demo'), 'plugin-id'))).toEqual([
      'notice plugin-id/possible-collision@2',
    ]);
  });
});

/** Copies the webapp files that register System Console components, so the rerun sees the same drawn settings. */
async function copyDrawingCode(from: string, to: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    const { readdir } = await import('node:fs/promises');
    for (const entry of await readdir(path.join(from, dir), { withFileTypes: true }).catch(() => [])) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') await walk(rel);
      else if (
        entry.isFile() &&
        /\.(jsx?|tsx?)$/.test(entry.name) &&
        (await readFile(path.join(from, rel), 'utf8')).includes('registerAdminConsoleCustom')
      ) {
        await mkdir(path.join(to, dir), { recursive: true });
        await copyFile(path.join(from, rel), path.join(to, rel));
      }
    }
  };
  await walk('webapp');
}
