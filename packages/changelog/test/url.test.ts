import { describe, expect, it } from '@jest/globals';
import { analyzeReleaseNotesUrl, checkReleaseNotesUrl, injectedReleaseNotesUrl } from '../src/url';

const repo = 'https://github.com/acme/mattermost-plugin-weather';
const context = { version: '1.2.0', homepageUrl: repo, supportUrl: `${repo}/issues` };

function rules(url: string | undefined, extra: Partial<typeof context> & { tag?: string } = {}): string[] {
  return checkReleaseNotesUrl(url, { ...context, ...extra }).map((p) => `${p.severity}:${p.rule}`);
}

describe('checkReleaseNotesUrl', () => {
  it('accepts the release of this version, with or without v, and a trailing slash', () => {
    expect(rules(`${repo}/releases/tag/v1.2.0`)).toEqual([]);
    expect(rules(`${repo}/releases/tag/1.2.0`)).toEqual([]);
    expect(rules(`${repo}/releases/tag/v1.2.0/`)).toEqual([]);
    expect(rules(`https://github.com/ACME/Mattermost-Plugin-Weather/releases/tag/v1.2.0`)).toEqual([]);
  });

  it('url-empty: an empty or missing URL', () => {
    expect(rules('')).toEqual(['error:url-empty']);
    expect(rules('   ')).toEqual(['error:url-empty']);
    expect(rules(undefined)).toEqual(['error:url-empty']);
    const [problem] = checkReleaseNotesUrl('', context);
    expect(problem?.message).toContain(`write ${repo}/releases/tag/v1.2.0`);
  });

  it('url-invalid: what IsValid() rejects', () => {
    expect(rules('github.com/acme/x/releases/tag/v1.2.0')).toEqual(['error:url-invalid']);
    expect(rules('HTTPS://github.com/acme/x/releases/tag/v1.2.0')).toEqual(['error:url-invalid']);
    expect(rules(' https://github.com/acme/x/releases/tag/v1.2.0')).toEqual(['error:url-invalid']);
    expect(rules('__PLUGIN_REPO_URL__/releases/tag/v1.2.0')).toEqual(['error:url-invalid']);
    expect(rules('https://__PLUGIN_REPO_URL__/releases')).toEqual(['error:url-invalid']);
    expect(rules('https://')).toEqual(['error:url-invalid']);
  });

  it('url-missing-slash: the repository glued to "releases"', () => {
    const problems = checkReleaseNotesUrl(`${repo}releases/tag/v1.2.0`, context);
    expect(problems.map((p) => p.rule)).toEqual(['url-missing-slash']);
    expect(problems[0]?.message).toContain('"mattermost-plugin-weatherreleases": a "/" is missing');
    expect(problems[0]?.message).toContain(`write ${repo}/releases/tag/v1.2.0`);
    // Detected without homepage_url too, from the /tag/ that follows.
    expect(rules(`${repo}releases/tag/v1.2.0`, { homepageUrl: '', supportUrl: '' })).toEqual([
      'error:url-missing-slash',
    ]);
    // A repository whose real name ends in "releases" is not glued.
    expect(
      rules('https://github.com/acme/myreleases/releases/tag/v1.2.0', {
        homepageUrl: 'https://github.com/acme/myreleases',
        supportUrl: '',
      }),
    ).toEqual([]);
  });

  it('url-repository-root and url-not-release', () => {
    expect(rules(repo)).toEqual(['error:url-repository-root']);
    expect(rules(`${repo}/issues/releases/tag/v1.2.0`)).toEqual(['error:url-not-release']);
    expect(rules('https://github.com/acme')).toEqual(['error:url-not-release']);
    expect(rules(`${repo}/releases/tag/v1.2.0/assets`)).toEqual(['error:url-not-release']);
  });

  it('url-releases-list and url-releases-latest', () => {
    expect(rules(`${repo}/releases`)).toEqual(['error:url-releases-list']);
    expect(rules(`${repo}/releases/latest`)).toEqual(['error:url-releases-latest']);
  });

  it('url-no-tag: …/releases/<tag> without tag/, plus the version check', () => {
    expect(rules(`${repo}/releases/v1.2.0`)).toEqual(['error:url-no-tag']);
    expect(rules(`${repo}/releases/v1.1.0`)).toEqual(['error:url-no-tag', 'error:url-older-version']);
  });

  it('url-tag-empty: ends in /tag/ or /tag/v', () => {
    expect(rules(`${repo}/releases/tag/v`)).toEqual(['error:url-tag-empty']);
    expect(rules(`${repo}/releases/tag/`)).toEqual(['error:url-tag-empty']);
  });

  it('url-older-version, url-other-version, url-prerelease-tag, url-version-mismatch', () => {
    expect(rules(`${repo}/releases/tag/v1.1.9`)).toEqual(['error:url-older-version']);
    expect(rules(`${repo}/releases/tag/v1.3.0`)).toEqual(['error:url-other-version']);
    expect(rules(`${repo}/releases/tag/v1.2.0-rc1`)).toEqual(['error:url-prerelease-tag']);
    expect(rules(`${repo}/releases/tag/nightly`)).toEqual(['error:url-version-mismatch']);
    // A prerelease version may link its own prerelease tag.
    expect(rules(`${repo}/releases/tag/v1.2.0-rc1`, { version: '1.2.0-rc1' })).toEqual([]);
    // The cloud build of a release links the release itself.
    expect(rules(`${repo}/releases/tag/v1.2.0`, { version: '1.2.0-cloud' })).toEqual([]);
  });

  it('url-tag-mismatch and url-tag-case: the tag as spelled in the repository', () => {
    expect(rules(`${repo}/releases/tag/v1.2.0`, { tag: '1.2.0' })).toEqual(['warning:url-tag-mismatch']);
    expect(rules(`${repo}/releases/tag/1.2.0`, { tag: '1.2.0' })).toEqual([]);
    expect(rules(`${repo}/releases/tag/V1.2.0`)).toEqual(['notice:url-tag-case']);
  });

  it('url-repository-mismatch: another repository than homepage_url and support_url', () => {
    expect(rules('https://github.com/someone/else/releases/tag/v1.2.0')).toEqual(['warning:url-repository-mismatch']);
    // Either of homepage_url and support_url is enough.
    expect(rules(`${repo}/releases/tag/v1.2.0`, { homepageUrl: 'https://docs.example.com' })).toEqual([]);
  });

  it('a changelog anchor is a target to verify; a changelog file without one is not version-specific', () => {
    const analysis = analyzeReleaseNotesUrl(`${repo}/blob/main/CHANGELOG.md#120---2024-05-01`, context);
    expect(analysis.problems).toEqual([]);
    expect(analysis.target).toEqual({
      kind: 'changelog-anchor',
      owner: 'acme',
      repo: 'mattermost-plugin-weather',
      ref: 'main',
      path: 'CHANGELOG.md',
      anchor: '120---2024-05-01',
    });
    expect(rules(`${repo}/blob/main/CHANGELOG.md`)).toEqual(['warning:url-not-version-specific']);
  });

  it('other hosts: must name the version', () => {
    expect(rules('https://docs.example.com/weather/releases/1.2.0')).toEqual([]);
    expect(rules('https://docs.example.com/weather/changelog#1-2-0')).toEqual([]);
    expect(rules('https://docs.example.com/weather/changelog')).toEqual(['warning:url-not-version-specific']);
  });

  it('checks the shape only when the version is unknown', () => {
    expect(checkReleaseNotesUrl(`${repo}/releases/tag/v9.9.9`, { homepageUrl: repo })).toEqual([]);
    expect(checkReleaseNotesUrl(`${repo}releases/tag/v9.9.9`, { homepageUrl: repo }).map((p) => p.rule)).toEqual([
      'url-missing-slash',
    ]);
  });

  it('reports the GitHub release it leads to, corrected', () => {
    expect(analyzeReleaseNotesUrl(`${repo}releases/tag/v1.2.0`, context).target).toEqual({
      kind: 'github-release',
      owner: 'acme',
      repo: 'mattermost-plugin-weather',
      tag: 'v1.2.0',
    });
  });

  it('never throws on odd input', () => {
    for (const url of [
      'https://github.com/%E0%A4%A/x/releases/tag/%',
      'http://[::1',
      'https://github.com//releases',
      'x'.repeat(100_000),
      'https://github.com/a/b/releases/tag/' + 'v'.repeat(10_000),
    ]) {
      expect(() => checkReleaseNotesUrl(url, context)).not.toThrow();
    }
  });
});

describe('injectedReleaseNotesUrl', () => {
  it('glues homepage_url and releases/tag/<tag> as the starter template does', () => {
    expect(injectedReleaseNotesUrl(`${repo}/`, 'v1.2.0')).toBe(`${repo}/releases/tag/v1.2.0`);
    expect(injectedReleaseNotesUrl(repo, 'v1.2.0')).toBe(`${repo}releases/tag/v1.2.0`);
  });
});
