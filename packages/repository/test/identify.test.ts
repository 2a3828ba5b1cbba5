import { beforeAll, describe, expect, it } from '@jest/globals';
import { identifyLicense, loadSpdxIndex, MATCH_THRESHOLD } from '../src/license/identify';
import { licenseWords } from '../src/license/normalize';
import { identifyPopularText, POPULAR_LICENSE_IDS } from '../src/license/popular';
import type { SpdxIndex } from '../src/license/spdx-index';
import { classifyTerms } from '../src/license/terms';
import { spdxText, wrap } from './helpers';

let index: SpdxIndex;
beforeAll(async () => {
  index = await loadSpdxIndex();
});

/** The license texts a plugin repository most often carries, as the SPDX package has them. */
const COMMON: [string, string][] = [
  ['MIT', 'MIT'],
  ['BSD-2-Clause', 'BSD-2-Clause'],
  ['BSD-3-Clause', 'BSD-3-Clause'],
  ['Apache-2.0', 'Apache-2.0'],
  ['GPL-2.0-only', 'GPL-2.0-only'],
  ['GPL-3.0-only', 'GPL-3.0-only'],
  ['LGPL-2.1-only', 'LGPL-2.1-only'],
  ['LGPL-3.0-only', 'LGPL-3.0-only'],
  ['MPL-2.0', 'MPL-2.0'],
  ['AGPL-3.0-only', 'AGPL-3.0-only'],
  ['ISC', 'ISC'],
  ['Unlicense', 'Unlicense'],
];

describe('identifyLicense on full texts', () => {
  it.each(COMMON)('identifies the SPDX text of %s', (source, expected) => {
    const result = identifyLicense(spdxText(source), index);
    expect(result.match?.spdxId).toBe(expected);
    expect(result.match?.score).toBe(100);
    expect(result.match?.osiApproved).toBe(true);
  });

  it.each(COMMON)(
    'identifies %s wrapped at 78 columns with a filled-in copyright line and a Markdown title',
    (source, expected) => {
      const text = `# License\n\nCopyright (c) 2024 Jane Doe <jane@example.com>\n\n${wrap(spdxText(source).replace(/^Copyright.*$/m, ''))}\n`;
      const result = identifyLicense(text, index);
      expect(result.match?.spdxId).toBe(expected);
      expect(result.match?.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    },
  );

  it('names the other ids that share a text (GPL-3.0-only and -or-later)', () => {
    const result = identifyLicense(spdxText('GPL-3.0-or-later'), index);
    expect(result.match?.spdxId).toBe('GPL-3.0-only');
    expect(result.match?.alsoIds).toContain('GPL-3.0-or-later');
  });

  it('identifies BSD-3-Clause that names its owner in clause 3', () => {
    const text = spdxText('BSD-3-Clause').replace(
      'Neither the name of the copyright holder nor',
      'Neither the name of Acme Widgets, Inc. nor',
    );
    expect(identifyLicense(text, index).match?.spdxId).toBe('BSD-3-Clause');
  });

  it('identifies Apache-2.0 whose appendix is filled in', () => {
    const text = spdxText('Apache-2.0').replace(
      'Copyright [yyyy] [name of copyright owner]',
      'Copyright 2025 Example Corp.',
    );
    expect(identifyLicense(text, index).match?.spdxId).toBe('Apache-2.0');
  });

  it('tells MIT from its modified twin, the JSON license ("Good, not Evil")', () => {
    const text = spdxText('MIT').replace(
      'portions of the Software.',
      'portions of the Software.\n\nThe Software shall be used for Good, not Evil.',
    );
    const result = identifyLicense(text, index);
    expect(result.match?.spdxId).toBe('JSON');
    expect(result.match?.osiApproved).toBe(false);
  });

  it('does not accept a truncated Apache-2.0 and says how close it was', () => {
    const full = spdxText('Apache-2.0');
    const result = identifyLicense(full.slice(0, Math.floor(full.length * 0.6)), index);
    expect(result.match).toBeUndefined();
    expect(result.nearest?.spdxId).toBe('Apache-2.0');
    expect(result.nearest?.score).toBeLessThan(MATCH_THRESHOLD);
    expect(result.nearest?.score).toBeGreaterThan(30);
  });

  it('does not accept MIT with a restriction added', () => {
    const text = spdxText('MIT').replace(
      /subject to the\s+following conditions:/,
      'subject to the following conditions: the Software may not be used for commercial purposes and',
    );
    expect(text).toContain('commercial purposes');
    const result = identifyLicense(text, index);
    expect(result.match).toBeUndefined();
    // MIT, or JSON: MIT plus one added sentence, which the restricted text resembles as much.
    expect(['MIT', 'JSON']).toContain(result.nearest?.spdxId);
  });

  it('finds nothing close in a proprietary text and classifies it by its wording', () => {
    const text =
      'Copyright (c) 2024 Example Corp. All rights reserved.\n\nThis software is proprietary and confidential. Unauthorized copying of this file, via any medium, is strictly prohibited.\n';
    const identification = identifyLicense(text, index);
    expect(identification.match).toBeUndefined();
    const terms = classifyTerms(text, identification);
    expect(terms.kind).toBe('proprietary');
    expect(terms.marker).toMatchObject({ line: 1, column: 34, phrase: 'All rights reserved' });
  });

  it('splits a file that concatenates a preamble, Apache-2.0 and AGPL-3.0', () => {
    const text = [
      'Example Licensing',
      '',
      'You may use the source code under the AGPL v3.0, and the files in webapp/i18n/ under the Apache License v2.0.',
      '',
      '-'.repeat(60),
      '',
      wrap(spdxText('Apache-2.0')),
      '',
      '-'.repeat(60),
      '',
      wrap(spdxText('AGPL-3.0-only')),
    ].join('\n');
    const result = identifyLicense(text, index);
    expect(result.match).toBeUndefined();
    const matched = result.sections?.filter((s) => s.match).map((s) => s.match?.spdxId);
    expect(matched).toEqual(['Apache-2.0', 'AGPL-3.0-only']);
    expect(result.sections?.[0]).toMatchObject({ startLine: 1, endLine: 4 });
    expect(classifyTerms(text, result).kind).toBe('osi');
  });

  it('returns no match for empty or wordless text', () => {
    expect(identifyLicense('', index)).toEqual({});
    expect(identifyLicense('---\n***\n', index)).toEqual({});
  });

  it('stays linear on hostile input (a megabyte without line breaks, many blank lines, long tokens)', () => {
    const inputs = [
      'a'.repeat(1_000_000),
      '\n'.repeat(1_000_000),
      'x@'.repeat(200_000),
      'Copyright '.repeat(100_000),
      '(c) '.repeat(200_000),
      '\nGNU GENERAL PUBLIC LICENSE\n'.repeat(30_000),
      `${'-'.repeat(20)}\n`.repeat(40_000),
    ];
    for (const input of inputs) expect(() => identifyLicense(input, index)).not.toThrow();
  });
});

describe('identifyPopularText (the fast path that needs no index)', () => {
  it.each([...POPULAR_LICENSE_IDS])('identifies the text of %s as the full comparison does', (id) => {
    const fast = identifyPopularText(spdxText(id));
    expect(fast).toEqual(identifyLicense(spdxText(id), index));
    expect(fast?.match?.score).toBe(100);
    // A re-wrapped copy may normalise a word differently: then the fast path stays out of it.
    const rewrapped = `Copyright (c) 2026 Someone\n\n${wrap(spdxText(id), 64)}`;
    const fastRewrapped = identifyPopularText(rewrapped);
    if (fastRewrapped) expect(fastRewrapped).toEqual(identifyLicense(rewrapped, index));
  });

  it('leaves modified and unknown texts to the full comparison', () => {
    expect(identifyPopularText(spdxText('MIT').replace('free of charge', 'for a fee'))).toBeUndefined();
    expect(identifyPopularText(spdxText('JSON'))).toBeUndefined();
  });
});

describe('licenseWords', () => {
  it('drops copyright notices but keeps body lines that start with the word', () => {
    const words = licenseWords(
      'Copyright 2020 Foo\n(c) 2021 Bar\n\ncopyright license to reproduce\nCOPYRIGHT HOLDERS AND CONTRIBUTORS\n(c) You must retain',
    );
    expect(words).toEqual([
      'copyright',
      'license',
      'to',
      'reproduce',
      'copyright',
      'holders',
      'and',
      'contributors',
      'you',
      'must',
      'retain',
    ]);
  });

  it('drops titles, versions, URLs, e-mail addresses, list markers and the text after END OF TERMS', () => {
    const words = licenseWords(
      'The MIT License (MIT)\nVersion 1.0\n\n1. Use it, see https://example.com/x or mail a@b.io.\n\nEND OF TERMS AND CONDITIONS\nAppendix text',
    );
    expect(words).toEqual(['use', 'it', 'see', 'or', 'mail']);
  });

  it('normalises British spelling and hyphenated sub-license', () => {
    expect(licenseWords('Use this licence to sub-license, whilst.')).toEqual([
      'use',
      'this',
      'license',
      'to',
      'sublicense',
      'while',
    ]);
  });
});
