import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DIST, NODE, ROOT, runCli } from './harness';

// The CLI writes its report with synchronous writes to fd 1 (no process.stdout stream): a
// report larger than a pipe's buffer must arrive whole, and a reader that goes away early
// must not turn into a crash.
describe('CLI output through a pipe', () => {
  it('delivers a report larger than a pipe buffer whole', async () => {
    const run = await runCli(['rules', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(64 * 1024);
    const parsed = JSON.parse(run.stdout) as unknown;
    expect(parsed).toBeTruthy();
  }, 60_000);

  it('ends quietly when the reader closes the pipe after the first bytes', async () => {
    const child = spawn(NODE, [path.join(DIST, 'cli.js'), 'rules', '--format', 'json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
