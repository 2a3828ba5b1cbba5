import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Workspace, type CheckOutcome } from '@mm-review/core';
import { parseManifestText, PluginContext, type LoadedManifest, type PluginReviewOptions } from '@mm-review/plugin';
import { releaseNotesCheck } from '@mm-review/changelog';
import {
  classifyBump,
  compareIds,
  compareManifests,
  covers,
  pluginIdUnchanged,
  tagVersion,
  versionBump,
  type BumpReason,
} from '@mm-review/versioning';
import { TempRepo } from '../../packages/versioning/test/helpers';
import { CORPUS_DIR, describeCorpus, historyDir, repoDir } from './corpus';

/**
 * Walks every plugin's release history in the corpus through the versioning rules:
 * the tag list (tags-detail.tsv: per tag the manifest's id and version) and the
 * manifests kept at older tags (plugin.<tag>.json|yaml) followed by today's.
 */

interface TagRow {
  tag: string;
  date: string;
  id: string;
  version: string;
}

interface Event {
  plugin: string;
  from: string;
  to: string;
  detail: string;
}

function plugins(): string[] {
  const dir = path.join(CORPUS_DIR, 'history');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => existsSync(path.join(dir, name, 'tags-detail.tsv')))
        .sort()
    : [];
}

function tagRows(plugin: string): TagRow[] {
  const [header, ...lines] = readFileSync(path.join(historyDir(plugin), 'tags-detail.tsv'), 'utf8')
    .trim()
    .split('\n');
  const columns = (header ?? '').split('\t');
  const column = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? '';
  return lines
    .map((line) => line.split('\t'))
    .map((cells) => ({
      tag: column(cells, 'tag'),
      date: column(cells, 'commit_date'),
      id: column(cells, 'manifest_id'),
      version: column(cells, 'manifest_version'),
    }));
}

/** Release tags (semver, not path-prefixed) in the order they were made. */
function releasesByDate(rows: readonly TagRow[]): TagRow[] {
  return rows.filter((row) => tagVersion(row.tag).ok).sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}

function walkTags() {
  const nonSemverTags: { plugin: string; tag: string; problem: string }[] = [];
  const tagMismatches: Event[] = [];
  const idChanges: Event[] = [];
  const downgrades: Event[] = [];
  let tags = 0;
  let pairs = 0;
  for (const plugin of plugins()) {
    const rows = tagRows(plugin);
    tags += rows.length;
    for (const row of rows) {
      const parsed = tagVersion(row.tag);
      if (!parsed.ok) nonSemverTags.push({ plugin, tag: row.tag, problem: parsed.problem });
      else if (row.version && row.version !== parsed.version)
        tagMismatches.push({
          plugin,
          from: row.tag,
          to: row.version,
          detail: `tag ${row.tag}, manifest ${row.version}`,
        });
    }
    const releases = releasesByDate(rows);
    releases.slice(1).forEach((current, i) => {
      const previous = releases[i] as TagRow;
      pairs++;
      const bump = classifyBump(
        (tagVersion(previous.tag) as { version: string }).version,
        (tagVersion(current.tag) as { version: string }).version,
      );
      if (bump?.kind === 'downgrade')
        downgrades.push({ plugin, from: previous.tag, to: current.tag, detail: 'downgrade' });
      const id = previous.id && current.id ? compareIds(previous.id, current.id, `tag ${previous.tag}`) : undefined;
      if (id)
        idChanges.push({
          plugin,
          from: `${previous.tag} ${previous.id}`,
          to: `${current.tag} ${current.id}`,
          detail: id.rule,
        });
    });
  }
  return { tags, pairs, nonSemverTags, tagMismatches, idChanges, downgrades };
}

interface Snapshot {
  label: string;
  loaded?: LoadedManifest;
}

/** The manifests kept for a plugin, oldest release first, then today's. */
async function manifestSnapshots(plugin: string): Promise<Snapshot[]> {
  const dates = new Map(tagRows(plugin).map((row) => [row.tag, Date.parse(row.date)]));
  const files = readdirSync(historyDir(plugin))
    .map((file) => /^plugin\.(.+)\.(json|ya?ml)$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => (dates.get(a[1] as string) ?? 0) - (dates.get(b[1] as string) ?? 0));
  const snapshots: Snapshot[] = [];
  for (const match of files) {
    const parsed = await parseManifestText(
      `plugin.${match[2]}`,
      readFileSync(path.join(historyDir(plugin), match[0]), 'utf8'),
    );
    snapshots.push({ label: `tag ${match[1]}`, ...(parsed.loaded ? { loaded: parsed.loaded } : {}) });
  }
  for (const name of ['plugin.yml', 'plugin.yaml', 'plugin.json']) {
    const file = path.join(repoDir(plugin), name);
    if (!existsSync(file)) continue;
    const parsed = await parseManifestText(name, readFileSync(file, 'utf8'));
    const last = snapshots.at(-1)?.loaded;
    if (parsed.loaded && parsed.loaded.text !== last?.text) snapshots.push({ label: 'HEAD', loaded: parsed.loaded });
    break;
  }
  return snapshots;
}

async function walkManifests() {
  const reasonsByRule = new Map<string, number>();
  const idChanges: Event[] = [];
  const tooLow: Event[] = [];
  const undecodable: string[] = [];
  let pairs = 0;
  let classified = 0;
  for (const plugin of plugins()) {
    const snapshots = await manifestSnapshots(plugin);
    for (const snapshot of snapshots) if (!snapshot.loaded) undecodable.push(`${plugin} ${snapshot.label}`);
    const usable = snapshots.filter((s): s is Required<Snapshot> => s.loaded !== undefined);
    usable.slice(1).forEach((head, i) => {
      const base = usable[i] as Required<Snapshot>;
      pairs++;
      const reasons: BumpReason[] = compareManifests(base.loaded, head.loaded, base.label);
      for (const reason of reasons) reasonsByRule.set(reason.rule, (reasonsByRule.get(reason.rule) ?? 0) + 1);
      const baseId = base.loaded.manifest.id;
      const headId = head.loaded.manifest.id;
      const id = baseId && headId ? compareIds(baseId, headId, base.label) : undefined;
      if (id)
        idChanges.push({ plugin, from: `${base.label} ${baseId}`, to: `${head.label} ${headId}`, detail: id.rule });
      const from = base.loaded.manifest.version;
      const to = head.loaded.manifest.version;
      const bump = from && to ? classifyBump(from, to) : undefined;
      if (!bump || !from) return;
      classified++;
      const required = reasons.some((r) => r.level === 'major')
        ? 'major'
        : reasons.some((r) => r.level === 'minor')
          ? 'minor'
          : 'patch';
      if (!covers(bump, required, from))
        tooLow.push({
          plugin,
          from: `${base.label} ${from}`,
          to: `${head.label} ${to}`,
          detail: `${bump.kind} for ${required}: ${[...new Set(reasons.filter((r) => r.level === required).map((r) => r.rule))].join(', ')}`,
        });
    });
  }
  return {
    pairs,
    classified,
    reasonsByRule: Object.fromEntries([...reasonsByRule].sort()),
    idChanges,
    tooLow,
    undecodable,
  };
}

const short = (plugin: string) =>
  plugin.replace(/^.*__(?:mattermost-plugin-)?|-mattermost-plugin$/g, '').replace(/^mattermost-plugin-/, '');

describeCorpus('versioning on the corpus release histories', () => {
  const tagWalk = () => walkTags();

  it('walks every tag and reports non-semver tags instead of failing on them', () => {
    const walk = tagWalk();
    expect(walk.tags).toBeGreaterThan(1000);
    const reported = walk.nonSemverTags.map((t) => `${short(t.plugin)} ${t.tag}`);
    expect(reported).toEqual(
      expect.arrayContaining([
        'jira v0.1',
        'demo v07.0',
        'playbooks client/v0.1.0',
        'welcomebot v0.1',
        'agents latest-master',
        'remind v0.3.1.issue_115',
      ]),
    );
    expect(walk.nonSemverTags.find((t) => t.tag === 'v07.0')?.problem).toContain('leading zeros');
    expect(walk.nonSemverTags.find((t) => t.tag === 'client/v0.1.0')?.problem).toContain('monorepo');
    expect(walk.nonSemverTags.find((t) => t.tag === 'v0.1')?.problem).toContain('all three parts');
  });

  it("finds jira's id change and change back, playbooks' two renames, pexip's and msteams' renames", () => {
    const changes = tagWalk().idChanges.map((e) => `${short(e.plugin)}: ${e.from} → ${e.to}`);
    expect(changes).toEqual(
      expect.arrayContaining([
        'remind: 0.0.1 io.github.mattermost-plugin-remind → v0.0.1-alpha com.github.scottleedavis.mattermost-plugin-remind',
        'jira: v1.0.1 jira → v1.0.2 com.mattermost.jira',
        'jira: v1.0.2 com.mattermost.jira → v1.0.3 jira',
        'playbooks: v1.0.0 com.mattermost.plugin-incident-response → v1.1.0 com.mattermost.plugin-incident-management',
        'playbooks: v1.19.0 com.mattermost.plugin-incident-management → v1.20.0-alpha.1 playbooks',
        'pexip: v1.0.0 com.pexip.pexip-video-connect → v1.1.0 com.pexip.pexip-app',
        'msteams: 0.0.1-alpha com.mattermost.msteams-sync-plugin → v0.0.1 com.mattermost.msteams-sync',
      ]),
    );
    expect(changes).toHaveLength(7);
  });

  it("sees welcomebot's v0.0.2 tag, made after v1.3.0, as a downgrade whose manifest still says 1.3.0", () => {
    const walk = tagWalk();
    expect(walk.downgrades.map((e) => `${short(e.plugin)} ${e.from} → ${e.to}`)).toContain(
      'welcomebot v1.3.0 → v0.0.2',
    );
    expect(walk.tagMismatches.map((e) => `${short(e.plugin)} ${e.detail}`)).toContain(
      'welcomebot tag v0.0.2, manifest 1.3.0',
    );
  });

  it("reports azure-devops' tags ahead of its manifest and bigbluebutton's manifest behind its tag", () => {
    const mismatches = tagWalk().tagMismatches.map((e) => `${short(e.plugin)} ${e.detail}`);
    expect(mismatches.filter((m) => m.startsWith('azure-devops'))).toEqual([
      'azure-devops tag v0.2.0, manifest 0.1.0',
      'azure-devops tag v1.0.0, manifest 0.1.0',
      'azure-devops tag v1.0.1, manifest 0.1.0',
      'azure-devops tag v1.1.0, manifest 0.1.0',
      'azure-devops tag v1.2.0, manifest 0.1.0',
    ]);
    expect(mismatches).toContain('bigbluebutton tag v4.5.0, manifest 4.4.0');
  });

  it('compares every kept manifest with the one before it, and finds the real breaking changes', async () => {
    const walk = await walkManifests();
    expect(walk.undecodable).toEqual([]);
    expect(walk.pairs).toBe(110);
    const ids = walk.idChanges.map((e) => `${short(e.plugin)}: ${e.from} → ${e.to}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'jira: tag v1.0.1 jira → tag v1.0.2 com.mattermost.jira',
        'jira: tag v1.0.2 com.mattermost.jira → tag v1.0.3 jira',
      ]),
    );
    expect(ids).toHaveLength(7);
    const tooLow = walk.tooLow.map((e) => `${short(e.plugin)}: ${e.from} → ${e.to} (${e.detail})`);
    expect(tooLow).toEqual(
      expect.arrayContaining([
        // darwin-amd64, darwin-arm64 and windows-amd64 were dropped in a minor release
        'alertmanager: tag v1.0.5 1.0.5 → tag v1.1.0 1.1.0 (minor for major: version-bump/platform-dropped)',
        // the API key / secret settings of legacy auth were removed
        'zoom: tag v1.2.0 1.2.0 → tag v1.7.0-rc4 1.7.0 (minor for major: version-bump/setting-removed)',
        // webhookSecret went from text to generated
        'msteams: tag 0.0.1-alpha 0.1.0 → tag v0.0.1 0.1.0 (none for major: version-bump/setting-type-changed)',
        'bigbluebutton: tag v4.4.0-rc1 4.4.0 → tag v4.5.0 4.4.0 (none for patch: )',
        'azure-devops: tag v0.1.0 0.1.0 → tag v1.2.0 0.1.0 (none for patch: )',
      ]),
    );
  });
});

/** Runs both checks the way the action does, on a copy of a kept manifest as the plugin. */
describeCorpus('check-version-bump verdicts on real releases', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function review(
    plugin: string,
    headTag: string,
    baseTag: string,
    tag?: string,
  ): Promise<{ bump: CheckOutcome; id: CheckOutcome }> {
    const kept = (t: string) =>
      readdirSync(historyDir(plugin)).find((file) => file.startsWith(`plugin.${t}.`)) as string;
    const dir = mkdtempSync(path.join(tmpdir(), 'mm-versioning-corpus-'));
    dirs.push(dir);
    const headFile = kept(headTag);
    copyFileSync(
      path.join(historyDir(plugin), headFile),
      path.join(dir, headFile.endsWith('.json') ? 'plugin.json' : 'plugin.yaml'),
    );
    const options = {
      mode: 'update' as const,
      beta: false,
      baseManifest: path.join(historyDir(plugin), kept(baseTag)),
      ...(tag ? { tag } : {}),
    };
    const context = new PluginContext(await Workspace.open(dir), options);
    const run = { mode: 'update' as const, beta: false };
    return { bump: await versionBump.run(context, run), id: await pluginIdUnchanged.run(context, run) };
  }
  const rules = (outcome: CheckOutcome) =>
    outcome.findings.filter((f) => f.severity !== 'notice').map((f) => `${f.rule}@${f.line ?? '-'}`);

  it("fails jira's id change at its id line, and its change back", async () => {
    const there = await review('mattermost__mattermost-plugin-jira', 'v1.0.2', 'v1.0.1');
    expect(rules(there.id)).toEqual(['plugin-id-unchanged/changed@2']);
    expect(there.id.findings[0]?.message).toContain('admins would have to install it anew, reconfigure every setting');
    const back = await review('mattermost__mattermost-plugin-jira', 'v1.0.3', 'v1.0.2');
    expect(rules(back.id)).toEqual(['plugin-id-unchanged/changed@2']);
  });

  it("fails playbooks' two renames, pexip's and msteams'", async () => {
    for (const [plugin, head, base] of [
      ['mattermost__mattermost-plugin-playbooks', 'v1.1.0', 'v1.0.0'],
      ['mattermost__mattermost-plugin-playbooks', 'v1.20.0-alpha.1', 'v1.19.0'],
      ['pexip__pexip-mattermost-plugin', 'v1.1.0', 'v1.0.0'],
      ['mattermost__mattermost-plugin-msteams', 'v0.0.1', '0.0.1-alpha'],
    ] as const) {
      expect([plugin, (await review(plugin, head, base)).id.findings.map((f) => f.rule)]).toEqual([
        plugin,
        ['plugin-id-unchanged/changed'],
      ]);
    }
  });

  it("fails azure-devops' tag v1.2.0 over a manifest still at 0.1.0", async () => {
    const { bump } = await review('mattermost-community__mattermost-plugin-azure-devops', 'v1.2.0', 'v0.1.0', 'v1.2.0');
    expect(rules(bump)).toEqual(['version-bump/tag-mismatch@6', 'version-bump/not-bumped@6']);
    expect(bump.findings[0]?.message).toContain(
      'The tag v1.2.0 names 1.2.0, but plugin.json says "version": "0.1.0" (behind the tag)',
    );
  });

  it("fails bigbluebutton's tag v4.5.0 over a 4.4.0 manifest", async () => {
    const { bump } = await review(
      'blindsidenetworks__mattermost-plugin-bigbluebutton',
      'v4.5.0',
      'v4.4.0-rc1',
      'v4.5.0',
    );
    expect(rules(bump)).toEqual(['version-bump/tag-mismatch@4', 'version-bump/not-bumped@4']);
  });

  it("fails welcomebot's v0.0.2 tag on a 1.3.0 manifest", async () => {
    const { bump } = await review('mattermost-community__mattermost-plugin-welcomebot', 'v0.0.2', 'v1.3.0', 'v0.0.2');
    expect(rules(bump)[0]).toBe('version-bump/tag-mismatch@8');
    expect(bump.findings[0]?.message).toContain('(ahead of the tag)');
  });

  it('compares with a YAML base whose version is the unquoted 0.1, without failing', async () => {
    const { bump, id } = await review('mattermost__mattermost-plugin-jira', 'v1.0.1', 'v0.1');
    expect(rules(bump)).toEqual([]);
    expect(bump.findings.map((f) => f.rule)).toContain('version-bump/base-version-invalid');
    expect(id.findings).toEqual([]);
  });

  it("compares welcomebot's later v0.0.2 tag with v1.3.0, the release of the same manifest version, in a real git history", async () => {
    const plugin = 'mattermost-community__mattermost-plugin-welcomebot';
    const repo = new TempRepo();
    dirs.push(repo.dir);
    for (const tag of ['v1.1.1', 'v1.3.0', 'v0.0.2']) {
      repo
        .write('plugin.json', readFileSync(path.join(historyDir(plugin), `plugin.${tag}.json`), 'utf8'))
        .commit(`release ${tag}`);
      repo.tag(tag);
    }
    const context = await repo.context();
    const run = { mode: 'update' as const, beta: false };
    const bump = await versionBump.run(context, run);
    // The v0.0.2 tag re-releases the manifest of v1.3.0: the tag is wrong and the version did not move.
    expect(rules(bump)).toEqual(['version-bump/tag-mismatch@8', 'version-bump/not-bumped@8']);
    expect(bump.summary).toBe('1.3.0 after 1.3.0 (tag v1.3.0): none; the changes need a patch release.');
  });

  it('reports a non-semver tag given as the release tag', async () => {
    const { bump } = await review('mattermost__mattermost-plugin-demo', 'v0.11.0', 'v0.6.0', 'v07.0');
    expect(rules(bump)[0]).toBe('version-bump/tag-not-semver@-');
  });
});

export { walkManifests, walkTags };

/**
 * The real histories (git/*.bundle), cloned into a temp dir at test time: releases
 * whose final tag shares its commit with a release candidate, a patch release with a
 * "feat:" security fix, CI-only "feat:" commits after the last release, and the
 * untagged default branch a pull request is based on.
 */
describeCorpus('version-bump and release-notes on the real git histories', () => {
  const clones = new Map<string, string>();
  let temp = '';
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'mm-versioning-bundles-'));
  });
  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  /** A clone of the bundle, checked out at `ref` in a worktree of its own. */
  function checkout(plugin: string, ref: string): string {
    let clone = clones.get(plugin);
    if (!clone) {
      clone = path.join(temp, plugin);
      execFileSync('git', ['clone', '-q', path.join(CORPUS_DIR, 'git', `${plugin}.bundle`), clone], {
        stdio: 'ignore',
      });
      clones.set(plugin, clone);
    }
    const dir = path.join(temp, `${plugin}@${ref}`);
    if (!existsSync(dir)) git(clone, 'worktree', 'add', '-q', '--detach', dir, ref);
    return dir;
  }

  async function run(dir: string, options: Partial<PluginReviewOptions> = {}) {
    const context = new PluginContext(await Workspace.open(dir), {
      mode: 'update',
      beta: false,
      offline: true,
      ...options,
    });
    const how = { mode: 'update' as const, beta: false };
    return { context, bump: await versionBump.run(context, how), notes: await releaseNotesCheck.run(context, how) };
  }
  const flagged = (outcome: CheckOutcome) =>
    outcome.findings.filter((f) => f.severity !== 'notice').map((f) => `${f.severity}:${f.rule}`);

  it.each([
    ['mattermost__mattermost-plugin-github', 'v2.7.1', 'v2.7.1-rc2', '2.7.0'],
    ['mattermost__mattermost-plugin-jira', 'v4.6.0', 'v4.6.0-rc2', '4.5.1'],
    ['mattermost__mattermost-plugin-zoom', 'v1.13.0', 'v1.13.0-rc2', '1.12.0'],
  ])(
    '%s at %s (beside %s) is released as the final version, as its build does (issue 14.3)',
    async (plugin, tag, candidate, previous) => {
      const dir = checkout(plugin, tag);
      expect(git(dir, 'tag', '--points-at', 'HEAD').split('\n')).toEqual(expect.arrayContaining([tag, candidate]));
      const { context, bump, notes } = await run(dir);
      const version = tag.slice(1);
      expect(await context.version()).toEqual({ version, source: 'git-tag', tag });
      expect(flagged(bump)).toEqual([]);
      expect(bump.summary).toMatch(
        new RegExp(
          `^${version.replace(/\./g, '\\.')} after ${previous.replace(/\./g, '\\.')} \\(tag v${previous.replace(/\./g, '\\.')}\\)`,
        ),
      );
      for (const finding of [...bump.findings, ...notes.findings])
        expect(finding.message).not.toContain(`release ${version}`);
      // url.JoinPath in their build: the URL it writes names the final tag and is right.
      expect(flagged(notes)).toEqual([]);
      expect(notes.summary).toContain(
        `release_notes_url written by the build https://github.com/mattermost/${plugin.split('__')[1]}/releases/tag/${tag};`,
      );
    },
    60_000,
  );

  it('takes a "feat:" security fix in jira v4.4.1 as a warning, not a failure of the patch release (issue 14.7)', async () => {
    const { bump, notes } = await run(checkout('mattermost__mattermost-plugin-jira', 'v4.4.1'));
    expect(flagged(bump)).toEqual(['warning:version-bump/commit-feature']);
    expect(bump.findings.find((f) => f.rule === 'version-bump/commit-feature')?.message).toContain(
      'to what ships (server/issue.go)',
    );
    // At v4.4.1 the build still concatenated: the URL it wrote lacks a "/" (the production database has it).
    expect(flagged(notes)).toEqual(['error:release-notes/url-missing-slash']);
    expect(notes.findings[0]?.message).toContain(
      'https://github.com/mattermost/mattermost-plugin-jirareleases/tag/v4.4.1',
    );
  }, 60_000);

  it.each([
    'mattermost-community__mattermost-plugin-autolink',
    'mattermost-community__mattermost-plugin-welcomebot',
    'mattermost-community__mattermost-plugin-todo',
  ])(
    '%s: the CI-only "feat:" commit after the last release is no evidence (issue 14.7)',
    async (plugin) => {
      const dir = checkout(plugin, 'HEAD');
      expect(git(dir, 'log', '--format=%s', '-n', '200')).toContain('feat: Perform changes related to CI/CD');
      const { bump, notes } = await run(dir);
      expect(bump.findings.map((f) => f.rule)).not.toContain('version-bump/commit-feature');
      expect(flagged(bump)).toEqual([]);
      expect(flagged(notes)).toEqual([]);
    },
    60_000,
  );

  it('passes the untagged default branch of github in update mode: no release, nothing fails (issue 18.1)', async () => {
    const { bump, notes } = await run(checkout('mattermost__mattermost-plugin-github', 'HEAD'));
    expect(flagged(bump)).toEqual([]);
    expect(flagged(notes)).toEqual([]);
    expect(bump.summary).toBe('Version unknown; the changes need a minor release (2.8.0).');
  }, 60_000);
});
