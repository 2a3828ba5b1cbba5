
export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `git` binary in a directory without a shell. A missing git, a directory
 * that is not a repository, or a time-out all come back as `ok: false`, never thrown,
 * because the git history is optional evidence for every check that uses it.
 */
export async function git(cwd: string, args: readonly string[], options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<GitResult> {
  // Loaded on first use: child_process (and the net module it pulls in) costs every start otherwise.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      { cwd, timeout: options.timeoutMs ?? 15_000, maxBuffer: options.maxBytes ?? 16 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
      (error, stdout, stderr) => resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

/** Tags pointing at HEAD, as `git tag --points-at HEAD` lists them. */
export async function tagsAtHead(cwd: string): Promise<string[]> {
  const result = await git(cwd, ['tag', '--points-at', 'HEAD']);
  return result.ok ? result.stdout.split('\n').map((t) => t.trim()).filter(Boolean) : [];
}

/** The text of a file at a revision (`git show REV:path`), or undefined. */
export async function showFile(cwd: string, revision: string, file: string): Promise<string | undefined> {
  if (revision.startsWith('-')) return undefined;
  const result = await git(cwd, ['show', `${revision}:./${file}`]);
  return result.ok ? result.stdout : undefined;
}
