import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content:
 * a temporary file in the same folder (same file system, so the rename is atomic),
 * flushed with fsync, then renamed over the target; the folder is synced too.
 */
export async function writeFileAtomic(file: string, pieces: readonly (Buffer | string)[]): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  // Tracked before it exists: a signal while the file is being created still removes it.
  track(temp);
  const handle = await open(temp, 'wx', mode).catch((error: unknown) => {
    untrack(temp);
    throw error;
  });
  try {
    for (const piece of pieces)
      await (typeof piece === 'string' ? writeText(handle, piece) : writeBytes(handle, piece));
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    untrack(temp);
  }
  await syncDirectory(dir);
}

/**
 * Temporary files being written. A SIGINT, SIGTERM or SIGHUP (a cancelled workflow, ^C)
 * or an exit removes them before the process goes, then the signal is raised again so the
 * process ends as it would have. (SIGKILL cannot be caught; the name starts with a dot
 * and ends with .tmp so such a leftover is recognisable.)
 */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let listening = false;

function removePending(): void {
  for (const file of pending) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removePending();
  stopListening();
  // Another listener decides what this signal does; alone, end the process as the signal would.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(temp: string): void {
  pending.add(temp);
  if (listening) return;
  listening = true;
  process.on('exit', removePending);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function untrack(temp: string): void {
  pending.delete(temp);
  if (pending.size === 0) stopListening();
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  process.off('exit', removePending);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

const CHUNK = 8 * 1024 * 1024;

async function writeText(handle: FileHandle, text: string): Promise<void> {
  let offset = 0;
  while (offset < text.length) {
    let end = Math.min(offset + CHUNK, text.length);
    // Never cut a surrogate pair in two: its halves would be encoded as two replacement characters.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    await writeBytes(handle, Buffer.from(text.slice(offset, end), 'utf8'));
    offset = end;
  }
}

async function writeBytes(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let written = 0; written < bytes.length;)
    written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
