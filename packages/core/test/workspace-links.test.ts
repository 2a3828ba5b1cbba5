import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workspace } from '../src/index';

// Issue 16 item 4: a symbolic link in an earlier path component must not lead out of the root.

let scratch: string;
let root: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'mm-ws-links-'));
  root = path.join(scratch, 'plugin');
  const elsewhere = path.join(scratch, 'elsewhere');
  await mkdir(path.join(elsewhere, 'deeper'), { recursive: true });
  await writeFile(path.join(elsewhere, 'notes.md'), 'SECRET outside the root\n');
  await writeFile(path.join(elsewhere, 'deeper', 'more.md'), 'SECRET deeper\n');
  await mkdir(path.join(root, 'docs', 'real'), { recursive: true });
  await writeFile(path.join(root, 'docs', 'real', 'guide.md'), '# Guide\n');
  await symlink(elsewhere, path.join(root, 'x'));
  await symlink('../x', path.join(root, 'docs', 'hop'));
  await symlink('real', path.join(root, 'docs', 'inside'));
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('Workspace never reads through a folder link that leaves the root', () => {
  it('refuses a file under a folder link to outside, naming the link', async () => {
    const ws = await Workspace.open(root);
    expect(await ws.readText('x/notes.md')).toEqual({
      ok: false,
      path: 'x/notes.md',
      reason: 'outside-root',
      detail: `its folder x is a symbolic link to ${path.join(scratch, 'elsewhere')}, outside the plugin root, and is not followed`,
    });
    expect(await ws.info('x/deeper/more.md')).toMatchObject({ kind: 'other', link: { resolved: 'outside', via: 'x' } });
    expect(await ws.exists('x/notes.md')).toBe(false);
  });

  it('refuses a chain of folder links that ends outside', async () => {
    const ws = await Workspace.open(root);
    expect(await ws.readText('docs/hop/notes.md')).toMatchObject({
      ok: false,
      reason: 'outside-root',
      detail: 'its folder docs/hop is a symbolic link to ../x, outside the plugin root, and is not followed',
    });
    expect(await ws.list('docs/hop')).toEqual([]);
  });

  it('still reads through folder links that stay inside', async () => {
    const ws = await Workspace.open(root);
    expect(await ws.readText('docs/inside/guide.md')).toMatchObject({ ok: true, text: '# Guide\n' });
    expect((await ws.list('docs/inside')).map((e) => e.name)).toEqual(['guide.md']);
  });

  it('walks no folder that leaves the root', async () => {
    const ws = await Workspace.open(root);
    const seen: string[] = [];
    for await (const entry of ws.walk('', () => true)) seen.push(entry.path);
    // The guide once (its folder is reached twice, through docs/inside and docs/real), nothing under x or docs/hop.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^docs\/(inside|real)\/guide\.md$/);
  });
});
