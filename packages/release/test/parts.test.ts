import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  formatUpdatedAt,
  isSvg,
  parseDatabase,
  parseSource,
  spliceInsert,
  spliceReplace,
  unifiedDiff,
  writeFileAtomic,
} from '../src/index';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('parseSource', () => {
  it('defaults to the Mattermost plugin store and trims a trailing slash', () => {
    expect(parseSource(undefined, undefined)).toEqual({
      kind: 'store',
      url: 'https://plugins.releases.mattermost.com/release',
    });
    expect(parseSource('http://127.0.0.1:8080/release/', undefined)).toEqual({
      kind: 'store',
      url: 'http://127.0.0.1:8080/release',
    });
    expect(parseSource(undefined, 'example/mattermost-plugin-demo')).toEqual({
      kind: 'github',
      owner: 'example',
      repo: 'mattermost-plugin-demo',
    });
  });

  it.each([
    [['https://x', 'a/b'], /^the store and github-release inputs \(--store, --github-release\) are exclusive/],
    [['ftp://x', undefined], /^the store input \(--store\) must be an http\(s\) URL, not "ftp:\/\/x"/],
    [[undefined, 'not-a-repo'], /^the github-release input \(--github-release\) must be OWNER\/REPO, not "not-a-repo"/],
  ] as [[string | undefined, string | undefined], RegExp][])('refuses %j', ([store, github], message) => {
    expect(() => parseSource(store, github)).toThrow(message);
  });
});

describe('entry parts', () => {
  it('formats updated_at as Go does, trailing zeros trimmed', () => {
    expect(formatUpdatedAt(new Date('2019-06-07T00:11:20.000Z'))).toBe('2019-06-07T00:11:20Z');
    expect(formatUpdatedAt(new Date('2024-10-11T16:52:57.080Z'))).toBe('2024-10-11T16:52:57.08Z');
    expect(formatUpdatedAt(new Date('2024-10-11T16:52:57.123Z'))).toBe('2024-10-11T16:52:57.123Z');
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"/>', true],
    ['\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg>\n<svg>', true],
    ['<html><svg></svg></html>', false],
    ['\u0089PNG\r\n', false],
  ])('isSvg(%j) is %s', (text, expected) => {
    expect(isSvg(Buffer.from(text))).toBe(expected);
  });
});

describe('parseDatabase', () => {
  it('shows an append at the end as a minimal diff that applies to the old file', () => {
    const text = `${JSON.stringify([{ manifest: { id: 'a', version: '1.0.0' } }], null, 2)}\n`;
    const db = parseDatabase(Buffer.from(text), 'plugins.json');
    const splice = spliceInsert(db, 1, '  {\n    "n": 1\n  }');
    expect(unifiedDiff(db.bytes, splice, 'plugins.json')).toBe(
      [
        '--- a/plugins.json',
        '+++ b/plugins.json',
        '@@ -4,5 +4,8 @@',
        '       "id": "a",',
        '       "version": "1.0.0"',
        '     }',
        '+  },',
        '+  {',
        '+    "n": 1',
        '   }',
        ' ]',
        '',
      ].join('\n'),
    );
  });
});

describe('unifiedDiff', () => {
  it('gives diffs that git apply turns into the new file (start, middle, end, replace)', async () => {
    const text = `${JSON.stringify([{ manifest: { id: 'a', version: '1.0.0' } }, { manifest: { id: 'c', version: '1.0.0' } }], null, 2)}\n`;
    const db = parseDatabase(Buffer.from(text), 'plugins.json');
    const entry = (n: number) => `  {\n    "n": ${n}\n  }`;
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-diff-'));
    try {
      for (const splice of [
        spliceInsert(db, 0, entry(0)),
        spliceInsert(db, 1, entry(1)),
        spliceInsert(db, 2, entry(2)),
        spliceReplace(db, 1, entry(3)),
      ]) {
        await writeFile(path.join(dir, 'plugins.json'), text);
        await writeFile(path.join(dir, 'change.diff'), unifiedDiff(db.bytes, splice, 'plugins.json'));
        execFileSync('git', ['apply', 'change.diff'], { cwd: dir });
        expect(await readFile(path.join(dir, 'plugins.json'))).toEqual(Buffer.concat(splice.pieces));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file, keeps its mode and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-write-'));
    try {
      const file = path.join(dir, 'plugins.json');
      await writeFile(file, 'old');
      await chmod(file, 0o640);
      await writeFileAtomic(file, [Buffer.from('new '), 'text é', Buffer.alloc(0)]);
      expect(await readFile(file, 'utf8')).toBe('new text é');
      expect((await stat(file)).mode & 0o777).toBe(0o640);
      expect(await readdir(dir)).toEqual(['plugins.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a multi-byte character whole across its internal chunks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-review-write-'));
    try {
      const file = path.join(dir, 'big.json');
      const text = `${'x'.repeat(8 * 1024 * 1024 - 1)}🚀 end`;
      await writeFileAtomic(file, [text]);
      expect(await readFile(file, 'utf8')).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
