import { describe, expect, it } from '@jest/globals';
import { isConfigFileName } from '../src/checks/settings-in-console';
import { brief, review } from './helpers';

const CONSOLE_FIX =
  'add a setting to settings_schema in the manifest and read it from the configuration struct instead.';

describe('settings-in-console', () => {
  it('passes when every configuration field has a setting (json tags, case ignored) and every setting a field', async () => {
    const { 'settings-in-console': result } = await review('good');
    expect(result?.status).toBe('pass');
    expect(result?.findings).toEqual([]);
  });

  it('warns on configuration files and libraries and on settings nothing reads; environment reads and fields without a setting are notices', async () => {
    const { 'settings-in-console': result } = await review('settings');
    expect(result?.status).toBe('warn');
    expect(result?.summary).toBe(
      '2 places where the server reads configuration from outside the System Console. The code reads 1 environment variable a person should look at (notices).',
    );
    expect(result?.findings.map(brief)).toEqual([
      [
        'settings-in-console/dead-setting',
        'plugin.json:10:21',
        'The setting "Unused" has no field in the configuration struct (server/configuration.go), so the server never reads what administrators enter; add a field Unused to the struct, or remove the setting.',
      ],
      [
        'settings-in-console/dead-setting',
        'plugin.json:11:21',
        'The custom setting "Panel" has no field in the configuration struct; that is fine if only the webapp\'s custom component uses it, otherwise add the field.',
      ],
      [
        'settings-in-console/dead-setting',
        'plugin.json:12:21',
        'The setting "log_level" has no field in the configuration struct (server/configuration.go), so the server never reads what administrators enter; add a field tagged `json:"log_level"` to the struct, or remove the setting.',
      ],
      [
        'settings-in-console/config-library',
        'server/configuration.go:6:2',
        `The server imports github.com/spf13/viper, a library for reading configuration from files or environment variables, which bypasses the System Console; ${CONSOLE_FIX}`,
      ],
      [
        'settings-in-console/field-without-setting',
        'server/configuration.go:15:2',
        'The configuration field MaxUsers has no setting in plugin.json: if administrators are meant to set it, they can only do so outside the System Console (in config.json); add a setting with "key": "MaxUsers" to settings_schema, or move the value out of the configuration struct if the plugin fills it itself.',
      ],
      [
        'settings-in-console/environment',
        'server/configuration.go:24:11',
        `The server reads the environment variable SETTINGS_TOKEN. If administrators must set it to configure the plugin, that is configuration outside the System Console (and it can differ between cluster nodes): ${CONSOLE_FIX.slice(0, -1)}. An override for development or for the hosting platform needs no change.`,
      ],
      [
        'settings-in-console/config-file',
        'server/configuration.go:25:15',
        `The server reads its own configuration file "config.json", which administrators cannot edit in the System Console and which is missing on other cluster nodes; ${CONSOLE_FIX}`,
      ],
    ]);
  });

  it('says when it finds no configuration struct for a manifest with settings', async () => {
    const { 'settings-in-console': result } = await review('security');
    expect(result?.status).toBe('pass');
    expect(result?.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['settings-in-console/no-configuration-struct', 'notice'],
    ]);
  });

  it('says nothing about a configuration struct when the plugin has no settings', async () => {
    const { 'settings-in-console': result } = await review('too-new');
    expect(result?.findings).toEqual([]);
  });

  it("tells configuration files from the plugin's own data and assets", () => {
    expect(
      [
        'config.json',
        '/etc/plugin/settings.yaml',
        '.env',
        '.env.local',
        'app.ini',
        'server.conf',
        'credentials',
        'secrets.yml',
      ].filter((p) => !isConfigFileName(p)),
    ).toEqual([]);
    expect(
      ['assets/emoji.json', 'assets/settings.png', 'README.md', 'templates/config-help.html'].filter(isConfigFileName),
    ).toEqual([]);
  });
});
