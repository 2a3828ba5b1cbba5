import { describe, expect, it } from '@jest/globals';
import { linkKind, trackerOf } from '../src/index';
import { GITHUB_MANIFEST, GOOD_README, only, runTracker } from './helpers';

const tracker = trackerOf('https://github.com/example/demo/issues');
const noSupportLink = GOOD_README.replace('Report bugs at https://github.com/example/demo/issues.', 'Ask in the community channel.');

describe('linkKind', () => {
  it.each([
    ['https://github.com/example/demo/issues', 'tracker'],
    ['https://github.com/Example/Demo/issues/', 'tracker'],
    ['https://www.github.com/example/demo/issues/new', 'tracker'],
    ['https://github.com/example/demo/issues/new/choose', 'tracker'],
    ['https://github.com/example/demo/issues?q=is%3Aopen+label%3Abug', 'tracker'],
    ['https://github.com/example/demo/issues/7', 'issue'],
    ['https://github.com/example/demo', undefined],
    ['https://github.com/example/demo/pulls', undefined],
    ['https://github.com/other/demo/issues', undefined],
  ])('%s → %s', (href, kind) => {
    expect(tracker && linkKind(tracker, href)).toBe(kind);
  });

  it('matches a non-GitHub tracker by host and path prefix', () => {
    const gitlab = trackerOf('https://gitlab.com/group/demo/-/issues/');
    expect(gitlab && linkKind(gitlab, 'https://gitlab.com/group/demo/-/issues/new')).toBe('tracker');
    expect(gitlab && linkKind(gitlab, 'https://gitlab.com/group/demo')).toBeUndefined();
  });

  it('takes a repository-root support_url to mean that repository\'s GitHub issues', () => {
    expect(trackerOf('https://github.com/example/demo')?.url).toBe('https://github.com/example/demo/issues');
  });
});

describe('issue-tracker docs part', () => {
  it('passes and says where the link is (a bare URL counts: GitHub links it)', async () => {
    const outcome = await runTracker({ 'README.md': GOOD_README });
    expect(outcome.findings).toEqual([]);
    expect(outcome.summary).toBe('README.md:22 links to the issue tracker (https://github.com/example/demo/issues).');
  });

  it('passes with a link in a Markdown file the README links to', async () => {
    const outcome = await runTracker({ 'README.md': `${noSupportLink}\nSee [support](docs/support.md).\n`, 'docs/support.md': '# Support\n\n[File an issue](https://github.com/example/demo/issues/new/choose)\n' });
    expect(outcome.findings).toEqual([]);
    expect(outcome.summary).toContain('docs/support.md:3');
  });

  it('fails without a link, located at the Support section, with the line to add', async () => {
    const outcome = await runTracker({ 'README.md': noSupportLink });
    const finding = only(outcome, 'issue-tracker/docs-link-missing');
    expect(finding).toMatchObject({ severity: 'error', file: 'README.md', line: 20, column: 1 });
    expect(finding.message).toContain('[GitHub issues](https://github.com/example/demo/issues)');
    expect(finding.message).toMatch(/^README\.md does not link to the issue tracker named by support_url \(https:\/\/github\.com\/example\/demo\/issues\)\./);
  });

  it('names every doc searched when there are several', async () => {
    const outcome = await runTracker({ 'README.md': `${noSupportLink}\nSee [the guide](docs/guide.md).\n`, 'docs/guide.md': '# Guide\n\nUse it.\n' });
    expect(only(outcome, 'issue-tracker/docs-link-missing').message).toMatch(/^None of README\.md, docs\/guide\.md links to the issue tracker/);
  });

  it('says so when the docs link only to single issues', async () => {
    const outcome = await runTracker({ 'README.md': `${noSupportLink}\nTracked in [#7](https://github.com/example/demo/issues/7).\n` });
    expect(only(outcome, 'issue-tracker/docs-link-missing').message).toContain('README.md:24 links to a single issue');
  });

  it('skips until support_url is valid (the URL part reports that)', async () => {
    const { support_url: _omitted, ...manifest } = GITHUB_MANIFEST;
    const outcome = await runTracker({ 'README.md': GOOD_README }, manifest);
    expect(outcome.status).toBe('skip');
  });

  it('needs a person when the docs are on an external site', async () => {
    const outcome = await runTracker({ 'README.md': noSupportLink }, { ...GITHUB_MANIFEST, homepage_url: 'https://docs.example.com/demo' });
    expect(outcome.status).toBe('manual');
    expect(only(outcome, 'issue-tracker/docs-link-unverified').severity).toBe('notice');
  });

  it('fails without a README', async () => {
    const outcome = await runTracker({ LICENSE: 'x' });
    expect(only(outcome, 'issue-tracker/docs-link-missing').severity).toBe('error');
  });
});
