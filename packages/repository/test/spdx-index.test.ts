import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import {
  decodeAscending,
  encodeAscending,
  inflateSpdxIndex,
  parseSpdxIndex,
  serializeSpdxIndex,
  type SpdxSourceLicense,
} from '../src/license/spdx-index';
import { SPDX_INDEX_DEFLATED } from '../src/license/spdx-index.generated';
import { normalizedTextHash, POPULAR_LICENSE_IDS } from '../src/license/popular';
import { loadSpdxIndex } from '../src/license/identify';

const require = createRequire(import.meta.url);
const SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/license');
const GENERATED = path.join(SOURCE_DIR, 'spdx-index.generated.ts');
const POPULAR_GENERATED = path.join(SOURCE_DIR, 'popular.generated.ts');

function freshIndex(): { json: string; version: string } {
  const full = require('spdx-license-list/full') as Record<string, SpdxSourceLicense>;
  const { version } = require('spdx-license-list/package.json') as { version: string };
  return { json: serializeSpdxIndex(full, `spdx-license-list@${version}`), version };
}

function generatedModule({ json, version }: { json: string; version: string }): string {
  const deflated = deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64');
  return [
    `// Generated from spdx-license-list@${version} by packages/repository/test/spdx-index.test.ts`,
    '// (UPDATE_SPDX_INDEX=1 npm test -- --selectProjects unit --testPathPatterns spdx-index). Do not edit.',
    '// The normalised word sets of every SPDX license text, as raw-deflated JSON in base64.',
    `export const SPDX_INDEX_DEFLATED = '${deflated}';`,
    '',
  ].join('\n');
}

async function popularModule(version: string): Promise<string> {
  const full = require('spdx-license-list/full') as Record<string, SpdxSourceLicense>;
  const index = await loadSpdxIndex();
  const rows = POPULAR_LICENSE_IDS.map((id) => {
    const group = index.licenses.find((l) => l.ids.includes(id));
    if (!group || !full[id]) throw new Error(`${id} is not in spdx-license-list@${version}`);
    return `  ['${normalizedTextHash(full[id].licenseText)}', ${JSON.stringify(group.ids)}, ${JSON.stringify(group.name)}, ${group.osiApproved ? 1 : 0}],`;
  });
  return [
    `// Generated from spdx-license-list@${version} by packages/repository/test/spdx-index.test.ts; do not edit.`,
    "import type { PopularLicenseHash } from './types';",
    '',
    'export const POPULAR_LICENSE_HASHES: readonly PopularLicenseHash[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}

describe('SPDX index', () => {
  it('has the hashes of the popular license texts the installed package gives', async () => {
    const expected = await popularModule(freshIndex().version);
    if (process.env.UPDATE_SPDX_INDEX === '1') writeFileSync(POPULAR_GENERATED, expected);
    expect(readFileSync(POPULAR_GENERATED, 'utf8')).toBe(expected);
  });

  it('hashes the normalised words with SHA-256, as node:crypto does, for ASCII and non-ASCII text', () => {
    const nodeHash = (words: string) => createHash('sha256').update(words).digest('hex').slice(0, 32);
    expect(normalizedTextHash('Permission is hereby granted, free of charge')).toBe(
      nodeHash('permission is hereby granted free of charge'),
    );
    expect(normalizedTextHash('Lizenz für Café — Ω ünd 日本語')).toBe(nodeHash('lizenz für café ω ünd 日本語'));
    expect(normalizedTextHash('')).toBe(nodeHash(''));
  });

  it('matches the installed spdx-license-list package', async () => {
    const fresh = freshIndex();
    if (process.env.UPDATE_SPDX_INDEX === '1') writeFileSync(GENERATED, generatedModule(fresh));
    // Compared decoded: deflate output may differ between zlib builds, the content may not.
    const committed = /SPDX_INDEX_DEFLATED = '([^']*)'/.exec(readFileSync(GENERATED, 'utf8'))?.[1] ?? '';
    expect((await inflateSpdxIndex(committed)) === fresh.json).toBe(true);
  });

  it('round-trips ascending integers', () => {
    const values = [0, 1, 31, 32, 33, 1000, 1023, 1024, 40_000, 1_000_000];
    expect([...decodeAscending(encodeAscending(values))]).toEqual(values);
  });

  it('groups identical texts under the current id first', async () => {
    const index = parseSpdxIndex(await inflateSpdxIndex(SPDX_INDEX_DEFLATED));
    const gpl2 = index.licenses.find((l) => l.ids.includes('GPL-2.0-only'));
    expect(gpl2?.ids[0]).toBe('GPL-2.0-only');
    expect(gpl2?.ids).toEqual(expect.arrayContaining(['GPL-2.0-or-later']));
    expect(gpl2?.osiApproved).toBe(true);
  });
});
