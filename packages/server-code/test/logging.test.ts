import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { brief, review } from './helpers';

const FIX =
  'log through p.API.LogError / LogWarn / LogInfo / LogDebug instead, so the message reaches the server log with a level and the plugin id.';

describe('logging', () => {
  it('passes a plugin that logs through the plugin API and pluginapi, errors at error level', async () => {
    const { logging: result } = await review('good');
    expect(result?.status).toBe('pass');
    expect(result?.findings).toEqual([]);
    expect(result?.summary).toBe("3 calls to the plugin API's logger, at levels that match what they report.");
  });

  it('flags output around the server log, errors logged at info level and errors dropped in hooks', async () => {
    const { logging: result } = await review('logging');
    expect(result?.status).toBe('warn');
    expect(result?.findings.map(brief)).toEqual([
      [
        'logging/stdout',
        'server/plugin.go:18:2',
        `fmt.Println writes to the plugin process's standard output, which the server does not log as the plugin's messages; ${FIX}`,
      ],
      [
        'logging/stdout',
        'server/plugin.go:19:2',
        `log.Printf writes through Go's standard logger, outside the server log; ${FIX}`,
      ],
      [
        'logging/stdout',
        'server/plugin.go:20:15',
        `os.Stderr writes to the plugin process's standard error directly; ${FIX}`,
      ],
      ['logging/stdout', 'server/plugin.go:21:2', `println(…) writes to standard error outside the server log; ${FIX}`],
      [
        'logging/error-dropped',
        'server/plugin.go:29:2',
        'In the hook MessageHasBeenPosted, this error is dropped: the block returns without returning, wrapping, logging or reporting it to the user. Log it with p.API.LogError("…", "err", err.Error()) before returning.',
      ],
      [
        'logging/error-level',
        'server/plugin.go:33:9',
        'p.API.LogInfo("Failed to reply", …) reports a failure at info level, where administrators filtering on errors do not see it; if the failure needs an administrator\'s attention (not an expected fallback), log it with p.API.LogError.',
      ],
      [
        'logging/error-dropped',
        'server/plugin.go:36:2',
        'In the hook MessageHasBeenPosted, this error is dropped: the block returns without returning, wrapping, logging or reporting it to the user. Log it with p.API.LogError("…", "err", err.Error()) before returning.',
      ],
      [
        'logging/stdout',
        'server/plugin.go:53:2',
        `log.Fatal writes through Go's standard logger, outside the server log and exits the plugin process, which the server then restarts; ${FIX}`,
      ],
    ]);
  });

  it('fails a plugin that never logs through the plugin API, at its plugin type', async () => {
    const { logging: result } = await review('no-logger');
    expect(result?.status).toBe('fail');
    expect(result?.findings.map(brief)).toEqual([
      [
        'logging/no-plugin-logger',
        'server/plugin.go:6:6',
        "The server code never logs through the plugin API (p.API.LogError / LogWarn / LogInfo / LogDebug, or pluginapi's client.Log), so administrators see nothing of what it does in the server log; log failures with LogError and important events with LogInfo.",
      ],
    ]);
  });

  it('accepts logrus sent to the plugin API through pluginapi.ConfigureLogrus', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'logging-logrus-'));
    try {
      mkdirSync(path.join(root, 'server'));
      writeFileSync(path.join(root, 'plugin.json'), '{"id": "x", "min_server_version": "9.0.0"}');
      writeFileSync(
        path.join(root, 'server/plugin.go'),
        'package main\n\nimport (\n\t"github.com/mattermost/mattermost/server/public/pluginapi"\n\t"github.com/sirupsen/logrus"\n)\n\nfunc (p *Plugin) OnActivate() error {\n\tpluginapi.ConfigureLogrus(logrus.StandardLogger(), p.client)\n\tlogrus.Info("up")\n\treturn nil\n}\n',
      );
      const { logging: result } = await review(root);
      expect(result?.status).toBe('pass');
      expect(result?.summary).toBe(
        'The server code logs through logrus, sent to the plugin API by pluginapi.ConfigureLogrus.',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('skips without server code', async () => {
    const { logging: result } = await review('webapp-only');
    expect(result?.status).toBe('skip');
  });
});
