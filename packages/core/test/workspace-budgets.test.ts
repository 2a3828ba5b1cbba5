import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workspace } from '../src/index';

// Issue 16 item 6: what one review reads is bounded, and what a budget stops is said.

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mm-ws-budgets-'));
  await mkdir(path.join(root, 'many'));
  await Promise.all(
    Array.from({ length: 120 }, (_, i) => writeFile(path.join(root, 'many', `f${String(i).padStart(3, '0')}.md`), 'x')),
  );
  await mkdir(path.join(root, 'docs'));
  for (const name of ['a.md', 'b.md', 'c.md']) await writeFile(path.join(root, 'docs', name), 'y'.repeat(400));
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('Workspace budgets', () => {
  it('lists at most entriesPerFolder entries of one folder and says so', async () => {
    const ws = await Workspace.open(root, { entriesPerFolder: 50 });
    expect(await ws.list('many')).toHaveLength(50);
    expect(ws.omissions).toEqual([
      'many/ holds more than 50 entries; only the first 50 (in file-system order) were looked at',
    ]);
  });

  it('stops listing when the review has read its budget of entries', async () => {
    const ws = await Workspace.open(root, { entries: 30 });
    expect((await ws.list('')).map((e) => e.name)).toEqual(['docs', 'many']);
    expect(await ws.list('many')).toHaveLength(28);
    expect(await ws.list('docs')).toEqual([]);
    expect(ws.omissions).toEqual([
      'many/ was listed only in part: the review had read 30 folder entries, its limit',
      'docs/ was listed only in part: the review had read 30 folder entries, its limit',
    ]);
  });

  it('refuses a document that would overrun the budget of document bytes, unread, saying why', async () => {
    const ws = await Workspace.open(root, { documentBytes: 1000 });
    expect(await ws.readText('docs/a.md', { budget: 'documents' })).toMatchObject({ ok: true });
    expect(await ws.readText('docs/b.md', { budget: 'documents' })).toMatchObject({ ok: true });
    expect(await ws.readText('docs/c.md', { budget: 'documents' })).toEqual({
      ok: false,
      path: 'docs/c.md',
      reason: 'over-budget',
      detail: 'it was not read: it is 400 B, and the review had already read 800 B of documents, near its 1000 B limit',
    });
    // Reads outside the documents budget are not counted against it.
    expect(await ws.readText('docs/c.md')).toMatchObject({ ok: true });
  });

  it('keeps the defaults generous: a plugin tree of ordinary size is read whole', async () => {
    const ws = await Workspace.open(root);
    expect(await ws.list('many')).toHaveLength(120);
    expect(ws.omissions).toEqual([]);
  });
});
