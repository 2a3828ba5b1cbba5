import { describe, expect, it } from '@jest/globals';
import { compareEntries, insertionIndex, parseDatabase } from '../src/index';

describe('ordering', () => {
  const key = (id: string, version: string) => ({ id, version, hosting: '' });

  it('sorts by id bytes, then version descending, a prerelease below its release', () => {
    const keys = [key('a', '2.0.0'), key('a', '2.0.0-rc1'), key('a', '1.10.0'), key('a', '1.9.0'), key('b', '0.1.0')];
    for (let i = 1; i < keys.length; i++) expect(compareEntries(keys[i - 1]!, keys[i]!)).toBeLessThan(0);
    expect(insertionIndex(keys, key('a', '1.9.5'))).toBe(3);
    expect(insertionIndex(keys, key('B', '1.0.0'))).toBe(0);
    expect(insertionIndex(keys, key('c', '1.0.0'))).toBe(5);
  });
});

describe('parseDatabase', () => {
  it('finds entries in any valid layout and refuses what is not an array', () => {
    const minified = Buffer.from(
      '[{"manifest":{"id":"a","version":"1.0.0"},"s":"}]{["}, {"manifest":{"id":"b","version":"1.0.0"}}]',
    );
    const db = parseDatabase(minified, 'x.json');
    expect(db.canonical).toBe(false);
    expect(db.keys.map((k) => k.id)).toEqual(['a', 'b']);
    expect(db.spans.map(([s, e]) => JSON.parse(minified.toString('utf8', s, e)).manifest.id)).toEqual(['a', 'b']);
    expect(() => parseDatabase(Buffer.from('{"a":1}'), 'x.json')).toThrow(
      'x.json must be a JSON array of plugin entries, but its top level is object',
    );
    expect(() => parseDatabase(Buffer.from('[\n  {\n    "a": \n  }\n]\n'), 'x.json')).toThrow(
      /x\.json \(entry 1\) is not valid JSON/,
    );
  });
});

describe('parseDatabase keys', () => {
  it('reads keys as the Go model does: ignoring case, the last spelling winning', () => {
    const text = `${JSON.stringify(
      [
        { Manifest: { ID: 'com.example.a', Version: '1.0.0' }, REPO_NAME: 'a', hosting: '' },
        { manifest: { id: 'com.example.b', version: '2.0.0', Key: 1 }, repo_name: 'b', Hosting: 'cloud' },
      ],
      null,
      2,
    )}\n`;
    const parsed = parseDatabase(Buffer.from(text), 'plugins.json');
    expect(parsed.keys).toEqual([
      { id: 'com.example.a', version: '1.0.0', hosting: '', repoName: 'a', downloadUrl: '' },
      { id: 'com.example.b', version: '2.0.0', hosting: 'cloud', repoName: 'b', downloadUrl: '' },
    ]);
  });
});
