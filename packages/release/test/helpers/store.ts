import { filesRoute, startServer, type Route } from './server';
import type { TestKey } from './keys';
import { pluginBundle } from './tarball';

export const ICON =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n';

export function demoManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'com.example.demo',
    name: 'Demo',
    description: 'Shows how the suite adds a release.',
    homepage_url: 'https://github.com/example/mattermost-plugin-demo',
    support_url: 'https://github.com/example/mattermost-plugin-demo/issues',
    release_notes_url: 'https://github.com/example/mattermost-plugin-demo/releases/tag/v1.2.0',
    icon_path: 'assets/icon.svg',
    version: '1.2.0',
    min_server_version: '9.0.0',
    server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
    ...overrides,
  };
}

export interface StoreFiles {
  files: Map<string, Buffer>;
  add(name: string, data: Buffer): void;
}

/** Store files for `<repo>-<tag>.tar.gz`, its `.sig`, and platform bundles, signed with `key`. */
export async function releaseFiles(
  key: TestKey,
  options: {
    repo?: string;
    tag?: string;
    manifest?: Record<string, unknown>;
    platforms?: string[];
    bundle?: Buffer;
    icon?: string | Buffer;
  } = {},
): Promise<StoreFiles> {
  const repo = options.repo ?? 'mattermost-plugin-demo';
  const tag = options.tag ?? 'v1.2.0';
  const manifest = JSON.stringify(options.manifest ?? demoManifest(), null, 2);
  const files = new Map<string, Buffer>();
  const add = (name: string, data: Buffer) => files.set(`/release/${name}`, data);
  const bundle = options.bundle ?? pluginBundle(manifest, { files: { 'assets/icon.svg': options.icon ?? ICON } });
  add(`${repo}-${tag}.tar.gz`, bundle);
  add(`${repo}-${tag}.tar.gz.sig`, await key.sign(bundle));
  for (const platform of options.platforms ?? []) {
    const platformBundle = pluginBundle(manifest, {
      files: { 'assets/icon.svg': options.icon ?? ICON, [`server/dist/plugin-${platform}`]: platform },
    });
    add(`${repo}-${tag}-${platform}.tar.gz`, platformBundle);
    add(`${repo}-${tag}-${platform}.tar.gz.sig`, await key.sign(platformBundle));
  }
  return { files, add };
}

export async function startStore(files: Map<string, Buffer>, override?: Route) {
  const route = filesRoute(files);
  return startServer(override ? (req, res) => override(req, res) : route);
}
