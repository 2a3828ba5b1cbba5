/** A GitHub API call that takes longer than this is abandoned (and retried by plugin-retry). */
export const API_TIMEOUT_MS = 30_000;
/** No API answer the suite reads comes near this; a larger body is refused, not buffered. */
export const API_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  constructor(url: string, limit: number) {
    super(`the answer from ${url} is over the ${Math.round(limit / 1024 / 1024)} MiB limit for a GitHub API response; it was not read`);
    this.name = 'ResponseTooLargeError';
  }
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` with a deadline for the whole exchange (headers and body) and a cap on the
 * body's size, for Octokit: a stalled or endless API answer cannot hang or swell a review.
 */
export function boundedFetch(inner: typeof fetch, limits: { timeoutMs?: number; maxBytes?: number } = {}): typeof fetch {
  const timeoutMs = limits.timeoutMs ?? API_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? API_MAX_RESPONSE_BYTES;
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const response = await inner(input, { ...init, signal });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(url, maxBytes);
    }
    if (!response.body || NO_BODY.has(response.status)) return response;
    let seen = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(new ResponseTooLargeError(url, maxBytes));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
