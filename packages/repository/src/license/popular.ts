import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Identification } from './types';
import { licenseWords } from './normalize';
import { POPULAR_LICENSE_HASHES } from './popular.generated';

export type { PopularLicenseHash } from './types';

/**
 * The licenses plugin repositories use most (choosealicense.com's list, roughly). A file
 * whose normalised text is exactly one of these is identified from a hash, without loading
 * the SPDX index: the full comparison would score it 100% against the same license.
 */
export const POPULAR_LICENSE_IDS = [
  'Apache-2.0',
  'MIT',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'AGPL-3.0-only',
  'MPL-2.0',
  'ISC',
  'Unlicense',
  '0BSD',
  'MIT-0',
  'BSL-1.0',
  'EPL-2.0',
  'Zlib',
  'CC0-1.0',
] as const;

/** [hash of the normalised words, SPDX ids sharing the text, name, OSI-approved (0/1)] */

// SHA-256 in plain JavaScript (@noble/hashes): node:crypto would load some fifteen internal
// modules for one hash of a few kilobytes, about 10 ms of every review's cold start.
export function normalizedTextHash(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(licenseWords(text).join(' ')))).slice(0, 32);
}

/** The identification of an unmodified popular license text, or undefined. */
export function identifyPopularText(text: string): Identification | undefined {
  const hash = normalizedTextHash(text);
  const known = POPULAR_LICENSE_HASHES.find(([candidate]) => candidate === hash);
  if (!known) return undefined;
  const [, [spdxId = '', ...alsoIds], name, osi] = known;
  return { match: { spdxId, alsoIds, name, osiApproved: osi === 1, score: 100 } };
}
