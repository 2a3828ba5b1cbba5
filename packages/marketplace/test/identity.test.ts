import { describe, expect, it } from '@jest/globals';
import { githubReleaseAsset, identityConflicts, IDENTITY_RULE, IDENTITY_RULES, type ListedPlugin } from '../src/index';

const store = (repo: string, version: string) =>
  `https://plugins.releases.mattermost.com/release/${repo}-v${version}.tar.gz`;
const github = (owner: string, repo: string, tag: string) =>
  `https://github.com/${owner}/${repo}/releases/download/${tag}/${repo}-${tag}.tar.gz`;

const weather: ListedPlugin = {
  id: 'com.example.weather',
  repoName: 'mattermost-plugin-weather',
  downloadUrl: store('mattermost-plugin-weather', '1.0.0'),
};
const zzz: ListedPlugin = {
  id: 'com.example.zzz',
  repoName: 'mattermost-plugin-zzz',
  downloadUrl: store('mattermost-plugin-zzz', '1.0.0'),
};

describe('identityConflicts', () => {
  it('finds nothing for the next release of a listed plugin, or a new plugin', () => {
    expect(
      identityConflicts([zzz, weather], { id: 'com.example.weather', repository: 'mattermost-plugin-weather' }),
    ).toEqual([]);
    expect(identityConflicts([zzz, weather], { id: 'com.example.new', repository: 'mattermost-plugin-new' })).toEqual(
      [],
    );
  });

  it('finds an id listed from another repo_name, with the first such entry and every other repository', () => {
    const fork = { ...weather, repoName: 'mattermost-plugin-weather-fork' };
    expect(
      identityConflicts([zzz, weather, fork, weather], { id: 'com.example.weather', repository: 'evil-plugin' }),
    ).toEqual([
      {
        kind: 'other-repository',
        index: 1,
        repositories: ['mattermost-plugin-weather', 'mattermost-plugin-weather-fork'],
      },
    ]);
  });

  it('compares repo_name ignoring case', () => {
    expect(
      identityConflicts([weather], { id: 'com.example.weather', repository: 'Mattermost-Plugin-Weather' }),
    ).toEqual([]);
  });

  it('finds a fork that keeps the repo_name, by the GitHub repository of the release', () => {
    const listed = { ...weather, downloadUrl: github('example', 'mattermost-plugin-weather', 'v1.0.0') };
    expect(
      identityConflicts([listed], {
        id: 'com.example.weather',
        repository: 'mattermost-plugin-weather',
        hosting: 'someone/mattermost-plugin-weather',
      }),
    ).toEqual([{ kind: 'other-repository', index: 0, repositories: ['example/mattermost-plugin-weather'] }]);
    // The owner's own next release, in another letter case, is the same repository.
    expect(
      identityConflicts([listed], {
        id: 'com.example.weather',
        repository: 'mattermost-plugin-weather',
        hosting: 'Example/mattermost-plugin-weather',
      }),
    ).toEqual([]);
  });

  it('accepts an id already listed from this repository, even when another repository listed it before (a move)', () => {
    const old = { ...weather, repoName: 'mattermost-plugin-weather-old' };
    expect(
      identityConflicts([old, weather], { id: 'com.example.weather', repository: 'mattermost-plugin-weather' }),
    ).toEqual([]);
  });

  it('ignores listed entries without a repo_name or a GitHub URL for other-repository', () => {
    expect(
      identityConflicts([{ id: 'com.example.weather', repoName: '' }], {
        id: 'com.example.weather',
        repository: 'anything',
      }),
    ).toEqual([]);
  });

  it("finds a case twin of another repository's id, and of an entry whose repository is unknown", () => {
    expect(identityConflicts([zzz, weather], { id: 'com.example.Weather', repository: 'evil-plugin' })).toEqual([
      { kind: 'case-collision', index: 1, ids: ['com.example.weather'] },
    ]);
    expect(
      identityConflicts([{ id: 'github' }, { id: 'GITHUB' }], { id: 'GitHub', repository: 'evil-plugin' }),
    ).toEqual([{ kind: 'case-collision', index: 0, ids: ['github', 'GITHUB'] }]);
  });

  it("reports the repository's own case-only change as an id change, not a collision", () => {
    expect(
      identityConflicts([weather], { id: 'com.example.Weather', repository: 'mattermost-plugin-weather' }),
    ).toEqual([{ kind: 'repository-id-changed', index: 0, ids: ['com.example.weather'], caseOnly: true }]);
  });

  it("finds a repository's new id, with every id it listed before", () => {
    const older = { ...weather, id: 'weather' };
    expect(
      identityConflicts([zzz, older, weather], { id: 'com.example.forecast', repository: 'mattermost-plugin-weather' }),
    ).toEqual([{ kind: 'repository-id-changed', index: 1, ids: ['weather', 'com.example.weather'], caseOnly: false }]);
  });

  it('accepts a repository going back to an id it listed before (jira → com.mattermost.jira → jira)', () => {
    const jira = { id: 'jira', repoName: 'mattermost-plugin-jira' };
    const renamed = { id: 'com.mattermost.jira', repoName: 'mattermost-plugin-jira' };
    expect(identityConflicts([jira, renamed], { id: 'jira', repository: 'mattermost-plugin-jira' })).toEqual([]);
  });

  it('reports every kind at once, in a fixed order', () => {
    const listed: ListedPlugin[] = [
      { id: 'com.example.mine', repoName: 'mine' },
      { id: 'com.example.Taken', repoName: 'theirs' },
      { id: 'com.example.taken', repoName: 'others' },
    ];
    expect(identityConflicts(listed, { id: 'com.example.taken', repository: 'mine' })).toEqual([
      { kind: 'other-repository', index: 2, repositories: ['others'] },
      { kind: 'case-collision', index: 1, ids: ['com.example.Taken'] },
      { kind: 'repository-id-changed', index: 0, ids: ['com.example.mine'], caseOnly: false },
    ]);
  });

  it('names each kind with one declared rule', () => {
    for (const rule of Object.values(IDENTITY_RULE)) expect(IDENTITY_RULES[rule]).toBeDefined();
  });
});

describe('githubReleaseAsset', () => {
  it('reads owner, repository and tag of a release asset URL', () => {
    expect(githubReleaseAsset(github('mattermost', 'mattermost-plugin-jira', 'v4.1.0'))).toEqual({
      owner: 'mattermost',
      repo: 'mattermost-plugin-jira',
      tag: 'v4.1.0',
    });
    expect(githubReleaseAsset('https://github.com/o/r/releases/download/client%2Fv0.1.0/r.tar.gz?raw=1')?.tag).toBe(
      'client/v0.1.0',
    );
  });

  it('is undefined for store URLs and other GitHub pages', () => {
    expect(githubReleaseAsset(store('mattermost-plugin-jira', '4.1.0'))).toBeUndefined();
    expect(githubReleaseAsset('https://github.com/o/r/releases/tag/v1.0.0')).toBeUndefined();
    expect(githubReleaseAsset(undefined)).toBeUndefined();
  });
});
