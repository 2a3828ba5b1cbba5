import { LineIndex } from '@mm-review/core';
import type { Identification, LicenseMatch, LicenseSection } from './identify';

/** What a license file grants, as far as its text tells. */
export type TermsKind = 'osi' | 'not-osi' | 'source-available' | 'proprietary' | 'unrecognized';

export interface Marker {
  phrase: string;
  /** The line holding the phrase, trimmed and shortened, to quote in messages. */
  excerpt: string;
  line: number;
  column: number;
}

export interface Terms {
  kind: TermsKind;
  /** One phrase for the report: "Apache-2.0 (100%)", "source-available", "unrecognized (nearest MIT, 91.2%)". */
  label: string;
  /** A key that is equal for files with the same terms. */
  key: string;
  matches: LicenseMatch[];
  nearest?: LicenseMatch;
  /** The phrase that shows the text is not open source. */
  marker?: Marker;
  /** Parts of a combined file that match no license. */
  unmatchedSections: LicenseSection[];
}

const SOURCE_AVAILABLE =
  /source[- ]available|business source license|server side public license|commons clause|polyform|elastic license|fair source|functional source license/i;
const PROPRIETARY =
  /\bproprietary\b|may only be used in production|forbidden to (?:copy|merge|publish|distribute)|not granted any other rights|\bconfidential\b|valid (?:subscription|license key)|may not (?:be )?(?:copied|distributed|redistributed|modified)|all rights reserved/i;
/** With one of these, "all rights reserved" is the usual notice above an open license, not a refusal. */
const GRANT =
  /permission is hereby granted|redistribution and use|licensed under|free software|permission to use, copy/i;

export function classifyTerms(text: string, identification: Identification): Terms {
  if (identification.match) return matchedTerms([identification.match], [], text);
  if (identification.sections) {
    const matches = identification.sections.flatMap((s) => (s.match ? [s.match] : []));
    return matchedTerms(
      matches,
      identification.sections.filter((s) => !s.match),
      text,
    );
  }
  const marker = findMarker(text);
  const nearest = identification.nearest;
  const nearestText = nearest ? `nearest ${nearest.spdxId}, ${nearest.score}%` : 'no SPDX license is close';
  const base = { matches: [], unmatchedSections: [], ...(nearest ? { nearest } : {}) };
  if (marker) {
    const kind: TermsKind = SOURCE_AVAILABLE.test(marker.phrase) ? 'source-available' : 'proprietary';
    return { ...base, kind, marker, label: `${kind} (${nearestText})`, key: `${kind}:${normalizeKey(text)}` };
  }
  return {
    ...base,
    kind: 'unrecognized',
    label: `unrecognized (${nearestText})`,
    key: `unrecognized:${normalizeKey(text)}`,
  };
}

function matchedTerms(matches: LicenseMatch[], unmatchedSections: LicenseSection[], text: string): Terms {
  const ids = [...new Set(matches.map((m) => m.spdxId))];
  const restrictive = unmatchedSections.length > 0 ? findMarker(text, SOURCE_AVAILABLE) : undefined;
  const nonOsi = matches.find((m) => !m.osiApproved);
  const label = matches.map((m) => `${m.spdxId} (${m.score}%)`).join(' + ');
  const terms: Terms = { kind: 'osi', label, key: ids.sort().join('+'), matches, unmatchedSections };
  if (nonOsi) terms.kind = 'not-osi';
  else if (restrictive) {
    terms.kind = 'source-available';
    terms.marker = restrictive;
  }
  return terms;
}

const ANY_MARKER = new RegExp(`${SOURCE_AVAILABLE.source}|${PROPRIETARY.source}`, 'i');

/** The first phrase that shows a text is not open source, with its position. */
export function findMarker(text: string, pattern: RegExp = ANY_MARKER): Marker | undefined {
  const granted = GRANT.test(text);
  for (const found of text.matchAll(new RegExp(pattern.source, 'gi'))) {
    if (granted && /all rights reserved/i.test(found[0])) continue;
    const lines = new LineIndex(text);
    const position = lines.position(found.index ?? 0);
    const line = lines.lineText(position.line).trim();
    return { phrase: found[0], excerpt: line.length > 90 ? `${line.slice(0, 87)}…` : line, ...position };
  }
  return undefined;
}

function normalizeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 2000);
}
