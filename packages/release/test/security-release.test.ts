// Issue 16, Low items in add-release: the repository name is validated, an icon SVG is
// capped in size and refused when it can run code, and manifest text in the pull-request
// body is inert Markdown (no mentions, images or links).
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addRelease, resolveFlags, validateRepoName, type AddReleaseRequest } from '../src/index';
import { MAX_ICON_BYTES, svgActiveContent } from '../src/entry';
import { generateTestKey, type TestKey } from './helpers/keys';
import { demoManifest, ICON, releaseFiles, startStore } from './helpers/store';

const TOOL = { name: 'mm-review', version: '0.0.0-test' };
const NOW = new Date('2026-11-23T10:11:12.340Z');
let key: TestKey;
let dir: string | undefined;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  key = await generateTestKey('release');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function run(
  manifest: Record<string, unknown>,
  icon?: string | Buffer,
  overrides: Partial<AddReleaseRequest> = {},
) {
  dir = await mkdtemp(path.join(tmpdir(), 'mm-review-security-release-'));
  const database = path.join(dir, 'plugins.json');
  await writeFile(database, '[]\n');
  const { files } = await releaseFiles(key, { manifest, ...(icon !== undefined ? { icon } : {}) });
  const server = await startStore(files);
  servers.push(server);
  return addRelease(
    {
      database,
      databaseLabel: 'plugins.json',
      repo: 'mattermost-plugin-demo',
      tag: 'v1.2.0',
      flags: resolveFlags({ community: true }),
      source: { kind: 'store', url: `${server.url}/release` },
      publicKeys: [key.publicKey],
      dryRun: true,
      tool: TOOL,
      ...overrides,
    },
    { now: () => NOW },
  );
}

describe('--repo / repo input', () => {
  it('accepts GitHub repository names and refuses paths, URLs and owner/name', async () => {
    for (const name of ['mattermost-plugin-demo', 'a', 'x.y_z-1']) expect(validateRepoName(name)).toBe(name);
    for (const name of [
      '',
      '.',
      '..',
      'owner/name',
      '../../etc',
      'https://evil.example/x',
      'a b',
      'x'.repeat(101),
      'name\nnext',
    ]) {
      expect(() => validateRepoName(name)).toThrow('must be a GitHub repository name');
    }
    await expect(run(demoManifest(), undefined, { repo: '../../../tmp/evil' })).rejects.toThrow(
      'repo must be a GitHub repository name',
    );
  });
});

describe('the icon SVG', () => {
  it('refuses scripts, event handlers, foreign objects and javascript: links, at icon_path', async () => {
    const cases: [string, string][] = [
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'a <script> element'],
      [
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        'an event handler attribute (onload)',
      ],
      [
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
        'a <foreignObject> element',
      ],
      ['<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>', 'a javascript: URL'],
    ];
    for (const [svg, what] of cases) expect(svgActiveContent(svg)).toBe(what);
    expect(svgActiveContent(ICON)).toBeUndefined();
    expect(svgActiveContent('<svg><!-- a note about onclick="" --><rect fill="none"/></svg>')).toBeUndefined();
    const result = await run(demoManifest(), cases[0]![0]);
    expect(result.outcome).toBe('refused');
    expect(result.report.checks[0]!.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'bundle-integrity/icon-active-content',
        file: 'com.example.demo/plugin.json',
        line: 8,
        message: expect.stringContaining('holds a <script> element'),
      }),
    ]);
  });

  it('caps the icon size: a large SVG is refused, not copied into icon_data', async () => {
    const big = `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(Math.ceil(MAX_ICON_BYTES / 28) + 10)}</svg>`;
    const result = await run(demoManifest(), big);
    expect(result.outcome).toBe('refused');
    expect(result.report.checks[0]!.findings).toEqual([
      expect.objectContaining({
        rule: 'bundle-integrity/icon-too-large',
        file: 'com.example.demo/plugin.json',
        line: 8,
        message: expect.stringContaining('over the 256 KiB limit'),
      }),
    ]);
    const fine = await run(demoManifest());
    expect(String(fine.entry?.icon_data)).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('scans a hostile icon in linear time (each tag once)', () => {
    // "<" without ">" and "<" runs: a pattern like /<[^>]*\son\w+=/ would rescan to the end from every "<".
    expect(svgActiveContent(`<svg>${'<'.repeat(MAX_ICON_BYTES)}`)).toBeUndefined();
    expect(svgActiveContent(`<svg>${'< a'.repeat(MAX_ICON_BYTES / 3)}`)).toBeUndefined();
  });
});

describe('the pull-request body', () => {
  it('makes manifest text inert: no mentions, images, links or HTML', async () => {
    const name = '@mattermost/core-team ![x](https://evil.example/p.png) [click](https://evil.example) <img src=x>';
    const result = await run(
      demoManifest({ name, homepage_url: 'https://github.com/example/x)[y](https://evil.example' }),
    );
    const body = result.pullRequest?.body ?? '';
    const [title = ''] = body.split('\n');
    expect(title).not.toMatch(/(^|[^\\])\]\(/); // every "](" has its "]" escaped: no link, no image
    expect(title).toContain('\\[click\\](https://evil.example)');
    expect(body).toContain('| Homepage | `https://github.com/example/x)[y](https://evil.example` |'); // a code span: inert
    expect(body).not.toMatch(/(^|[^`\w])@mattermost\/core-team/);
    expect(body).toContain('`@mattermost/core-team`');
    expect(body).not.toContain('<img');
    expect(body).toContain('\\!\\[x\\]');
  });
});
