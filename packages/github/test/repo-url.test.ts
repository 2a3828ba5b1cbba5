import { describe, expect, it } from '@jest/globals';
import { parseGitHubRepoUrl, plainGitHubUrl } from '../src/index';

/** The same reading through the WHATWG URL parser alone: the reference the shortcut must match. */
function viaUrlParser(url: string): { owner: string; repo: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname.toLowerCase().replace(/^www\./, '') !== 'github.com') return undefined;
  const [owner, repo] = parsed.pathname.split('/').filter(Boolean);
  return owner && repo ? { owner, repo: repo.replace(/\.git$/i, '') } : undefined;
}

describe('parseGitHubRepoUrl', () => {
  it('reads owner and repository from github.com links', () => {
    expect(parseGitHubRepoUrl('https://github.com/mattermost/mattermost-plugin-jira')).toEqual({
      owner: 'mattermost',
      repo: 'mattermost-plugin-jira',
    });
    expect(parseGitHubRepoUrl('https://www.GitHub.com/o/r.git/issues?q=1#x')).toEqual({ owner: 'o', repo: 'r' });
    expect(parseGitHubRepoUrl('https://github.com/o')).toBeUndefined();
    expect(parseGitHubRepoUrl('https://gitlab.com/o/r')).toBeUndefined();
    expect(parseGitHubRepoUrl('https://github.com/a/b/../../c/d')).toEqual({ owner: 'c', repo: 'd' });
    expect(parseGitHubRepoUrl('https://ghe.example.com/o/r', 'ghe.example.com')).toEqual({ owner: 'o', repo: 'r' });
  });

  it('agrees with the URL parser on every URL, shortcut or not', () => {
    const pieces = ['https://', 'http://', 'HTTPS://', 'github.com', 'www.github.com', 'GitHub.com', 'gist.github.com'];
    const path = [
      '/',
      'o',
      'r',
      '.git',
      '..',
      '.',
      '%2e',
      '%2E%2e',
      '\\',
      '?',
      '#',
      '-',
      '_',
      '~',
      'x.y',
      ':',
      '@',
      ' ',
      '\t',
      '"',
      '<',
      '`',
      'é',
      '=',
      '&',
    ];
    let plainCount = 0;
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    for (let i = 0; i < 20_000; i++) {
      let url = `${pick(pieces.slice(0, 3))}${pick(pieces.slice(3))}`;
      const length = Math.floor(next() * 10);
      for (let j = 0; j < length; j++) url += pick(path);
      expect({ url, parsed: parseGitHubRepoUrl(url) }).toEqual({ url, parsed: viaUrlParser(url) });
      const plain = plainGitHubUrl(url);
      if (plain) {
        plainCount++;
        const { hostname, pathname, hash } = new URL(url);
        expect({ url, plain }).toEqual({ url, plain: { hostname, pathname, hash } });
      }
    }
    expect(plainCount).toBeGreaterThan(1000);
  });
});
