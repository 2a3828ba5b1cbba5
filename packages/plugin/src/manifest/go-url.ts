import { createRequire } from 'node:module';

// node:net (and the stream machinery behind it) is required on first use: only an IPv6
// literal host needs it, and loading it would cost every CLI start.
let net: typeof import('node:net') | undefined;
function isIPv6(address: string): boolean {
  net ??= createRequire(import.meta.url)('node:net') as typeof import('node:net');
  return net.isIPv6(address);
}

/**
 * A URL as Go's `url.ParseRequestURI` reads it (net/url, request form: no fragment
 * splitting, no relative references). Only what the manifest rules need is kept.
 * Go's rules differ from the WHATWG parser behind `new URL`: a port is any run of digits
 * (99999 too), the path is not validated beyond its %-escapes (a space or a `#` is
 * accepted), while the host refuses a backslash, a space, `#` and other bytes Go would
 * escape, and `https:///host` has an empty host.
 */
export interface GoUrl {
  /** Lower-cased, as Go stores it. */
  scheme: string;
  /** Host with its `:port`, %-escapes decoded (`example.com:8080`). */
  host: string;
  /** The host without the port and without IPv6 brackets. */
  hostname: string;
  port: string;
  /** Decoded path. */
  path: string;
  rawQuery: string;
}

export type GoUrlResult = { ok: true; url: GoUrl } | { ok: false; error: string };

/** `url.ParseRequestURI(raw)`: the parsed URL, or Go's error text. */
export function parseRequestUri(raw: string): GoUrlResult {
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fail('net/url: invalid control character in URL');
  if (raw === '') return fail('empty url');
  if (raw === '*') return { ok: true, url: { scheme: '', host: '', hostname: '', port: '', path: '*', rawQuery: '' } };
  const scheme = getScheme(raw);
  if (!scheme.ok) return scheme;
  let rest = scheme.rest;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes('?')) [rest, rawQuery] = [rest.slice(0, rest.indexOf('?')), rest.slice(rest.indexOf('?') + 1)];
  if (!rest.startsWith('/')) {
    // A rootless path after a scheme is opaque (mailto:x); without a scheme the request form fails.
    if (scheme.scheme !== '')
      return { ok: true, url: { scheme: scheme.scheme, host: '', hostname: '', port: '', path: '', rawQuery } };
    return fail('invalid URI for request');
  }
  let host = '';
  if (scheme.scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const parsed = parseAuthority(authority);
    if (!parsed.ok) return parsed;
    host = parsed.host;
  }
  const path = unescape(rest, 'path');
  if (!path.ok) return path;
  const { hostname, port } = splitHostPort(host);
  return { ok: true, url: { scheme: scheme.scheme, host, hostname, port, path: path.value, rawQuery } };
}

/**
 * The server's `model.IsValidHTTPURL`: starts with the lower-case `http://` or `https://`,
 * parses with `url.ParseRequestURI`, and has a scheme and a host.
 */
export function isGoValidHttpUrl(raw: string): boolean {
  return goHttpUrlProblem(raw) === undefined;
}

/**
 * The usual URL, which `url.ParseRequestURI` accepts as it is: a host of letters, digits,
 * dots and dashes, an optional port, and a path with no %-escape, query or other byte the
 * parser looks at. Checked without parsing (a database holds tens of thousands of them);
 * the tests compare it with the full parser.
 */
export const PLAIN_HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]*)?(?:\/[A-Za-z0-9._~/-]*)?$/;

/** Why IsValidHTTPURL refuses a value, phrased for a person, or undefined when it accepts it. */
export function goHttpUrlProblem(raw: string): string | undefined {
  if (!raw.startsWith('http://') && !raw.startsWith('https://')) {
    if (/^https?:\/\//i.test(raw)) return 'the scheme must be written in lower case (http:// or https://)';
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return 'only http:// and https:// URLs are accepted';
    return 'it does not start with http:// or https://';
  }
  if (PLAIN_HTTP_URL.test(raw)) return undefined;
  const parsed = parseRequestUri(raw);
  if (!parsed.ok) return `Go's URL parser refuses it (${parsed.error})`;
  if (parsed.url.host === '') return 'it has no host after the "//"';
  return undefined;
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function getScheme(raw: string): { ok: true; scheme: string; rest: string } | { ok: false; error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { ok: true, scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return fail('missing protocol scheme');
      return { ok: true, scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    }
    return { ok: true, scheme: '', rest: raw };
  }
  return { ok: true, scheme: '', rest: raw };
}

function parseAuthority(authority: string): { ok: true; host: string } | { ok: false; error: string } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (!host.ok || at < 0) return host.ok ? { ok: true, host: host.value } : host;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return fail('net/url: invalid userinfo');
  for (const part of userinfo.includes(':')
    ? [userinfo.slice(0, userinfo.indexOf(':')), userinfo.slice(userinfo.indexOf(':') + 1)]
    : [userinfo]) {
    const decoded = unescape(part, 'userinfo');
    if (!decoded.ok) return decoded;
  }
  return { ok: true, host: host.value };
}

function parseHost(host: string): { ok: true; value: string } | { ok: false; error: string } {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return fail("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return fail(`invalid port ${goQuote(colonPort)} after host`);
    const literal = host.slice(1, close);
    const zone = literal.indexOf('%25');
    const address = zone >= 0 ? literal.slice(0, zone) : literal;
    if (!isIPv6(address)) return fail(`invalid IP-literal ${goQuote(host.slice(0, close + 1))}`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) return fail(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** The bytes Go's shouldEscape lets stand in a host (besides letters and digits). */
const HOST_OK = new Set([...'!$&\'()*+,;=:[]<>"-_.~']);

function unescape(
  s: string,
  mode: 'path' | 'host' | 'userinfo',
): { ok: true; value: string } | { ok: false; error: string } {
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    if (b === 0x25 /* % */) {
      const h1 = bytes[i + 1];
      const h2 = bytes[i + 2];
      if (h1 === undefined || h2 === undefined || !isHex(h1) || !isHex(h2)) {
        return fail(`invalid URL escape ${goQuote(bytes.subarray(i, i + 3).toString('latin1'))}`);
      }
      if (
        mode === 'host' &&
        parseInt(String.fromCharCode(h1), 16) < 8 &&
        bytes.subarray(i, i + 3).toString('latin1') !== '%25'
      ) {
        return fail(`invalid URL escape ${goQuote(bytes.subarray(i, i + 3).toString('latin1'))}`);
      }
      i += 3;
      continue;
    }
    if (mode === 'host' && b < 0x80 && !isAlnum(b) && !HOST_OK.has(String.fromCharCode(b))) {
      return fail(`invalid character ${goQuote(String.fromCharCode(b))} in host name`);
    }
    i++;
  }
  try {
    return { ok: true, value: decodeURIComponent(s) };
  } catch {
    // %-escapes of bytes that are not UTF-8 are kept as Go keeps them (raw bytes); the text is not needed here.
    return { ok: true, value: s };
  }
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function splitHostPort(host: string): { hostname: string; port: string } {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    return { hostname: host.slice(1, close), port: host.slice(close + 2) };
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? { hostname: host, port: '' } : { hostname: host.slice(0, colon), port: host.slice(colon + 1) };
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Go's `strings.TrimSpace`: trims the white space of `unicode.IsSpace` (which includes
 * U+0085 NEXT LINE and U+00A0, but not U+FEFF or U+200B, unlike JavaScript's trim()).
 */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.has(s.charCodeAt(start))) start++;
  while (end > start && GO_SPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

const GO_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
