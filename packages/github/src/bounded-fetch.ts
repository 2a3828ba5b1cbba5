/** A GitHub API call that takes longer than this is abandoned (and retried by plugin-retry). */
export const API_TIMEOUT_MS = 30_000;
/** No API answer the suite reads comes near this; a larger body is refused, not buffered. */
export const API_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export class ResponseTooLargeError extends Error {
  constructor(url: string, limit: number) {
    super(
      `the answer from ${url} is over the ${Math.round(limit / 1024 / 1024)} MiB limit for a GitHub API response; it was not read`,
    );
    this.name = 'ResponseTooLargeError';
  }
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` with a deadline for the whole exchange (headers and body) and a cap on the
 * body's size, for Octokit: a stalled or endless API answer cannot hang or swell a review.
 * The body is read here (up to the cap), so a cut-off answer is an error, not empty data.
 */
export function boundedFetch(
  inner: typeof fetch,
  limits: { timeoutMs?: number; maxBytes?: number } = {},
): typeof fetch {
  const timeoutMs = limits.timeoutMs ?? API_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? API_MAX_RESPONSE_BYTES;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      const response = await inner(input, { ...init, signal });
      if (!response.body || NO_BODY.has(response.status)) return response;
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(url, maxBytes);
      }
      const chunks: Uint8Array[] = [];
      let seen = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.byteLength;
        if (seen > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new ResponseTooLargeError(url, maxBytes);
        }
        chunks.push(value);
      }
      return new Response(Buffer.concat(chunks), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      if (deadline.aborted)
        throw new Error(
          `no complete answer from ${url} within ${timeoutMs / 1000} s; the GitHub API call was abandoned`,
          { cause: error },
        );
      throw error;
    }
  };
}
