import { describe, expect, it } from '@jest/globals';
import { manifestChecks, parseManifestText } from '../src/index';
import { located, manifestWith, pluginDir, runCheck } from './helpers';

const check = manifestChecks.manifest;
const rules = async (files: Record<string, string | Buffer | { link: string }>) =>
  located((await runCheck(check, files)).findings);

describe('manifest: discovery and parsing', () => {
  it('passes a valid plugin.json', async () => {
    const result = await runCheck(check, { 'plugin.json': manifestWith({}) });
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
  });

  it('fails without a manifest and names a near miss', async () => {
    const result = await runCheck(check, { 'Plugin.json': manifestWith({}) });
    expect(result.status).toBe('fail');
    expect(result.findings[0]?.rule).toBe('manifest/missing');
    expect(result.findings[0]?.message).toContain('Plugin.json is there');
  });

  it('reads plugin.yml before plugin.json and says when they differ', async () => {
    const yaml =
      'id: com.example.weather\nname: Weather YAML\nversion: "1.2.0"\nmin_server_version: "10.11.0"\nwebapp:\n  bundle_path: webapp/dist/main.js\nhomepage_url: https://example.com\n';
    const result = await runCheck(check, { 'plugin.yml': yaml, 'plugin.json': manifestWith({}) });
    expect(located(result.findings)).toEqual(['manifest/shadowed@1:1']);
    expect(result.findings[0]?.file).toBe('plugin.json');
    expect(result.findings[0]?.message).toContain('differ (');
  });

  it('reports a JSON syntax error with its line and column', async () => {
    expect(
      await rules({ 'plugin.json': '{\n  "id": "com.example.x",\n  "name": "X"\n  "version": "1.0.0"\n}\n' }),
    ).toEqual(['manifest/syntax@4:3']);
  });

  it('reports a byte-order mark and comments, which Go rejects', async () => {
    expect(await rules({ 'plugin.json': `\ufeff${manifestWith({})}` })).toEqual(['manifest/byte-order-mark@1:1']);
    const withComment = manifestWith({}).replace('{\n', '{\n  // the id\n');
    expect(await rules({ 'plugin.json': withComment })).toEqual(['manifest/comment@2:3']);
  });

  it('warns about content after the object, which the server ignores', async () => {
    expect(await rules({ 'plugin.json': `${manifestWith({})}{}` })).toEqual(['manifest/trailing-content@26:1']);
  });

  it('fails a type mismatch at the value', async () => {
    expect(
      await rules({
        'plugin.json':
          '{\n  "id": "com.example.x",\n  "name": "X",\n  "version": 1,\n  "webapp": {"bundle_path": "a.js"},\n  "homepage_url": "https://e.com"\n}\n',
      }),
    ).toEqual(['manifest/type-mismatch@4:14']);
  });

  it('warns on keys matched only ignoring case, duplicates, unknown and obsolete fields', async () => {
    const text =
      '{\n  "ID": "com.example.x",\n  "name": "X",\n  "name": "Y",\n  "verison": "1.0.0",\n  "required_configuration": {},\n  "webapp": {"bundle_path": "a.js"},\n  "homepage_url": "https://e.com"\n}\n';
    const result = await runCheck(check, { 'plugin.json': text });
    expect(located(result.findings)).toEqual([
      'manifest/key-case@2:3',
      'manifest/duplicate-key@4:3',
      'manifest/unknown-field@5:3',
      'manifest/obsolete-field@6:3',
    ]);
    expect(result.findings[2]?.message).toContain('did you mean "version"?');
    expect(result.status).toBe('warn');
  });

  it('keeps map keys whose value is null, as Go maps do', async () => {
    const { loaded } = await parseManifestText(
      'plugin.json',
      '{"props": {"a": null, "b": 1}, "server": {"executables": {"linux-amd64": null}}}',
    );
    expect(loaded?.manifest.props).toEqual({ a: null, b: 1 });
    expect(loaded?.manifest.server?.executables).toEqual({ 'linux-amd64': '' });
  });

  it('refuses absurd nesting before parsing', async () => {
    expect(await rules({ 'plugin.json': `{"props": ${'['.repeat(5000)}${']'.repeat(5000)}}` })).toEqual([
      'manifest/too-deep@1:1',
    ]);
  });

  it('refuses binary, oversized and out-of-tree manifests with a finding', async () => {
    expect(await rules({ 'plugin.json': Buffer.from([0x7b, 0, 1, 2]) })).toEqual(['manifest/unreadable@-:-']);
    expect(await rules({ 'plugin.json': `{"description": "${'x'.repeat(1_100_000)}"}` })).toEqual([
      'manifest/unreadable@-:-',
    ]);
    const elsewhere = await pluginDir({ 'plugin.json': manifestWith({}) });
    const outside = await runCheck(check, { 'plugin.json': { link: `${elsewhere}/plugin.json` } });
    expect(outside.findings[0]?.message).toContain('outside the plugin root');
  });

  it('reads YAML with case-sensitive keys, duplicates as errors and unquoted numbers flagged', async () => {
    const yaml =
      'id: com.example.x\nname: X\nversion: 0.1\nVersion: "1.0.0"\nwebapp:\n  bundle_path: a.js\nhomepage_url: https://e.com\n';
    expect(await rules({ 'plugin.yaml': yaml })).toEqual([
      'manifest/yaml-unquoted-scalar@3:10',
      'manifest/unknown-field@4:1',
      'manifest/version-invalid@3:10',
    ]);
    expect(await rules({ 'plugin.yaml': 'id: a\nid: b\n' })).toEqual(['manifest/syntax@2:1']);
  });

  it('caps YAML alias expansion (billion laughs)', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    lines.push('props:\n  bomb: *i');
    const result = await runCheck(check, { 'plugin.yaml': lines.join('\n') });
    expect(result.findings.map((f) => f.rule)).toContain('manifest/yaml-aliases');
  });
});

describe('manifest: server hard failures and IsValid()', () => {
  it("fails an invalid id with IsValid()'s message", async () => {
    const result = await runCheck(check, { 'plugin.json': manifestWith({ id: 'ab' }) });
    expect(located(result.findings)).toEqual(['manifest/id-invalid@2:9']);
    expect(result.findings[0]?.message).toMatch(/^invalid plugin ID: it is shorter than 3 characters/);
  });

  it('fails a blank name', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ name: '  ' }) })).toEqual(['manifest/name-missing@3:11']);
  });

  it('fails invalid URLs with the Go field name', async () => {
    const result = await runCheck(check, {
      'plugin.json': manifestWith({ support_url: 'HTTPS://example.com/issues' }),
    });
    expect(located(result.findings)).toEqual(['manifest/url-invalid@5:18']);
    expect(result.findings[0]?.message).toMatch(/^invalid SupportURL:/);
  });

  it('leaves a missing homepage_url to the documentation check', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ homepage_url: undefined }) })).toEqual([]);
  });

  it('fails versions that are not strict semver', async () => {
    const result = await runCheck(check, {
      'plugin.json': manifestWith({ version: 'v1.2.0', min_server_version: '5.6' }),
    });
    expect(located(result.findings)).toEqual([
      'manifest/version-invalid@7:14',
      'manifest/min-server-version-invalid@8:25',
    ]);
    expect(result.findings[0]?.message).toContain('drop the leading "v": write 1.2.0');
    expect(result.findings[1]?.message).toContain('write 5.6.0');
  });

  it('fails a manifest with neither server nor webapp, and a backend-only server', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ server: undefined }) })).toEqual(['manifest/no-component@1:1']);
    expect(
      await rules({
        'plugin.json': manifestWith({
          server: undefined,
          backend: { executable: 'x' },
          webapp: { bundle_path: 'a.js' },
        }),
      }),
    ).toEqual(['manifest/obsolete-field@20:3', 'manifest/backend-only@20:3']);
  });

  it('fails server executables that are missing, outside the bundle or misnamed', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ server: {} }) })).toEqual([
      'manifest/server-executable-missing@9:13',
    ]);
    expect(
      await rules({ 'plugin.json': manifestWith({ server: { executables: { 'darwin-amd64': '../x' } } }) }),
    ).toEqual(['manifest/server-platform-missing@10:20', 'manifest/server-executable-path@11:23']);
    expect(
      await rules({
        'plugin.json': manifestWith({ server: { executables: { 'linux-amd64': 'a', linux_arm64: 'b' } } }),
      }),
    ).toEqual(['manifest/server-platform-key@12:7']);
  });

  it('fails an empty or hidden webapp bundle path and warns on an absolute one', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ webapp: { bundle_path: './.hidden/main.js' } }) })).toEqual([
      'manifest/webapp-bundle-path@26:20',
    ]);
    expect(await rules({ 'plugin.json': manifestWith({ webapp: { bundle_path: '/webapp/main.js' } }) })).toEqual([
      'manifest/webapp-bundle-path-absolute@26:20',
    ]);
  });

  it('applies the IsValid() setting rules with their messages', async () => {
    const settings = [
      { key: 'A', display_name: 'A', type: 'Bool', help_text: 'A.' },
      { key: 'B', display_name: 'B', type: 'bool', help_text: 'B.', regenerate_help_text: 'x', placeholder: 'p' },
      { key: 'C', display_name: 'C', type: 'text', help_text: 'C.', options: [] },
      { key: 'D', display_name: 'D', type: 'radio', help_text: 'D.', options: [{ display_name: 'x', value: '' }] },
    ];
    const result = await runCheck(check, { 'plugin.json': manifestWith({ settings_schema: { settings } }) });
    expect(result.findings.map((f) => f.rule)).toEqual([
      'manifest/setting-type',
      'manifest/setting-regenerate-help-text',
      'manifest/setting-placeholder',
      'manifest/setting-options',
      'manifest/setting-option',
    ]);
    expect(result.findings[0]?.message).toMatch(
      /^invalid settings schema: invalid setting type: Bool: .*write it in lower case: "bool"/,
    );
    expect(result.findings[1]?.message).toMatch(
      /^invalid settings schema: should not set RegenerateHelpText for setting type that is not generated: /,
    );
    expect(result.findings[2]?.message).toMatch(
      /^invalid settings schema: should not set Placeholder for setting type not in text, generated, number, username, or custom: /,
    );
    expect(result.findings[3]?.message).toMatch(
      /^invalid settings schema: should not set Options for setting type not in radio or dropdown: /,
    );
    expect(result.findings[4]?.message).toMatch(
      /^invalid settings schema: should not have empty Displayname or Value for any option: /,
    );
    expect(located(result.findings)[0]).toBe('manifest/setting-type@19:17');
  });

  it('fails a section without a key', async () => {
    expect(
      await rules({
        'plugin.json': manifestWith({
          min_server_version: '11.8.0',
          settings_schema: { sections: [{ title: 'Connection', settings: [] }] },
        }),
      }),
    ).toEqual(['manifest/section-key@16:7']);
  });
});

describe('manifest: Marketplace setting rules', () => {
  const settingsOf = (settings: unknown[]) => ({ 'plugin.json': manifestWith({ settings_schema: { settings } }) });

  it('fails a setting without a key, case-insensitive duplicate keys and a bad hosting', async () => {
    expect(await rules(settingsOf([{ display_name: 'A', type: 'text', help_text: 'A.' }]))).toEqual([
      'manifest/setting-key-missing@16:7',
    ]);
    expect(
      await rules(
        settingsOf([
          { key: 'Token', type: 'text' },
          { key: 'token', type: 'text' },
        ]),
      ),
    ).toEqual(['manifest/setting-key-duplicate@21:16']);
    expect(await rules(settingsOf([{ key: 'A', type: 'text', hosting: 'saas' }]))).toEqual([
      'manifest/setting-hosting@19:20',
    ]);
  });

  it('fails dropdowns without options or with a default outside them', async () => {
    expect(await rules(settingsOf([{ key: 'A', type: 'dropdown' }]))).toEqual(['manifest/setting-no-options@18:17']);
    expect(
      await rules(
        settingsOf([{ key: 'A', type: 'radio', default: 'c', options: [{ display_name: 'A', value: 'a' }] }]),
      ),
    ).toEqual(['manifest/setting-default-not-option@19:20']);
  });

  it('fails defaults typed unlike the setting', async () => {
    const result = await runCheck(
      check,
      settingsOf([
        { key: 'A', type: 'bool', default: 'false' },
        { key: 'B', type: 'number', default: '30' },
      ]),
    );
    expect(located(result.findings)).toEqual([
      'manifest/setting-default-type@19:20',
      'manifest/setting-default-type@24:20',
    ]);
    expect(result.findings[0]?.message).toContain('write false');
    expect(result.findings[1]?.message).toContain('write 30');
  });

  it('warns about a generated setting without regenerate_help_text', async () => {
    expect(await rules(settingsOf([{ key: 'A', type: 'generated' }]))).toEqual([
      'manifest/setting-regenerate-help-text-missing@16:7',
    ]);
  });

  it('passes a well-formed dropdown', async () => {
    expect(
      await rules(
        settingsOf([{ key: 'A', type: 'dropdown', default: 'a', options: [{ display_name: 'A', value: 'a' }] }]),
      ),
    ).toEqual([]);
  });
});

describe('manifest: icon', () => {
  it('passes an SVG icon that exists', async () => {
    expect(
      await rules({
        'plugin.json': manifestWith({ icon_path: 'assets/icon.svg' }),
        'assets/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      }),
    ).toEqual([]);
  });

  it('fails a PNG icon, a missing icon, and an SVG file that is not SVG', async () => {
    expect(await rules({ 'plugin.json': manifestWith({ icon_path: 'assets/icon.png' }) })).toEqual([
      'manifest/icon-not-svg@25:16',
    ]);
    expect(await rules({ 'plugin.json': manifestWith({ icon_path: 'assets/icon.svg' }) })).toEqual([
      'manifest/icon-missing@25:16',
    ]);
    expect(await rules({ 'plugin.json': manifestWith({ icon_path: 'icon.svg' }), 'icon.svg': 'GIF89a' })).toEqual([
      'manifest/icon-not-svg@25:16',
    ]);
  });

  const makefile = 'ASSETS_DIR ?= server/assets\n\ndist:\n\tcp -r $(ASSETS_DIR) dist/$(PLUGIN_ID)/\n';
  it.each([
    ['an SVG there passes', 'assets/icon.svg', '<svg/>', makefile, []],
    [
      'the file there is read as the icon (not SVG)',
      'assets/icon.svg',
      'GIF89a',
      makefile,
      ['manifest/icon-not-svg@25:16'],
    ],
    [
      'without the copy line nothing is assumed',
      'assets/icon.svg',
      '<svg/>',
      'ASSETS_DIR ?= server/assets\n',
      ['manifest/icon-elsewhere@25:16'],
    ],
    [
      'a path outside that folder is not mapped',
      'public/logo.svg',
      '<svg/>',
      makefile,
      ['manifest/icon-missing@25:16'],
    ],
  ])(
    "reads icon_path where the Makefile's ASSETS_DIR puts it into the bundle: %s",
    async (_case, iconPath, icon, make, expected) => {
      expect(
        await rules({
          'plugin.json': manifestWith({ icon_path: iconPath }),
          'server/assets/icon.svg': icon,
          Makefile: make,
        }),
      ).toEqual(expected);
    },
  );

  it('warns when the icon exists elsewhere in the tree under that name', async () => {
    expect(
      await rules({
        'plugin.json': manifestWith({ icon_path: 'assets/icon.svg' }),
        'server/assets/icon.svg': '<svg/>',
      }),
    ).toEqual(['manifest/icon-elsewhere@25:16']);
  });
});
