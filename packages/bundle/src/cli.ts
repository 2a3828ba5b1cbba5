import { writeSync } from 'node:fs';
import { runCli } from '@mm-review/cli';

/**
 * Writes all of `text` to a file descriptor with synchronous writes: a report is written
 * once, so the stream machinery behind process.stdout (net, stream, tty) never loads for it.
 * A pipe another part of the process made non-blocking answers EAGAIN: try again. A reader
 * that went away (EPIPE: `mm-review review | head`) ends the output quietly.
 */
export function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return;
      throw error;
    }
  }
}

/** The process around the CLI: arguments, streams, exit status. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    env: process.env,
    // Read only when a text report decides on colours, so other runs never create process.stdout.
    get isTTY() {
      return Boolean(process.stdout.isTTY);
    },
    cwd: process.cwd(),
  });
}
