import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { runChecks, Workspace, type CheckResult } from '@mm-review/core';
import { defaultServices, PluginContext } from '@mm-review/plugin';
import { analyzeReleaseNotes, checkReleaseNotesUrl, releaseNotesCheck, type UrlProblem } from '@mm-review/changelog';
import { CORPUS_DIR, corpusRepos, describeCorpus, historyDir, repoDir } from './corpus';

/**
 * The verdict each corpus repository deserves, from its files (see corpus/README.md and
 * docs/mattermost.md §2–3), with the error and warning rules that justify it. The review
 * reads source/ (it has build/manifest/main.go). Repositories whose plugin.json has no
 * version are reviewed with their newest release tag, as the action is on a release;
 * their release_notes_url is then the one their own build writes: url.JoinPath in the
 * current template (always right), homepage_url + "releases/tag/" + tag in the older
 * one (a "/" missing unless homepage_url ends in one).
 */
const EXPECTED: Record<string, { status: CheckResult['status']; rules: string[] }> = {
  // v0.2.1 listed below v0.2.0; no release_notes_url. Its version 0.0.0-no-proper-build is a
  // placeholder the Makefile seds away (line 135), so no entry is asked for it.
  'Kopano-dev__mattermost-plugin-kopanowebmeetings': {
    status: 'fail',
    rules: ['changelog-out-of-order', 'url-missing'],
  },
  'MatthewDorner__mattermost-plugin-chess': { status: 'fail', rules: ['url-missing'] },
  // build uses url.JoinPath.
  'ParabolInc__parabol-mattermost-plugin': { status: 'pass', rules: [] },
  // build concatenates, homepage_url has no trailing "/".
  'apartmentlines__mattermost-plugin-poor-mans-scheduled-messages': { status: 'fail', rules: ['url-missing-slash'] },
  // ends in /tag/v (corpus README).
  'blindsidenetworks__mattermost-plugin-bigbluebutton': { status: 'fail', rules: ['url-tag-empty'] },
  // "release_notes_url": "" and a build tool that writes none.
  'dmitrijkir__mattermost-plugin-calendar': { status: 'fail', rules: ['url-empty'] },
  'gabrieljackson__mattermost-plugin-wrangler': { status: 'fail', rules: ['url-missing'] },
  // the template's CHANGELOG stub (a notice: the GitHub release is the changelog); no release_notes_url, an old build tool that writes none.
  'jfrerich__mattermost-plugin-bookmarks': { status: 'fail', rules: ['url-missing'] },
  // homepage_url is still the __PLUGIN_REPO_URL__ placeholder, no release_notes_url, a build tool that writes none.
  'mattermost-community__mattermost-plugin-alertmanager': { status: 'fail', rules: ['url-missing'] },
  'mattermost-community__mattermost-plugin-antivirus': { status: 'pass', rules: [] },
  'mattermost-community__mattermost-plugin-autolink': { status: 'fail', rules: ['url-missing-slash'] },
  // …/releases/3.2.1 without tag/ (corpus README).
  'mattermost-community__mattermost-plugin-azure-devops': { status: 'fail', rules: ['url-no-tag'] },
  'mattermost-community__mattermost-plugin-confluence': { status: 'fail', rules: ['url-missing-slash'] },
  'mattermost-community__mattermost-plugin-custom-attributes': { status: 'fail', rules: ['url-missing-slash'] },
  'mattermost-community__mattermost-plugin-jitsi': { status: 'fail', rules: ['url-missing-slash'] },
  'mattermost-community__mattermost-plugin-memes': { status: 'pass', rules: [] },
  'mattermost-community__mattermost-plugin-skype4business': { status: 'pass', rules: [] },
  'mattermost-community__mattermost-plugin-todo': { status: 'fail', rules: ['url-missing-slash'] },
  'mattermost-community__mattermost-plugin-welcomebot': { status: 'fail', rules: ['url-missing-slash'] },
  // the repository root (corpus README); the build keeps a non-empty value.
  'mattermost__mattermost-plugin-agents': { status: 'fail', rules: ['url-repository-root'] },
  'mattermost__mattermost-plugin-apps': { status: 'pass', rules: [] },
  // the build always writes the URL, and homepage_url ends in "/".
  'mattermost__mattermost-plugin-calls': { status: 'pass', rules: [] },
  // CHANGELOG.md stops at 0.0.5 while plugin.json says 0.11.1; no release_notes_url, a build tool that writes none.
  'mattermost__mattermost-plugin-demo': { status: 'fail', rules: ['changelog-entry-missing', 'url-missing'] },
  'mattermost__mattermost-plugin-github': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-gitlab': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-jira': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-msteams': { status: 'pass', rules: [] },
  // concatenating build; CHANGELOG.md is the template's stub (a notice).
  'mattermost__mattermost-plugin-nps': { status: 'fail', rules: ['url-missing-slash'] },
  // homepage_url ends in "/".
  'mattermost__mattermost-plugin-playbooks': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-servicenow': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-starter-template': { status: 'pass', rules: [] },
  'mattermost__mattermost-plugin-zoom': { status: 'pass', rules: [] },
  // …/releases/v3.0.0 for 4.0.0: no tag/ and an older release (corpus README).
  'moussetc__mattermost-plugin-giphy': { status: 'fail', rules: ['url-no-tag', 'url-older-version'] },
  // v1.0.0 for 1.3.0 (corpus README); CHANGELOG.md has the 1.3.0 entry.
  'pexip__pexip-mattermost-plugin': { status: 'fail', rules: ['url-older-version'] },
  // v0.8.1 for 0.9.1 (corpus README); the setext CHANGELOG has the 0.9.1 entry.
  'quarkslab__mattermost-plugin-e2ee': { status: 'fail', rules: ['url-older-version'] },
  'scottleedavis__mattermost-plugin-remind': { status: 'pass', rules: [] },
};

/** The plugin's files with its build tool (source/), else the review files alone (repos/). */
function sourceDir(name: string): string {
  const source = path.join(CORPUS_DIR, 'source', name);
  return existsSync(source) ? source : repoDir(name);
}

function manifestHasVersion(name: string): boolean {
  return /"version"\s*:/.test(readFileSync(path.join(sourceDir(name), 'plugin.json'), 'utf8'));
}

/** The newest final release tag, standing in for the `tag` input of a release run. */
function newestReleaseTag(name: string): string | undefined {
  const tags = readFileSync(path.join(historyDir(name), 'tags.txt'), 'utf8').split('\n');
  return tags.filter((t) => /^v?\d+\.\d+\.\d+$/.test(t.trim())).pop();
}

async function review(name: string): Promise<{ result: CheckResult; context: PluginContext }> {
  const tag = manifestHasVersion(name) ? undefined : newestReleaseTag(name);
  const options = { mode: 'new' as const, beta: false, offline: true, ...(tag ? { tag } : {}) };
  const context = new PluginContext(await Workspace.open(sourceDir(name)), options, defaultServices);
  const [result] = await runChecks([releaseNotesCheck], context, { mode: 'new', beta: false });
  return { result: result as CheckResult, context };
}

function flaggedRules(result: CheckResult): string[] {
  return [
    ...new Set(
      result.findings.filter((f) => f.severity !== 'notice').map((f) => f.rule.replace(/^release-notes\//, '')),
    ),
  ].sort();
}

const tally = { repos: 0, agree: 0, pass: 0, fail: 0, other: 0 };

describeCorpus('release-notes on the corpus repositories', () => {
  afterAll(() => {
    if (tally.repos > 0)
      console.log(
        `release-notes corpus: ${tally.agree}/${tally.repos} verdicts agree with the expected table (${tally.pass} pass, ${tally.fail} fail, ${tally.other} other)`,
      );
  });

  it('has an expectation for every corpus repository', () => {
    expect(corpusRepos().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s', async (name) => {
    const expected = EXPECTED[name] as (typeof EXPECTED)[string];
    const { result } = await review(name);
    tally.repos++;
    if (result.status === 'pass') tally.pass++;
    else if (result.status === 'fail') tally.fail++;
    else tally.other++;
    const actual = { status: result.status, rules: flaggedRules(result) };
    if (JSON.stringify(actual) === JSON.stringify(expected)) tally.agree++;
    expect(actual).toEqual(expected);
    for (const finding of result.findings.filter((f) => f.severity !== 'notice')) {
      expect(finding.file).toBeDefined();
      expect(finding.line).toBeGreaterThan(0);
    }
  });

  it('locates the mistakes in the files', async () => {
    const bbb = (await review('blindsidenetworks__mattermost-plugin-bigbluebutton')).result;
    expect(bbb.findings).toContainEqual(
      expect.objectContaining({ rule: 'release-notes/url-tag-empty', file: 'plugin.json', line: 12, column: 24 }),
    );
    const kopano = (await review('Kopano-dev__mattermost-plugin-kopanowebmeetings')).result;
    expect(kopano.findings).toContainEqual(
      expect.objectContaining({
        rule: 'release-notes/changelog-out-of-order',
        file: 'CHANGELOG.md',
        line: 31,
        column: 1,
      }),
    );
    expect(kopano.findings).toContainEqual(
      expect.objectContaining({ rule: 'release-notes/changelog-entry-empty', severity: 'notice', line: 27 }),
    );
    const todo = (await review('mattermost-community__mattermost-plugin-todo')).result;
    expect(todo.findings).toContainEqual(
      expect.objectContaining({
        rule: 'release-notes/changelog-template-stub',
        severity: 'notice',
        file: 'CHANGELOG.md',
        line: 7,
      }),
    );
    const missingSlash = todo.findings.find((f) => f.rule === 'release-notes/url-missing-slash');
    expect(missingSlash).toMatchObject({ file: 'plugin.json', line: 5 });
    expect(missingSlash?.message).toContain(
      'that build/manifest/main.go (line 137) writes from homepage_url for the tag v0.7.1 (https://github.com/mattermost/mattermost-plugin-todoreleases/tag/v0.7.1)',
    );
    expect(missingSlash?.message).toContain(
      'write https://github.com/mattermost/mattermost-plugin-todo/releases/tag/v0.7.1',
    );
    expect(missingSlash?.message).toContain(
      'Replace the concatenation in build/manifest/main.go (line 137) with url.JoinPath',
    );
    const kopano2 = (await review('Kopano-dev__mattermost-plugin-kopanowebmeetings')).result;
    expect(kopano2.findings).toContainEqual(
      expect.objectContaining({ rule: 'release-notes/version-unknown', severity: 'notice' }),
    );
  });

  it('prints only URLs the build writes: url.JoinPath builds are right with or without a trailing "/" (issue 14.1)', async () => {
    for (const [name, url] of [
      [
        'mattermost__mattermost-plugin-github',
        'https://github.com/mattermost/mattermost-plugin-github/releases/tag/v2.7.1',
      ],
      [
        'ParabolInc__parabol-mattermost-plugin',
        'https://github.com/ParabolInc/parabol-mattermost-plugin/releases/tag/v0.9.0',
      ],
      [
        'mattermost__mattermost-plugin-calls',
        'https://github.com/mattermost/mattermost-plugin-calls/releases/tag/v1.12.2',
      ],
    ] as const) {
      const { result } = await review(name);
      expect([name, result.summary]).toEqual([
        name,
        expect.stringContaining(`release_notes_url written by the build ${url};`),
      ]);
    }
    for (const name of ['mattermost__mattermost-plugin-demo', 'mattermost-community__mattermost-plugin-alertmanager']) {
      const missing = (await review(name)).result.findings.find((f) => f.rule === 'release-notes/url-missing');
      expect(missing?.message).toContain('(build/manifest/main.go does not write one)');
    }
  });

  it('takes the GitHub releases as the changelog when the file only points there', async () => {
    for (const name of [
      'mattermost__mattermost-plugin-github',
      'mattermost-community__mattermost-plugin-autolink',
      'mattermost-community__mattermost-plugin-welcomebot',
      'mattermost__mattermost-plugin-gitlab',
    ]) {
      const { result } = await review(name);
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          rule: 'release-notes/changelog-pointer',
          severity: 'notice',
          file: 'CHANGELOG.md',
          line: 3,
        }),
      );
    }
  });

  it("extracts this version's notes from Keep a Changelog, setext and release-please files", async () => {
    const pexip = await analyzeReleaseNotes((await review('pexip__pexip-mattermost-plugin')).context);
    expect(pexip.notes).toMatchObject({ source: 'changelog', file: 'CHANGELOG.md', line: 8 });
    expect(pexip.notes?.markdown).toMatch(/^### Added\n\n- Add support to filter the channels/);
    expect(pexip.notes?.markdown).not.toContain('1.2.0');
    const e2ee = await analyzeReleaseNotes((await review('quarkslab__mattermost-plugin-e2ee')).context);
    expect(e2ee.notes).toMatchObject({ source: 'changelog', file: 'CHANGELOG', line: 1 });
    expect(e2ee.notes?.markdown).toBe('webapp:\n* do not update non encryted message with our "edit hack"');
    const alertmanager = await analyzeReleaseNotes(
      (await review('mattermost-community__mattermost-plugin-alertmanager')).context,
    );
    expect(alertmanager.notes).toMatchObject({ source: 'changelog', line: 8 });
    expect(alertmanager.notes?.markdown).toContain('### Bug Fixes');
    expect(alertmanager.notes?.markdown).not.toContain('1.0.6');
  });
});

interface DatabaseEntry {
  homepage_url?: string;
  release_notes_url?: string;
  manifest: { id: string; version: string; homepage_url?: string; support_url?: string; release_notes_url?: string };
}

const DATABASES = ['plugins.production.json', 'plugins.pre-removal-2023-09.json', 'plugins.private-beta.json'];

/** Every release_notes_url of the three databases: the entry's, and the embedded manifest's where it differs. */
function databaseUrls(): {
  db: string;
  id: string;
  version: string;
  field: string;
  url: string;
  problems: UrlProblem[];
}[] {
  const rows = [];
  for (const db of DATABASES) {
    const entries = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'marketplace', db), 'utf8')) as DatabaseEntry[];
    for (const entry of entries) {
      const context = {
        version: entry.manifest.version,
        ...(entry.homepage_url || entry.manifest.homepage_url
          ? { homepageUrl: entry.homepage_url || entry.manifest.homepage_url }
          : {}),
        ...(entry.manifest.support_url ? { supportUrl: entry.manifest.support_url } : {}),
      };
      const urls: [string, string][] = [['entry', entry.release_notes_url ?? '']];
      const embedded = entry.manifest.release_notes_url;
      if (embedded && embedded !== entry.release_notes_url) urls.push(['manifest', embedded]);
      for (const [field, url] of urls) {
        rows.push({
          db,
          id: entry.manifest.id,
          version: entry.manifest.version,
          field,
          url,
          problems: checkReleaseNotesUrl(url, context),
        });
      }
    }
  }
  return rows;
}

describeCorpus('release_notes_url rules on the Marketplace databases', () => {
  const flaggedRulesOf = (problems: UrlProblem[]): string[] =>
    problems
      .filter((p) => p.severity !== 'notice')
      .map((p) => p.rule)
      .sort();

  it('finds every known bad URL and flags none of the good ones', () => {
    const rows = databaseUrls();
    const flagged = rows.filter((r) => flaggedRulesOf(r.problems).length > 0);
    const find = (db: string, id: string, version: string, field = 'entry'): string[] =>
      flaggedRulesOf(
        rows.find((r) => r.db === db && r.id === id && r.version === version && r.field === field)?.problems ?? [],
      );
    const production = 'plugins.production.json';
    const preRemoval = 'plugins.pre-removal-2023-09.json';
    // Missing "/" between the repository and releases (docs/mattermost.md §3).
    expect(find(production, 'com.github.manland.mattermost-plugin-gitlab', '1.9.1')).toEqual(['url-missing-slash']);
    expect(find(production, 'com.github.manland.mattermost-plugin-gitlab', '1.9.0')).toEqual(['url-missing-slash']);
    expect(find(production, 'github', '2.3.0')).toEqual(['url-missing-slash']);
    expect(find(production, 'zoom', '1.8.0')).toEqual(['url-missing-slash']);
    expect(find('plugins.private-beta.json', 'com.mattermost.msteams-sync', '1.5.3')).toEqual(['url-missing-slash']);
    // A release candidate for a final release, with the missing "/" too.
    expect(find(production, 'jira', '4.1.1')).toEqual(['url-missing-slash', 'url-prerelease-tag']);
    // Older releases: v2.1.6 for 2.1.7 (embedded manifest), v1.2.0 for 1.3.0, v1.0.0 for 1.0.1.
    expect(find(production, 'github', '2.1.7', 'manifest')).toEqual(['url-older-version']);
    expect(find(production, 'jira', '3.0.1', 'manifest')).toEqual(['url-older-version']);
    expect(find(preRemoval, 'com.mattermost.confluence', '1.3.0')).toEqual(['url-older-version']);
    expect(find(preRemoval, 'com.github.phillipahereza.mattermost-plugin-digitalocean', '1.0.1')).toEqual([
      'url-older-version',
    ]);
    // A newer release than the entry: v1.0.1 for 1.0.0.
    expect(find(preRemoval, 'com.mattermost.nps', '1.0.0')).toEqual(['url-other-version']);
    // No /tag/: …/releases/v2.1.0 and …/releases/3.2.0.
    expect(find(preRemoval, 'com.github.moussetc.mattermost.plugin.giphy', '2.1.0')).toEqual(['url-no-tag']);
    expect(find(preRemoval, 'mattermost-plugin-azure-devops', '3.2.0')).toEqual(['url-no-tag']);
    // The list of releases, an issues path, the whole changelog file, empty.
    expect(find(preRemoval, 'focalboard', '7.0.1')).toEqual(['url-releases-list']);
    expect(find(preRemoval, 'com.nilsbrinkmann.icebreaker', '2.2.2')).toEqual(['url-releases-list']);
    expect(find(preRemoval, 'set-default-theme', '0.1.0')).toEqual(['url-not-release']);
    expect(find(preRemoval, 'com.github.jespino.recommend', '0.0.4')).toEqual(['url-not-version-specific']);
    expect(find(preRemoval, 'com.mattermost.custom-attributes', '1.3.1')).toEqual(['url-empty']);
    expect(find(preRemoval, 'skype4business', '0.2.0')).toEqual(['url-empty']);

    // The good ones: …/releases/tag/v<version> (or the bare version, or the cloud build's own release) in the right repository.
    const good = rows.filter(
      (r) =>
        /^https:\/\/github\.com\/[^/]+\/[^/]+\/releases\/tag\/v?[^/]+$/.test(r.url) &&
        !/[a-z]releases\/tag/.test(r.url),
    );
    const goodAndRight = good.filter((r) => {
      const tag = r.url.slice(r.url.lastIndexOf('/') + 1).replace(/^[vV]/, '');
      return tag === r.version || tag === r.version.replace(/-cloud$/, '');
    });
    for (const row of goodAndRight)
      expect({ url: row.url, version: row.version, rules: flaggedRulesOf(row.problems) }).toEqual({
        url: row.url,
        version: row.version,
        rules: [],
      });

    const byDb = DATABASES.map(
      (db) =>
        `${db}: ${rows.filter((r) => r.db === db).length} URLs, ${flagged.filter((r) => r.db === db).length} flagged`,
    );
    console.log(
      `release_notes_url rules on the Marketplace databases: ${rows.length} URLs checked, ${flagged.length} flagged, ${goodAndRight.length} well-formed URLs naming their version all pass\n  ${byDb.join('\n  ')}`,
    );
    // 7 in production, 29 before the 2023 removal, 1 in the private beta overlay: each listed above or a repeat of one (focalboard × 12, empty URLs).
    expect(flagged.map((r) => r.db)).toEqual([
      ...Array(7).fill(DATABASES[0]),
      ...Array(29).fill(DATABASES[1]),
      DATABASES[2],
    ]);
  });
});
