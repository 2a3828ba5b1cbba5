import { checkReleaseNotesUrl } from '@mm-review/changelog';
import { isStrictSemver, semverProblem } from '@mm-review/plugin';
import { AUTHOR_TYPES, ENTRY_KEYS, HOSTING_VALUES, ICON_PREFIX, PLATFORM_KEYS, RELEASE_STAGES, isRecord, stringField, type RawEntry } from './model';
import { describeType, quote, type EntryProblem } from './problem';

const RULE = 'database-entries';
/** Clocks differ; an entry written a few minutes "ahead" by the generator's machine is not an error. */
const FUTURE_SLACK_MS = 10 * 60 * 1000;
const UPDATED_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d*[1-9])?Z$/;
/** Icons put `<svg` within their first few hundred bytes; only a longer prolog needs the whole decode. */
const ICON_PEEK_CHARS = 4096;

type FieldType = 'string' | 'boolean' | 'object';
const FIELD_TYPES: Record<(typeof ENTRY_KEYS)[number], FieldType> = {
  homepage_url: 'string',
  icon_data: 'string',
  download_url: 'string',
  release_notes_url: 'string',
  hosting: 'string',
  author_type: 'string',
  release_stage: 'string',
  enterprise: 'boolean',
  signature: 'string',
  repo_name: 'string',
  manifest: 'object',
  platforms: 'object',
  updated_at: 'string',
};

export interface EntryRuleOptions {
  now: Date;
}

/** Every rule on one entry that needs no other entry (duplicates are found across entries). */
export function entryProblems(entry: unknown, options: EntryRuleOptions): EntryProblem[] {
  if (!isRecord(entry)) {
    return [problem('not-object', `Each plugins.json entry must be an object, but this one is ${describeType(entry)}; the Marketplace server cannot decode the file: remove it or write a full entry.`, [], true)];
  }
  const problems = [...keyProblems(entry)];
  problems.push(...enumProblems(entry), ...versionProblems(entry), ...urlProblems(entry), ...signatureProblems(entry, ['signature'], true));
  problems.push(...iconProblems(entry), ...platformProblems(entry), ...updatedAtProblems(entry, options.now), ...releaseNotesProblems(entry));
  return problems;
}

function problem(rule: string, message: string, path: EntryProblem['path'], critical = false, severity: EntryProblem['severity'] = 'error'): EntryProblem {
  return { rule: `${RULE}/${rule}`, severity, message, path, ...(critical ? { critical } : {}) };
}

function keyProblems(entry: RawEntry): EntryProblem[] {
  const problems: EntryProblem[] = [];
  for (const key of ENTRY_KEYS) {
    if (!(key in entry)) {
      problems.push(problem('key-missing', `The entry has no "${key}"; the Marketplace generator always writes all ${ENTRY_KEYS.length} fields: add "${key}" (see MATTERMOST.md §3 for its format).`, []));
      continue;
    }
    const value = entry[key];
    const expected = FIELD_TYPES[key];
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (actual !== expected) {
      problems.push(problem('type', `"${key}" must be ${expected === 'object' ? 'an object' : `a ${expected}`}, but is ${describeType(value)}; the Marketplace server fails to decode the whole file, so every request breaks: fix its value.`, [key], true));
    }
  }
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
      const hint = key === 'labels' ? '"labels" exists in the model but is never written: the API computes labels when serving' : 'the Marketplace model has no such field and drops it';
      problems.push({ ...problem('key-unknown', `"${key}" is not a plugins.json entry field (${hint}): remove it.`, [key]), which: 'key' });
    }
  }
  return problems;
}

function enumProblems(entry: RawEntry): EntryProblem[] {
  const rules: [string, readonly string[], string][] = [
    ['hosting', HOSTING_VALUES, 'the server matches it against cloud and on-prem installations'],
    ['author_type', AUTHOR_TYPES, 'the Marketplace labels plugins by it'],
    ['release_stage', RELEASE_STAGES, 'the Marketplace labels Beta and Experimental plugins by it'],
  ];
  const problems: EntryProblem[] = [];
  for (const [key, allowed, why] of rules) {
    const value = entry[key];
    if (typeof value !== 'string' || allowed.includes(value)) continue;
    const list = allowed.map((v) => JSON.stringify(v)).join(', ');
    problems.push(problem(`${key.replace(/_/g, '-')}-invalid`, `"${key}" is ${quote(value)}, not one of ${list} (${why}): use one of those values.`, [key]));
  }
  return problems;
}

function versionProblems(entry: RawEntry): EntryProblem[] {
  const manifest = entry.manifest;
  if (!isRecord(manifest)) return [];
  const problems: EntryProblem[] = [];
  const version = manifest.version;
  if (typeof version !== 'string' || version === '') {
    problems.push(problem('version-missing', 'The manifest has no "version"; the Marketplace cannot order this release and the server cannot compare it: set the release version, such as "1.2.0".', ['manifest', 'version'], true));
  } else if (!isStrictSemver(version)) {
    problems.push(problem('version-invalid', `manifest.version ${quote(version)} is not strict semver, and a non-semver version makes the Marketplace server panic when it compares versions; ${semverProblem(version)}.`, ['manifest', 'version'], true));
  }
  const minimum = manifest.min_server_version;
  if (typeof minimum === 'string' && minimum !== '' && !isStrictSemver(minimum)) {
    problems.push(problem('min-server-version-invalid', `manifest.min_server_version ${quote(minimum)} is not strict semver: the Marketplace API then answers HTTP 500 to every server that sends its version, a whole-Marketplace outage; ${semverProblem(minimum)}.`, ['manifest', 'min_server_version'], true));
  }
  return problems;
}

function urlProblems(entry: RawEntry): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const homepage = entry.homepage_url;
  if (homepage === '') {
    problems.push(problem('homepage-url-empty', 'homepage_url is empty (the generator copies it from the manifest with no fallback), so the Marketplace links nowhere: set homepage_url in plugin.json to the repository URL and regenerate the entry.', ['homepage_url']));
  } else problems.push(...httpsProblem(homepage, ['homepage_url']));
  const download = entry.download_url;
  if (download === '') problems.push(problem('download-url-empty', 'download_url is empty, so servers cannot install this release: give the https URL of the release bundle (.tar.gz).', ['download_url'], true));
  else problems.push(...httpsProblem(download, ['download_url']));
  return problems;
}

function httpsProblem(value: unknown, path: (string | number)[]): EntryProblem[] {
  if (typeof value !== 'string') return [];
  const field = path.join('.');
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.hostname || /\s/.test(value)) {
    return [problem('url-invalid', `${field} ${quote(value)} is not an absolute URL: write the full https:// URL.`, path)];
  }
  if (parsed.protocol !== 'https:') {
    return [problem('url-not-https', `${field} ${quote(value)} does not use https, so servers would download or link it without integrity on the wire: use the https:// URL.`, path)];
  }
  return [];
}

/**
 * `signature` is the base64 of the binary detached signature; its first packet must be a
 * Signature packet (tag 2), in the old or the new packet format.
 */
function signatureProblems(record: RawEntry, path: (string | number)[], required: boolean): EntryProblem[] {
  const value = record[path[path.length - 1] as string];
  const field = path.join('.');
  if (typeof value !== 'string') return [];
  if (value === '') {
    if (!required) return [];
    return [problem('signature-missing', `${field} is empty, so servers that require signed plugins refuse this release: add the base64 of the bundle's .sig file.`, path)];
  }
  if (!isBase64(value)) return [problem('signature-invalid', `${field} is not valid base64: it must be the base64 encoding of the binary OpenPGP signature (.sig) of the bundle.`, path)];
  const head = Buffer.from(value.slice(0, 8), 'base64');
  if (!isSignaturePacket(head)) {
    return [problem('signature-invalid', `${field} decodes to something that is not an OpenPGP signature packet: encode the binary detached signature (.sig), not the armored text or the bundle.`, path)];
  }
  return [];
}

export function isSignaturePacket(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === 2;
}

function iconProblems(entry: RawEntry): EntryProblem[] {
  const icon = entry.icon_data;
  if (typeof icon !== 'string' || icon === '') return [];
  const path = ['icon_data'];
  if (!icon.startsWith(ICON_PREFIX)) {
    return [problem('icon-invalid', `icon_data must start with "${ICON_PREFIX}" followed by the base64 of an SVG file, but starts with ${quote(icon.slice(0, 40))}: embed the plugin's SVG icon.`, path)];
  }
  const payload = icon.slice(ICON_PREFIX.length);
  if (!isBase64(payload)) return [problem('icon-invalid', 'icon_data is not valid base64 after its data: prefix: re-encode the SVG file with base64.', path)];
  if (!hasSvgElement(payload)) return [problem('icon-invalid', 'icon_data decodes to something that is not an SVG document (no <svg> element): embed the plugin\'s SVG icon.', path)];
  return [];
}

function hasSvgElement(payload: string): boolean {
  if (Buffer.from(payload.slice(0, ICON_PEEK_CHARS), 'base64').indexOf('<svg') !== -1) return true;
  return payload.length > ICON_PEEK_CHARS && Buffer.from(payload, 'base64').indexOf('<svg') !== -1;
}

const BASE64_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHARS[c.charCodeAt(0)] = 1;

/** Standard base64 with padding: a loop, because a regular expression over 10,000 icons and signatures is slower. */
export function isBase64(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  let end = value.length;
  if (value.charCodeAt(end - 1) === 61 /* = */) end--;
  if (value.charCodeAt(end - 1) === 61) end--;
  for (let i = 0; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code >= 128 || BASE64_CHARS[code] !== 1) return false;
  }
  return true;
}

function platformProblems(entry: RawEntry): EntryProblem[] {
  const platforms = entry.platforms;
  if (!isRecord(platforms)) return [];
  const problems: EntryProblem[] = [];
  const keys = Object.keys(platforms);
  const unknown = keys.filter((k) => !(PLATFORM_KEYS as readonly string[]).includes(k));
  const missing = PLATFORM_KEYS.filter((k) => !keys.includes(k));
  for (const key of unknown) {
    problems.push({ ...problem('platforms-invalid', `platforms has the key "${key}"; it has exactly ${PLATFORM_KEYS.map((k) => `"${k}"`).join(', ')}: remove "${key}".`, ['platforms', key]), which: 'key' });
  }
  if (missing.length) {
    problems.push(problem('platforms-invalid', `platforms lacks ${missing.map((k) => `"${k}"`).join(', ')}; the generator always writes all three (as {} when there is no bundle): add ${missing.length === 1 ? 'it' : 'them'}.`, ['platforms']));
  }
  for (const key of PLATFORM_KEYS) {
    const bundle = platforms[key];
    if (bundle === undefined) continue;
    problems.push(...platformBundleProblems(bundle, key));
  }
  return problems;
}

function platformBundleProblems(bundle: unknown, key: string): EntryProblem[] {
  const path = ['platforms', key];
  if (!isRecord(bundle)) return [problem('platforms-invalid', `platforms.${key} must be an object ({} or { "download_url", "signature" }), but is ${describeType(bundle)}.`, path, true)];
  const fields = Object.keys(bundle);
  if (fields.length === 0) return [];
  const extra = fields.filter((f) => f !== 'download_url' && f !== 'signature');
  const url = stringField(bundle, 'download_url') ?? '';
  const signature = stringField(bundle, 'signature') ?? '';
  const problems: EntryProblem[] = [];
  if (extra.length) problems.push(problem('platforms-invalid', `platforms.${key} has ${extra.map((f) => `"${f}"`).join(', ')}; a platform bundle has only "download_url" and "signature": remove the rest.`, path));
  if (url === '' || signature === '') {
    const absent = url === '' ? 'download_url' : 'signature';
    problems.push(problem('platforms-incomplete', `platforms.${key} has no ${absent}; the server swaps in a platform bundle only when both download_url and signature are set: give both, or write {}.`, path));
    return problems;
  }
  problems.push(...httpsProblem(url, [...path, 'download_url']), ...signatureProblems(bundle, [...path, 'signature'], true));
  return problems;
}

function updatedAtProblems(entry: RawEntry, now: Date): EntryProblem[] {
  const value = entry.updated_at;
  if (typeof value !== 'string') return [];
  const path = ['updated_at'];
  const match = UPDATED_AT.exec(value);
  const time = Date.parse(value);
  if (!match || Number.isNaN(time) || !sameDate(match, new Date(time))) {
    return [problem('updated-at-invalid', `updated_at ${quote(value)} is not a UTC RFC 3339 time as the generator writes it (2024-10-11T16:52:57.080352964Z, trailing zeros of the fraction trimmed): write it in that form.`, path)];
  }
  if (time > now.getTime() + FUTURE_SLACK_MS) {
    return [problem('updated-at-future', `updated_at ${quote(value)} is in the future (now is ${now.toISOString()}): use the time the entry was generated.`, path)];
  }
  return [];
}

/** Date.parse rolls 2024-02-30 over to March; the fields must survive the round trip. */
function sameDate(match: RegExpExecArray, date: Date): boolean {
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() + 1 === Number(match[2]) && date.getUTCDate() === Number(match[3]) && date.getUTCHours() === Number(match[4]);
}

function releaseNotesProblems(entry: RawEntry): EntryProblem[] {
  const url = entry.release_notes_url;
  if (typeof url !== 'string') return [];
  const manifest = isRecord(entry.manifest) ? entry.manifest : {};
  const version = stringField(manifest, 'version');
  const homepage = stringField(entry, 'homepage_url') || stringField(manifest, 'homepage_url');
  const support = stringField(manifest, 'support_url');
  const found = checkReleaseNotesUrl(url, { ...(version ? { version } : {}), ...(homepage ? { homepageUrl: homepage } : {}), ...(support ? { supportUrl: support } : {}) });
  return found.map((p) => ({ rule: `${RULE}/release-notes-${p.rule}`, severity: p.severity, message: p.message, path: ['release_notes_url'] }));
}
