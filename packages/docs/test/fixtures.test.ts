import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { createIssueTrackerCheck } from '@mm-review/plugin';
import { documentationCheck, issueTrackerDocsPart } from '../src/index';
import { contextFor } from './helpers';

const fixture = (name: string): string => path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
const options = { mode: 'new' as const, beta: false };
const trackerCheck = createIssueTrackerCheck([issueTrackerDocsPart]);

describe('fixture plugins', () => {
  it('good-plugin passes both checks of check-docs', async () => {
    const context = await contextFor(fixture('good-plugin'));
    const docs = await documentationCheck.run(context, options);
    expect(docs.findings).toEqual([]);
    expect(docs.summary).toBe(
      'screenshot: image assets/standup.png (README.md:12); feature list: heading "✨ Key features" with a list of 3 (README.md:15); development guide: section "Development" (README.md:41); recommended sections 6/6 (requirements, installation, configuration, usage, troubleshooting, help and support).',
    );
    const tracker = await trackerCheck.run(context, options);
    expect(tracker).toMatchObject({ status: 'pass', findings: [] });
  });

  it('bad-plugin fails with located findings', async () => {
    const context = await contextFor(fixture('bad-plugin'));
    const docs = await documentationCheck.run(context, options);
    const located = docs.findings.filter((f) => f.severity !== 'notice').map((f) => [f.severity, f.rule, f.file, f.line, f.column]);
    expect(located).toEqual([
      ['warning', 'documentation/homepage-url-not-docs', 'plugin.json', 4, 19],
      ['error', 'documentation/screenshot-missing', 'README.md', 1, 1],
      ['error', 'documentation/features-missing', 'README.md', 1, 1],
      ['error', 'documentation/development-missing', 'README.md', 1, 1],
      ['error', 'documentation/image-broken', 'README.md', 5, 1],
      ['error', 'documentation/image-broken', 'README.md', 9, 23],
      ['warning', 'documentation/link-broken', 'README.md', 13, 40],
      ['warning', 'documentation/anchor-broken', 'README.md', 13, 67],
    ]);
    const tracker = await trackerCheck.run(context, options);
    expect(tracker.status).toBe('fail');
    expect(tracker.findings.map((f) => [f.rule, f.file, f.line])).toEqual([['issue-tracker/docs-link-missing', 'README.md', 1]]);
  });
});
