import { describe, expect, it } from '@jest/globals';
import { manifestChecks } from '../src/index';
import { lowerCaseWords, toTitleCase } from '../src/checks/settings-formatting';
import { located, manifestWith, pluginDir, runCheck } from './helpers';

const { manifest, minServerVersion, pluginId, settingsFormatting } = manifestChecks;
const brief = (findings: readonly { severity: string; rule: string; line?: number; column?: number }[]) =>
  findings.map((f) => `${f.severity} ${f.rule}@${f.line}:${f.column}`);

describe('min-server-version: fields older servers ignore', () => {
  it('gives only notices for homepage, support and release notes URLs, the icon and extra platforms', async () => {
    const text = manifestWith({
      min_server_version: '5.16.0',
      icon_path: 'assets/icon.svg',
      server: {
        executables: {
          'linux-amd64': 'server/dist/plugin-linux-amd64',
          'darwin-arm64': 'server/dist/plugin-darwin-arm64',
        },
      },
    });
    const result = await runCheck(minServerVersion, { 'plugin.json': text });
    expect(result.status).toBe('pass');
    expect(brief(result.findings)).toEqual([
      'notice min-server-version/ignored-by-older-servers@4:19',
      'notice min-server-version/ignored-by-older-servers@5:18',
      'notice min-server-version/ignored-by-older-servers@26:16',
      'notice min-server-version/ignored-by-older-servers@6:24',
      'notice min-server-version/ignored-by-older-servers@12:23',
    ]);
    for (const finding of result.findings) {
      expect(finding.message).not.toMatch(/stop using|Raise min_server_version/);
      expect(finding.message).toContain('No change is needed');
    }
    expect(result.findings[0]?.message).toContain('the Marketplace requires it');
  });

  it('states what older servers do with a secret and keeps the advice to mark it', async () => {
    const text = manifestWith({
      min_server_version: '9.11.0',
      settings_schema: {
        settings: [{ key: 'Token', display_name: 'Token:', type: 'text', help_text: 'The token.', secret: true }],
      },
    });
    const result = await runCheck(minServerVersion, { 'plugin.json': text });
    expect(brief(result.findings)).toEqual(['notice min-server-version/ignored-by-older-servers@21:19']);
    expect(result.findings[0]?.message).toContain('show this value in clear text');
    expect(result.findings[0]?.message).toContain('keep "secret": true');
    expect(result.status).toBe('pass');
  });

  it('fails sections older servers cannot show, naming the settings lost, and nothing else inside them', async () => {
    const text = manifestWith({
      min_server_version: '9.11.0',
      settings_schema: {
        sections: [
          { key: 'Main', title: 'Main', settings: [{ key: 'Token', type: 'text', secret: true, default: 'x' }] },
        ],
      },
    });
    const result = await runCheck(minServerVersion, { 'plugin.json': text });
    expect(brief(result.findings)).toEqual(['error min-server-version/feature-too-new@15:5']);
    expect(result.findings[0]?.message).toContain(
      'admins cannot configure "Token". Raise min_server_version to 10.0.0, or repeat those settings at the top level',
    );
  });

  it('warns about a section default older servers do not apply, unless a top-level copy carries it or it is the zero value', async () => {
    const section = (settings: unknown[]) => ({ key: 'Main', title: 'Main', settings });
    const warned = manifestWith({
      min_server_version: '10.11.0',
      settings_schema: {
        sections: [
          section([
            { key: 'Port', type: 'number', default: 8080 },
            { key: 'On', type: 'bool', default: false },
          ]),
        ],
      },
    });
    const result = await runCheck(minServerVersion, { 'plugin.json': warned });
    expect(brief(result.findings)).toEqual(['warning min-server-version/feature-too-new@23:24']);
    expect(result.findings[0]?.message).toContain('make the code treat an empty value as this default');
    const covered = manifestWith({
      min_server_version: '10.11.0',
      settings_schema: {
        settings: [{ key: 'port', type: 'number', default: 8080 }],
        sections: [section([{ key: 'Port', type: 'number', default: 8080 }])],
      },
    });
    expect(
      (await runCheck(minServerVersion, { 'plugin.json': covered })).findings.filter((f) => f.severity !== 'notice'),
    ).toEqual([]);
  });
});

describe('settings-formatting: one Title Case rule that converges', () => {
  it.each([
    ['Display name:', ['name'], 'Display Name:'],
    ['Live captions: model size', ['captions', 'model', 'size'], 'Live Captions: Model Size'],
    ['Webhook host — custom (overrides preset)', ['host', 'custom'], 'Webhook Host — Custom (overrides preset)'],
    [
      'Enable administration with /autolink command:',
      ['administration', 'command'],
      'Enable Administration with /autolink Command:',
    ],
    ['to be shown with the help', ['to', 'be', 'shown', 'help'], 'To Be Shown with the Help'],
    ['Maximum size (in MB)', ['size'], 'Maximum Size (in MB)'],
    ['Show pre-join page:', ['pre-join', 'page'], 'Show Pre-join Page:'],
    ['Enable Marketplace:', [], 'Enable Marketplace:'],
    ['Allow Users to View Archived Channels:', [], 'Allow Users to View Archived Channels:'],
    ['API key for iOS e.g. api_key', ['key'], 'API Key for iOS e.g. api_key'],
  ])('%s', (label, lower, fixed) => {
    expect(lowerCaseWords(label)).toEqual(lower);
    expect(toTitleCase(label)).toBe(fixed);
    expect(lowerCaseWords(fixed)).toEqual([]);
  });

  it('warns with the fixed label at the display_name', async () => {
    const result = await runCheck(settingsFormatting, {
      'plugin.json': manifestWith({
        settings_schema: {
          settings: [{ key: 'Name', display_name: 'Display name:', type: 'text', help_text: 'The name.' }],
        },
      }),
    });
    expect(located(result.findings)).toEqual(['settings-formatting/label-case@18:25']);
    expect(result.findings[0]?.message).toContain('write "Display Name:"');
  });

  it('asks nothing of custom settings and of settings the webapp draws itself', async () => {
    const settings = [
      { key: 'Custom', type: 'custom' },
      { key: 'Drawn', display_name: 'drawn by the plugin', type: 'text' },
      { key: 'Plain', display_name: 'plain label', type: 'text' },
    ];
    const files = {
      'plugin.json': manifestWith({ settings_schema: { settings } }),
      'webapp/src/index.tsx':
        "export default class Plugin {\n  initialize(registry) {\n    registry.registerAdminConsoleCustomSetting('Drawn', DrawnSetting);\n  }\n}\n",
    };
    const result = await runCheck(settingsFormatting, files);
    expect(located(result.findings)).toEqual([
      'settings-formatting/label-case@27:25',
      'settings-formatting/help-missing@25:7',
    ]);
    expect(result.summary).toBe(
      "1 setting checked (2 drawn by the plugin's own components or hidden by sections, not checked).",
    );
  });

  it('checks only section settings when sections hide the top level on every supported server', async () => {
    const text = manifestWith({
      min_server_version: '10.11.0',
      settings_schema: {
        settings: [{ key: 'Old', display_name: 'old label', type: 'text', help_text: 'Old.' }],
        sections: [
          {
            key: 'Main',
            title: 'Main settings',
            custom: false,
            settings: [{ key: 'New', display_name: 'New Label', type: 'text', help_text: 'New.' }],
          },
        ],
      },
    });
    expect(located((await runCheck(settingsFormatting, { 'plugin.json': text })).findings)).toEqual([
      'settings-formatting/section-title-case@26:18',
    ]);
  });

  it('accepts help text that ends with a value after a colon', async () => {
    const settings = [
      { key: 'Url', display_name: 'URL:', type: 'text', help_text: 'The server address. Example: https://example.com' },
      {
        key: 'Msg',
        display_name: 'Message:',
        type: 'text',
        help_text: 'Sent after a move. Allowed variables: {executor}, {postLink}',
      },
      { key: 'Bad', display_name: 'Bad:', type: 'text', help_text: 'The address of the server' },
    ];
    expect(
      located(
        (await runCheck(settingsFormatting, { 'plugin.json': manifestWith({ settings_schema: { settings } }) }))
          .findings,
      ),
    ).toEqual(['settings-formatting/help-punctuation@32:22']);
  });
});

describe('plugin-id: only what the tool knows', () => {
  it('does not claim a repository when none is known', async () => {
    const text = manifestWith({
      id: 'com.mattermost.weather',
      homepage_url: undefined,
      support_url: undefined,
      release_notes_url: undefined,
    });
    const result = await runCheck(pluginId, { 'plugin.json': text });
    expect(brief(result.findings)).toEqual(['warning plugin-id/reserved-namespace@2:9']);
    expect(result.findings[0]?.message).toContain('cannot tell who publishes the plugin');
    expect(result.findings[0]?.message).not.toContain('is not a Mattermost one');
  });

  it("fails the namespace when the repository is known and not Mattermost's", async () => {
    const result = await runCheck(pluginId, { 'plugin.json': manifestWith({ id: 'com.mattermost.weather' }) });
    expect(brief(result.findings)).toEqual(['error plugin-id/reserved-namespace@2:9']);
    expect(result.findings[0]?.message).toContain(
      '(example/mattermost-plugin-weather, from homepage_url) is owned by example',
    );
  });

  const database = (entries: unknown[]) => pluginDir({ 'plugins.json': JSON.stringify(entries) });

  it('treats an id listed for the same repository, homepage or renamed repository as its own: update mode', async () => {
    for (const entry of [
      { repo_name: 'mattermost-plugin-weather', manifest: { id: 'weather', version: '1.0.0' } },
      {
        repo_name: 'something-else',
        homepage_url: 'https://github.com/example/mattermost-plugin-weather',
        manifest: { id: 'weather', version: '1.0.0' },
      },
      { repo_name: 'weather-mattermost-plugin', manifest: { id: 'weather', version: '1.0.0' } },
    ]) {
      const dir = await database([entry]);
      const result = await runCheck(
        pluginId,
        { 'plugin.json': manifestWith({ id: 'weather' }) },
        { marketplaceDatabase: `${dir}/plugins.json` },
      );
      expect(brief(result.findings)).toEqual([
        'notice plugin-id/not-reverse-dns@2:9',
        'notice plugin-id/already-listed@2:9',
      ]);
      expect(result.findings[1]?.message).toContain('review the release in update mode');
    }
  });

  it('says the id changed when the repository was listed under another id', async () => {
    const dir = await database([
      { repo_name: 'mattermost-plugin-weather', manifest: { id: 'weather', version: '1.0.0' } },
    ]);
    const result = await runCheck(
      pluginId,
      { 'plugin.json': manifestWith({}) },
      { marketplaceDatabase: `${dir}/plugins.json` },
    );
    expect(brief(result.findings)).toEqual(['warning plugin-id/id-changed@2:9']);
    expect(result.findings[0]?.message).toContain('under the id "weather", not "com.example.weather": the id changed');
  });

  it('does not call a listing with no repository a collision', async () => {
    const dir = await database([{ manifest: { id: 'com.example.weather', version: '1.0.0' } }]);
    const result = await runCheck(
      pluginId,
      { 'plugin.json': manifestWith({}) },
      { marketplaceDatabase: `${dir}/plugins.json` },
    );
    expect(brief(result.findings)).toEqual(['notice plugin-id/possible-collision@2:9']);
    expect(result.status).toBe('pass');
  });
});

describe('manifest decoding as the server does it', () => {
  it('warns about data after the first JSON value, which the server ignores, and still checks the manifest', async () => {
    const result = await runCheck(manifest, { 'plugin.json': `${manifestWith({ name: ' ' })}{"id": "other"}\n` });
    expect(brief(result.findings)).toEqual([
      'warning manifest/trailing-content@26:1',
      'error manifest/name-missing@3:11',
    ]);
  });

  it('locates a URL only Go refuses and explains why', async () => {
    const result = await runCheck(manifest, {
      'plugin.json': manifestWith({ support_url: 'https://github.com#issues' }),
    });
    expect(brief(result.findings)).toEqual(['error manifest/url-invalid@5:18']);
    expect(result.findings[0]?.message).toBe(
      'invalid SupportURL: "https://github.com#issues": Go\'s URL parser refuses it (invalid character "#" in host name). Write the full http(s) URL, such as https://github.com/owner/repo.',
    );
  });

  it('accepts what Go accepts: a port over 65535 and a space in the path', async () => {
    const result = await runCheck(manifest, {
      'plugin.json': manifestWith({ homepage_url: 'https://example.com:70000/my plugin' }),
    });
    expect(result.findings).toEqual([]);
  });
});

describe('data after the first JSON value', () => {
  it.each(['}', '@', '// a comment', '"unterminated', ',', '/* open'])(
    'after the object, %j is ignored as the server ignores it: one warning',
    async (tail) => {
      const result = await runCheck(manifest, { 'plugin.json': `${manifestWith({})}${tail}` });
      expect(brief(result.findings)).toEqual(['warning manifest/trailing-content@26:1']);
    },
  );
});

describe('an unfinished first value', () => {
  it('stays a syntax error, located where the value is missing', async () => {
    const result = await runCheck(manifest, { 'plugin.json': '{"id": "com.example.demo", "version": ' });
    expect(brief(result.findings)).toEqual(['error manifest/syntax@1:39', 'error manifest/syntax@1:39']);
  });
});

describe('issue-tracker: support_url', () => {
  const { issueTrackerUrl } = manifestChecks;
  it.each([
    'https://github.com/example/mattermost-plugin-weather/issues',
    'https://github.com/example/mattermost-plugin-weather/issues/new/choose',
    'https://gitlab.com/example/weather/-/issues',
  ])('accepts the tracker page %s', async (url) => {
    expect((await runCheck(issueTrackerUrl, { 'plugin.json': manifestWith({ support_url: url }) })).findings).toEqual(
      [],
    );
  });

  it('points a repository URL at its own issues page', async () => {
    const result = await runCheck(issueTrackerUrl, {
      'plugin.json': manifestWith({ support_url: 'https://github.com/example/mattermost-plugin-weather' }),
    });
    expect(brief(result.findings)).toEqual(['warning issue-tracker/not-issue-tracker@5:18']);
    expect(result.findings[0]?.message).toContain(
      'such as https://github.com/example/mattermost-plugin-weather/issues.',
    );
  });

  it('refuses what the server refuses, saying why', async () => {
    const result = await runCheck(issueTrackerUrl, {
      'plugin.json': manifestWith({ support_url: 'https:///github.com/example/mattermost-plugin-weather/issues' }),
    });
    expect(brief(result.findings)).toEqual(['error issue-tracker/support-url-invalid@5:18']);
    expect(result.findings[0]?.message).toContain('it has no host after the "//"');
  });
});
