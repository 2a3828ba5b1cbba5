import { normalizeLicenseText } from './normalize';

/**
 * A compact, precomputed form of the SPDX license texts: per license only what the
 * similarity needs (its normalised word set and length). The full texts of the
 * `spdx-license-list` package weigh 5 MB and take longer to load than the whole review
 * may; this index is about 170 KB deflated, is loaded only when a license file is read,
 * and a unit test regenerates it from the installed package so it cannot drift.
 */

export interface SpdxLicense {
  /** SPDX ids whose texts normalise identically (GPL-2.0-only and GPL-2.0-or-later), preferred first. */
  ids: string[];
  name: string;
  osiApproved: boolean;
  /** Normalised length in characters. */
  length: number;
  /** Number of distinct words. */
  wordCount: number;
  /** Indices into the vocabulary, ascending; decoded on first use. */
  words(): Uint32Array;
}

export interface SpdxIndex {
  source: string;
  vocabulary: string[];
  licenses: SpdxLicense[];
}

export interface SpdxSourceLicense {
  name: string;
  osiApproved: boolean;
  licenseText: string;
}

interface SerializedIndex {
  source: string;
  vocabulary: string;
  /** [ids, name, osi (0/1), length, word count, delta-encoded word ids] */
  licenses: [string[], string, number, number, number, string][];
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Builds the serialised index from the package's `full` export. */
export function serializeSpdxIndex(full: Record<string, SpdxSourceLicense>, source: string): string {
  const groups = groupIdenticalTexts(full);
  const frequency = new Map<string, number>();
  for (const group of groups) for (const word of group.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const vocabulary = [...frequency.keys()].sort(
    (a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const wordIds = new Map(vocabulary.map((word, index) => [word, index]));
  const licenses: SerializedIndex['licenses'] = groups.map((group) => [
    group.ids,
    group.name,
    group.osiApproved ? 1 : 0,
    group.length,
    group.words.size,
    encodeAscending([...group.words].map((word) => wordIds.get(word) ?? 0).sort((a, b) => a - b)),
  ]);
  const serialized: SerializedIndex = { source, vocabulary: vocabulary.join(' '), licenses };
  return JSON.stringify(serialized);
}

/** The JSON of a committed index (raw deflate, base64); zlib is imported only here, when needed. */
export async function inflateSpdxIndex(deflatedBase64: string): Promise<string> {
  const { inflateRawSync } = await import('node:zlib');
  return inflateRawSync(Buffer.from(deflatedBase64, 'base64')).toString('utf8');
}

export function parseSpdxIndex(json: string): SpdxIndex {
  const serialized = JSON.parse(json) as SerializedIndex;
  return {
    source: serialized.source,
    vocabulary: serialized.vocabulary.split(' '),
    licenses: serialized.licenses.map(([ids, name, osi, length, wordCount, encoded]) => {
      let words: Uint32Array | undefined;
      return {
        ids,
        name,
        osiApproved: osi === 1,
        length,
        wordCount,
        words: () => (words ??= decodeAscending(encoded)),
      };
    }),
  };
}

interface Group {
  ids: string[];
  name: string;
  osiApproved: boolean;
  length: number;
  words: Set<string>;
}

function groupIdenticalTexts(full: Record<string, SpdxSourceLicense>): Group[] {
  const byKey = new Map<string, Group>();
  for (const id of Object.keys(full).sort()) {
    const license = full[id];
    if (!license?.licenseText) continue;
    const normalized = normalizeLicenseText(license.licenseText);
    if (normalized.words.size === 0) continue;
    const key = `${normalized.length}:${[...normalized.words].sort().join(' ')}`;
    const group = byKey.get(key);
    if (group) {
      group.ids.push(id);
      group.osiApproved ||= license.osiApproved;
    } else {
      byKey.set(key, {
        ids: [id],
        name: license.name,
        osiApproved: license.osiApproved,
        length: normalized.length,
        words: normalized.words,
      });
    }
  }
  for (const group of byKey.values()) {
    group.ids.sort(preferCurrentIds);
    group.name = full[group.ids[0] ?? '']?.name ?? group.name;
  }
  return [...byKey.values()];
}

/**
 * Current ids before deprecated ones: `GPL-2.0-only` before `GPL-2.0` and `GPL-2.0+`
 * (the text is the same; SPDX deprecated the short forms).
 */
function preferCurrentIds(a: string, b: string): number {
  return deprecation(a) - deprecation(b) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function deprecation(id: string): number {
  if (id.endsWith('+')) return 2;
  if (/-(only|or-later)$/.test(id)) return id.endsWith('-only') ? 0 : 1;
  return /GPL|GFDL/.test(id) ? 2 : 0;
}

/** Ascending integers as delta-encoded base-32 varints over a URL-safe alphabet. */
export function encodeAscending(values: readonly number[]): string {
  let out = '';
  let previous = 0;
  for (const value of values) {
    let delta = value - previous;
    previous = value;
    while (delta >= 32) {
      out += ALPHABET[32 + (delta & 31)];
      delta >>>= 5;
    }
    out += ALPHABET[delta];
  }
  return out;
}

export function decodeAscending(encoded: string): Uint32Array {
  const values: number[] = [];
  let previous = 0;
  let delta = 0;
  let shift = 0;
  for (let i = 0; i < encoded.length; i++) {
    const digit = DIGIT[encoded.charCodeAt(i) & 127] ?? -1;
    if (digit < 0) throw new Error(`SPDX index: invalid character at ${i}`);
    if (digit >= 32) {
      delta |= (digit - 32) << shift;
      shift += 5;
      continue;
    }
    delta |= digit << shift;
    previous += delta;
    values.push(previous);
    delta = 0;
    shift = 0;
  }
  return Uint32Array.from(values);
}
