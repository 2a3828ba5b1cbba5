import { describe, expect, it } from '@jest/globals';
import { isStrictSemver, manifestChecks, strictSemverError } from '../src/index';
import { goTrimSpace, isGoValidHttpUrl, parseRequestUri, PLAIN_HTTP_URL } from '../src/manifest/go-url';
import { located, runCheck } from './helpers';
import { HTTP_URL_VECTORS, NAME_VECTORS, PLUGIN_ID_VECTORS, SEMVER_VECTORS, SETTING_VECTORS } from './server-vectors';

const { manifest } = manifestChecks;
const MINIMAL = { id: 'com.company.test', name: 'some name', server: { executable: 'server/plugin' } };
const minimal = (patch: Record<string, unknown>) => `${JSON.stringify({ ...MINIMAL, ...patch }, null, 2)}\n`;
const errors = async (text: string) =>
  (await runCheck(manifest, { 'plugin.json': text })).findings.filter((f) => f.severity === 'error');

describe('the server model test vectors', () => {
  it.each(HTTP_URL_VECTORS)('IsValidHTTPURL($input) is $valid ($source)', ({ input, valid }) => {
    expect(isGoValidHttpUrl(input)).toBe(valid);
  });

  it('the plain-URL shortcut accepts only what the full parser accepts', () => {
    // Every string the shortcut matches must parse with a host; random strings over the
    // characters it allows (and a few it does not) probe its edges.
    const alphabet = 'aZ09.-_~/:%?#@[] ';
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(next() * 12);
      let tail = '';
      for (let j = 0; j < length; j++) tail += alphabet[Math.floor(next() * alphabet.length)];
      const url = `${next() < 0.5 ? 'https' : 'http'}://${tail}`;
      if (!PLAIN_HTTP_URL.test(url)) continue;
      matched++;
      const parsed = parseRequestUri(url);
      expect({ url, ok: parsed.ok && parsed.url.host !== '' }).toEqual({ url, ok: true });
    }
    expect(matched).toBeGreaterThan(100);
    for (const { input, valid } of HTTP_URL_VECTORS)
      if (PLAIN_HTTP_URL.test(input)) expect({ input, valid }).toEqual({ input, valid: true });
  });

  it.each(HTTP_URL_VECTORS.filter((v) => v.input !== ''))(
    'the manifest check agrees on homepage_url $input',
    async ({ input, valid }) => {
      const found = await errors(minimal({ homepage_url: input }));
      expect(found.map((f) => f.rule)).toEqual(valid ? [] : ['manifest/url-invalid']);
      if (!valid) expect(found[0]?.message).toMatch(/^invalid HomepageURL: /);
    },
  );

  it.each(PLUGIN_ID_VECTORS)('plugin id $input is $valid ($source)', async ({ input, valid }) => {
    const found = await errors(minimal({ id: input }));
    expect(found.map((f) => f.rule)).toEqual(valid ? [] : ['manifest/id-invalid']);
    if (!valid) expect(found[0]?.message).toMatch(/^invalid plugin ID: /);
  });

  it.each(SEMVER_VECTORS)('version $input is $valid ($source)', async ({ input, valid, error }) => {
    expect(isStrictSemver(input)).toBe(valid);
    expect(strictSemverError(input)).toBe(error);
    const found = await errors(minimal({ version: input, min_server_version: input }));
    expect(found.map((f) => f.rule)).toEqual(
      valid ? [] : ['manifest/version-invalid', 'manifest/min-server-version-invalid'],
    );
    if (!valid) {
      expect(found[0]?.message.startsWith(`failed to parse Version: ${error}: `)).toBe(true);
      expect(found[1]?.message.startsWith(`failed to parse MinServerVersion: ${error}: `)).toBe(true);
    }
  });

  it.each(NAME_VECTORS)('name $input is $valid ($source)', async ({ input, valid }) => {
    expect(goTrimSpace(input) !== '').toBe(valid);
    const found = await errors(minimal({ name: input }));
    expect(found.map((f) => f.rule)).toEqual(valid ? [] : ['manifest/name-missing']);
    if (!valid) expect(found[0]?.message).toMatch(/^a plugin name is needed: /);
  });

  it.each(SETTING_VECTORS)('setting "$name" ($source)', async ({ setting, error }) => {
    const text = minimal({
      settings_schema: {
        settings: [{ key: 'thesetting', display_name: 'The Setting:', help_text: 'Help.', ...setting }],
      },
    });
    const isValid = (await errors(text)).filter((f) => f.message.startsWith('invalid settings schema: '));
    expect(
      isValid.map((f) =>
        f.message.slice('invalid settings schema: '.length, 'invalid settings schema: '.length + (error?.length ?? 0)),
      ),
    ).toEqual(error ? [error] : []);
  });

  it('passes TestIsValid "Happy case" and "Minimal valid manifest" with no error', async () => {
    expect(await errors(minimal({}))).toEqual([]);
    const happy = {
      description: 'thedescription',
      homepage_url: 'http://someurl.com',
      support_url: 'http://someotherurl.com',
      release_notes_url: 'http://someotherurl.com/releases/v0.0.1',
      version: '0.0.1',
      min_server_version: '5.6.0',
      server: { executable: 'theexecutable' },
      webapp: { bundle_path: 'thebundlepath' },
      settings_schema: {
        header: 'theheadertext',
        footer: 'thefootertext',
        settings: [
          {
            key: 'thesetting',
            display_name: 'thedisplayname',
            type: 'dropdown',
            help_text: 'thehelptext',
            options: [{ display_name: 'theoptiondisplayname', value: 'thevalue' }],
            default: 'thevalue',
          },
        ],
      },
    };
    expect(located(await errors(minimal(happy)))).toEqual([]);
  });

  it('reports the section rule with its IsValid message', async () => {
    const found = await errors(minimal({ settings_schema: { sections: [{ title: 'Main', settings: [] }] } }));
    expect(found.map((f) => f.message.slice(0, 45))).toEqual(['invalid settings schema: invalid empty Key: s']);
  });
});
