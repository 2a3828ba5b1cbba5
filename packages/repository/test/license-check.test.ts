import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runChecks, type CheckResult } from '@mm-review/core';
import { licenseCheck } from '../src/index';
import { contextFor, makeTree, removeTrees, spdxText, wrap, type TreeEntry } from './helpers';

afterAll(removeTrees);

const SOURCE_AVAILABLE = `The Example Source Available License
(c) Example, Inc. 2020-present.

This software may only be used in production with a valid subscription. You are
not granted any other rights beyond what is expressly stated herein. Subject to
the foregoing, it is forbidden to copy, merge, publish, distribute, sublicense,
and/or sell the Software.
`;

async function license(files: Record<string, TreeEntry>): Promise<CheckResult> {
  const root = await makeTree(files);
  const [result] = await runChecks([licenseCheck], await contextFor(root, { offline: true }), {
    mode: 'new',
    beta: false,
  });
  if (!result) throw new Error('no result');
  return result;
}

const apache = wrap(spdxText('Apache-2.0'));

describe('license', () => {
  it('passes an OSI-approved license and reports its SPDX id and score', async () => {
    const result = await license({ 'LICENSE.txt': apache });
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
    expect(result.summary).toBe('LICENSE.txt: Apache-2.0 (100%), OSI-approved');
  });

  it.each(['LICENSE', 'license.md', 'LICENCE', 'COPYING', 'UNLICENSE'])(
    'finds the license file named %s',
    async (name) => {
      const result = await license({ [name]: wrap(spdxText(name === 'UNLICENSE' ? 'Unlicense' : 'MIT')) });
      expect(result.status).toBe('pass');
      expect(result.summary).toContain(name);
    },
  );

  it('fails without a license file, and a README that says "MIT" is not one', async () => {
    const result = await license({ 'README.md': '# Demo\n\nSome text.\n\nReleased under the MIT license.\n' });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'license/missing', file: 'README.md', line: 5, column: 20 }),
    ]);
    expect(result.findings[0]?.message).toContain('a mention in the README is not a license');
  });

  it('points at a README "License" heading when no license is named', async () => {
    const result = await license({ 'README.md': '# Demo\n\n## License\n\nSee the website.\n' });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/missing', file: 'README.md', line: 3, column: 4 }),
    ]);
  });

  it('fails a source-available license, quoting the line that says so', async () => {
    const result = await license({ LICENSE: SOURCE_AVAILABLE });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/not-open-source', file: 'LICENSE', line: 1, column: 13 }),
    ]);
    expect(result.findings[0]?.message).toContain('source-available');
    expect(result.findings[0]?.message).toMatch(
      /not an OSI-approved open-source license \(the nearest SPDX text, [\w.-]+, matches only \d/,
    );
  });

  it('fails a proprietary notice', async () => {
    const result = await license({
      'LICENSE.md': '# License\n\nCopyright 2024 Acme. All rights reserved.\n\nThis code is proprietary.\n',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/not-open-source', file: 'LICENSE.md', line: 3, column: 22 }),
    ]);
    expect(result.findings[0]?.message).toContain('a proprietary license');
  });

  it('fails a license that is OSI-like but not OSI-approved (JSON: MIT plus "Good, not Evil")', async () => {
    const result = await license({ LICENSE: spdxText('JSON') });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/not-open-source', file: 'LICENSE', line: 1, column: 1 }),
    ]);
    expect(result.findings[0]?.message).toContain('JSON (JSON License');
  });

  it('fails a truncated license and says how close the nearest was', async () => {
    const result = await license({ LICENSE: apache.slice(0, 6000) });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/unrecognized', file: 'LICENSE', line: 1, column: 1 }),
    ]);
    expect(result.findings[0]?.message).toMatch(/the nearest is Apache-2\.0 at \d+(\.\d)?%; 98% is needed/);
  });

  it('warns for a LICENSE.enterprise link to source-available terms and says which folder it covers', async () => {
    const result = await license({
      'LICENSE.txt': apache,
      'server/enterprise/LICENSE': SOURCE_AVAILABLE,
      'LICENSE.enterprise': { symlink: 'server/enterprise/LICENSE' },
    });
    expect(result.status).toBe('warn');
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'license/mixed-terms',
        file: 'server/enterprise/LICENSE',
        line: 1,
        column: 13,
      }),
    ]);
    expect(result.findings[0]?.message).toContain(
      'LICENSE.enterprise (a link to server/enterprise/LICENSE) is a source-available license',
    );
    expect(result.findings[0]?.message).toContain(
      'covers server/enterprise/, while LICENSE.txt (Apache-2.0 (100%)) covers the rest',
    );
  });

  it('treats a file that holds only a link target as the link (git with core.symlinks off)', async () => {
    const result = await license({ 'LICENSE.txt': apache, 'LICENSE.enterprise': './server/enterprise/LICENSE' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'license/link-dangling',
        file: 'LICENSE.enterprise',
        line: 1,
        column: 1,
      }),
    ]);
    expect(result.findings[0]?.message).toContain('checked out as a plain file holding the link target');
  });

  it('warns for a dangling symbolic link', async () => {
    const result = await license({ LICENSE: apache, 'LICENSE.enterprise': { symlink: 'server/enterprise/LICENSE' } });
    expect(result.status).toBe('warn');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/link-dangling', file: 'LICENSE.enterprise', line: 1, column: 1 }),
    ]);
  });

  it('never follows a link out of the tree', async () => {
    const outside = await makeTree({ 'SECRET-LICENSE': 'top secret terms' });
    const result = await license({
      LICENSE: apache,
      'LICENSE-extra': { symlink: path.join(outside, 'SECRET-LICENSE') },
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/link-outside', file: 'LICENSE-extra', line: 1, column: 1 }),
    ]);
    expect(JSON.stringify(result)).not.toContain('top secret');
  });

  it('says a plain LICENSE.<name> presumably covers the folder of that name', async () => {
    const result = await license({
      LICENSE: apache,
      'LICENSE.enterprise': SOURCE_AVAILABLE,
      'webapp/enterprise/index.ts': '',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/mixed-terms', file: 'LICENSE.enterprise', line: 1, column: 13 }),
    ]);
    expect(result.findings[0]?.message).toContain('presumably covers webapp/enterprise/ (named like the file)');
  });

  it('warns for two root licenses with different open terms, and is silent for copies', async () => {
    const different = await license({ LICENSE: apache, 'LICENSE-MIT': spdxText('MIT') });
    expect(different.findings).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'license/mixed-terms', file: 'LICENSE-MIT', line: 1 }),
    ]);
    expect(different.findings[0]?.message).toContain('does not say which paths it covers');
    const same = await license({ LICENSE: apache, 'LICENSE.md': spdxText('Apache-2.0') });
    expect(same.status).toBe('pass');
  });

  it('notes a sub-folder license with other open terms (fonts under OFL)', async () => {
    const result = await license({ LICENSE: apache, 'assets/fonts/LICENSE': spdxText('OFL-1.1') });
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'notice', rule: 'license/mixed-terms', file: 'assets/fonts/LICENSE' }),
    ]);
    expect(result.findings[0]?.message).toContain('covers assets/fonts/');
  });

  it('warns for a file that combines licenses with unidentified text', async () => {
    const text = `Example Licensing\n\nThe server is AGPL; webapp/i18n/ is Apache-2.0.\n\n${'-'.repeat(40)}\n\n${apache}\n\n${'-'.repeat(40)}\n\n${wrap(spdxText('AGPL-3.0-only'))}`;
    const result = await license({ 'LICENSE.txt': text });
    expect(result.status).toBe('warn');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'license/combined-file', file: 'LICENSE.txt', line: 1, column: 1 }),
    ]);
    expect(result.summary).toContain('Apache-2.0 (100%) + AGPL-3.0-only');
  });

  it('refuses a 100 MB license file without reading it', async () => {
    const root = await makeTree({ 'README.md': '# x\n' });
    const handle = await open(path.join(root, 'LICENSE'), 'w');
    await handle.truncate(100 * 1024 * 1024);
    await handle.close();
    const [result] = await runChecks([licenseCheck], await contextFor(root, { offline: true }), {
      mode: 'new',
      beta: false,
    });
    expect(result?.status).toBe('fail');
    expect(result?.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'license/unreadable', file: 'LICENSE' }),
    ]);
    expect(result?.findings[0]?.message).toContain('100.0 MiB, over the 1.0 MiB limit');
  });

  it('refuses a binary license file', async () => {
    const result = await license({ LICENSE: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1]) });
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'license/unreadable', file: 'LICENSE' })]);
    expect(result.findings[0]?.message).toContain('binary');
  });

  it('reports a LICENSE directory as no license file', async () => {
    const result = await license({ 'LICENSE/README.md': 'see elsewhere' });
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'license/missing' })]);
  });
});
