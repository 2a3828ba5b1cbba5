import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { brief, review } from './helpers';

describe('server-compatibility', () => {
  it('passes a plugin whose API calls, hooks and registry calls all exist at min_server_version', async () => {
    const { 'server-compatibility': result } = await review('good');
    expect(result?.status).toBe('pass');
    expect(result?.findings).toEqual([]);
    // Comments, strings, raw strings, tests and vendor code never count (GetUsersByIds 9.10, SendToastMessage 11.6, registerChannelTypeOption 11.9).
    expect(result?.summary).toBe(
      'The 6 API methods, 4 hooks and 3 webapp registry methods the code uses exist at 9.5.0 (the code needs 9.5 or later). Read 3 Go files in 1 package from the main package server and the packages it imports; left out 1 test file.',
    );
  });

  it('fails each call, hook and registry method newer than min_server_version, with the version it needs', async () => {
    const { 'server-compatibility': result } = await review('too-new');
    expect(result?.status).toBe('fail');
    expect(result?.summary).toBe(
      '4 uses in the code need a newer server than min_server_version 7.0.0; min_server_version 11.6.0 would make the plugin compatible. Read 2 Go files in 1 package from the server/ folder (no main package calling plugin.ClientMain was found).',
    );
    expect(result?.findings.map(brief)).toEqual([
      [
        'server-compatibility/api-too-new',
        'server/plugin.go:21:25',
        'p.API.GetUsersByIds needs Mattermost 9.10 (the server source says 9.8, the docs changelog lists it under 9.10; the later is used), but min_server_version is 7.0.0: on older servers the call fails. Raise min_server_version to 9.10.0, or call it only after checking the server version.',
      ],
      [
        'server-compatibility/hook-too-new',
        'server/plugin.go:33:18',
        'The plugin implements the hook OnSAMLLogin, which servers call only from Mattermost 10.7, but min_server_version is 7.0.0: older servers never call it. Raise min_server_version to 10.7.0, or make the feature work without the hook.',
      ],
      [
        'server-compatibility/api-too-new',
        'server/store.go:13:8',
        's.api.SendToastMessage needs Mattermost 11.6 (the server source says 11.5, the docs changelog gives 11.6; the later is used), but min_server_version is 7.0.0: on older servers the call fails. Raise min_server_version to 11.6.0, or call it only after checking the server version.',
      ],
      [
        'server-compatibility/webapp-before-8.0-unverified',
        'webapp/src/index.js:4:18',
        '2 webapp registry methods (registerRootComponent, registerInsightsHandler) are known to exist from Mattermost 8.0; the tables this check uses do not reach back before 8.0, so confirm them on 7.0.0 by hand or raise min_server_version to 8.0.0.',
      ],
      [
        'server-compatibility/webapp-registry-too-new',
        'webapp/src/index.js:5:18',
        'registry.registerUserSettings exists in the webapp only from Mattermost 9.5, but min_server_version is 7.0.0: on older servers the call throws. Raise min_server_version to 9.5.0, or call it only when `registry.registerUserSettings` is a function.',
      ],
      [
        'server-compatibility/removed',
        'webapp/src/index.js:6:18',
        'registry.registerInsightsHandler was removed from the webapp after Mattermost 8.1: on newer servers the call throws. Remove it, or call it only when `registry.registerInsightsHandler` is a function.',
      ],
    ]);
  });

  it('fails a plugin without min_server_version, naming the version its code needs', async () => {
    const { 'server-compatibility': result } = await review('no-min');
    expect(result?.status).toBe('fail');
    expect(result?.findings.map(brief)).toEqual([
      [
        'server-compatibility/min-server-version-missing',
        'plugin.json:1:1',
        'plugin.json sets no min_server_version, so the plugin claims to run on every server, but its code needs Mattermost 7.1 or later; set "min_server_version": "7.1.0" (or higher).',
      ],
    ]);
  });

  describe('on generated trees', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'server-compat-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const plugin = (name: string, manifest: object, files: Record<string, string>): string => {
      const dir = path.join(root, name);
      for (const [file, text] of Object.entries({ 'plugin.json': JSON.stringify(manifest, null, 2), ...files })) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      return dir;
    };

    it('skips when there is no source code', async () => {
      const { 'server-compatibility': result } = await review(
        plugin('empty', { id: 'x', min_server_version: '9.0.0' }, {}),
      );
      expect(result?.status).toBe('skip');
      expect(result?.findings.map((f) => f.rule)).toEqual(['server-compatibility/no-source']);
    });

    it('skips when min_server_version is not a version', async () => {
      const dir = plugin('bad-min', { id: 'x', min_server_version: 'latest' }, { 'server/a.go': 'package main\n' });
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.status).toBe('skip');
      expect(result?.summary).toContain('"latest" is not a version');
    });

    const aliasCode = (importPath: string): string =>
      `package main\n\nimport pluginapi "${importPath}"\n\nfunc (p *Plugin) run() {\n\tapi := p.API\n\tapi.KVSetWithOptions("k", nil, opts)\n\tc := pluginapi.NewClient(p.API, p.Driver)\n\tc.KV.Set("k", 1)\n\tc.Bot.EnsureBot(bot)\n}\n`;

    it('follows an API value through a local alias and reads wrappers with the body of server/public pluginapi', async () => {
      const dir = plugin(
        'alias',
        { id: 'x', min_server_version: '5.10.0' },
        {
          'go.mod': 'module example.com/p\n\nrequire github.com/mattermost/mattermost/server/public v0.1.9\n',
          'server/a.go': aliasCode('github.com/mattermost/mattermost/server/public/pluginapi'),
        },
      );
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.findings.map((f) => [f.line, f.column, f.message.split(' needs ')[0]])).toEqual([
        [7, 6, 'api.KVSetWithOptions'],
        [
          9,
          7,
          "c.KV.Set (which calls the plugin API's KVSetWithOptions in pluginapi from github.com/mattermost/mattermost/server/public v0.1.9)",
        ],
        [
          10,
          8,
          "c.Bot.EnsureBot (which calls the plugin API's EnsureBotUser in pluginapi from github.com/mattermost/mattermost/server/public v0.1.9)",
        ],
      ]);
    });

    it("reads Bot.EnsureBot of mattermost-plugin-api v0.0.x with that library's body (KVGet, PatchBot, CreateBot: 5.10), not EnsureBotUser", async () => {
      const dir = plugin(
        'legacy',
        { id: 'x', min_server_version: '5.10.0' },
        {
          'go.mod': 'module example.com/p\n\nrequire (\n\tgithub.com/mattermost/mattermost-plugin-api v0.0.27\n)\n',
          'server/a.go': aliasCode('github.com/mattermost/mattermost-plugin-api'),
        },
      );
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.findings.map((f) => [f.line, f.column, f.message.split(' needs ')[0]])).toEqual([
        [7, 6, 'api.KVSetWithOptions'],
        [
          9,
          7,
          "c.KV.Set (which calls the plugin API's KVSetWithOptions in pluginapi from github.com/mattermost/mattermost-plugin-api v0.0.27)",
        ],
      ]);
    });

    it('checks no wrapper of mattermost-plugin-api when go.mod gives no version it knows', async () => {
      const dir = plugin(
        'legacy-unknown',
        { id: 'x', min_server_version: '5.10.0' },
        { 'server/a.go': aliasCode('github.com/mattermost/mattermost-plugin-api') },
      );
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.findings.map((f) => f.message.split(' needs ')[0])).toEqual(['api.KVSetWithOptions']);
    });

    it('warns on a call the server no longer supports', async () => {
      const dir = plugin(
        'unsupported',
        { id: 'x', min_server_version: '9.0.0' },
        {
          'server/a.go': 'package main\n\nfunc (p *Plugin) run() {\n\tp.API.RegisterCollectionAndTopic("c", "t")\n}\n',
        },
      );
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.status).toBe('warn');
      expect(result?.findings.map(brief)).toEqual([
        [
          'server-compatibility/unsupported',
          'server/a.go:4:8',
          'p.API.RegisterCollectionAndTopic is no longer supported by the server (the plugin API source says so); remove the call.',
        ],
      ]);
    });

    it('skips without a manifest', async () => {
      const dir = path.join(root, 'no-manifest');
      mkdirSync(path.join(dir, 'server'), { recursive: true });
      writeFileSync(path.join(dir, 'server/a.go'), 'package main\n');
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.status).toBe('skip');
      expect(result?.findings.map((f) => f.rule)).toEqual(['server-compatibility/no-manifest']);
    });

    it('reports a source file it cannot read as a notice with its path', async () => {
      const dir = plugin(
        'binary',
        { id: 'x', min_server_version: '9.0.0' },
        { 'server/blob.go': 'package main\u0000\u0001', 'server/ok.go': 'package main\n' },
      );
      const { 'server-compatibility': result } = await review(dir);
      expect(result?.status).toBe('pass');
      expect(result?.findings.map(brief)).toEqual([
        [
          'server-compatibility/unreadable-source',
          'server/blob.go::',
          'server/blob.go cannot be used as source code to review: it is a binary file, not text.',
        ],
      ]);
    });
  });
});
