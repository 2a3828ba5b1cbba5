import { afterEach, describe, expect, it } from '@jest/globals';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckOutcome, Finding } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { commitsSince, pluginIdUnchanged, versionBump, versionBumpOutputs } from '../src/index';
import { fixture, pluginJson, TempRepo } from './helpers';

const run = { mode: 'update' as const, beta: false };
const brief = (findings: Finding[]) => findings.map((f) => [f.severity, f.rule, f.file, f.line, f.column]);
const errors = (outcome: CheckOutcome) => brief(outcome.findings.filter((f) => f.severity === 'error'));
const warnings = (outcome: CheckOutcome) => brief(outcome.findings.filter((f) => f.severity === 'warning'));

let repo: TempRepo;
afterEach(() => repo?.dispose());

async function both(context: PluginContext) {
  return {
    bump: await versionBump.run(context, run),
    id: await pluginIdUnchanged.run(context, run),
    outputs: await versionBumpOutputs(context),
  };
}

/** A repository whose last release is tagged, with `head` committed on top. */
function released(base: string, tag: string, head: string, extra: Record<string, string> = {}): TempRepo {
  repo = new TempRepo();
  repo.write('plugin.json', base).commit('release');
  repo.tag(tag);
  repo.write('plugin.json', head);
  for (const [file, text] of Object.entries(extra)) repo.write(file, text);
  repo.commit('next');
  return repo;
}

describe('version-bump against the last release tag', () => {
  it('fails a minor bump over breaking changes, pointing at the version and at every change', async () => {
    released(fixture('base.plugin.json'), 'v1.4.2', fixture('head-breaking.plugin.json'), {
      'CHANGELOG.md': fixture('CHANGELOG.md'),
    });
    const { bump, id, outputs } = await both(await repo.context());
    expect(bump.status).toBeUndefined();
    expect(errors(bump)).toEqual([['error', 'version-bump/too-low', 'plugin.json', 4, 14]]);
    expect(warnings(bump)).toEqual([
      ['warning', 'version-bump/setting-renamed', 'plugin.json', 15, 16],
      ['warning', 'version-bump/setting-removed', 'plugin.json', 13, 17],
      ['warning', 'version-bump/setting-type-changed', 'plugin.json', 23, 17],
      ['warning', 'version-bump/platform-dropped', 'plugin.json', 7, 20],
      ['warning', 'version-bump/changelog-breaking', 'CHANGELOG.md', 13, 3],
    ]);
    expect(bump.findings[0]?.message).toBe(
      '1.5.0 is a minor release after 1.4.2 (tag v1.4.2), but setting "APIKey" renamed to "ServiceKey" (plugin.json:15), setting "RefreshMinutes" removed (plugin.json:13), setting "Units" changed from dropdown to radio (plugin.json:23) and 2 more changes (see the warnings) need a major release. Make it 2.0.0 or higher.',
    );
    expect(brief(bump.findings.filter((f) => f.severity === 'notice')).map((f) => f[1])).toEqual([
      'version-bump/setting-added',
      'version-bump/min-server-raised',
      'version-bump/changelog-feature',
      'version-bump/changelog-feature',
    ]);
    expect(outputs).toEqual({ 'required-bump': 'major', 'actual-bump': 'minor', 'next-version': '2.0.0' });
    expect(id).toEqual({ summary: 'The id "com.example.weather" is the same as at tag v1.4.2.', findings: [] });
  });

  it('passes a major bump over the same changes, keeping the reasons as notices', async () => {
    released(fixture('base.plugin.json'), 'v1.4.2', fixture('head-breaking.plugin.json').replace('"1.5.0"', '"2.0.0"'));
    const { bump, outputs } = await both(await repo.context());
    expect(errors(bump)).toEqual([]);
    expect(bump.findings.every((f) => f.severity === 'notice')).toBe(true);
    expect(bump.summary).toBe('2.0.0 after 1.4.2 (tag v1.4.2): major release; 6 changes need a major release.');
    expect(outputs).toEqual({ 'required-bump': 'major', 'actual-bump': 'major', 'next-version': '2.0.0' });
  });

  it('passes a patch release with no changes', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    const { bump, outputs } = await both(await repo.context());
    expect(bump.findings).toEqual([]);
    expect(outputs).toEqual({ 'required-bump': 'patch', 'actual-bump': 'patch', 'next-version': '1.0.1' });
  });

  it('fails a downgrade even though semver calls 1.2.3 → 1.2.2 a patch', async () => {
    released(pluginJson({ version: '1.2.3' }), 'v1.2.3', pluginJson({ version: '1.2.2' }));
    const { bump, outputs } = await both(await repo.context());
    expect(errors(bump)).toEqual([['error', 'version-bump/downgrade', 'plugin.json', 4, 14]]);
    expect(bump.findings[0]?.message).toBe(
      '1.2.2 is lower than 1.2.3 (tag v1.2.3); servers that have 1.2.3 would never update to it. Make it 1.2.4 or higher.',
    );
    expect(outputs).toEqual({ 'required-bump': 'patch', 'actual-bump': 'downgrade', 'next-version': '1.2.4' });
    const withBase = await versionBump.run(await repo.context({ baseRef: 'v1.2.3' }), run);
    expect(errors(withBase)).toEqual([['error', 'version-bump/downgrade', 'plugin.json', 4, 14]]);
  });

  it('fails a final release followed by its own prerelease', async () => {
    released(pluginJson({ version: '1.3.0' }), 'v1.3.0', pluginJson({ version: '1.3.0-rc.1' }));
    const rc = await versionBump.run(await repo.context({ baseRef: 'v1.3.0' }), run);
    expect(errors(rc)).toEqual([['error', 'version-bump/downgrade', 'plugin.json', 4, 14]]);
    expect(rc.findings[0]?.message).toContain('a prerelease sorts below its own release');
  });

  it('treats a change that keeps the version as no release: notices, unless require-version-bump asks (issue 18.1)', async () => {
    released(
      pluginJson({ version: '1.3.0' }),
      'v1.3.0',
      pluginJson({ version: '1.3.0', name: 'Demo!', settings_schema: { settings: [] } }),
    );
    for (const options of [{ baseRef: 'v1.3.0' }, {}]) {
      const same = await versionBump.run(await repo.context(options), run);
      expect(same.status).toBeUndefined();
      expect(brief(same.findings)).toEqual([
        ['notice', 'version-bump/not-a-release', 'plugin.json', 4, 14],
        ['notice', 'version-bump/setting-removed', 'plugin.json', 14, 17],
      ]);
    }
    const same = await versionBump.run(await repo.context(), run);
    expect(same.findings[0]?.message).toBe(
      'The version is still 1.3.0, as at tag v1.3.0, so this change is not a release and its version is not judged. The next release needs a major version: 2.0.0 or higher (setting "Token" removed (plugin.json:14)); to require the bump in this change, set require-version-bump (CLI --require-version-bump).',
    );
    expect(same.summary).toBe(
      '1.3.0 unchanged since tag v1.3.0: not a release; the next one needs a major version (2.0.0).',
    );
    const required = await versionBump.run(await repo.context({ baseRef: 'v1.3.0', requireVersionBump: true }), run);
    expect(errors(required)).toEqual([['error', 'version-bump/not-bumped', 'plugin.json', 4, 14]]);
  });

  it('finds the base of a change after a release at the release tag itself, not the one before', async () => {
    released(pluginJson({ version: '1.2.0' }), 'v1.1.0', pluginJson({ version: '1.2.0' }));
    repo.tag('v1.2.0');
    repo.write('README.md', '# Demo\n').commit('docs: explain the setup');
    const bump = await versionBump.run(await repo.context(), run);
    expect(brief(bump.findings)).toEqual([['notice', 'version-bump/not-a-release', 'plugin.json', 4, 14]]);
    expect(bump.findings[0]?.message).toContain('as at tag v1.2.0');
  });

  it('accepts a release candidate reaching its final version', async () => {
    const base = pluginJson({ version: '2.0.0-rc.1', settings_schema: { settings: [{ key: 'Old', type: 'text' }] } });
    released(base, 'v2.0.0-rc.1', pluginJson({ version: '2.0.0', settings_schema: { settings: [] } }));
    const { bump, outputs } = await both(await repo.context());
    expect(errors(bump)).toEqual([]);
    expect(outputs).toEqual({ 'required-bump': 'major', 'actual-bump': 'major', 'next-version': '2.0.0' });
  });

  it('lets a 0.x minor release carry a breaking change', async () => {
    released(
      pluginJson({ version: '0.4.0' }),
      'v0.4.0',
      pluginJson({ version: '0.5.0', settings_schema: { settings: [] } }),
    );
    const { bump, outputs } = await both(await repo.context());
    expect(errors(bump)).toEqual([]);
    expect(outputs).toEqual({ 'required-bump': 'major', 'actual-bump': 'minor', 'next-version': '0.5.0' });
  });

  it('takes the version of a template-built plugin from the tags', async () => {
    const { version: _v, ...noVersion } = JSON.parse(pluginJson({})) as Record<string, unknown>;
    const text = `${JSON.stringify(noVersion, null, 2)}\n`;
    released(text, 'v1.4.0', text.replace('"9.0.0"', '"9.2.0"'));
    const { bump, outputs } = await both(await repo.context({ tag: 'v1.4.1' }));
    // A raised min_server_version breaks no installation: it warns, and the patch release is not failed.
    expect(errors(bump)).toEqual([]);
    expect(warnings(bump)).toEqual([['warning', 'version-bump/min-server-raised', 'plugin.json', 4, 25]]);
    expect(bump.findings[0]?.message).toBe(
      'min_server_version rose from 9.0.0 (at tag v1.4.0) to 9.2.0: servers older than 9.2.0 can no longer install this release, which is usually at least a minor version.',
    );
    expect(outputs).toEqual({ 'required-bump': 'minor', 'actual-bump': 'patch', 'next-version': '1.5.0' });
  });

  it('takes the version from the tag the build picks when a release and its candidate share HEAD (issue 14.3)', async () => {
    const { version: _v, ...noVersion } = JSON.parse(pluginJson({})) as Record<string, unknown>;
    const text = `${JSON.stringify(noVersion, null, 2)}\n`;
    released(text, 'v1.0.0', text);
    repo.tag('v1.1.0-rc2').tag('v1.1.0');
    const context = await repo.context();
    expect(await context.version()).toEqual({ version: '1.1.0', source: 'git-tag', tag: 'v1.1.0' });
    const { bump, outputs } = await both(context);
    expect(brief(bump.findings)).toEqual([]);
    expect(bump.summary).toBe('1.1.0 after 1.0.0 (tag v1.0.0): minor release; the changes need a patch release.');
    expect(outputs).toEqual({ 'required-bump': 'patch', 'actual-bump': 'minor', 'next-version': '1.0.1' });
  });

  it('checks the manifest version against the tag naming it when several tags share HEAD', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.1.0' }));
    repo.tag('v1.1.0-rc2').tag('v1.1.0');
    const bump = await versionBump.run(await repo.context(), run);
    expect(brief(bump.findings)).toEqual([]);
  });

  it('fails a too-low version for a manifest change, and lists the commit evidence beside it', async () => {
    released(
      pluginJson({ version: '1.0.0' }),
      'v1.0.0',
      pluginJson({ version: '1.0.1', settings_schema: { settings: [] } }),
    );
    repo.write('server/store.go', 'package main\n').commit('feat: store reminders per team');
    const bump = await versionBump.run(await repo.context(), run);
    expect(brief(bump.findings).map((f) => [f[0], f[1]])).toEqual([
      ['error', 'version-bump/too-low'],
      ['warning', 'version-bump/setting-removed'],
      ['warning', 'version-bump/commit-feature'],
    ]);
  });

  it('reads conventional commits since the base', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    repo.write('server/store.go', 'package main\n').commit('feat!: store reminders per team');
    repo.write('.github/workflows/ci.yml', 'on: push\n').commit('feat!: new CI pipeline');
    repo.write('docs/usage.md', '# Usage\n').commit('feat: document the commands');
    const bump = await versionBump.run(await repo.context(), run);
    // Only the server commit counts (issue 14.7), and words alone warn: the version fails for what the manifest shows.
    expect(brief(bump.findings)).toEqual([
      ['warning', 'version-bump/commit-breaking', undefined, undefined, undefined],
    ]);
    expect(bump.findings[0]?.message).toMatch(
      /^Commit [0-9a-f]{7} "feat!: store reminders per team" marks a breaking change \(the "!" of a conventional commit\) to what ships \(server\/store.go\)/,
    );
  });

  it('says when the version is unknown, with the level the changes need', async () => {
    const { version: _v, ...noVersion } = JSON.parse(pluginJson({})) as Record<string, unknown>;
    const text = `${JSON.stringify(noVersion, null, 2)}\n`;
    released(text, 'v1.4.0', text.replace('"Token"', '"ApiToken"'));
    const { bump, outputs } = await both(await repo.context());
    expect(bump.status).toBe('skip');
    expect(bump.findings[0]?.rule).toBe('version-bump/version-unknown');
    expect(bump.findings[0]?.message).toContain(
      'the changes need a major release. The smallest valid version is 2.0.0.',
    );
    expect(outputs).toEqual({ 'required-bump': 'major', 'actual-bump': '', 'next-version': '2.0.0' });
  });
});

describe('version-bump inputs', () => {
  it('reports a tag that disagrees with the manifest at the version line', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.1.0' }));
    const behind = await versionBump.run(await repo.context({ tag: 'v1.2.0' }), run);
    expect(errors(behind)).toEqual([['error', 'version-bump/tag-mismatch', 'plugin.json', 4, 14]]);
    expect(behind.findings[0]?.message).toBe(
      'The tag v1.2.0 names 1.2.0, but plugin.json says "version": "1.1.0" (behind the tag): the server installs the manifest\'s version, so this release would install as 1.1.0. Set "version" to 1.2.0, or tag v1.1.0.',
    );
    const agrees = await versionBump.run(await repo.context({ tag: 'v1.1.0' }), run);
    expect(errors(agrees)).toEqual([]);
  });

  it('checks the tag on HEAD when no tag is given', async () => {
    released(pluginJson({ version: '0.1.0' }), 'v0.1.0', pluginJson({ version: '0.1.0', name: 'Renamed' }));
    repo.tag('v1.0.0');
    const bump = await versionBump.run(await repo.context(), run);
    expect(errors(bump)).toContainEqual(['error', 'version-bump/tag-mismatch', 'plugin.json', 4, 14]);
  });

  it('reports a tag that is not semver instead of failing on it', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.1.0' }));
    const bump = await versionBump.run(await repo.context({ tag: 'v07.0' }), run);
    expect(errors(bump)).toEqual([['error', 'version-bump/tag-not-semver', undefined, undefined, undefined]]);
    expect(bump.findings[0]?.message).toContain('remove the leading zeros');
  });

  it('reports a version that is not semver, from the manifest or from the tag', async () => {
    released(pluginJson({ version: '0.9.0' }), 'v0.9.0', pluginJson({ version: '1.0' }));
    const manifestVersion = await versionBump.run(await repo.context(), run);
    expect(errors(manifestVersion)).toEqual([['error', 'version-bump/not-semver', 'plugin.json', 4, 14]]);
    expect(manifestVersion.findings[0]?.message).toContain('write 1.0.0');
    const withTag = await versionBump.run(await repo.context({ tag: 'v1.0.0' }), run);
    expect(errors(withTag).map((f) => f[1])).toEqual(['version-bump/tag-mismatch', 'version-bump/not-semver']);
    expect(withTag.findings[0]?.message).toContain(
      'The tag v1.0.0 names 1.0.0, but plugin.json says "version": "1.0": the server',
    );
    repo.dispose();
    const { version: _v, ...noVersion } = JSON.parse(pluginJson({})) as Record<string, unknown>;
    released(`${JSON.stringify(noVersion)}\n`, 'v0.9.0', `${JSON.stringify({ ...noVersion, name: 'Other' })}\n`);
    const fromTag = await versionBump.run(await repo.context({ tag: 'v0.1' }), run);
    expect(errors(fromTag)).toEqual([['error', 'version-bump/tag-not-semver', undefined, undefined, undefined]]);
    expect(fromTag.findings[0]?.message).toContain(
      'The version comes from the tag, and "v0.1" is not a semver release tag (give all three parts',
    );
  });

  it('compares with a base-ref branch and reads its manifest with git', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', fixture('base.plugin.json')).commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo
      .write('plugin.json', fixture('head-breaking.plugin.json').replace('"1.5.0"', '"2.0.0"'))
      .commit('refactor!: rename the key setting');
    const bump = await versionBump.run(await repo.context({ baseRef: 'main' }), run);
    expect(errors(bump)).toEqual([]);
    expect(bump.summary).toBe('2.0.0 after 1.4.2 (base-ref main): major release; 7 changes need a major release.');
  });

  it('fails on a base-ref that is not in the clone, with the fix', async () => {
    released(pluginJson({}), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    const bump = await versionBump.run(
      await repo.context({ baseRef: '0123456789abcdef0123456789abcdef01234567' }),
      run,
    );
    expect(errors(bump)).toEqual([['error', 'version-bump/base-ref-missing', undefined, undefined, undefined]]);
    expect(bump.findings[0]?.message).toContain('fetch-depth: 0');
  });

  it('compares with a base-manifest file, relative to the working directory', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', fixture('head-breaking.plugin.json').replace('"1.5.0"', '"1.4.3"')).commit('only commit');
    const baseFile = path.join(repo.dir, 'old.json');
    writeFileSync(baseFile, fixture('base.plugin.json'));
    const relative = path.relative(process.cwd(), baseFile);
    const { bump, id, outputs } = await both(await repo.context({ baseManifest: relative }));
    expect(bump.findings[0]?.message).toMatch(
      new RegExp(
        `^1\\.4\\.3 is a patch release after 1\\.4\\.2 \\(base-manifest ${relative.replace(/[.\\/]/g, '\\$&')}\\), but setting "APIKey" renamed`,
      ),
    );
    expect(outputs['required-bump']).toBe('major');
    expect(id.findings).toEqual([]);
    const missing = await versionBump.run(await repo.context({ baseManifest: 'no/such/plugin.json' }), run);
    expect(errors(missing)).toEqual([['error', 'version-bump/base-unreadable', undefined, undefined, undefined]]);
  });

  it('skips both checks when there is nothing to compare with', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', pluginJson({})).commit('first');
    const { bump, id, outputs } = await both(await repo.context());
    expect(bump.status).toBe('skip');
    expect(bump.findings.map((f) => f.rule)).toEqual(['version-bump/no-base']);
    expect(bump.summary).toContain('give base-ref or base-manifest');
    expect(id.status).toBe('skip');
    expect(outputs).toEqual({ 'required-bump': 'patch', 'actual-bump': '', 'next-version': '' });
  });
});

describe('version-bump against the Marketplace', () => {
  function database(versions: string[]): string {
    const file = path.join(repo.dir, `plugins-${versions.join('_')}.json`);
    writeFileSync(
      file,
      JSON.stringify(versions.map((version) => ({ repo_name: 'demo', manifest: { id: 'com.example.demo', version } }))),
    );
    return file;
  }

  it('fails a version that is not above the latest listed one', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', pluginJson({ version: '1.2.0' })).commit('first');
    const file = database(['1.1.0', '1.2.0', '0.9.0']);
    const kept = await versionBump.run(await repo.context({ marketplaceDatabase: file }), run);
    expect(brief(kept.findings)).toEqual([['notice', 'version-bump/not-a-release', 'plugin.json', 4, 14]]);
    const bump = await versionBump.run(
      await repo.context({ marketplaceDatabase: file, requireVersionBump: true }),
      run,
    );
    expect(errors(bump)).toEqual([['error', 'version-bump/not-above-marketplace', 'plugin.json', 4, 14]]);
    expect(bump.findings[0]?.message).toContain(
      `1.2.0 is not above 1.2.0, the latest version of com.example.demo in ${file}`,
    );
    const older = await versionBump.run(await repo.context({ marketplaceDatabase: database(['1.3.0']) }), run);
    expect(errors(older)).toEqual([['error', 'version-bump/not-above-marketplace', 'plugin.json', 4, 14]]);
    const ahead = await versionBump.run(await repo.context({ marketplaceDatabase: database(['1.1.0']) }), run);
    expect(errors(ahead)).toEqual([]);
    expect(await versionBumpOutputs(await repo.context({ marketplaceDatabase: file }))).toEqual({
      'required-bump': 'patch',
      'actual-bump': 'none',
      'next-version': '1.2.1',
    });
  });

  it('reports an unreadable database as a finding', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', pluginJson({})).commit('first');
    const bump = await versionBump.run(
      await repo.context({ marketplaceDatabase: path.join(repo.dir, 'missing.json') }),
      run,
    );
    expect(errors(bump)).toEqual([['error', 'version-bump/marketplace-unreadable', undefined, undefined, undefined]]);
  });
});

describe('plugin-id-unchanged', () => {
  it('fails a changed id at the id line and explains what admins lose', async () => {
    released(pluginJson({ id: 'jira' }), 'v1.0.1', pluginJson({ id: 'com.mattermost.jira', version: '1.0.2' }));
    const id = await pluginIdUnchanged.run(await repo.context(), run);
    expect(brief(id.findings)).toEqual([['error', 'plugin-id-unchanged/changed', 'plugin.json', 2, 9]]);
    expect(id.findings[0]?.message).toBe(
      'The id changed from "jira" (tag v1.0.1) to "com.mattermost.jira": the server treats it as a different plugin, so admins would have to install it anew, reconfigure every setting and re-enable it, and the old plugin\'s stored data is left behind. Restore the id "jira".',
    );
  });

  it('warns about a change of letter case only', async () => {
    released(
      pluginJson({ id: 'com.example.Demo' }),
      'v1.0.0',
      pluginJson({ id: 'com.example.demo', version: '1.0.1' }),
    );
    const id = await pluginIdUnchanged.run(await repo.context(), run);
    expect(brief(id.findings)).toEqual([['warning', 'plugin-id-unchanged/case-changed', 'plugin.json', 2, 9]]);
  });

  it('compares with a YAML manifest at the base', async () => {
    repo = new TempRepo();
    repo.write('plugin.yaml', fixture('base.plugin.yaml')).commit('yaml era');
    repo.tag('v1.4.2');
    repo
      .remove('plugin.yaml')
      .write('plugin.json', fixture('head-breaking.plugin.json').replace('"1.5.0"', '"2.0.0"'))
      .commit('json era');
    const { bump, id } = await both(await repo.context());
    expect(id.findings).toEqual([]);
    expect(errors(bump)).toEqual([]);
    expect(bump.findings.map((f) => f.rule)).toContain('version-bump/setting-renamed');
  });
});

describe('hostile inputs', () => {
  it('reports a binary or oversized base manifest as a finding', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', pluginJson({ version: '1.0.1' })).commit('first');
    const binary = path.join(repo.dir, 'binary.json');
    writeFileSync(binary, Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x00]));
    const big = path.join(repo.dir, 'big.json');
    writeFileSync(big, `{"id":"x","pad":"${'a'.repeat(2 * 1024 * 1024)}"}`);
    const onBinary = await versionBump.run(await repo.context({ baseManifest: binary }), run);
    expect(onBinary.findings.map((f) => f.rule)).toContain('version-bump/base-invalid');
    const onBig = await versionBump.run(await repo.context({ baseManifest: big }), run);
    expect(errors(onBig)).toEqual([['error', 'version-bump/base-unreadable', undefined, undefined, undefined]]);
  });

  it('treats a base-ref that looks like an option as missing, never as a git option', async () => {
    released(pluginJson({}), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    const bump = await versionBump.run(await repo.context({ baseRef: '--output=/tmp/owned' }), run);
    expect(errors(bump)).toEqual([['error', 'version-bump/base-ref-missing', undefined, undefined, undefined]]);
  });

  it('warns when the manifest at the base does not decode, and still compares versions', async () => {
    released('{"id": "com.example.demo", "version": ', 'v1.0.0', pluginJson({ version: '1.0.1' }));
    const { bump, id } = await both(await repo.context({ baseRef: 'v1.0.0' }));
    expect(bump.findings.map((f) => [f.severity, f.rule])).toContainEqual(['warning', 'version-bump/base-invalid']);
    expect(id.status).toBe('skip');
  });

  it('ignores a binary changelog and one that links out of the plugin', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }), {
      'CHANGELOG.md': '\u0000\u0001binary',
    });
    expect((await versionBump.run(await repo.context(), run)).findings).toEqual([]);
    repo.remove('CHANGELOG.md');
    symlinkSync('/etc/hostname', path.join(repo.dir, 'CHANGELOG.md'));
    expect((await versionBump.run(await repo.context(), run)).findings).toEqual([]);
  });
});

describe('edge cases', () => {
  it('reads the changelog from docs/', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }), {
      'docs/CHANGELOG.md': '## 1.0.1\n\n- Requires a manual migration of the stored reminders.\n',
    });
    const bump = await versionBump.run(await repo.context(), run);
    expect(warnings(bump)).toEqual([['warning', 'version-bump/changelog-breaking', 'docs/CHANGELOG.md', 3, 21]]);
  });

  it('skips when the head manifest does not load, and when the base has no id', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', '{"id": "com.example.demo", "version": 1}');
    const broken = await both(await repo.context());
    expect([broken.bump.status, broken.bump.findings.map((f) => f.rule)]).toEqual([
      'skip',
      ['version-bump/no-manifest'],
    ]);
    expect(broken.id.status).toBe('skip');
    repo.dispose();
    released(pluginJson({ id: undefined, version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    const noId = await pluginIdUnchanged.run(await repo.context(), run);
    expect([noId.status, noId.findings.map((f) => f.rule)]).toEqual(['skip', ['plugin-id-unchanged/no-id']]);
  });
});

describe('history', () => {
  it('notes a shallow clone, and still reads the commits it has', async () => {
    released(pluginJson({ version: '1.0.0' }), 'v1.0.0', pluginJson({ version: '1.0.1' }));
    repo.write('server/webhook.go', 'package main\n').commit('feat!: drop the legacy webhook');
    const shallow = new TempRepo();
    try {
      shallow.git('fetch', '-q', '--depth', '3', `file://${repo.dir}`, 'main');
      shallow.git('checkout', '-q', 'FETCH_HEAD');
      const bump = await versionBump.run(await shallow.context({ baseRef: 'HEAD~2' }), run);
      expect(bump.findings.map((f) => [f.severity, f.rule])).toEqual([
        ['notice', 'version-bump/history-shallow'],
        ['warning', 'version-bump/commit-breaking'],
      ]);
    } finally {
      shallow.dispose();
    }
  });

  it('says why commits cannot be read', async () => {
    repo = new TempRepo();
    repo.write('plugin.json', pluginJson({})).commit('first');
    expect(await commitsSince(repo.dir, 'no-such-ref')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('git log no-such-ref..HEAD failed'),
    });
    expect(await commitsSince(repo.dir, '--all')).toEqual({ ok: false, reason: '"--all" is not a revision' });
  });

  it('compares only the changes when nothing names the base version', async () => {
    const { version: _v, ...noVersion } = JSON.parse(pluginJson({})) as Record<string, unknown>;
    repo = new TempRepo();
    repo.write('plugin.json', `${JSON.stringify(noVersion)}\n`).commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('plugin.json', pluginJson({ version: '1.0.0' })).commit('head');
    const bump = await versionBump.run(await repo.context({ baseRef: 'main' }), run);
    expect(bump.findings.map((f) => [f.severity, f.rule])).toEqual([['notice', 'version-bump/base-version-unknown']]);
  });
});
