import { DownloadError } from './errors';

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** The body is refused as soon as it grows past this, while streaming. */
  maxBytes: number;
  /** Per attempt, covering the headers and the whole body. */
  timeoutMs: number;
  /** Further attempts after a 5xx, a timeout or a broken connection. */
  retries: number;
  /** First backoff delay; doubles with each retry. */
  backoffMs?: number;
  headers?: Record<string, string>;
}

/**
 * Downloads a URL into memory. Retries with exponential backoff on 5xx, timeouts and
 * connection resets; a 4xx (a missing bundle) fails at once. Every error names the URL.
 */
export async function download(url: string, options: DownloadOptions): Promise<Buffer> {
  const attempts = Math.max(0, options.retries) + 1;
  let delay = options.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOnce(url, options);
    } catch (error) {
      const failure = asDownloadError(error, url);
      if (!isRetryable(failure) || attempt >= attempts) {
        if (attempt > 1) failure.message += ` (after ${attempt} attempts)`;
        throw failure;
      }
      await sleep(delay);
      delay *= 2;
    }
  }
}

function isRetryable(error: DownloadError): boolean {
  if (error.code === 'http-status') return error.status !== undefined && (error.status >= 500 || error.status === 429);
  return error.code === 'timeout' || error.code === 'network' || error.code === 'truncated';
}

async function downloadOnce(url: string, options: DownloadOptions): Promise<Buffer> {
  const fetchImpl = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(new DownloadError('timeout', `timed out after ${options.timeoutMs} ms downloading ${url}`, url)),
    options.timeoutMs,
  );
  try {
    const response = await fetchImpl(url, {
      signal: controller.signal,
      redirect: 'follow',
      ...(options.headers ? { headers: options.headers } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(
        'http-status',
        `${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        url,
        response.status,
      );
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(url, options.maxBytes, declared);
    }
    const body = await readCapped(response, url, options.maxBytes);
    if (Number.isFinite(declared) && body.length !== declared) {
      throw new DownloadError('truncated', `${url} ended after ${body.length} of ${declared} bytes`, url);
    }
    return body;
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof DownloadError) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(url: string, maxBytes: number, declared?: number): DownloadError {
  const size = declared === undefined ? 'more than that' : `${declared} bytes`;
  return new DownloadError('too-large', `${url} is larger than the ${maxBytes}-byte limit (${size})`, url);
}

function asDownloadError(error: unknown, url: string): DownloadError {
  if (error instanceof DownloadError) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
  return new DownloadError('network', `could not download ${url}: ${detail}`, url);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
