import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  addRelease,
  compareEntries,
  insertionIndex,
  parseDatabase,
  resolveFlags,
  serializeEntry,
  versionOfTag,
  type EntryKey,
} from '@mm-review/release';
import { generateTestKey, type TestKey } from '../../packages/release/test/helpers/keys';
import { startServer } from '../../packages/release/test/helpers/server';
import { pluginBundle } from '../../packages/release/test/helpers/tarball';
import { CORPUS_DIR, describeCorpus } from './corpus';

// The proof docs/architecture.md asks of add-release: re-adding a real production entry, from a bundle
// whose plugin.json and icon are that entry's, gives back the same entry (except updated_at
// and the signatures, which are made here) at the same place in the file.

const TOOL = { name: 'mm-review', version: 'corpus' };
const MARKETPLACE = path.join(CORPUS_DIR, 'marketplace');

interface Entry {
  homepage_url: string;
  icon_data: string;
  download_url: string;
  release_notes_url: string;
  hosting: '' | 'cloud' | 'on-prem';
  author_type: string;
  release_stage: string;
  enterprise: boolean;
  signature: string;
  repo_name: string;
  manifest: Record<string, unknown> & { id: string; version: string; icon_path?: string };
  platforms: Record<string, { download_url?: string; signature?: string }>;
  updated_at: string;
}

/** The store an entry's bundle came from (production, or the test store some entries name). */
const storeOf = (entry: Entry) => entry.download_url.slice(0, entry.download_url.lastIndexOf('/'));

/** The tag an entry was added with, when its URLs follow the store's naming (`<store>/<repo>-<tag>.tar.gz`). */
function tagOf(entry: Entry): string | undefined {
  const prefix = `${storeOf(entry)}/${entry.repo_name}-`;
  if (!entry.repo_name || !entry.download_url.startsWith(prefix) || !entry.download_url.endsWith('.tar.gz'))
    return undefined;
  const tag = entry.download_url.slice(prefix.length, -'.tar.gz'.length);
  try {
    if (versionOfTag(tag) !== entry.manifest.version) return undefined;
  } catch {
    return undefined;
  }
  const platformsFollow = Object.entries(entry.platforms).every(
    ([, p]) =>
      !p.download_url ||
      /^-(linux|darwin|osx|windows)-amd64\.tar\.gz$/.test(p.download_url.slice(`${prefix}${tag}`.length)),
  );
  const iconConsistent = (entry.icon_data !== '') === Boolean(entry.manifest.icon_path);
  return platformsFollow && iconConsistent ? tag : undefined;
}

/** A plugin.json as an author writes it: zero values left out, keys in another order. */
function authorForm(manifest: Record<string, unknown>): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value).reverse()) {
        // Zero values the Go model writes back; `default` is a value of its own (false is not absent).
        if (key !== 'default' && (inner === '' || inner === null || inner === false)) continue;
        out[key] = strip(inner);
      }
      return out;
    }
    return value;
  };
  return JSON.stringify(strip(manifest), null, '\t');
}

const withoutSignatures = (entry: Entry) => ({
  ...entry,
  signature: undefined,
  updated_at: undefined,
  platforms: Object.fromEntries(
    Object.entries(entry.platforms).map(([k, p]) => [k, p.download_url ? { download_url: p.download_url } : {}]),
  ),
});

let key: TestKey;
let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;
const served = new Map<string, Buffer>();
/** Every https URL is answered by the local server, under a path that keeps its host. */
const local = (url: string) => url.replace(/^https:\/\//, '/');
const localFetch: typeof fetch = (input, init) => fetch(`${server.url}${local(String(input))}`, init);

beforeAll(async () => {
  key = await generateTestKey('corpus');
  dir = await mkdtemp(path.join(tmpdir(), 'mm-review-release-corpus-'));
  server = await startServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function serveRelease(entry: Entry, tag: string, manifestText: string): Promise<void> {
  served.clear();
  const icon = entry.icon_data
    ? Buffer.from(entry.icon_data.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64')
    : undefined;
  const iconPath = String(entry.manifest.icon_path ?? '').replace(/^\.\//, '');
  const bundle = pluginBundle(manifestText, { root: entry.manifest.id, files: icon ? { [iconPath]: icon } : {} });
  const put = async (url: string, data: Buffer) => {
    served.set(local(url), data);
    served.set(`${local(url)}.sig`, await key.sign(data));
  };
  await put(`${storeOf(entry)}/${entry.repo_name}-${tag}.tar.gz`, bundle);
  for (const platform of Object.values(entry.platforms))
    if (platform.download_url) await put(platform.download_url, bundle);
}

describeCorpus('add-release on the production Marketplace database', () => {
  it('re-adds every production entry it can build, byte for byte except updated_at and signatures', async () => {
    const file = path.join(MARKETPLACE, 'plugins.production.json');
    const bytes = await readFile(file);
    const entries = JSON.parse(bytes.toString('utf8')) as Entry[];
    const db = parseDatabase(bytes, 'plugins.production.json');
    const counts = {
      entries: entries.length,
      buildable: 0,
      reproduced: 0,
      samePlace: 0,
      authorFormReproduced: 0,
      refusedAsIs: 0,
      overridden: 0,
    };
    const refusals = new Map<string, number>();
    for (const [index, entry] of entries.entries()) {
      const tag = tagOf(entry);
      if (!tag) continue;
      counts.buildable++;
      const [start, end] = db.spans[index]!;
      const without = Buffer.concat([
        bytes.subarray(0, index === 0 ? start - 2 : start - 4),
        bytes.subarray(index === 0 ? end + 2 : end),
      ]);
      const target = path.join(dir, 'plugins.json');
      const flags = resolveFlags({
        official: entry.author_type === 'mattermost',
        partner: entry.author_type === 'partner',
        community: entry.author_type === 'community',
        beta: entry.release_stage === 'beta',
        experimental: entry.release_stage === 'experimental',
        enterprise: entry.enterprise,
        cloud: entry.hosting === 'cloud',
        onPrem: entry.hosting === 'on-prem',
      });
      for (const form of ['as-is', 'author'] as const) {
        await serveRelease(
          entry,
          tag,
          form === 'as-is' ? JSON.stringify(entry.manifest, null, 2) : authorForm(entry.manifest),
        );
        // A maintainer corrected some entries by hand (github 2.1.7 lists the v2.1.7 notes while its
        // manifest says v2.1.6): that is what --release-notes-url / --homepage-url are for.
        const overrides = {
          ...(entry.release_notes_url !== (entry.manifest.release_notes_url ?? '')
            ? { releaseNotesUrl: entry.release_notes_url }
            : {}),
          ...(entry.homepage_url !== (entry.manifest.homepage_url ?? '') ? { homepageUrl: entry.homepage_url } : {}),
        };
        if (form === 'as-is' && Object.keys(overrides).length > 0) counts.overridden++;
        const request = {
          database: target,
          repo: entry.repo_name,
          tag,
          flags,
          source: { kind: 'store' as const, url: storeOf(entry) },
          publicKeys: [key.publicKey],
          download: { retries: 0 },
          tool: TOOL,
          ...overrides,
        };
        if (form === 'as-is') {
          await writeFile(target, without);
          const strict = await addRelease({ ...request, dryRun: true }, { fetch: localFetch });
          if (strict.outcome === 'refused') {
            counts.refusedAsIs++;
            for (const f of strict.report.checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error'))
              refusals.set(f.rule, (refusals.get(f.rule) ?? 0) + 1);
          }
        }
        await writeFile(target, without);
        const result = await addRelease(
          { ...request, allowInvalidManifest: true },
          { fetch: localFetch, now: () => new Date(entry.updated_at) },
        );
        const errors = result.report.checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
        expect({ entry: `${entry.manifest.id} ${entry.manifest.version} (${form})`, errors }).toEqual({
          entry: `${entry.manifest.id} ${entry.manifest.version} (${form})`,
          errors: [],
        });
        expect(result.outcome).toBe('added');
        const produced = result.entry as unknown as Entry;
        expect(withoutSignatures(produced)).toEqual(withoutSignatures(entry));
        if (form === 'author') {
          counts.authorFormReproduced++;
          continue;
        }
        counts.reproduced++;
        const after = await readFile(target);
        const s = result.splice!;
        expect(
          Buffer.concat([
            after.subarray(0, s.blockStart),
            after.subarray(s.blockStart + Buffer.byteLength(s.block)),
          ]).equals(without),
        ).toBe(true);
        const differing = (a: string, b: string) => a.split('\n').filter((line, i) => line !== b.split('\n')[i]);
        const originalText = serializeEntry(entry);
        expect(
          differing(result.entryText!, originalText).every((line) => /^\s+"(signature|updated_at)": /.test(line)),
        ).toBe(true);
        if (after.length - Buffer.byteLength(result.entryText!) === bytes.length - Buffer.byteLength(originalText)) {
          const restored = Buffer.concat([
            after.subarray(0, s.blockStart),
            Buffer.from(s.block.replace(result.entryText!, originalText)),
            after.subarray(s.blockStart + Buffer.byteLength(s.block)),
          ]);
          if (restored.equals(bytes)) counts.samePlace++;
        }
      }
    }
    console.log(
      `add-release corpus proof: ${JSON.stringify(counts)}; refusals without --allow-invalid-manifest by rule: ${JSON.stringify(Object.fromEntries(refusals))}`,
    );
    expect(counts.buildable).toBeGreaterThan(60);
    expect(counts.reproduced).toBe(counts.buildable);
    expect(counts.authorFormReproduced).toBe(counts.buildable);
    expect(counts.samePlace).toBe(counts.buildable);
  }, 300_000);

  it('refuses the real release_notes_url mistakes of the production database (docs/mattermost.md §3)', async () => {
    const entries = JSON.parse(await readFile(path.join(MARKETPLACE, 'plugins.production.json'), 'utf8')) as Entry[];
    const missingSlash = entries.find((e) => /gitlabreleases\/tag\//.test(e.release_notes_url) && tagOf(e));
    const rc = entries.find((e) => /-rc1$/.test(e.release_notes_url) && tagOf(e));
    for (const [entry, rule] of [
      [missingSlash, 'database-entries/release-notes-url-missing-slash'],
      [rc, 'database-entries/release-notes-url-prerelease-tag'],
    ] as const) {
      expect(entry).toBeDefined();
      const tag = tagOf(entry!)!;
      await serveRelease(entry!, tag, JSON.stringify(entry!.manifest));
      const target = path.join(dir, 'refuse.json');
      await writeFile(target, '[]\n');
      const result = await addRelease(
        {
          database: target,
          repo: entry!.repo_name,
          tag,
          flags: resolveFlags({ official: true }),
          source: { kind: 'store', url: storeOf(entry!) },
          publicKeys: [key.publicKey],
          download: { retries: 0 },
          tool: TOOL,
        },
        { fetch: localFetch },
      );
      expect(result.outcome).toBe('refused');
      expect(result.report.checks.flatMap((c) => c.findings).map((f) => f.rule)).toContain(rule);
      expect(await readFile(target, 'utf8')).toBe('[]\n');
    }
  }, 60_000);

  it('puts every entry of the three real databases back at its own place (the sort order matches)', async () => {
    const agreement: Record<string, string> = {};
    for (const name of ['plugins.production.json', 'plugins.pre-removal-2023-09.json', 'plugins.private-beta.json']) {
      const db = parseDatabase(await readFile(path.join(MARKETPLACE, name)), name);
      let same = 0;
      for (const [index, key] of db.keys.entries()) {
        const others = db.keys.filter((_k, i) => i !== index);
        // Among equal keys (the same id and version twice) any place between them is right.
        const at = insertionIndex(others, key);
        const firstEqual = others.findIndex((k) => compareEntries(k, key) === 0);
        if (at === index || (firstEqual >= 0 && firstEqual <= index && index <= at)) same++;
      }
      agreement[name] = `${same}/${db.keys.length}`;
      const sorted = db.keys.every((k, i) => i === 0 || compareEntries(db.keys[i - 1] as EntryKey, k) <= 0);
      agreement[`${name} sorted`] = String(sorted);
    }
    console.log(`add-release sort agreement: ${JSON.stringify(agreement)}`);
    expect(agreement['plugins.production.json']).toBe('134/134');
  });
});
