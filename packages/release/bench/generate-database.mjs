// Writes a synthetic plugins.json in the canonical layout (2-space JSON, trailing newline,
// sorted by id then version descending) with entries shaped like the real ones: the 13
// keys, an SVG icon, a signature, platform bundles, and a manifest with executables and a
// settings schema of typical size. About 11 KB per entry, so 10,000 entries make ~110 MB.
// No byte of the real database is used.
import { writeFileSync } from 'node:fs';

const STORE = 'https://plugins.releases.mattermost.com/release';
const WORDS = 'channel message user team webhook token server plugin notify enable configure integration secret access subscription meeting issue project event thread'.split(' ');

function random(seed) {
  let state = seed >>> 0 || 1;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function sentence(rand, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]);
  const text = out.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

function base64(rand, bytes) {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = Math.floor(rand() * 256);
  return data.toString('base64');
}

function setting(rand, index) {
  const type = ['text', 'bool', 'dropdown', 'number', 'generated'][index % 5];
  const out = { key: `Setting${index}`, display_name: `Setting ${index}:`, type, help_text: sentence(rand, 12 + Math.floor(rand() * 20)) };
  if (type === 'generated') out.regenerate_help_text = sentence(rand, 8);
  out.placeholder = type === 'text' ? sentence(rand, 3) : '';
  out.default = type === 'bool' ? rand() < 0.5 : type === 'number' ? 10 : type === 'dropdown' ? 'a' : null;
  if (type === 'dropdown') out.options = ['a', 'b', 'c'].map((value) => ({ display_name: `Option ${value}`, value }));
  out.hosting = '';
  out.secret = type === 'generated';
  return out;
}

function entry(rand, plugin, version) {
  const repo = `mattermost-plugin-${plugin}`;
  const tag = `v${version}`;
  const home = `https://github.com/example/${repo}`;
  const platform = (name) => ({ download_url: `${STORE}/${repo}-${tag}-${name}.tar.gz`, signature: base64(rand, 119) });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="${Array.from({ length: 120 }, () => `M${Math.floor(rand() * 24)} ${Math.floor(rand() * 24)}`).join('')}"/></svg>`;
  return {
    homepage_url: home,
    icon_data: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    download_url: `${STORE}/${repo}-${tag}.tar.gz`,
    release_notes_url: `${home}/releases/tag/${tag}`,
    hosting: '',
    author_type: 'community',
    release_stage: 'production',
    enterprise: false,
    signature: base64(rand, 119),
    repo_name: repo,
    manifest: {
      id: `com.example.${plugin}`,
      name: plugin[0].toUpperCase() + plugin.slice(1),
      description: sentence(rand, 15),
      homepage_url: home,
      support_url: `${home}/issues`,
      release_notes_url: `${home}/releases/tag/${tag}`,
      icon_path: 'assets/icon.svg',
      version,
      min_server_version: '7.1.0',
      server: { executables: { 'darwin-amd64': 'server/dist/plugin-darwin-amd64', 'linux-amd64': 'server/dist/plugin-linux-amd64', 'windows-amd64': 'server/dist/plugin-windows-amd64.exe' }, executable: '' },
      webapp: { bundle_path: 'webapp/dist/main.js' },
      settings_schema: { header: sentence(rand, 20), footer: sentence(rand, 10), settings: Array.from({ length: 13 }, (_, i) => setting(rand, i)), sections: null },
    },
    platforms: { 'linux-amd64': platform('linux-amd64'), 'darwin-amd64': platform('darwin-amd64'), 'windows-amd64': platform('windows-amd64') },
    updated_at: new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 1.5e11)).toISOString().replace('.000Z', 'Z'),
  };
}

/** Writes `entries` entries to `file`: 20 versions of each plugin, newest first. */
export function generateDatabase(file, entries) {
  const rand = random(entries);
  const perPlugin = 20;
  const plugins = Math.ceil(entries / perPlugin);
  const out = [];
  for (let p = 0; p < plugins && out.length < entries; p++) {
    const plugin = `plugin${String(p).padStart(5, '0')}`;
    for (let v = perPlugin - 1; v >= 0 && out.length < entries; v--) out.push(entry(rand, plugin, `${1 + Math.floor(v / 10)}.${v % 10}.0`));
  }
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  return out.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = 'plugins.bench.json', count = '10000'] = process.argv.slice(2);
  generateDatabase(file, Number(count));
}
