import { describe, expect, it } from '@jest/globals';
import { buildReport, joinPath, renderText, type CheckResult, type Report } from '../src/index';

function report(checks: CheckResult[]): Report {
  return buildReport({
    tool: { name: 'mm-review', version: '0.0.0' },
    command: 'review',
    mode: 'new',
    beta: false,
    checks,
  });
}

const failing: CheckResult = {
  id: 'documentation',
  requirement: 'documentation-1',
  title: 'Usage documentation',
  status: 'fail',
  findings: [
    {
      severity: 'error',
      rule: 'documentation/screenshot-missing',
      message: 'No screenshot.',
      file: 'README.md',
      line: 3,
      column: 1,
    },
  ],
};

describe('text output paths open from where the user stands', () => {
  it('keeps ../ of a plugin directory above the working directory', () => {
    expect(joinPath('../x', 'plugin.json')).toBe('../x/plugin.json');
    expect(joinPath('../../a/b/', 'plugin.json')).toBe('../../a/b/plugin.json');
    expect(renderText(report([failing]), { pathPrefix: '../x' })).toContain(
      '    error   ../x/README.md:3:1  No screenshot.',
    );
  });

  it('drops only a leading ./ and a bare .', () => {
    expect(joinPath('./x', 'plugin.json')).toBe('x/plugin.json');
    expect(joinPath('./', 'plugin.json')).toBe('plugin.json');
    expect(joinPath('.', 'plugin.json')).toBe('plugin.json');
    expect(joinPath('.hidden/x', 'plugin.json')).toBe('.hidden/x/plugin.json');
    expect(joinPath('', 'plugin.json')).toBe('plugin.json');
  });
});

describe('text output: notices a person reads once', () => {
  const publicRepo: CheckResult = {
    id: 'public-repository',
    requirement: 'product-2',
    title: 'Public repository',
    status: 'skip',
    summary: 'Cannot tell whether acme/demo is public: the review runs offline and no event payload says.',
    findings: [
      {
        severity: 'notice',
        rule: 'public-repository/unknown',
        message: 'Cannot tell whether acme/demo is public: the review runs offline and no event payload says.',
      },
    ],
  };
  const release: CheckResult = {
    id: 'release-notes',
    requirement: 'product-4',
    title: 'Release notes',
    status: 'pass',
    summary: 'GitHub release not checked (no token)',
    findings: [
      {
        severity: 'notice',
        rule: 'release-notes/release-not-checked',
        message:
          'The GitHub release v1.0.0 of acme/demo was not checked, because no github-token was given or the network is off; pass github-token.',
        file: 'plugin.json',
        line: 5,
        column: 3,
      },
    ],
  };
  const other: CheckResult = {
    id: 'stable-version',
    requirement: 'product-5',
    title: 'Stable release version',
    status: 'pass',
    summary: '1.0.0',
    findings: [{ severity: 'notice', rule: 'stable-version/x', message: 'Something else worth a note.' }],
  };

  it('prints the offline notices of every check once, at the end, naming the checks', () => {
    const text = renderText(report([publicRepo, release, other]));
    expect(text).not.toContain('[public-repository/unknown]');
    expect(text).not.toContain('[release-notes/release-not-checked]');
    expect(text.match(/Not checked without GitHub/g)).toHaveLength(1);
    expect(text).toContain(
      'Not checked without GitHub: 2 checks (public-repository, release-notes) could not ask the GitHub API in this run;',
    );
    expect(text).toContain('    notice  Something else worth a note. [stable-version/x]');
  });

  it('says "1 check" for one, and nothing when every check could ask GitHub', () => {
    expect(renderText(report([publicRepo]))).toContain(
      'Not checked without GitHub: 1 check (public-repository) could not',
    );
    expect(renderText(report([failing, other]))).not.toContain('Not checked without GitHub');
  });

  it("does not repeat a skipped check's reason under its summary", () => {
    const skipped: CheckResult = {
      id: 'logging',
      requirement: 'technical-2',
      title: 'Logging',
      status: 'skip',
      summary: 'No server code.',
      findings: [{ severity: 'notice', rule: 'logging/no-server-code', message: 'No server code.' }],
    };
    const text = renderText(report([skipped]));
    expect(text.match(/No server code\./g)).toHaveLength(1);
  });
});

describe('text output: sentences', () => {
  it('counts one database entry in the singular', () => {
    const one = { ...report([]), database: { path: 'plugins.json', entries: 1 } };
    expect(renderText(one).split('\n')[0]).toBe('review · plugins.json (1 entry) · mode new');
    const many = { ...report([]), database: { path: 'plugins.json', entries: 134 } };
    expect(renderText(many).split('\n')[0]).toBe('review · plugins.json (134 entries) · mode new');
  });
});
