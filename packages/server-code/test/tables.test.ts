import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { API_TABLE, HOOK_TABLE, PLUGINAPI_WRAPPERS, WEBAPP_TABLE, compareMinor, lookup } from '../src/tables';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const projectRoot = path.resolve(packageRoot, '../..');
const script = path.join(packageRoot, 'scripts/generate-tables.mjs');
const corpus = path.resolve(projectRoot, process.env.MM_REVIEW_CORPUS ?? '../shared/corpus');
const corpusPresent = existsSync(path.join(corpus, 'mattermost/plugin_api_min_server_version.tsv'));

function generate(args: string[], corpusDir: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, MM_REVIEW_CORPUS: corpusDir },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('generate-tables.mjs on a small corpus', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'server-code-tables-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'mattermost'));
  const write = (name: string, text: string): void => writeFileSync(path.join(dir, 'mattermost', name), text);
  write(
    'plugin_api_min_server_version.tsv',
    'method\tmin_server_version\ttags\tnotes\nKVSet\t5.2\tKV\t\nGetUsersByIds\t9.8\tUser\tdocs legacy changelog lists it under v9.10; source comment says 9.8\nSendToastMessage\t11.5\tFrontend\tsource says 11.5 - treat 11.6 as safe minimum\nOld\t7.6\t\t"no longer supported" per source comment\nEarlier\t9.0\t\tdocs changelog: added in v6.1\n',
  );
  write(
    'plugin_hooks_min_server_version.tsv',
    'hook\tmin_server_version\thook_id\tsource\tnotes\nOnActivate\t5.2\t0\tsource\t\nEmailNotificationWillBeSent\t11.00\t47\tsource\tsource comment literally says 11.00\n',
  );
  write(
    'webapp_registry_methods.tsv',
    'method\tmin_server_version\tbasis\tremoved\tnotes\nregisterRootComponent\t<=8.0\tpresent at v8.0.0\t\t\nregisterLegacy\t≤8.0\tpresent\tremoved after v8.1.0\t\nregisterRange\t10.1-11.6\tabsent, present later\t\t\n',
  );
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const first = generate(['--out', out], dir);
  const read = (name: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(out, name), 'utf8')) as Record<string, unknown>;

  it('takes the later version of a disputed row, and says why', () => {
    expect(first.status).toBe(0);
    const api = read('api.json') as {
      methods: Record<string, string>;
      disputed: Record<string, string>;
      unsupported: string[];
    };
    expect(api.methods).toEqual({
      KVSet: '5.2',
      GetUsersByIds: '9.10',
      SendToastMessage: '11.6',
      Old: '7.6',
      Earlier: '9.0',
    });
    expect(api.disputed.GetUsersByIds).toBe(
      'the server source says 9.8, the docs changelog lists it under 9.10; the later is used',
    );
    expect(api.unsupported).toEqual(['Old']);
  });

  it('normalises 11.00, reads ≤ and <= as "present at", and takes the upper bound of a range', () => {
    expect((read('hooks.json') as { methods: Record<string, string> }).methods.EmailNotificationWillBeSent).toBe(
      '11.0',
    );
    const webapp = read('webapp.json') as {
      methods: Record<string, string>;
      knownOnlyFrom: string[];
      removedAfter: Record<string, string>;
    };
    expect(webapp.methods).toEqual({ registerRootComponent: '8.0', registerLegacy: '8.0', registerRange: '11.6' });
    expect(webapp.knownOnlyFrom).toEqual(['registerRootComponent', 'registerLegacy']);
    expect(webapp.removedAfter).toEqual({ registerLegacy: '8.1' });
  });

  it('--check passes on what it wrote and fails once a TSV changes', () => {
    expect(generate(['--check', '--out', out], dir).status).toBe(0);
    write('plugin_api_min_server_version.tsv', 'method\tmin_server_version\ttags\tnotes\nKVSet\t5.3\tKV\t\n');
    const stale = generate(['--check', '--out', out], dir);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('api.json is stale');
  });

  it('does nothing, successfully, without a corpus', () => {
    const missing = generate(['--check'], path.join(dir, 'nowhere'));
    expect(missing.status).toBe(0);
    expect(missing.stdout).toContain('not found');
  });
});

(corpusPresent ? describe : describe.skip)(`committed tables against the corpus at ${corpus}`, () => {
  it('match what the TSVs give (generate-tables.mjs --check)', () => {
    const check = generate(['--check'], corpus);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('hold every row of the TSVs', () => {
    const rows = (name: string): number =>
      readFileSync(path.join(corpus, 'mattermost', name), 'utf8')
        .trimEnd()
        .split('\n').length - 1;
    expect(Object.keys(API_TABLE.methods)).toHaveLength(rows('plugin_api_min_server_version.tsv'));
    expect(Object.keys(HOOK_TABLE.methods)).toHaveLength(rows('plugin_hooks_min_server_version.tsv'));
    expect(Object.keys(WEBAPP_TABLE.methods)).toHaveLength(rows('webapp_registry_methods.tsv'));
  });
});

describe('the committed tables', () => {
  it('resolve the disputed rows to the later version', () => {
    expect(lookup(API_TABLE, 'GetUsersByIds')).toBe('9.10');
    expect(lookup(API_TABLE, 'SendToastMessage')).toBe('11.6');
    expect(lookup(HOOK_TABLE, 'EmailNotificationWillBeSent')).toBe('11.0');
    expect(lookup(WEBAPP_TABLE, 'registerSearchComponents')).toBe('11.6');
    expect(lookup(API_TABLE, 'toString')).toBeUndefined();
  });

  it('map every pluginapi wrapper onto methods the API table knows', () => {
    const unknown = Object.entries(PLUGINAPI_WRAPPERS).flatMap(([service, methods]) =>
      Object.entries(methods).flatMap(([method, apis]) =>
        apis.filter((api) => !lookup(API_TABLE, api)).map((api) => `${service}.${method} → ${api}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('compare versions by major and minor', () => {
    expect(compareMinor('9.10', '9.8.1')).toBeGreaterThan(0);
    expect(compareMinor('9.10.3', '9.10')).toBe(0);
    expect(compareMinor('v10.0.0', '9.11')).toBeGreaterThan(0);
  });
});
