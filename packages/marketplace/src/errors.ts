/** A failure the user can act on, with a one-line reason; `code` names the kind for callers and tests. */
export class ReleaseError extends Error {
  override name = 'ReleaseError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The download failed: HTTP status, timeout, size cap, or a connection that broke. */
export class DownloadError extends ReleaseError {
  override name = 'DownloadError';
  constructor(
    code: 'http-status' | 'timeout' | 'too-large' | 'network' | 'truncated',
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(code, message);
  }
}

/** The tarball is unsafe or unreadable; nothing from it has been used. */
export class BundleError extends ReleaseError {
  override name = 'BundleError';
}
