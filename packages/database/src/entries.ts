import { checkReleaseNotesUrl } from '@mm-review/changelog';
import { isStrictSemver, semverProblem } from '@mm-review/plugin';
import { appendAll, goFieldFor, none } from '@mm-review/core';
import {
  AUTHOR_TYPES,
  ENTRY_KEYS,
  HOSTING_VALUES,
  ICON_PREFIX,
  PLATFORM_KEYS,
  RELEASE_STAGES,
  entryView,
  isRecord,
  stringField,
  type EntryKey,
  type EntryView,
  type RawEntry,
} from './model';
import { describeType, quote, type EntryProblem } from './problem';

const RULE = 'database-entries';
/** Clocks differ; an entry written a few minutes "ahead" by the generator's machine is not an error. */
const FUTURE_SLACK_MS = 10 * 60 * 1000;
/** What Go's time.Time UnmarshalJSON accepts (RFC 3339: time.Parse with time.RFC3339, strict since Go 1.20). */
const GO_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
/** How the generator writes it: UTC, the fraction's trailing zeros trimmed (time.Time MarshalJSON, RFC3339Nano). */
const UPDATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/;

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

/**
 * Every entry of the Marketplace's 2023-09 snapshot carries all 13 written fields, so a
 * field missing from an entry written before then may predate the field: at most a warning.
 */
export const ALL_FIELDS_SINCE = '2023-09-08';
/** No entry written since 2020 lacks a signature; the 2019 entries were published unsigned. */
export const SIGNATURES_SINCE = '2020-01-01';

/** Every rule on one entry that needs no other entry (duplicates are found across entries). */
export function entryProblems(entry: unknown, options: EntryRuleOptions): EntryProblem[] {
  if (!isRecord(entry)) {
    if (entry === null) {
      return [
        problem(
          'manifest-missing',
          'This plugins.json entry is null; the Marketplace decodes it as an entry without a manifest, and its store dereferences the missing manifest when it loads the file, so the Marketplace does not start: remove it or write a full entry.',
          [],
          true,
        ),
      ];
    }
    return [
      problem(
        'not-object',
        `Each plugins.json entry must be an object, but this one is ${describeType(entry)}; the Marketplace cannot decode the file (encoding/json refuses it), so it does not start: remove it or write a full entry.`,
        [],
        true,
      ),
    ];
  }
  const view = entryView(entry);
  const fields = view.fields;
  const problems: EntryProblem[] = [];
  append(problems, keyProblems(view));
  append(problems, enumProblems(fields));
  append(problems, versionProblems(fields));
  append(problems, urlProblems(fields));
  append(problems, signatureProblems(fields, SIGNATURE_PATH, true, isBefore(fields, SIGNATURES_SINCE)));
  append(problems, iconProblems(fields));
  append(problems, platformProblems(fields));
  append(problems, updatedAtProblems(fields, options.now));
  append(problems, releaseNotesProblems(fields));
  return problems;
}

const NONE = none<EntryProblem>();
const append = appendAll<EntryProblem>;

const SIGNATURE_PATH = ['signature'];

function problem(
  rule: string,
  message: string,
  path: EntryProblem['path'],
  critical = false,
  severity: EntryProblem['severity'] = 'error',
): EntryProblem {
  return { rule: `${RULE}/${rule}`, severity, message, path, ...(critical ? { critical } : {}) };
}

/** Whether the entry says it was written before `date` (or does not say when it was written). */
function isBefore(fields: Record<string, unknown>, date: string): boolean {
  const written = fields.updated_at;
  return typeof written !== 'string' || written.slice(0, 10) < date;
}

function keyProblems(view: EntryView): EntryProblem[] {
  const fields = view.fields;
  // The usual entry: every field present with its type, no renamed, unknown or label keys.
  if (view.renamed.length === 0 && view.unknown.length === 0 && fields.labels === undefined && hasEveryField(fields))
    return NONE;
  const problems: EntryProblem[] = [];
  for (const { key, field } of view.renamed) {
    problems.push({
      ...problem(
        'key-case',
        `"${key}" sets the field "${field}" only because the Marketplace's Go decoder matches keys ignoring case; the generator writes "${field}" and other readers of plugins.json do not match it: rename the key to "${field}".`,
        [key],
      ),
      which: 'key',
    });
  }
  const old = isBefore(fields, ALL_FIELDS_SINCE);
  for (const key of ENTRY_KEYS) {
    const value = fields[key];
    if (value === undefined || (value === null && key === 'manifest')) {
      if (key === 'manifest') {
        problems.push(
          problem(
            'manifest-missing',
            `The entry has ${value === null ? '"manifest": null' : 'no "manifest"'}; the Marketplace's store reads every entry's manifest when it loads plugins.json and dereferences the missing one, so the Marketplace does not start: add the plugin's manifest.`,
            value === null ? ['manifest'] : [],
            true,
          ),
        );
        continue;
      }
      const era = old
        ? ' (this entry predates September 2023, when every entry already had it, so it may predate the field: a warning)'
        : '';
      problems.push(
        problem(
          'key-missing',
          `The entry has no "${key}"; the Go model reads it as the zero value, but the Marketplace generator always writes all ${ENTRY_KEYS.length} fields${era}: add "${key}".`,
          [],
          false,
          old ? 'warning' : 'error',
        ),
      );
      continue;
    }
    append(problems, typeProblems(key, value, view));
  }
  if (fields.labels !== undefined) problems.push(...labelProblems(fields.labels, view));
  for (const key of view.unknown) {
    problems.push({
      ...problem(
        'key-unknown',
        `"${key}" is not a field of the Marketplace's plugin model, so the Marketplace ignores it: remove it (or fix its spelling).`,
        [key],
        false,
        'warning',
      ),
      which: 'key',
    });
  }
  return problems;
}

function hasEveryField(fields: Record<string, unknown>): boolean {
  for (const key of ENTRY_KEYS) {
    const value = fields[key];
    if (!hasFieldType(key, value)) return false;
  }
  return true;
}

/** Whether a field's value has the type the Go model decodes (never null or absent). */
function hasFieldType(key: EntryKey, value: unknown): boolean {
  return value !== undefined && value !== null && (Array.isArray(value) ? 'array' : typeof value) === FIELD_TYPES[key];
}

/** The key under which the entry spells a field (differs from the field only when renamed). */
function keyOf(view: EntryView, field: string): string {
  return view.renamed.find((r) => r.field === field)?.key ?? field;
}

function typeProblems(key: EntryKey, value: unknown, view: EntryView): EntryProblem[] {
  if (hasFieldType(key, value)) return NONE;
  const path = [keyOf(view, key)];
  if (value === null) {
    return [
      problem(
        'null-value',
        `"${key}" is null; the Go model reads it as the zero value (${zeroOf(key)}), but the generator never writes null: write ${zeroOf(key)} or the real value.`,
        path,
      ),
    ];
  }
  const expected = FIELD_TYPES[key];
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (actual !== expected) {
    return [
      problem(
        'type',
        `"${key}" must be ${expected === 'object' ? 'an object' : `a ${expected}`}, but is ${describeType(value)}; the Marketplace's Go decoder then fails on the whole file, so the Marketplace does not start: fix its value.`,
        path,
        true,
      ),
    ];
  }
  return NONE;
}

function zeroOf(key: EntryKey): string {
  const type = FIELD_TYPES[key];
  if (key === 'platforms') return '{}';
  return type === 'boolean' ? 'false' : '""';
}

const LABEL_FIELDS = ['name', 'description', 'url', 'color'];

/** `labels` is `[]model.MarketplaceLabel` (name, description, url, color: strings). */
function labelProblems(labels: unknown, view: EntryView): EntryProblem[] {
  const path = [keyOf(view, 'labels')];
  if (labels === null) return NONE;
  const wrong = (what: string, at: (string | number)[]) => [
    problem(
      'type',
      `${what}; the Marketplace's Go decoder then fails on the whole file, so the Marketplace does not start: write labels as an array of { "name", "description", "url", "color" } strings.`,
      at,
      true,
    ),
  ];
  if (!Array.isArray(labels)) return wrong(`"labels" must be an array, but is ${describeType(labels)}`, path);
  for (let i = 0; i < labels.length; i++) {
    const label: unknown = labels[i];
    if (label === null) continue;
    if (!isRecord(label)) return wrong(`labels[${i}] must be an object, but is ${describeType(label)}`, [...path, i]);
    for (const key of Object.keys(label)) {
      const value = label[key];
      if (goFieldFor(key, LABEL_FIELDS) !== undefined && value !== null && typeof value !== 'string')
        return wrong(`labels[${i}].${key} must be a string, but is ${describeType(value)}`, [...path, i, key]);
    }
  }
  return NONE;
}

const ENUM_RULES: readonly [string, readonly string[], string][] = [
  ['hosting', HOSTING_VALUES, 'the server matches it against cloud and on-prem installations'],
  ['author_type', AUTHOR_TYPES, 'the Marketplace labels plugins by it'],
  ['release_stage', RELEASE_STAGES, 'the Marketplace labels Beta and Experimental plugins by it'],
];

function enumProblems(entry: RawEntry): EntryProblem[] {
  let problems = NONE;
  for (const [key, allowed, why] of ENUM_RULES) {
    const value = entry[key];
    if (typeof value !== 'string' || allowed.includes(value)) continue;
    if (problems === NONE) problems = [];
    const list = allowed.map((v) => JSON.stringify(v)).join(', ');
    problems.push(
      problem(
        `${key.replace(/_/g, '-')}-invalid`,
        `"${key}" is ${quote(value)}, not one of ${list} (${why}): use one of those values.`,
        [key],
      ),
    );
  }
  return problems;
}

function versionProblems(entry: RawEntry): EntryProblem[] {
  const manifest = entry.manifest;
  if (!isRecord(manifest)) return NONE;
  const problems: EntryProblem[] = [];
  const version = manifest.version;
  if (typeof version !== 'string' || version === '') {
    problems.push(
      problem(
        'version-missing',
        'The manifest has no "version"; the Marketplace cannot order this release and the server cannot compare it: set the release version, such as "1.2.0".',
        ['manifest', 'version'],
        true,
      ),
    );
  } else if (!isStrictSemver(version)) {
    problems.push(
      problem(
        'version-invalid',
        `manifest.version ${quote(version)} is not strict semver, and a non-semver version makes the Marketplace server panic when it compares versions; ${semverProblem(version)}.`,
        ['manifest', 'version'],
        true,
      ),
    );
  }
  const minimum = manifest.min_server_version;
  if (typeof minimum === 'string' && minimum !== '' && !isStrictSemver(minimum)) {
    problems.push(
      problem(
        'min-server-version-invalid',
        `manifest.min_server_version ${quote(minimum)} is not strict semver: the Marketplace API then answers HTTP 500 to every server that sends its version, a whole-Marketplace outage; ${semverProblem(minimum)}.`,
        ['manifest', 'min_server_version'],
        true,
      ),
    );
  }
  return problems;
}

const HOMEPAGE_PATH = ['homepage_url'];
const DOWNLOAD_PATH = ['download_url'];

function urlProblems(entry: RawEntry): EntryProblem[] {
  const homepage = entry.homepage_url;
  const download = entry.download_url;
  // The usual entry: two plain https links.
  if (
    typeof homepage === 'string' &&
    PLAIN_HTTPS.test(homepage) &&
    typeof download === 'string' &&
    PLAIN_HTTPS.test(download)
  )
    return NONE;
  const problems: EntryProblem[] = [];
  if (homepage === '') {
    problems.push(
      problem(
        'homepage-url-empty',
        'homepage_url is empty (the generator copies it from the manifest with no fallback), so the Marketplace links nowhere: set homepage_url in plugin.json to the repository URL and regenerate the entry.',
        ['homepage_url'],
      ),
    );
  } else append(problems, httpsProblem(homepage, HOMEPAGE_PATH));
  if (download === '')
    problems.push(
      problem(
        'download-url-empty',
        'download_url is empty, so servers cannot install this release: give the https URL of the release bundle (.tar.gz).',
        ['download_url'],
        true,
      ),
    );
  else append(problems, httpsProblem(download, DOWNLOAD_PATH));
  return problems;
}

/** An https URL with a plain host name and a path, which the URL parser would accept as it is: the usual case, checked without parsing. */
const PLAIN_HTTPS = /^https:\/\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+\/[\x21-\x7e]*$/;

function httpsProblem(value: unknown, path: (string | number)[]): EntryProblem[] {
  if (typeof value !== 'string') return NONE;
  if (PLAIN_HTTPS.test(value)) return NONE;
  const field = path.join('.');
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.hostname || /\s/.test(value)) {
    return [
      problem('url-invalid', `${field} ${quote(value)} is not an absolute URL: write the full https:// URL.`, path),
    ];
  }
  if (parsed.protocol !== 'https:') {
    return [
      problem(
        'url-not-https',
        `${field} ${quote(value)} does not use https, so servers would download or link it without integrity on the wire: use the https:// URL.`,
        path,
      ),
    ];
  }
  return NONE;
}

/**
 * `signature` is the base64 of the binary detached signature; its first packet must be a
 * Signature packet (tag 2), in the old or the new packet format.
 */
function signatureProblems(
  record: RawEntry,
  path: (string | number)[],
  required: boolean,
  unsignedEra = false,
): EntryProblem[] {
  const value = record[path[path.length - 1] as string];
  if (typeof value !== 'string' || isValidSignature(value)) return NONE;
  const field = path.join('.');
  if (value === '') {
    if (!required) return NONE;
    if (unsignedEra) {
      return [
        problem(
          'signature-missing',
          `${field} is empty: this entry was written before 2020, when the Marketplace published bundles unsigned, so it is a warning; servers that require signed plugins refuse this release (add the base64 of the bundle's .sig file if one exists).`,
          path,
          false,
          'warning',
        ),
      ];
    }
    return [
      problem(
        'signature-missing',
        `${field} is empty, so servers that require signed plugins refuse this release: add the base64 of the bundle's .sig file.`,
        path,
      ),
    ];
  }
  if (decodeBase64(value) === undefined)
    return [
      problem(
        'signature-invalid',
        `${field} is not valid base64: it must be the base64 encoding of the binary OpenPGP signature (.sig) of the bundle.`,
        path,
      ),
    ];
  return [
    problem(
      'signature-invalid',
      `${field} decodes to something that is not an OpenPGP signature packet: encode the binary detached signature (.sig), not the armored text or the bundle.`,
      path,
    ),
  ];
}

/** Base64 of data whose first packet is a Signature packet. */
function isValidSignature(value: string): boolean {
  const decoded = value === '' ? undefined : decodeBase64(value);
  return decoded !== undefined && isSignatureTag(decoded.charCodeAt(0));
}

/** Whether a packet's first byte (its tag) names a Signature packet. */
function isSignatureTag(first: number | undefined): boolean {
  if (first === undefined || Number.isNaN(first) || (first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === 2;
}

function iconProblems(entry: RawEntry): EntryProblem[] {
  const icon = entry.icon_data;
  if (typeof icon !== 'string' || icon === '') return NONE;
  const path = ['icon_data'];
  if (!icon.startsWith(ICON_PREFIX)) {
    return [
      problem(
        'icon-invalid',
        `icon_data must start with "${ICON_PREFIX}" followed by the base64 of an SVG file, but starts with ${quote(icon.slice(0, 40))}: embed the plugin's SVG icon.`,
        path,
      ),
    ];
  }
  const decoded = decodeBase64(icon.slice(ICON_PREFIX.length));
  if (decoded === undefined)
    return [
      problem(
        'icon-invalid',
        'icon_data is not valid base64 after its data: prefix: re-encode the SVG file with base64.',
        path,
      ),
    ];
  if (!decoded.includes('<svg'))
    return [
      problem(
        'icon-invalid',
        "icon_data decodes to something that is not an SVG document (no <svg> element): embed the plugin's SVG icon.",
        path,
      ),
    ];
  return NONE;
}

/**
 * Standard base64 with padding, decoded to a binary string, or undefined when it is not.
 * `atob` is native on Node 20 and 24 (several times faster than a loop over 10,000 icons
 * and signatures) but forgiving: it drops ASCII white space, so the decoded length must be
 * exactly what the input's length and padding promise.
 */
export function decodeBase64(value: string): string | undefined {
  if (value.length % 4 !== 0) return undefined;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return undefined;
  }
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return decoded.length === (value.length / 4) * 3 - padding ? decoded : undefined;
}

function platformProblems(entry: RawEntry): EntryProblem[] {
  const platforms = entry.platforms;
  if (!isRecord(platforms)) return NONE;
  const problems: EntryProblem[] = [];
  const keys = Object.keys(platforms);
  // The usual entry has exactly the three platforms, in the generator's order.
  const exact = keys.length === PLATFORM_KEYS.length && PLATFORM_KEYS.every((k, i) => keys[i] === k);
  const unknown = exact ? none<string>() : keys.filter((k) => !(PLATFORM_KEYS as readonly string[]).includes(k));
  const missing = exact ? none<string>() : PLATFORM_KEYS.filter((k) => !keys.includes(k));
  for (const key of unknown) {
    problems.push({
      ...problem(
        'platforms-invalid',
        `platforms has the key "${key}"; it has exactly ${PLATFORM_KEYS.map((k) => `"${k}"`).join(', ')}: remove "${key}".`,
        ['platforms', key],
      ),
      which: 'key',
    });
  }
  if (missing.length) {
    problems.push(
      problem(
        'platforms-invalid',
        `platforms lacks ${missing.map((k) => `"${k}"`).join(', ')}; the generator always writes all three (as {} when there is no bundle): add ${missing.length === 1 ? 'it' : 'them'}.`,
        ['platforms'],
      ),
    );
  }
  for (const key of PLATFORM_KEYS) {
    const bundle = platforms[key];
    if (bundle === undefined) continue;
    append(problems, platformBundleProblems(bundle, key));
  }
  return problems.length ? problems : NONE;
}

const PLATFORM_BUNDLE_FIELDS = ['download_url', 'signature'];

function platformBundleProblems(bundle: unknown, key: string): EntryProblem[] {
  const path = ['platforms', key];
  if (!isRecord(bundle))
    return [
      problem(
        'platforms-invalid',
        `platforms.${key} must be an object ({} or { "download_url", "signature" }), but is ${describeType(bundle)}.`,
        path,
        true,
      ),
    ];
  if (isPlainBundle(bundle)) return NONE;
  const fields = Object.keys(bundle);
  if (fields.length === 0) return NONE;
  for (const field of fields) {
    const value = bundle[field];
    if (value !== null && typeof value !== 'string' && goFieldFor(field, PLATFORM_BUNDLE_FIELDS) !== undefined) {
      return [
        problem(
          'type',
          `platforms.${key}.${field} must be a string, but is ${describeType(value)}; the Marketplace's Go decoder then fails on the whole file, so the Marketplace does not start: fix its value.`,
          [...path, field],
          true,
        ),
      ];
    }
  }
  const extra = fields.filter((f) => f !== 'download_url' && f !== 'signature');
  const url = stringField(bundle, 'download_url') ?? '';
  const signature = stringField(bundle, 'signature') ?? '';
  const problems: EntryProblem[] = [];
  if (extra.length)
    problems.push(
      problem(
        'platforms-invalid',
        `platforms.${key} has ${extra.map((f) => `"${f}"`).join(', ')}; a platform bundle has only "download_url" and "signature": remove the rest.`,
        path,
      ),
    );
  if (url === '' || signature === '') {
    const absent = url === '' ? 'download_url' : 'signature';
    problems.push(
      problem(
        'platforms-incomplete',
        `platforms.${key} has no ${absent}; the server swaps in a platform bundle only when both download_url and signature are set: give both, or write {}.`,
        path,
      ),
    );
    return problems;
  }
  append(problems, httpsProblem(url, [...path, 'download_url']));
  append(problems, signatureProblems(bundle, [...path, 'signature'], true));
  return problems;
}

/** The usual platform bundle: only a plain https download_url and a valid signature (checked without allocating). */
function isPlainBundle(bundle: Record<string, unknown>): boolean {
  const url = bundle.download_url;
  const signature = bundle.signature;
  if (typeof url !== 'string' || typeof signature !== 'string') return false;
  for (const key in bundle) if (key !== 'download_url' && key !== 'signature') return false;
  return PLAIN_HTTPS.test(url) && isValidSignature(signature);
}

function updatedAtProblems(entry: RawEntry, now: Date): EntryProblem[] {
  const value = entry.updated_at;
  if (typeof value !== 'string') return NONE;
  // The generator's own form with every field in range and not in the future: nothing to report.
  if (UPDATED_AT.test(value) && generatorFieldsValid(value) && Date.parse(value) <= now.getTime() + FUTURE_SLACK_MS)
    return NONE;
  const path = ['updated_at'];
  const match = GO_RFC3339.exec(value);
  if (!match || !validFields(match)) {
    return [
      problem(
        'updated-at-invalid',
        `updated_at ${quote(value)} is not an RFC 3339 time, so the Marketplace's Go decoder (time.Time) fails on the whole file and the Marketplace does not start: write it as the generator does, e.g. 2024-10-11T16:52:57.080352964Z.`,
        path,
        true,
      ),
    ];
  }
  const time = Date.parse(value);
  if (!UPDATED_AT.test(value)) {
    return [
      problem(
        'updated-at-format',
        `updated_at ${quote(value)} is a valid time but not in the form the generator writes (UTC with "Z", the fraction's trailing zeros trimmed, e.g. 2024-10-11T16:52:57.080352964Z): write it in that form.`,
        path,
      ),
    ];
  }
  if (time > now.getTime() + FUTURE_SLACK_MS) {
    return [
      problem(
        'updated-at-future',
        `updated_at ${quote(value)} is in the future (now is ${now.toISOString()}): use the time the entry was generated.`,
        path,
      ),
    ];
  }
  return NONE;
}

/** Go's time.Parse checks each field's range (day within its month; hour < 24; offset hour < 24, minute < 60). */
function validFields(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return false;
  if (match[9] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59)) return false;
  return true;
}

/** validFields for a value in the generator's form (UPDATED_AT), read by position without a match array. */
function generatorFieldsValid(value: string): boolean {
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  return digits(value, 11, 2) <= 23 && digits(value, 14, 2) <= 59 && digits(value, 17, 2) <= 59;
}

function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

/** Days in a month of the proleptic Gregorian calendar, as Go's time package counts them. */
function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const GITHUB_REPOSITORY = /^https:\/\/github\.com\/[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;
const PLAIN_VERSION = /^\d+\.\d+\.\d+$/;

/** `https://github.com/<owner>/<repo>/releases/tag/v<version>` for the entry's own repository and a final release version. */
export function isPlainReleasePage(url: string, homepage: string, version: string): boolean {
  return (
    PLAIN_VERSION.test(version) && GITHUB_REPOSITORY.test(homepage) && url === `${homepage}/releases/tag/v${version}`
  );
}

function releaseNotesProblems(entry: RawEntry): EntryProblem[] {
  const url = entry.release_notes_url;
  if (typeof url !== 'string') return NONE;
  const manifest = isRecord(entry.manifest) ? entry.manifest : {};
  const version = stringField(manifest, 'version');
  const homepage = stringField(entry, 'homepage_url') || stringField(manifest, 'homepage_url');
  const support = stringField(manifest, 'support_url');
  // The usual healthy entry links its own GitHub release page: nothing for the URL rules to find (proven on every corpus entry).
  if (version && homepage && isPlainReleasePage(url, homepage, version)) return NONE;
  const found = checkReleaseNotesUrl(url, {
    version: version || undefined,
    homepageUrl: homepage || undefined,
    supportUrl: support || undefined,
  });
  return found.map((p) => ({
    rule: `${RULE}/release-notes-${p.rule}`,
    severity: p.severity,
    message: p.message,
    path: ['release_notes_url'],
  }));
}
