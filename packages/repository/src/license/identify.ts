import { normalizeLicenseText, type NormalizedLicense } from './normalize';
import type { Identification, LicenseMatch, LicenseSection } from './types';
import { identifyPopularText } from './popular';
import { inflateSpdxIndex, parseSpdxIndex, type SpdxIndex, type SpdxLicense } from './spdx-index';

export type { Identification, LicenseMatch, LicenseSection } from './types';

/** licensee's default confidence: a text must share about 98% of its words with the reference. */
export const MATCH_THRESHOLD = 98;
/** Sections shorter than this many words are too small to identify on their own. */
const MIN_SECTION_WORDS = 40;
/** More parts than this is not a few licenses side by side; the file is judged whole. */
const MAX_SECTIONS = 12;
/** Score points within which a nearest license counts as tied. */
const NEAR_TIE = 1;

let indexPromise: Promise<SpdxIndex> | undefined;

/** The SPDX index, decoded once per process and only when a license is first identified. */
export function loadSpdxIndex(): Promise<SpdxIndex> {
  indexPromise ??= import('./spdx-index.generated').then(async (module) =>
    parseSpdxIndex(await inflateSpdxIndex(module.SPDX_INDEX_DEFLATED)),
  );
  return indexPromise;
}

/** Identifies a text, loading the SPDX index only when it is not an unmodified popular license. */
export async function identifyLicenseText(text: string): Promise<Identification> {
  return identifyPopularText(text) ?? identifyLicense(text, await loadSpdxIndex());
}

export function identifyLicense(text: string, index: SpdxIndex): Identification {
  const whole = bestMatches(normalizeLicenseText(text), index);
  if (whole.match) return { match: whole.match };
  const parts = splitSections(text);
  if (parts.length > 1 && parts.length <= MAX_SECTIONS) {
    const sections = parts.map((section) => identifySection(section, index));
    if (sections.some((section) => section.match)) return { sections };
  }
  return whole.nearest ? { nearest: whole.nearest } : {};
}

function identifySection(
  section: { startLine: number; endLine: number; text: string },
  index: SpdxIndex,
): LicenseSection {
  const result: LicenseSection = { startLine: section.startLine, endLine: section.endLine };
  const normalized = normalizeLicenseText(section.text);
  if (normalized.words.size < MIN_SECTION_WORDS) return result;
  const { match, nearest } = bestMatches(normalized, index);
  if (match) result.match = match;
  else if (nearest) result.nearest = nearest;
  return result;
}

function bestMatches(text: NormalizedLicense, index: SpdxIndex): { match?: LicenseMatch; nearest?: LicenseMatch } {
  if (text.words.size === 0) return {};
  const present = new Uint8Array(index.vocabulary.length);
  index.vocabulary.forEach((word, id) => {
    if (text.words.has(word)) present[id] = 1;
  });
  // Most licenses cannot come close on size alone: score them in order of their best
  // possible score and stop once that bound falls below what is already found.
  const candidates = index.licenses
    .map((license) => ({ license, bound: upperBound(text, license) }))
    .sort((a, b) => b.bound - a.bound);
  const scored: { license: SpdxLicense; score: number }[] = [];
  let best = -1;
  for (const { license, bound } of candidates) {
    if (bound < best - NEAR_TIE) break;
    const score = similarity(text, present, license);
    scored.push({ license, score });
    best = Math.max(best, score);
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0];
  if (!top) return {};
  if (top.score >= MATCH_THRESHOLD) return { match: toMatch(top.license, top.score) };
  // Below the threshold the nearest is only a hint: among near ties, name the OSI-approved one
  // (a truncated Apache-2.0 is as close to the Pixar variant, but Apache-2.0 is what it was).
  const hint = scored.find((s) => s.score >= top.score - NEAR_TIE && s.license.osiApproved) ?? top;
  return { nearest: toMatch(hint.license, hint.score) };
}

/**
 * Sørensen–Dice on the two word sets, with licensee's penalty of a quarter of the
 * length difference so a truncated long license cannot pass on its vocabulary alone.
 */
function similarity(text: NormalizedLicense, present: Uint8Array, license: SpdxLicense): number {
  let overlap = 0;
  for (const id of license.words()) overlap += present[id] ?? 0;
  return (overlap * 200) / denominator(text, license);
}

/** The similarity if every word of the smaller set were in the other. */
function upperBound(text: NormalizedLicense, license: SpdxLicense): number {
  return (Math.min(text.words.size, license.wordCount) * 200) / denominator(text, license);
}

function denominator(text: NormalizedLicense, license: SpdxLicense): number {
  return text.words.size + license.wordCount + Math.abs(text.length - license.length) / 4;
}

function toMatch(license: SpdxLicense, score: number): LicenseMatch {
  const [spdxId = '', ...alsoIds] = license.ids;
  return { spdxId, alsoIds, name: license.name, osiApproved: license.osiApproved, score: Math.floor(score * 10) / 10 };
}

const SEPARATOR = /^\s*[-=*_~#]{10,}\s*$/;

/**
 * Cuts a file that concatenates licenses (a preamble, then Apache-2.0, then AGPL-3.0) at
 * separator lines and at license title lines ("GNU AFFERO GENERAL PUBLIC LICENSE",
 * "Apache License" followed by "Version 2.0 …").
 */
export function splitSections(text: string): { startLine: number; endLine: number; text: string }[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sections: { startLine: number; endLine: number; text: string }[] = [];
  let start = 0;
  const close = (end: number): void => {
    const body = lines.slice(start, end).join('\n');
    if (body.trim() !== '') sections.push({ startLine: start + 1, endLine: end, text: body });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (SEPARATOR.test(line)) {
      close(i);
      start = i + 1;
    } else if (i > start && isSectionTitle(lines, i)) {
      close(i);
      start = i;
    }
  }
  close(lines.length);
  return sections;
}

function isSectionTitle(lines: readonly string[], i: number): boolean {
  const line = (lines[i] ?? '').trim();
  if (line.length === 0 || line.length > 80 || !/licen[sc]e/i.test(line) || /[.;:,]$/.test(line)) return false;
  if (line.split(/\s+/).length > 10) return false;
  if ((lines[i - 1] ?? '').trim() !== '') return false;
  if (line === line.toUpperCase()) return true;
  let next = i + 1;
  while (next < lines.length && next <= i + 3 && (lines[next] ?? '').trim() === '') next++;
  return /^\s*version\b/i.test(lines[next] ?? '');
}
