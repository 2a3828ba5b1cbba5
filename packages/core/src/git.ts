import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Settings given on git's command line, where they outrank every configuration file. The
 * reviewed tree is untrusted: its repository configuration (a `.git/config` shipped in an
 * archive, a subfolder laid out as a bare repository) must not make a read-only `git log`
 * or `git show` run a program. Each line closes one way a config key starts a process.
 */
const SAFE_CONFIG: readonly string[] = [
  'core.quotepath=off',
  // A folder that looks like a bare repository is never used unless named explicitly.
  'safe.bareRepository=explicit',
  // `git log` would run gpg.program to show signatures.
  'log.showSignature=false',
  'gpg.program=false',
  'gpg.ssh.program=false',
  'gpg.x509.program=false',
  // Index reads would start the fsmonitor hook; hooks are never wanted here.
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  // No pager, no editor, no network (a partial clone would fetch missing objects from its remote).
  'core.pager=cat',
  'core.editor=false',
  'core.sshCommand=false',
  'protocol.allow=never',
  'credential.helper=',
  // Nothing runs in the background after a command.
  'gc.auto=0',
  'maintenance.auto=false',
  'core.untrackedCache=false',
  'diff.external=',
];

/** Environment variables that would point git at another repository, index or object store. */
const REDIRECTING_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_EXTERNAL_DIFF',
  'GIT_PAGER',
  'GIT_EDITOR',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
];

/** The repository a directory belongs to: its work tree (the checkout's top level) and git dir. */
export interface GitRepository {
  workTree: string;
  gitDir: string;
}

/**
 * Finds the checkout a directory belongs to without letting git discover it: the nearest
 * folder at or above `dir` that holds a `.git` entry is the top level, and its `.git` must be
 * a real folder holding `HEAD` (or a `gitdir:` file of a linked worktree or submodule whose
 * target lies outside that work tree). A folder laid out as a bare repository is never taken
 * (it has no `.git`), nor is a `.git` that is a symbolic link or points back into the tree.
 * Undefined when there is no such repository.
 */
export async function findRepository(dir: string): Promise<GitRepository | undefined> {
  let current: string;
  try {
    current = await realpath(path.resolve(dir));
  } catch {
    return undefined;
  }
  for (;;) {
    const dotGit = path.join(current, '.git');
    const info = await lstat(dotGit).catch(() => undefined);
    if (info) return validGitDir(current, dotGit, info);
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

async function validGitDir(
  workTree: string,
  dotGit: string,
  info: Awaited<ReturnType<typeof lstat>>,
): Promise<GitRepository | undefined> {
  if (info.isDirectory()) return (await isGitDir(dotGit)) ? { workTree, gitDir: dotGit } : undefined;
  if (!info.isFile() || info.size > 4096) return undefined;
  const text = await readFile(dotGit, 'utf8').catch(() => '');
  const match = /^gitdir: (.+?)\s*$/m.exec(text);
  if (!match?.[1]) return undefined;
  const target = await realpath(path.resolve(workTree, match[1])).catch(() => undefined);
  if (!target || target === workTree || target.startsWith(workTree + path.sep)) return undefined;
  return (await isGitDir(target)) ? { workTree, gitDir: target } : undefined;
}

async function isGitDir(dir: string): Promise<boolean> {
  const head = await stat(path.join(dir, 'HEAD')).catch(() => undefined);
  return head?.isFile() === true;
}

/**
 * Runs the `git` binary in a directory without a shell, against the checkout that directory
 * belongs to (named by `--git-dir` and `--work-tree`, so git discovers nothing on its own),
 * with the command-line settings above and no system configuration. A missing git, a
 * directory that is not in a repository, or a time-out all come back as `ok: false`, never
 * thrown, because the git history is optional evidence for every check that uses it.
 */
export async function git(
  cwd: string,
  args: readonly string[],
  options: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<GitResult> {
  const repository = await findRepository(cwd);
  if (!repository) return { ok: false, stdout: '', stderr: `${cwd} is not inside a git checkout` };
  // Loaded on first use: child_process (and the net module it pulls in) costs every start otherwise.
  const { execFile } = await import('node:child_process');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REDIRECTING_ENV) delete env[name];
  Object.assign(env, {
    GIT_DIR: repository.gitDir,
    GIT_WORK_TREE: repository.workTree,
    GIT_CEILING_DIRECTORIES: path.dirname(repository.workTree),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C',
  });
  const config = SAFE_CONFIG.flatMap((setting) => ['-c', setting]);
  const realCwd = await realpath(cwd).catch(() => cwd);
  return new Promise((resolve) => {
    execFile(
      'git',
      ['--no-pager', `--git-dir=${repository.gitDir}`, `--work-tree=${repository.workTree}`, ...config, ...args],
      {
        cwd: realCwd,
        timeout: options.timeoutMs ?? 15_000,
        maxBuffer: options.maxBytes ?? 16 * 1024 * 1024,
        encoding: 'utf8',
        env,
      },
      (error, stdout, stderr) => resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** Tags pointing at HEAD, as `git tag --points-at HEAD` lists them. */
export async function tagsAtHead(cwd: string): Promise<string[]> {
  const result = await git(cwd, ['tag', '--points-at', 'HEAD']);
  return result.ok
    ? result.stdout
        .split('\n')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
}

/** The text of a file at a revision (`git show REV:path`), or undefined. */
export async function showFile(cwd: string, revision: string, file: string): Promise<string | undefined> {
  if (revision.startsWith('-')) return undefined;
  const result = await git(cwd, ['show', '--no-textconv', `${revision}:./${file}`]);
  return result.ok ? result.stdout : undefined;
}
