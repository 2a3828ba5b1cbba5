import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { buildReleaseNotesUrl, goJoinPath, parseBuildReleaseNotes } from '../src/build-url';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'build');
const tool = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const FILE = 'build/manifest/main.go';

describe('parseBuildReleaseNotes: how the build writes release_notes_url', () => {
  it('reads url.JoinPath, guarded by an empty release_notes_url', () => {
    expect(parseBuildReleaseNotes(FILE, tool('join-path.main.go'))).toEqual({
      kind: 'join-path',
      file: FILE,
      line: 32,
      elements: ['releases', 'tag'],
      always: false,
    });
  });

  it('reads the concatenation of the older template, with its infix', () => {
    expect(parseBuildReleaseNotes(FILE, tool('concat.main.go'))).toEqual({
      kind: 'concat',
      file: FILE,
      line: 31,
      infix: 'releases/tag/',
      always: false,
    });
  });

  it('reads a build that always overwrites the value', () => {
    expect(parseBuildReleaseNotes(FILE, tool('always.main.go'))).toMatchObject({
      kind: 'concat',
      line: 30,
      always: true,
    });
  });

  it('finds nothing in a tool that writes no release_notes_url, or only mentions one in a comment', () => {
    expect(parseBuildReleaseNotes(FILE, 'package main\n\nfunc main() {}\n')).toBeUndefined();
    expect(
      parseBuildReleaseNotes(
        FILE,
        '// manifest.ReleaseNotesURL = manifest.HomepageURL + "releases/tag/" + BuildTagLatest\n',
      ),
    ).toBeUndefined();
    expect(
      parseBuildReleaseNotes(
        FILE,
        'u, _ := url.JoinPath(manifest.HomepageURL, "issues", BuildTagLatest)\nfmt.Println(u)\n',
      ),
    ).toBeUndefined();
  });
});

describe('buildReleaseNotesUrl and goJoinPath (Go url.JoinPath)', () => {
  const repo = 'https://github.com/acme/mattermost-plugin-weather';
  const join = { kind: 'join-path', file: FILE, line: 1, elements: ['releases', 'tag'], always: false } as const;
  const concat = { kind: 'concat', file: FILE, line: 1, infix: 'releases/tag/', always: false } as const;

  it('joins with exactly one "/" whatever the homepage ends with', () => {
    expect(buildReleaseNotesUrl(join, repo, 'v1.2.0')).toBe(`${repo}/releases/tag/v1.2.0`);
    expect(buildReleaseNotesUrl(join, `${repo}/`, 'v1.2.0')).toBe(`${repo}/releases/tag/v1.2.0`);
    expect(buildReleaseNotesUrl(join, `${repo}//`, 'v1.2.0')).toBe(`${repo}/releases/tag/v1.2.0`);
  });

  it('glues the concatenation as Go does, the missing "/" included', () => {
    expect(buildReleaseNotesUrl(concat, repo, 'v1.2.0')).toBe(`${repo}releases/tag/v1.2.0`);
    expect(buildReleaseNotesUrl(concat, `${repo}/`, 'v1.2.0')).toBe(`${repo}/releases/tag/v1.2.0`);
  });

  it('keeps query and fragment, resolves dot segments, and joins a bare host or a relative base', () => {
    expect(goJoinPath('https://example.com/a/b?x=1#top', ['..', 'c'])).toBe('https://example.com/a/c?x=1#top');
    expect(goJoinPath('https://mattermost.com', ['releases', 'tag', 'v1.0.0'])).toBe(
      'https://mattermost.com/releases/tag/v1.0.0',
    );
    expect(goJoinPath('__PLUGIN_REPO_URL__', ['releases', 'tag', 'v1.0.0'])).toBe(
      '__PLUGIN_REPO_URL__/releases/tag/v1.0.0',
    );
    expect(goJoinPath('https://example.com/a', ['b/'])).toBe('https://example.com/a/b/');
  });
});
