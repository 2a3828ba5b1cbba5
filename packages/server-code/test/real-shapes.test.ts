import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brief, review } from './helpers';

/** Fixtures shaped like code met in real plugins: logging bridges, dropped errors, guards, configuration, authentication. */
const root = mkdtempSync(path.join(tmpdir(), 'real-shapes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLUGIN = 'github.com/mattermost/mattermost/server/public/plugin';
const PLUGINAPI = 'github.com/mattermost/mattermost/server/public/pluginapi';
const MAIN = `package main\n\nimport "${PLUGIN}"\n\nfunc main() {\n\tplugin.ClientMain(&Plugin{})\n}\n`;

function plugin(
  name: string,
  files: Record<string, string>,
  manifest: object = { id: 'com.example.x', min_server_version: '9.0.0' },
): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries({
    'plugin.json': JSON.stringify(manifest, null, 2),
    'go.mod': 'module example.com/x\n',
    'server/main.go': MAIN,
    ...files,
  })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('logging on real shapes', () => {
  it('warns on a logrus bridge set up on a throwaway logger while the code logs through the package-level logger', async () => {
    const dir = plugin('throwaway', {
      'server/plugin.go': lines(
        'package main',
        '',
        'import (',
        `\t"${PLUGIN}"`,
        `\t"${PLUGINAPI}"`,
        '\t"github.com/sirupsen/logrus"',
        ')',
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '}',
        '',
        'func (p *Plugin) OnActivate() error {',
        '\tpluginapi.ConfigureLogrus(logrus.New(), pluginapi.NewClient(p.API, p.Driver))',
        '\tlogrus.Info("activated")',
        '\treturn nil',
        '}',
      ),
    });
    const { logging: result } = await review(dir);
    expect(result?.status).toBe('warn');
    expect(result?.findings.map(brief)).toEqual([
      [
        'logging/throwaway-bridge',
        'server/plugin.go:14:2',
        "pluginapi.ConfigureLogrus is given a new logrus.New() logger, but the code logs through logrus' package-level functions (e.g. server/plugin.go:15), which that bridge never sees: those messages go to the plugin's standard error, outside the server log. Pass logrus.StandardLogger() instead, or log through the logger you configure.",
      ],
    ]);
  });

  it('follows the logger given to ConfigureLogrus through a variable: logrus.New() is a throwaway, logrus.StandardLogger() is the bridge', async () => {
    const code = (logger: string): string =>
      lines(
        'package main',
        '',
        'import (',
        `\t"${PLUGIN}"`,
        `\t"${PLUGINAPI}"`,
        '\tlog "github.com/sirupsen/logrus"',
        ')',
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '}',
        '',
        'func (p *Plugin) OnActivate() error {',
        `\tlogger := ${logger}`,
        '\tpluginapi.ConfigureLogrus(logger, pluginapi.NewClient(p.API, p.Driver))',
        '\tlog.WithError(nil).Warn("activated")',
        '\treturn nil',
        '}',
      );
    const throwaway = await review(plugin('throwaway-variable', { 'server/plugin.go': code('log.New()') }));
    expect(throwaway.logging?.findings.map((f) => [f.rule, f.line])).toEqual([['logging/throwaway-bridge', 15]]);
    const bridged = await review(plugin('standard-variable', { 'server/plugin.go': code('log.StandardLogger()') }));
    expect(bridged.logging?.status).toBe('pass');
  });

  it('recognises a logger adapter by what it calls: a pluginapi LogService held on its own', async () => {
    const dir = plugin('adapter', {
      'server/plugin.go': lines(
        'package main',
        '',
        `import "${PLUGIN}"`,
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '\tlog *logAdapter',
        '}',
      ),
      'server/log.go': lines(
        'package main',
        '',
        `import "${PLUGINAPI}"`,
        '',
        'type logAdapter struct {',
        '\tsvc pluginapi.LogService',
        '}',
        '',
        'func (l *logAdapter) Errorf(msg string) {',
        '\tl.svc.Error(msg)',
        '}',
      ),
    });
    const { logging: result } = await review(dir);
    expect(result?.status).toBe('pass');
    expect(result?.summary).toBe("1 call to the plugin API's logger, at levels that match what they report.");
  });

  it('does not call an error dropped when the block returns it wrapped, answers the user or posts a message', async () => {
    const dir = plugin('dropped', {
      'server/plugin.go': lines(
        'package main',
        '',
        'import (',
        '\t"errors"',
        '\t"strconv"',
        '',
        `\t"${PLUGIN}"`,
        '\t"github.com/mattermost/mattermost/server/public/model"',
        ')',
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '}',
        '',
        'func (p *Plugin) OnConfigurationChange() error {',
        '\t_, err := strconv.Atoi("30")',
        '\tif err != nil {',
        '\t\treturn errors.New("the duration must be a number")',
        '\t}',
        '\treturn nil',
        '}',
        '',
        'func (p *Plugin) ExecuteCommand(c *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {',
        '\tn, err := strconv.Atoi(args.Command)',
        '\tif err != nil {',
        '\t\treturn &model.CommandResponse{Text: "Please give a number."}, nil',
        '\t}',
        '\tif _, err := p.API.GetUser(args.UserId); err != nil {',
        '\t\treturn nil, nil',
        '\t}',
        '\tp.API.LogInfo("ran", "n", n)',
        '\treturn nil, nil',
        '}',
      ),
    });
    const { logging: result } = await review(dir);
    expect(result?.findings.map(brief)).toEqual([
      [
        'logging/error-dropped',
        'server/plugin.go:28:2',
        'In the hook ExecuteCommand, this error is dropped: the block returns without returning, wrapping, logging or reporting it to the user. Log it with p.API.LogError("…", "err", err.Error()) before returning.',
      ],
    ]);
  });
});

describe('webapp registry calls on real shapes', () => {
  const MANIFEST = { id: 'com.example.x', min_server_version: '6.0.0' };

  it('finds a registry call on the same line as closing JSX, and skips calls guarded by presence or a version test', async () => {
    const dir = plugin(
      'webapp',
      {
        'webapp/src/index.jsx': lines(
          'export default class Plugin {',
          '    initialize(registry) {',
          "        const Icon = () => (<div className='icon'>{'a / b'}</div>); registry.registerPostActionComponent(Icon);",
          '        if (registry.registerRHSPluginPopoutListener) {',
          "            registry.registerRHSPluginPopoutListener('x', () => null);",
          '        }',
          '        registry.registerUserSettings?.({id: "x"});',
          '        if (isPostUpdateSupported()) {',
          '            registry.registerMessageWillBeUpdatedHook(() => null);',
          '        }',
          '    }',
          '}',
        ),
      },
      MANIFEST,
    );
    const { 'server-compatibility': result } = await review(dir);
    expect(
      result?.findings
        .filter((f) => f.severity !== 'notice')
        .map((f) => [f.rule, `${f.file}:${f.line}:${f.column}`, f.message.split(' exists')[0]]),
    ).toEqual([
      [
        'server-compatibility/webapp-registry-too-new',
        'webapp/src/index.jsx:3:78',
        'registry.registerPostActionComponent',
      ],
    ]);
    expect(
      result?.findings.filter((f) => f.rule === 'server-compatibility/guarded-too-new').map((f) => f.line),
    ).toEqual([5, 7, 9]);
  });
});

describe('settings-in-console on real shapes', () => {
  it('finds the configuration struct in another package through a field holding new(config.Configuration)', async () => {
    const dir = plugin(
      'config-pkg',
      {
        'server/plugin.go': lines(
          'package main',
          '',
          'import (',
          `\t"${PLUGIN}"`,
          '\t"example.com/x/server/config"',
          ')',
          '',
          'type Plugin struct {',
          '\tplugin.MattermostPlugin',
          '\tconfig *config.Service',
          '}',
          '',
          'func (p *Plugin) OnActivate() error {',
          '\tp.config = config.NewService(p.API)',
          '\tp.API.LogInfo("up")',
          '\treturn nil',
          '}',
        ),
        'server/config/service.go': lines(
          'package config',
          '',
          `import "${PLUGIN}"`,
          '',
          'type Service struct {',
          '\tapi           plugin.API',
          '\tconfiguration *Configuration',
          '\tlisteners     map[string]func()',
          '}',
          '',
          'type Configuration struct {',
          '\tEnableSync bool',
          '\tLicensed   bool',
          '}',
          '',
          'func NewService(api plugin.API) *Service {',
          '\ts := &Service{api: api}',
          '\ts.configuration = new(Configuration)',
          '\t_ = api.LoadPluginConfiguration(s.configuration)',
          '\ts.configuration.Licensed = api.GetLicense() != nil',
          '\treturn s',
          '}',
        ),
      },
      {
        id: 'com.example.x',
        min_server_version: '9.0.0',
        settings_schema: { settings: [{ key: 'EnableSync', type: 'bool' }] },
      },
    );
    const { 'settings-in-console': result } = await review(dir);
    expect(result?.status).toBe('pass');
    expect(result?.summary).toBe(
      'The Configuration struct (server/config/service.go) and the manifest settings match.',
    );
  });

  it('says nothing about variables the hosting platform sets, and reads other variables as notices', async () => {
    const dir = plugin('env', {
      'server/plugin.go': lines(
        'package main',
        '',
        'import (',
        '\t"os"',
        '',
        `\t"${PLUGIN}"`,
        ')',
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '}',
        '',
        'func (p *Plugin) OnActivate() error {',
        '\tcloud := os.Getenv("MM_CLOUD_INSTALLATION_ID") != ""',
        '\tdebug := os.Getenv("MM_PLUGIN_X_DEBUG") != ""',
        '\tp.API.LogInfo("up", "cloud", cloud, "debug", debug)',
        '\treturn nil',
        '}',
      ),
    });
    const { 'settings-in-console': result } = await review(dir);
    expect(result?.status).toBe('pass');
    expect(result?.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ['settings-in-console/environment', 'notice', 15],
    ]);
  });
});

describe('security hints on real shapes', () => {
  it('keeps the user-header hint at notice and says when routes are authenticated by a shared secret', async () => {
    const dir = plugin('secret', {
      'server/plugin.go': lines(
        'package main',
        '',
        'import (',
        '\t"crypto/subtle"',
        '\t"net/http"',
        '',
        `\t"${PLUGIN}"`,
        ')',
        '',
        'type Plugin struct {',
        '\tplugin.MattermostPlugin',
        '}',
        '',
        'func (p *Plugin) ServeHTTP(c *plugin.Context, w http.ResponseWriter, r *http.Request) {',
        '\tif subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("secret")), []byte("configured")) != 1 {',
        '\t\thttp.Error(w, "forbidden", http.StatusForbidden)',
        '\t\treturn',
        '\t}',
        '\tp.API.LogInfo("webhook")',
        '}',
      ),
    });
    const { 'security-review': result } = await review(dir);
    expect(result?.findings.map((f) => [f.rule, f.severity, f.message.split(';')[0]])).toEqual([
      [
        'security-review/user-header-unchecked',
        'notice',
        'The plugin serves HTTP requests and no code reads the Mattermost-User-ID header',
      ],
    ]);
  });
});
