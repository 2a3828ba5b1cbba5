import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Workspace, runChecks, type CheckResult } from '@mm-review/core';
import { PluginContext } from '@mm-review/plugin';
import { pluginSources, serverCodeChecks } from '@mm-review/server-code';
import { CORPUS_DIR, corpusRepos, describeCorpus, repoDir } from './corpus';

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
  'mattermost__mattermost-plugin-calls': [
    'TranscribeAPIAzureSpeechKey',
    'TURNStaticAuthSecret',
    'TranscribeAPIAzureSpeechKey',
  ],
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
      for (const result of Object.values(results))
        expect(result.findings.filter((f) => f.rule.endsWith('internal-error'))).toEqual([]);
      expect([repo, results['server-compatibility']?.status]).toEqual([repo, 'skip']);
      expect([repo, results.logging?.status, results['settings-in-console']?.status]).toEqual([repo, 'skip', 'skip']);
      expect([repo, results['high-availability']?.status, results['security-review']?.status]).toEqual([
        repo,
        'manual',
        'manual',
      ]);
      manual += 2;
      const hints =
        results['security-review']?.findings.filter((f) => f.rule === 'security-review/credential-not-secret') ?? [];
      for (const hint of hints) {
        expect(hint.file).toMatch(/^plugin\.(json|ya?ml)$/);
        expect(hint.line).toBeGreaterThan(1);
      }
      if (hints.length > 0) seen[repo] = hints.map((f) => /"([^"]+)"/.exec(f.message)?.[1] ?? '');
    }
    const expected = Object.fromEntries(
      Object.entries(CREDENTIALS_NOT_SECRET).filter(([repo, keys]) => repos.includes(repo) && keys.length > 0),
    );
    expect(seen).toEqual(expected);
    const hintCount = Object.values(seen).flat().length;
    console.log(
      `check-server-code corpus: ${repos.length} repositories, ${manual} manual verdicts, ${hintCount} credential settings not marked secret in ${Object.keys(seen).length} repositories`,
    );
  });
});

const SOURCE_DIR = path.join(CORPUS_DIR, 'source');
const sourceAvailable = existsSync(SOURCE_DIR);

/**
 * The verdicts of the five checks on the real source of each corpus repository
 * (server-compatibility, logging, settings-in-console, high-availability, security-review)
 * and every error and warning except the manifest's credential hints (asserted above),
 * each judged by reading the code behind it:
 * - api-too-new: unguarded calls of methods newer than min_server_version (EnsureBot of
 *   server/public pluginapi calls EnsureBotUser, 7.1; remind's mattermost-plugin-api v0.0.27
 *   does not and is not reported);
 * - hook-too-new: hooks older servers never call (agents' ServeMetrics, the demo's hooks);
 * - webapp-registry-too-new: the demo's unguarded registerSidebarBrowseOrAddChannelMenuAction
 *   (the guarded calls of agents, github, gitlab, demo and e2ee are notices);
 * - no-plugin-logger: kopanowebmeetings (its server lives in cmd/kwmmmplugind) and bookmarks
 *   (its only LogError is commented out) never log through the plugin API;
 * - stdout: fmt / log output in code the plugin runs (not in generators, tests, mocks or the
 *   main package's command-line mode);
 * - dead-setting: msteams' syncNotifications is read by no server or webapp code.
 */
const JUDGED: Record<string, [string, string[]]> = {
  'Kopano-dev__mattermost-plugin-kopanowebmeetings': [
    'fail fail pass manual manual',
    [
      'e logging/no-plugin-logger cmd/kwmmmplugind/plugin.go:36',
      'w logging/stdout cmd/kwmmmplugind/plugin.go:77',
      'w logging/stdout cmd/kwmmmplugind/plugin.go:121',
      'e server-compatibility/min-server-version-missing plugin.json:1',
    ],
  ],
  'MatthewDorner__mattermost-plugin-chess': ['pass skip skip manual manual', []],
  'ParabolInc__parabol-mattermost-plugin': [
    'fail pass pass manual manual',
    [
      'e server-compatibility/api-too-new server/activate_hooks.go:26',
      'e server-compatibility/api-too-new server/plugin.go:114',
    ],
  ],
  'apartmentlines__mattermost-plugin-poor-mans-scheduled-messages': ['pass pass pass manual manual', []],
  'blindsidenetworks__mattermost-plugin-bigbluebutton': ['pass pass pass manual manual', []],
  'dmitrijkir__mattermost-plugin-calendar': ['pass pass pass manual manual', []],
  'gabrieljackson__mattermost-plugin-wrangler': ['pass pass pass manual manual', []],
  'jfrerich__mattermost-plugin-bookmarks': [
    'pass fail pass manual manual',
    ['e logging/no-plugin-logger server/plugin.go:16'],
  ],
  'mattermost-community__mattermost-plugin-alertmanager': [
    'fail pass pass manual manual',
    ['e server-compatibility/api-too-new server/plugin.go:254'],
  ],
  'mattermost-community__mattermost-plugin-antivirus': [
    'fail pass pass manual manual',
    [
      'e server-compatibility/api-too-new server/plugin.go:33',
      'e server-compatibility/api-too-new server/plugin.go:48',
    ],
  ],
  'mattermost-community__mattermost-plugin-autolink': ['pass pass pass manual manual', []],
  'mattermost-community__mattermost-plugin-azure-devops': ['pass pass pass manual manual', []],
  'mattermost-community__mattermost-plugin-confluence': [
    'fail pass pass manual manual',
    ['e server-compatibility/api-too-new server/plugin.go:114'],
  ],
  'mattermost-community__mattermost-plugin-custom-attributes': ['pass pass pass manual manual', []],
  'mattermost-community__mattermost-plugin-jitsi': [
    'fail pass pass manual manual',
    [
      'e server-compatibility/api-too-new server/api.go:89',
      'e server-compatibility/api-too-new server/configuration.go:137',
      'e server-compatibility/api-too-new server/configuration.go:137',
      'e server-compatibility/api-too-new server/plugin.go:86',
      'e server-compatibility/api-too-new server/plugin.go:177',
    ],
  ],
  'mattermost-community__mattermost-plugin-memes': ['pass pass pass manual manual', []],
  'mattermost-community__mattermost-plugin-skype4business': ['pass pass pass manual manual', []],
  'mattermost-community__mattermost-plugin-todo': [
    'fail pass pass manual manual',
    ['e server-compatibility/api-too-new server/plugin.go:90'],
  ],
  'mattermost-community__mattermost-plugin-welcomebot': [
    'fail pass pass manual manual',
    ['e server-compatibility/api-too-new server/plugin.go:41'],
  ],
  'mattermost__mattermost-plugin-agents': [
    'fail warn pass manual manual',
    ['w logging/stdout openai/openai.go:408', 'e server-compatibility/hook-too-new server/main.go:249'],
  ],
  'mattermost__mattermost-plugin-apps': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-calls': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-demo': [
    'fail pass pass manual manual',
    [
      'e server-compatibility/api-too-new server/command_hooks.go:745',
      'e server-compatibility/hook-too-new server/configuration.go:299',
      'e server-compatibility/hook-too-new server/file_hooks.go:58',
      'e server-compatibility/hook-too-new server/message_hooks.go:242',
      'e server-compatibility/hook-too-new server/message_hooks.go:290',
      'e server-compatibility/hook-too-new server/suppport_packet.go:8',
      'e server-compatibility/hook-too-new server/user_hooks.go:46',
      'e server-compatibility/webapp-registry-too-new webapp/src/plugin.jsx:227',
    ],
  ],
  'mattermost__mattermost-plugin-github': [
    'fail pass pass manual manual',
    ['e server-compatibility/api-too-new server/plugin/plugin.go:819'],
  ],
  'mattermost__mattermost-plugin-gitlab': [
    'fail pass pass manual manual',
    [
      'e server-compatibility/api-too-new server/api.go:647',
      'e server-compatibility/api-too-new server/api.go:757',
      'e server-compatibility/api-too-new server/command.go:677',
      'e server-compatibility/api-too-new server/plugin.go:1027',
    ],
  ],
  'mattermost__mattermost-plugin-jira': ['pass warn pass manual manual', ['w logging/stdout server/subscribe.go:1398']],
  'mattermost__mattermost-plugin-msteams': [
    'pass pass warn manual manual',
    ['w settings-in-console/dead-setting plugin.json:66'],
  ],
  'mattermost__mattermost-plugin-nps': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-playbooks': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-servicenow': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-starter-template': ['pass pass pass manual manual', []],
  'mattermost__mattermost-plugin-zoom': ['pass pass pass manual manual', []],
  'moussetc__mattermost-plugin-giphy': ['pass pass pass manual manual', []],
  'pexip__pexip-mattermost-plugin': [
    'fail warn pass manual manual',
    [
      'w logging/stdout server/http.go:97',
      'w logging/stdout server/http.go:153',
      'e server-compatibility/api-too-new server/bot.go:20',
    ],
  ],
  'quarkslab__mattermost-plugin-e2ee': ['pass pass pass manual manual', []],
  'scottleedavis__mattermost-plugin-remind': ['pass pass pass manual manual', []],
};

function sourceRepos(): string[] {
  return sourceAvailable
    ? readdirSync(SOURCE_DIR)
        .filter((name) => statSync(path.join(SOURCE_DIR, name)).isDirectory())
        .sort()
    : [];
}

(sourceAvailable ? describe : describe.skip)(
  `check-server-code on the real plugin source${sourceAvailable ? '' : ` (skipped: no source corpus at ${SOURCE_DIR})`}`,
  () => {
    it('reads the code each plugin binary is built from and gives the verdicts judged by reading it', async () => {
      const repos = sourceRepos();
      expect(repos.length).toBeGreaterThan(30);
      const seen: Record<string, [string, string[]]> = {};
      for (const repo of repos) {
        const context = new PluginContext(await Workspace.open(path.join(SOURCE_DIR, repo)), {
          mode: 'new',
          beta: false,
          offline: true,
        });
        const results = await runChecks(serverCodeChecks, context, { mode: 'new', beta: false });
        for (const result of results)
          expect([repo, result.findings.filter((f) => f.rule.endsWith('internal-error'))]).toEqual([repo, []]);
        const byId = Object.fromEntries(results.map((r) => [r.id, r]));
        const statuses = [
          'server-compatibility',
          'logging',
          'settings-in-console',
          'high-availability',
          'security-review',
        ]
          .map((id) => byId[id]?.status)
          .join(' ');
        const findings = results.flatMap((r) =>
          r.findings
            .filter((f) => f.severity !== 'notice' && f.rule !== 'security-review/credential-not-secret')
            .map((f) => `${f.severity[0]} ${f.rule} ${f.file}:${f.line}`),
        );
        seen[repo] = [statuses, findings];
        const { server } = await pluginSources(context);
        // Every repository with server code has a main package calling plugin.ClientMain; chess is a webapp-only plugin.
        expect([repo, server.build.mainDir !== undefined]).toEqual([
          repo,
          repo !== 'MatthewDorner__mattermost-plugin-chess',
        ]);
      }
      expect(seen).toEqual(Object.fromEntries(Object.entries(JUDGED).filter(([repo]) => repos.includes(repo))));
    }, 300_000);

    it('finds the server code outside server/ and the library version behind each wrapper', async () => {
      const read = async (repo: string) =>
        pluginSources(
          new PluginContext(await Workspace.open(path.join(SOURCE_DIR, repo)), {
            mode: 'new',
            beta: false,
            offline: true,
          }),
        );
      // kopanowebmeetings has no go.mod and builds cmd/kwmmmplugind; the corpus had no server/ for it.
      expect((await read('Kopano-dev__mattermost-plugin-kopanowebmeetings')).server.build.mainDir).toBe(
        'cmd/kwmmmplugind',
      );
      // agents keeps most of its server in root packages (llm, mmapi, …) of the same module.
      const agents = (await read('mattermost__mattermost-plugin-agents')).server.build;
      expect(agents.packages.length).toBeGreaterThan(20);
      expect(agents.packages).toContain('llm');
      // msteams: the store generators are other programs, client_mock.go a mock.
      const msteams = await read('mattermost__mattermost-plugin-msteams');
      expect(msteams.server.files.map((f) => f.path).filter((p) => /generators|client_mock/.test(p))).toEqual([]);
      expect(msteams.server.build.excluded.mock).toBeGreaterThan(0);
    }, 120_000);
  },
);
