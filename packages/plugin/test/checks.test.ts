import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { manifestChecks } from '../src/index';
import { located, manifestWith, pluginDir, runCheck } from './helpers';
import { Workspace, runChecks } from '@mm-review/core';
import { PluginContext } from '../src/index';

const { minServerVersion, stableVersion, pluginId, settingsFormatting, issueTrackerUrl } = manifestChecks;

describe('min-server-version', () => {
  it('passes a released version high enough for the features used', async () => {
    const result = await runCheck(minServerVersion, { 'plugin.json': manifestWith({}) });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('10.11.0.');
  });

  it('fails when missing, pointing at the manifest', async () => {
    const result = await runCheck(minServerVersion, { 'plugin.json': manifestWith({ min_server_version: undefined }) });
    expect(located(result.findings)).toEqual(['min-server-version/missing@1:1']);
  });

  it('fails a cancelled release and an unreleased future version', async () => {
    expect(
      located(
        (await runCheck(minServerVersion, { 'plugin.json': manifestWith({ min_server_version: '7.6.0' }) })).findings,
      ),
    ).toEqual(['min-server-version/cancelled@8:25']);
    const future = await runCheck(minServerVersion, { 'plugin.json': manifestWith({ min_server_version: '99.0.0' }) });
    expect(located(future.findings)).toEqual(['min-server-version/not-released@8:25']);
    expect(future.findings[0]?.message).toContain('newer than every released server');
  });

  it('warns about a patch that was never released', async () => {
    const result = await runCheck(minServerVersion, { 'plugin.json': manifestWith({ min_server_version: '9.11.99' }) });
    expect(result.findings[0]).toMatchObject({ severity: 'warning', rule: 'min-server-version/not-released' });
    expect(result.findings[0]?.message).toContain('9.11.18');
  });

  it('treats sections with top-level settings as a deliberate fallback', async () => {
    const manifest = manifestWith({
      min_server_version: '9.11.0',
      settings_schema: {
        settings: [{ key: 'A', type: 'text' }],
        sections: [{ key: 'Main', settings: [{ key: 'A', type: 'text' }] }],
      },
    });
    const result = await runCheck(minServerVersion, { 'plugin.json': manifest });
    expect(result.status).toBe('pass');
    expect(result.findings.map((f) => f.severity)).toEqual(['notice']);
  });
});

describe('stable-version', () => {
  it('passes 1.2.0 from the manifest', async () => {
    const result = await runCheck(stableVersion, { 'plugin.json': manifestWith({}) });
    expect(result).toMatchObject({ status: 'pass', summary: '1.2.0 (from the manifest).' });
  });

  it('fails a prerelease and a 0.x version at the version line, and Beta accepts them', async () => {
    const result = await runCheck(stableVersion, { 'plugin.json': manifestWith({ version: '0.9.0-rc.1' }) });
    expect(located(result.findings)).toEqual(['stable-version/prerelease@7:14', 'stable-version/below-1.0.0@7:14']);
    const beta = await runCheck(
      stableVersion,
      { 'plugin.json': manifestWith({ version: '0.9.0-rc.1' }) },
      { beta: true },
    );
    expect(beta.status).toBe('pass');
  });

  it('takes the version from the tag input when the manifest has none', async () => {
    const result = await runCheck(
      stableVersion,
      { 'plugin.json': manifestWith({ version: undefined }) },
      { tag: 'v2.0.0' },
    );
    expect(result).toMatchObject({ status: 'pass', summary: '2.0.0 (from the tag input v2.0.0).' });
  });

  it('takes the tag on HEAD, else skips and says why', async () => {
    const dir = await pluginDir({ 'plugin.json': manifestWith({ version: undefined }) });
    const context = () => Workspace.open(dir).then((ws) => new PluginContext(ws, { mode: 'new', beta: false }));
    const [unknown] = await runChecks([stableVersion], await context(), { mode: 'new', beta: false });
    expect(unknown?.status).toBe('skip');
    expect(unknown?.summary).toContain('injects the version from the tag on HEAD');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'init');
    git('tag', 'v1.4.0');
    const [tagged] = await runChecks([stableVersion], await context(), { mode: 'new', beta: false });
    expect(tagged).toMatchObject({ status: 'pass', summary: '1.4.0 (from the tag v1.4.0 on HEAD).' });
  });

  it('fails a version that is not semver', async () => {
    const result = await runCheck(
      stableVersion,
      { 'plugin.json': manifestWith({ version: undefined }) },
      { tag: 'v1.0' },
    );
    expect(result.findings[0]).toMatchObject({ rule: 'stable-version/not-semver', severity: 'error' });
  });
});

describe('plugin-id', () => {
  it("passes a reverse-DNS id in the author's namespace", async () => {
    expect((await runCheck(pluginId, { 'plugin.json': manifestWith({}) })).status).toBe('pass');
  });

  it("fails the starter template's id and a Mattermost namespace used by a third party", async () => {
    expect(
      located(
        (await runCheck(pluginId, { 'plugin.json': manifestWith({ id: 'com.mattermost.plugin-starter-template' }) }))
          .findings,
      ),
    ).toEqual(['plugin-id/template-default@2:9']);
    const reserved = await runCheck(pluginId, { 'plugin.json': manifestWith({ id: 'com.mattermost.weather' }) });
    expect(located(reserved.findings)).toEqual(['plugin-id/reserved-namespace@2:9']);
    expect(reserved.findings[0]?.message).toContain('com.github.example.weather');
  });

  it('accepts Mattermost namespaces for Mattermost repositories', async () => {
    const result = await runCheck(pluginId, {
      'plugin.json': manifestWith({
        id: 'com.mattermost.weather',
        homepage_url: 'https://github.com/mattermost/mattermost-plugin-weather',
      }),
    });
    expect(result.status).toBe('pass');
  });

  it('warns about upper case and ids that are not reverse-DNS', async () => {
    expect(
      located((await runCheck(pluginId, { 'plugin.json': manifestWith({ id: 'Com.Example.Weather' }) })).findings),
    ).toEqual(['plugin-id/not-lowercase@2:9']);
    expect(located((await runCheck(pluginId, { 'plugin.json': manifestWith({ id: 'weather' }) })).findings)).toEqual([
      'plugin-id/not-reverse-dns@2:9',
    ]);
  });

  it('fails an id another repository has in the Marketplace, but not in update mode', async () => {
    const manifest = manifestWith({ id: 'com.github.moussetc.mattermost.plugin.giphy' });
    expect(located((await runCheck(pluginId, { 'plugin.json': manifest })).findings)).toEqual([
      'plugin-id/collision@2:9',
    ]);
    expect((await runCheck(pluginId, { 'plugin.json': manifest }, { mode: 'update' })).status).toBe('pass');
  });

  it('reads ids from a plugins.json given as the marketplace database', async () => {
    const dir = await pluginDir({
      'db.json': JSON.stringify([{ repo_name: 'other', manifest: { id: 'com.example.weather', version: '1.0.0' } }]),
    });
    const result = await runCheck(
      pluginId,
      { 'plugin.json': manifestWith({}) },
      { marketplaceDatabase: `${dir}/db.json` },
    );
    expect(result.findings[0]?.message).toContain(`by other (source: ${dir}/db.json)`);
  });
});

describe('settings-formatting', () => {
  const settingsOf = (settings: unknown[]) => ({ 'plugin.json': manifestWith({ settings_schema: { settings } }) });

  it('passes System Console style', async () => {
    expect((await runCheck(settingsFormatting, { 'plugin.json': manifestWith({}) })).status).toBe('pass');
  });

  it('warns about labels not in Title Case, with the fix', async () => {
    const result = await runCheck(
      settingsFormatting,
      settingsOf([{ key: 'A', display_name: 'Enable the daily post', type: 'text', help_text: 'Posts daily.' }]),
    );
    expect(located(result.findings)).toEqual(['settings-formatting/label-case@18:25']);
    expect(result.findings[0]?.message).toContain('write "Enable the Daily Post"');
  });

  it('warns about help text that is missing, lower-case or unpunctuated, and suggests "When true"', async () => {
    const result = await runCheck(
      settingsFormatting,
      settingsOf([
        { key: 'A', display_name: 'A Label', type: 'text' },
        { key: 'B', display_name: 'B Label', type: 'bool', help_text: 'enables it' },
      ]),
    );
    expect(located(result.findings)).toEqual([
      'settings-formatting/help-missing@16:7',
      'settings-formatting/help-capital@25:22',
      'settings-formatting/help-punctuation@25:22',
      'settings-formatting/bool-when-true@25:22',
    ]);
  });

  it('notes labels whose trailing colon differs from the others', async () => {
    const result = await runCheck(
      settingsFormatting,
      settingsOf([
        { key: 'A', display_name: 'First:', type: 'text', help_text: 'A.' },
        { key: 'B', display_name: 'Second:', type: 'text', help_text: 'B.' },
        { key: 'C', display_name: 'Third', type: 'text', help_text: 'C.' },
      ]),
    );
    expect(located(result.findings)).toEqual(['settings-formatting/label-colon@30:25']);
  });
});

describe('issue-tracker (URL part)', () => {
  it('passes a GitHub issues URL', async () => {
    expect((await runCheck(issueTrackerUrl, { 'plugin.json': manifestWith({}) })).status).toBe('pass');
  });

  it('fails a missing support_url and suggests the issues page of the homepage', async () => {
    const result = await runCheck(issueTrackerUrl, { 'plugin.json': manifestWith({ support_url: undefined }) });
    expect(located(result.findings)).toEqual(['issue-tracker/support-url-missing@1:1']);
    expect(result.findings[0]?.message).toContain('https://github.com/example/mattermost-plugin-weather/issues');
  });

  it('fails a placeholder and warns about a repository root', async () => {
    const placeholder = await runCheck(issueTrackerUrl, {
      'plugin.json': manifestWith({ support_url: '__PLUGIN_REPO_URL__/issues' }),
    });
    expect(located(placeholder.findings)).toEqual(['issue-tracker/support-url-invalid@5:18']);
    expect(placeholder.findings[0]?.message).toContain('placeholder');
    const root = await runCheck(issueTrackerUrl, {
      'plugin.json': manifestWith({ support_url: 'https://github.com/example/weather' }),
    });
    expect(located(root.findings)).toEqual(['issue-tracker/not-issue-tracker@5:18']);
  });
});
