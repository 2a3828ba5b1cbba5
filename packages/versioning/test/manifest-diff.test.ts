import { describe, expect, it } from '@jest/globals';
import { compareManifests } from '../src/index';
import { fixture, manifest, pluginJson } from './helpers';

const pick = (reasons: Awaited<ReturnType<typeof compareManifests>>) =>
  reasons.map((r) => [r.rule, r.level, r.file, r.line, r.column]);

describe('compareManifests', () => {
  it('finds each breaking and additive change with its place in the head manifest', async () => {
    const base = await manifest('plugin.json', fixture('base.plugin.json'));
    const head = await manifest('plugin.json', fixture('head-breaking.plugin.json'));
    const reasons = compareManifests(base, head, 'tag v1.4.2');
    expect(pick(reasons)).toEqual([
      ['version-bump/setting-renamed', 'major', 'plugin.json', 15, 16],
      ['version-bump/setting-removed', 'major', 'plugin.json', 13, 17],
      ['version-bump/setting-added', 'minor', 'plugin.json', 38, 16],
      ['version-bump/setting-type-changed', 'major', 'plugin.json', 23, 17],
      ['version-bump/platform-dropped', 'major', 'plugin.json', 7, 20],
      ['version-bump/min-server-raised', 'minor', 'plugin.json', 5, 25],
    ]);
    expect(reasons[0]?.message).toContain(
      '"APIKey" (line 16 of plugin.json at tag v1.4.2) was renamed to "ServiceKey"',
    );
    expect(reasons[1]?.message).toContain('"RefreshMinutes" (line 33 of plugin.json at tag v1.4.2) was removed');
    expect(reasons[3]?.message).toContain('from dropdown (line 24 of plugin.json at tag v1.4.2) to radio');
    expect(reasons[4]?.message).toContain('windows-amd64 is no longer built');
    expect(reasons[5]?.message).toContain(
      'from 8.1.0 (at tag v1.4.2) to 9.11.0: servers older than 9.11.0 (every server on 8.x among them) can no longer install this release',
    );
  });

  it('finds nothing between identical manifests', async () => {
    const base = await manifest('plugin.json', fixture('base.plugin.json'));
    expect(compareManifests(base, base, 'tag v1.4.2')).toEqual([]);
  });

  it('reads settings case-insensitively, as the server does, and across sections', async () => {
    const base = await manifest(
      'plugin.json',
      pluginJson({ settings_schema: { settings: [{ key: 'Token', type: 'text' }] } }),
    );
    const head = await manifest(
      'plugin.json',
      pluginJson({ settings_schema: { sections: [{ key: 'Main', settings: [{ key: 'token', type: 'text' }] }] } }),
    );
    expect(compareManifests(base, head, 'base')).toEqual([]);
  });

  it('treats a raise within one server major as minor, and a first minimum as minor', async () => {
    const base = await manifest('plugin.json', pluginJson({ min_server_version: '9.0.0' }));
    const raised = await manifest('plugin.json', pluginJson({ min_server_version: '9.11.0' }));
    const lowered = await manifest('plugin.json', pluginJson({ min_server_version: '8.0.0' }));
    const none = await manifest('plugin.json', pluginJson({ min_server_version: undefined }));
    expect(pick(compareManifests(base, raised, 'base'))).toEqual([
      ['version-bump/min-server-raised', 'minor', 'plugin.json', 5, 25],
    ]);
    expect(compareManifests(base, lowered, 'base')).toEqual([]);
    expect(pick(compareManifests(none, base, 'base'))).toEqual([
      ['version-bump/min-server-raised', 'minor', 'plugin.json', 5, 25],
    ]);
  });

  it('sees a whole server part removed, but not a switch to one executable for every platform', async () => {
    const base = await manifest('plugin.json', pluginJson({}));
    const webappOnly = await manifest(
      'plugin.json',
      pluginJson({ server: undefined, webapp: { bundle_path: 'webapp/dist/main.js' } }),
    );
    const generic = await manifest('plugin.json', pluginJson({ server: { executable: 'server/dist/plugin' } }));
    expect(pick(compareManifests(base, webappOnly, 'base'))).toEqual([
      ['version-bump/platform-dropped', 'major', 'plugin.json', 1, 1],
    ]);
    expect(compareManifests(base, generic, 'base')).toEqual([]);
  });

  it('compares a YAML base with a JSON head', async () => {
    const base = await manifest('plugin.yaml', fixture('base.plugin.yaml'));
    const head = await manifest('plugin.json', fixture('base.plugin.json'));
    expect(pick(compareManifests(base, head, 'tag v1.4.2')).map(([rule, level]) => [rule, level])).toEqual([
      ['version-bump/setting-added', 'minor'],
      ['version-bump/setting-added', 'minor'],
      ['version-bump/setting-added', 'minor'],
    ]);
  });

  it('survives manifests with null settings, keyless settings and odd types', async () => {
    const base = await manifest(
      'plugin.json',
      '{"id":"a.b","settings_schema":{"settings":[null,{"type":"bool"},{"key":"  "}],"sections":[null,{"settings":null}]},"server":{"executables":{"linux-amd64":""}}}',
    );
    const head = await manifest('plugin.json', '{"id":"a.b","settings_schema":null,"min_server_version":"9"}');
    expect(compareManifests(base, head, 'base')).toEqual([]);
  });
});

describe('compareManifests on large inputs', () => {
  it('stays fast with thousands of renamed settings sharing one label', async () => {
    const settings = (prefix: string) =>
      Array.from({ length: 5000 }, (_, i) => ({ key: `${prefix}${i}`, display_name: 'Same:', type: 'text' }));
    const base = await manifest('plugin.json', pluginJson({ settings_schema: { settings: settings('Old') } }));
    const head = await manifest('plugin.json', pluginJson({ settings_schema: { settings: settings('New') } }));
    const started = Date.now();
    const reasons = compareManifests(base, head, 'base');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(reasons).toHaveLength(5000);
    expect(reasons.every((r) => r.rule === 'version-bump/setting-renamed')).toBe(true);
    expect(reasons[0]?.message).toContain('"Old0"');
    expect(reasons[0]?.message).toContain('renamed to "New0"');
  });
});
