import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPluginAction } from '../src/index';

// Issue 16 item 6: a README linking many large documents is read only up to the review's
// budget of document bytes, and the documents left unread are named in findings.

let root: string;
const DOC_BYTES = 4.5 * 1024 * 1024;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mm-review-budgets-'));
  await mkdir(path.join(root, 'docs'));
  const body = `# Guide\n\n${'Text of the guide, repeated to make it large. '.repeat(Math.ceil(DOC_BYTES / 46))}`.slice(
    0,
    DOC_BYTES,
  );
  for (let i = 1; i <= 5; i++) await writeFile(path.join(root, 'docs', `guide-${i}.md`), body);
  await writeFile(
    path.join(root, 'plugin.json'),
    `${JSON.stringify({ id: 'com.example.demo', name: 'Demo', version: '1.0.0', min_server_version: '9.0.0', homepage_url: 'https://github.com/example/mattermost-plugin-demo' }, null, 2)}\n`,
  );
  await writeFile(
    path.join(root, 'README.md'),
    `# Demo\n\n${[1, 2, 3, 4, 5].map((i) => `- [Guide ${i}](docs/guide-${i}.md)`).join('\n')}\n`,
  );
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('review reads linked documents within a budget', () => {
  it('reads the first three 4.5 MiB guides and names the two it did not read', async () => {
    const { report } = await runPluginAction('check-docs', root, { mode: 'new', beta: false, offline: true });
    const unread = report.checks.flatMap((c) => c.findings).filter((f) => f.message.includes('it was not read'));
    expect(unread.map((f) => [f.rule, f.file])).toEqual([
      ['documentation/linked-doc-unreadable', 'docs/guide-4.md'],
      ['documentation/linked-doc-unreadable', 'docs/guide-5.md'],
    ]);
    expect(unread[0]?.message).toBe(
      'docs/guide-4.md cannot be used as documentation: it was not read: it is 4.5 MiB, and the review had already read 13.5 MiB of documents, near its 16.0 MiB limit.',
    );
  }, 60_000);
});
