// Writes a synthetic plugins.json of N entries in the canonical layout, shaped like the
// real Marketplace database (about 11 KB an entry: an SVG icon, three signatures, a
// manifest with a dozen settings), so benchmarks run at 10,000 entries without any
// corpus bytes. Deterministic: the same N gives the same file. The one generator for the
// database and release benches and the add-release end-to-end tests.
import { writeFileSync } from 'node:fs';

const VERSIONS_PER_PLUGIN = 20;
const PLATFORMS = ['linux-amd64', 'darwin-amd64', 'windows-amd64'];

/** A small deterministic PRNG (mulberry32), so runs compare like for like. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(next, length) {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** A base64 blob that starts like a binary OpenPGP signature packet (old format, tag 2). */
function signature(next) {
  const body = bytes(next, 564);
  body[0] = 0x89;
  body[1] = 0x02;
  return body.toString('base64');
}

function icon(next, plugin) {
  const paths = Array.from(
    { length: 16 },
    (_, i) =>
      `<path d="M${i} ${Math.floor(next() * 1000)}c${Math.floor(next() * 100)} ${Math.floor(next() * 100)} ${Math.floor(next() * 100)} ${Math.floor(next() * 100)}z" fill="#${Math.floor(
        next() * 0xffffff,
      )
        .toString(16)
        .padStart(6, '0')}"/>`,
  );
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000"><title>${plugin}</title>${paths.join('')}</svg>\n`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function setting(next, index) {
  const type = ['bool', 'text', 'dropdown', 'generated', 'longtext'][index % 5];
  const out = {
    key: `Setting${index}`,
    display_name: `Setting number ${index}:`,
    type,
    help_text: `Controls behaviour ${index} of the plugin. When enabled, the plugin ${next() > 0.5 ? 'posts a message' : 'sends a notification'} to the configured channel & keeps <state> in sync with the remote service.`,
    placeholder: '',
    default: type === 'bool' ? next() > 0.5 : null,
    hosting: '',
    secret: false,
  };
  if (type === 'generated') out.regenerate_help_text = 'Regenerating the value invalidates the existing webhooks.';
  if (type === 'dropdown') {
    out.default = 'first';
    out.options = ['first', 'second', 'third'].map((value) => ({ display_name: `The ${value} option`, value }));
  }
  return out;
}

function entry(next, pluginIndex, versionIndex) {
  const repo = `mattermost-plugin-bench${String(pluginIndex).padStart(4, '0')}`;
  const id = `com.example.bench${String(pluginIndex).padStart(4, '0')}`;
  const version = `${VERSIONS_PER_PLUGIN - versionIndex}.${Math.floor(next() * 10)}.0`;
  const homepage = `https://github.com/example/${repo}`;
  const notes = `${homepage}/releases/tag/v${version}`;
  const store = 'https://plugins.releases.mattermost.com/release';
  const platforms = {};
  for (const platform of PLATFORMS) {
    platforms[platform] =
      platform === 'darwin-amd64'
        ? {}
        : { download_url: `${store}/${repo}-v${version}-${platform}.tar.gz`, signature: signature(next) };
  }
  return {
    homepage_url: homepage,
    icon_data: icon(next, repo),
    download_url: `${store}/${repo}-v${version}.tar.gz`,
    release_notes_url: notes,
    hosting: '',
    author_type: 'community',
    release_stage: 'production',
    enterprise: false,
    signature: signature(next),
    repo_name: repo,
    manifest: {
      id,
      name: `Bench plugin ${pluginIndex}`,
      description: 'A plugin generated for benchmarks, shaped like the real ones.',
      homepage_url: homepage,
      support_url: `${homepage}/issues`,
      release_notes_url: notes,
      icon_path: 'assets/icon.svg',
      version,
      min_server_version: `${6 + (pluginIndex % 4)}.${versionIndex % 10}.0`,
      server: {
        executables: Object.fromEntries(
          ['darwin-amd64', 'darwin-arm64', 'linux-amd64', 'linux-arm64', 'windows-amd64'].map((p) => [
            p,
            `server/dist/plugin-${p}${p.startsWith('windows') ? '.exe' : ''}`,
          ]),
        ),
        executable: '',
      },
      webapp: { bundle_path: 'webapp/dist/main.js' },
      settings_schema: {
        header: 'Configure the plugin below.',
        footer: `To report an issue, [open it here](${homepage}/issues).`,
        settings: Array.from({ length: 12 }, (_, i) => setting(next, i)),
        sections: null,
      },
    },
    platforms,
    updated_at: new Date(Date.UTC(2024, 0, 1) + Math.floor(next() * 2.5e10)).toISOString().replace(/\.?0+Z$/, 'Z'),
  };
}

/** Writes `entries` entries to `file`; returns the number of bytes written. */
export function generateDatabase(file, entries) {
  const next = random(entries);
  const plugins = Math.ceil(entries / VERSIONS_PER_PLUGIN);
  const list = [];
  for (let p = 0; p < plugins && list.length < entries; p++) {
    for (let v = 0; v < VERSIONS_PER_PLUGIN && list.length < entries; v++) list.push(entry(next, p, v));
  }
  const text = `${JSON.stringify(list, null, 2)}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = 'plugins.bench.json', count = '10000'] = process.argv.slice(2);
  const size = generateDatabase(file, Number(count));
  console.log(`${file}: ${count} entries, ${(size / 1e6).toFixed(1)} MB`);
}
