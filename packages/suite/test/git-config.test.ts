import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findRepository, git } from '@mm-review/core';
import { runPluginAction } from '../src/index';

/**
 * Issue 16 item 1: git run on the reviewed tree must not take configuration from it. Each
 * tree plants a repository config whose every program (gpg for `log.showSignature`, the
 * fsmonitor, every hook, the pager, a diff driver) writes a marker file; the head commit
 * carries a signature, so a `git log` that shows signatures would run gpg.program.
 */

let scratch: string;
let marker: string;
let evil: string;

const manifest = (version: string) =>
  `${JSON.stringify({ id: 'com.example.demo', name: 'Demo', version, min_server_version: '9.0.0' }, null, 2)}\n`;

function run(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}

/** A repository with two releases; the second commit is a forged signed commit. */
function makeRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  run(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'plugin.json'), manifest('1.0.0'));
  run(dir, 'add', '-A');
  run(dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'first release');
  run(dir, 'tag', 'v1.0.0');
  writeFileSync(path.join(dir, 'plugin.json'), manifest('1.1.0'));
  writeFileSync(path.join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 1.1.0\n\n- Added a setting.\n');
  run(dir, 'add', '-A');
  run(dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'next');
  const tree = run(dir, 'rev-parse', 'HEAD^{tree}');
  const parent = run(dir, 'rev-parse', 'HEAD~1');
  const body = `tree ${tree}\nparent ${parent}\nauthor T <t@example.com> 1700000000 +0000\ncommitter T <t@example.com> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned next\n`;
  const file = path.join(scratch, `commit-${path.basename(dir)}`);
  writeFileSync(file, body);
  const signed = run(dir, 'hash-object', '-t', 'commit', '-w', file);
  run(dir, 'update-ref', 'refs/heads/main', signed);
  run(dir, 'tag', 'v1.1.0');
}

/** Writes the hostile settings into a repository config file. */
function plant(configFile: string): void {
  const hooks = path.join(path.dirname(configFile), 'evil-hooks');
  mkdirSync(hooks, { recursive: true });
  for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc', 'post-rewrite']) {
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\n"${evil}" hook\n`);
    chmodSync(path.join(hooks, hook), 0o755);
  }
  const settings = [
    ['log.showSignature', 'true'],
    ['gpg.program', evil],
    ['gpg.ssh.program', evil],
    ['core.fsmonitor', evil],
    ['core.hooksPath', hooks],
    ['core.pager', evil],
    ['pager.log', evil],
    ['diff.external', evil],
    ['core.sshCommand', evil],
  ];
  for (const [key, value] of settings)
    execFileSync('git', ['config', '--file', configFile, key as string, value as string]);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mm-git-config-'));
  marker = path.join(scratch, 'MARKER');
  evil = path.join(scratch, 'evil.sh');
  writeFileSync(evil, `#!/bin/sh\necho "$0 $*" >> "${marker}"\nexit 1\n`);
  chmodSync(evil, 0o755);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function everyGitUser(dir: string) {
  const options = { mode: 'update' as const, beta: false, offline: true };
  const bump = await runPluginAction('check-version-bump', dir, options);
  const review = await runPluginAction('review', dir, options);
  const gate = await runPluginAction('check-version-bump', dir, { ...options, tag: 'v1.1.0' });
  const changelog = await runPluginAction('check-changelog', dir, { ...options, baseRef: 'v1.0.0' });
  return { bump, review, gate, changelog };
}

describe('git never takes configuration from the reviewed tree', () => {
  it('a .git shipped with the tree (an unpacked archive): no program of its config runs, and history is still read', async () => {
    const dir = path.join(scratch, 'shipped');
    makeRepo(dir);
    plant(path.join(dir, '.git', 'config'));
    const { bump, review, gate, changelog } = await everyGitUser(dir);
    expect(existsSync(marker)).toBe(false);
    const versionBump = bump.report.checks.find((c) => c.id === 'version-bump');
    expect(versionBump?.status).not.toBe('skip');
    expect(JSON.stringify(versionBump)).toContain('v1.0.0');
    expect(review.report.checks.length).toBeGreaterThan(5);
    expect(gate.report.checks.find((c) => c.id === 'version-bump')?.status).not.toBe('skip');
    expect(changelog.report.checks.length).toBeGreaterThan(0);
  }, 60_000);

  it('a plugin folder laid out as a bare repository inside a clean clone: the clone is used, never the folder', async () => {
    const outer = path.join(scratch, 'outer');
    makeRepo(path.join(scratch, 'evil-source'));
    mkdirSync(outer);
    run(outer, 'init', '-q', '-b', 'main');
    const plugin = path.join(outer, 'plugin');
    run(scratch, 'clone', '-q', '--bare', path.join(scratch, 'evil-source'), plugin);
    plant(path.join(plugin, 'config'));
    writeFileSync(path.join(plugin, 'plugin.json'), manifest('1.1.0'));
    run(outer, 'add', '-A');
    run(outer, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'vendored');
    expect(await findRepository(plugin)).toEqual({ workTree: outer, gitDir: path.join(outer, '.git') });
    const { bump } = await everyGitUser(plugin);
    expect(existsSync(marker)).toBe(false);
    // The clean clone has no release tag: the bare folder's v1.0.0 was never seen.
    expect(JSON.stringify(bump.report)).not.toContain('v1.0.0');
  }, 60_000);

  it('refuses a gitdir file that points back into the tree, and a .git that is a symbolic link', async () => {
    const dir = path.join(scratch, 'gitfile');
    makeRepo(path.join(scratch, 'gitfile-src'));
    mkdirSync(dir);
    cpSync(path.join(scratch, 'gitfile-src', '.git'), path.join(dir, 'hidden'), { recursive: true });
    plant(path.join(dir, 'hidden', 'config'));
    writeFileSync(path.join(dir, '.git'), 'gitdir: hidden\n');
    expect(await findRepository(dir)).toBeUndefined();
    expect((await git(dir, ['log', '-1'])).ok).toBe(false);
    rmSync(path.join(dir, '.git'));
    execFileSync('ln', ['-s', 'hidden', path.join(dir, '.git')]);
    expect(await findRepository(dir)).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  }, 60_000);

  it('git log on a signed head with a hostile config runs nothing', async () => {
    const dir = path.join(scratch, 'direct');
    makeRepo(dir);
    plant(path.join(dir, '.git', 'config'));
    const log = await git(dir, ['log', '--format=%H %s', '-2']);
    expect(log.ok).toBe(true);
    expect(log.stdout.split('\n')[0]).toMatch(/ signed next$/);
    expect((await git(dir, ['status', '--porcelain'])).ok).toBe(true);
    expect((await git(dir, ['show', 'HEAD'])).ok).toBe(true);
    expect(existsSync(marker)).toBe(false);
  }, 60_000);
});
