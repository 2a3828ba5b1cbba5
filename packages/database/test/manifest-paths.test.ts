import { describe, expect, it } from '@jest/globals';
import { DatabaseFile } from '@mm-review/marketplace';
import { locatedManifestProblems, manifestProblems } from '../src/manifest';
import { canonicalText, makeEntry } from './helpers';

type Entry = Record<string, unknown>;

/** Settings shaped like the Go model writes them, and the usual mistakes in them. */
const SETTINGS: Entry[] = [
  {
    key: 'A',
    display_name: 'A:',
    type: 'bool',
    help_text: '',
    placeholder: '',
    default: null,
    hosting: '',
    secret: false,
  },
  { key: 'B', display_name: 'B:', type: 'bool', default: 'true' },
  { key: 'C', display_name: 'C:', type: 'dropdown', default: null, options: [{ display_name: 'x', value: 'x' }] },
  { key: 'D', display_name: 'D:', type: 'dropdown', default: 'y', options: [{ display_name: 'x', value: 'x' }] },
  { key: 'E', display_name: 'E:', type: 'text', default: 3, placeholder: null, options: null },
  { key: '', display_name: 'F:', type: 'generated', default: null, regenerate_help_text: null },
];

describe('the manifest rules on a database entry', () => {
  it('find the same problems on the fast path as from the located decoder', async () => {
    const variants: ((manifest: Entry) => void)[] = [
      () => undefined,
      (m) => (m.settings_schema = { header: '', footer: '', settings: SETTINGS, sections: null }),
      (m) => (m.settings_schema = { settings: [SETTINGS[0]], sections: [{ key: '', settings: [SETTINGS[1]] }] }),
      (m) => (m.props = { a: null, b: { c: null } }),
      (m) => (m.required_configuration = null),
      (m) => (m.webapp = null),
      (m) => (m.homepage_url = 'https://example.com/a b'),
      (m) => (m.server = { executables: { 'linux-amd64': '../x' }, executable: null }),
    ];
    for (const [variant, edit] of variants.entries()) {
      const entry = makeEntry();
      edit(entry.manifest as Entry);
      const database = new DatabaseFile('plugins.json', canonicalText([entry]));
      const key = (p: { rule: string; message: string }) => `${p.rule} ${p.message}`;
      const fast = (await manifestProblems(database, 0, entry.manifest)).map(key).sort();
      const located = (await locatedManifestProblems(database, 0)).map(key).sort();
      expect({ variant, fast }).toEqual({ variant, fast: located });
      if (variant === 1) expect(fast.length).toBeGreaterThanOrEqual(4);
    }
  });
});
