import { describe, expect, it } from '@jest/globals';
import { loadDocs } from '../src/index';
import { byRule, contextFor, GITHUB_MANIFEST, GOOD_README, only, pluginDir, PNG, runDocs } from './helpers';

const withShot = { 'assets/screenshot.png': PNG };
const replace = (from: string, to: string): string => GOOD_README.replace(from, to);

describe('documentation: a complete README', () => {
  it('passes with evidence for each requirement in the summary', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot });
    expect(outcome.findings.filter((f) => f.severity !== 'notice')).toEqual([]);
    expect(outcome.status).toBeUndefined();
    expect(outcome.summary).toContain('screenshot: image assets/screenshot.png (README.md:5)');
    expect(outcome.summary).toContain('feature list: heading "Features" with a list of 2 (README.md:7)');
    expect(outcome.summary).toContain('development guide: section "Development" (README.md:16)');
  });

  it('reports the recommended sections that are missing in one notice per document', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot });
    const finding = only(outcome, 'documentation/section-missing');
    expect(finding).toMatchObject({ severity: 'notice', file: 'README.md', line: 1, column: 1 });
    expect(finding.message).toMatch(/^Recommended sections "Requirements", "Configuration", "Usage" and "Troubleshooting" not found in README\.md \(no heading or bold label like them\); add them: Requirements \(the Mattermost server version and any external service the plugin needs\); Configuration \(/);
  });

  it('names a single missing section in the singular', async () => {
    const text = `${GOOD_README}
## Requirements

Mattermost 9.

## Settings

text

## Usage

text
`;
    const finding = only(await runDocs({ 'README.md': text, ...withShot }), 'documentation/section-missing');
    expect(finding.message).toBe('Recommended section "Troubleshooting" not found in README.md (no heading or bold label like it); add it: Troubleshooting (known limitations and fixes for common problems, or a FAQ).');
  });

  it('accepts section synonyms with emoji and numbering ("🚀 1. Quick start", "FAQ", "Slash commands")', async () => {
    const text = `${GOOD_README}\n## 🚀 1. Quick start\n\ntext\n\n## Slash Commands\n\ntext\n\n## FAQ\n\ntext\n\n**Requirements:**\n\n- Mattermost 9\n\n## Settings\n\ntext\n`;
    const outcome = await runDocs({ 'README.md': text, ...withShot });
    expect(byRule(outcome, 'documentation/section-missing')).toEqual([]);
  });
});

describe('documentation/screenshot-missing', () => {
  it('fails when only badges and a logo are shown, located at the title after a Disclaimer', async () => {
    const text = replace('![The /demo command in a channel](assets/screenshot.png)', '[![CI](https://github.com/example/demo/actions/workflows/ci.yml/badge.svg)](https://github.com/example/demo/actions)\n<img src="assets/logo.png" width="64">').replace('# Demo Plugin', '# Disclaimer\n\nCommunity supported.\n\n# Demo Plugin');
    const outcome = await runDocs({ 'README.md': text, 'assets/logo.png': PNG });
    const finding = only(outcome, 'documentation/screenshot-missing');
    expect(finding).toMatchObject({ severity: 'error', file: 'README.md', line: 5, column: 1 });
    expect(finding.message).toMatch(/not a badge, logo or icon/);
    expect(outcome.findings.some((f) => f.severity === 'error')).toBe(true);
  });

  it('counts a remote screenshot as present and says it was not downloaded', async () => {
    const text = replace('assets/screenshot.png', 'https://user-images.githubusercontent.com/1/2-3.png');
    const outcome = await runDocs({ 'README.md': text });
    expect(byRule(outcome, 'documentation/screenshot-missing')).toEqual([]);
    expect(only(outcome, 'documentation/screenshot-remote')).toMatchObject({ severity: 'notice', file: 'README.md', line: 5, column: 35 });
  });

  it('cites the screenshot of the plugin at work before one of an installation step', async () => {
    const text = `# Demo\n\n## Installation\n\n1. Upload it. ![Upload the plugin](assets/upload.png)\n\n## Usage\n\n![The /demo command in a channel](assets/demo.png)\n`;
    const outcome = await runDocs({ 'README.md': text, 'assets/upload.png': PNG, 'assets/demo.png': PNG });
    expect(outcome.summary).toContain('screenshot: image assets/demo.png (README.md:9)');
  });

  it('cites a setup screenshot when it is the only one', async () => {
    const text = `# Demo\n\n## Configuration\n\n![System Console settings](assets/settings.png)\n`;
    const outcome = await runDocs({ 'README.md': text, 'assets/settings.png': PNG });
    expect(byRule(outcome, 'documentation/screenshot-missing')).toEqual([]);
    expect(outcome.summary).toContain('screenshot: image assets/settings.png (README.md:5)');
  });

  it('counts a screenshot in a Markdown file the README links to', async () => {
    const text = replace('![The /demo command in a channel](assets/screenshot.png)', 'See the [user guide](docs/guide.md).');
    const outcome = await runDocs({ 'README.md': text, 'docs/guide.md': '# Guide\n\n![Dialog](img/dialog.png)\n', 'docs/img/dialog.png': PNG });
    expect(byRule(outcome, 'documentation/screenshot-missing')).toEqual([]);
    expect(outcome.summary).toContain('image docs/img/dialog.png (docs/guide.md:3)');
  });
});

describe('documentation/image-broken', () => {
  it('is an error with the line and column of the path when a relative image is missing', async () => {
    const outcome = await runDocs({ 'README.md': `${GOOD_README}\n<p align="center">\n  <img src="./docs/images/buttons/call.png" alt="Call button"/>\n</p>\n`, ...withShot });
    expect(only(outcome, 'documentation/image-broken')).toMatchObject({ severity: 'error', file: 'README.md', line: 25, column: 3 });
  });

  it('is an error when the case differs (GitHub paths are case-sensitive), naming the real file', async () => {
    const outcome = await runDocs({ 'README.md': replace('assets/screenshot.png', 'Assets/Screenshot.PNG'), ...withShot });
    const finding = only(outcome, 'documentation/image-broken');
    expect(finding).toMatchObject({ line: 5, column: 35 });
    expect(finding.message).toContain('exists only as assets/screenshot.png');
    expect(byRule(outcome, 'documentation/screenshot-missing')).toHaveLength(1);
  });

  it('resolves a leading slash from the repository root', async () => {
    const outcome = await runDocs({ 'README.md': replace('assets/screenshot.png', '/assets/screenshot.png'), ...withShot });
    expect(byRule(outcome, 'documentation/image-broken')).toEqual([]);
  });

  it('does not follow an image symlink out of the tree', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, 'assets/screenshot.png': { link: '/etc/hostname' } });
    expect(only(outcome, 'documentation/image-broken').message).toMatch(/symbolic link to \/etc\/hostname, outside the repository/);
  });
});

describe('documentation/features-missing', () => {
  const noFeatures = replace('## Features\n\n- Post a demo message with `/demo`.\n- Schedule demos for later.\n', '## Usage\n\nType `/demo`.\n');

  it('fails without a feature list, naming what was searched and what to add', async () => {
    const outcome = await runDocs({ 'README.md': noFeatures, ...withShot });
    const finding = only(outcome, 'documentation/features-missing');
    expect(finding).toMatchObject({ severity: 'error', file: 'README.md', line: 1, column: 1 });
    expect(finding.message).toMatch(/add a "## Features" section/);
  });

  it('passes with a bullet list in the overview', async () => {
    const text = noFeatures.replace('Demo adds a `/demo` command to Mattermost.', 'Demo lets you:\n\n- run demos\n- schedule demos');
    expect(byRule(await runDocs({ 'README.md': text, ...withShot }), 'documentation/features-missing')).toEqual([]);
  });

  it('passes with "Feature summary" subsections', async () => {
    const text = `${noFeatures}\n## Feature summary\n\n### Notifications\n\ntext\n\n### Sidebar buttons\n\ntext\n`;
    expect(byRule(await runDocs({ 'README.md': text, ...withShot }), 'documentation/features-missing')).toEqual([]);
  });

  it('passes with a list introduced as what the plugin lets you do', async () => {
    const text = `${noFeatures}\nDuring a call you will be able to perform the following actions:\n\n- Mute audio\n- Share your screen\n`;
    expect(byRule(await runDocs({ 'README.md': text, ...withShot }), 'documentation/features-missing')).toEqual([]);
  });

  it('does not take a "Thanks to" credits list for a feature list, under a heading or as a lead-in', async () => {
    const credits = `${noFeatures}\n## Thanks to\n\n- [@alice](https://github.com/alice) for the first version\n- [@bob](https://github.com/bob) for the icons\n`;
    expect(only(await runDocs({ 'README.md': credits, ...withShot }), 'documentation/features-missing')).toMatchObject({ file: 'README.md', line: 1 });
    const about = noFeatures.replace('Demo adds a `/demo` command to Mattermost.', '## About\n\nThanks to:\n\n- Alice, who wrote it\n- Bob, who drew the icons');
    expect(byRule(await runDocs({ 'README.md': about, ...withShot }), 'documentation/features-missing')).toHaveLength(1);
    const underAbout = noFeatures.replace('Demo adds a `/demo` command to Mattermost.', '## About\n\nA demo.\n\n### Credits\n\n- Alice\n- Bob');
    expect(byRule(await runDocs({ 'README.md': underAbout, ...withShot }), 'documentation/features-missing')).toHaveLength(1);
  });

  it('still finds the feature list next to a credits list, and cites it', async () => {
    const text = `${GOOD_README}\n## Credits\n\n- Alice\n- Bob\n- Carol\n`;
    const outcome = await runDocs({ 'README.md': text, ...withShot });
    expect(outcome.summary).toContain('feature list: heading "Features" with a list of 2 (README.md:7)');
  });

  it('does not take a requirements list, a table of contents or "Feature requests" for features', async () => {
    const text = noFeatures.replace('Demo adds a `/demo` command to Mattermost.', '**Requirements:**\n\n- Mattermost 9\n- A Demo server\n\nJump to:\n\n- [Usage](#usage)\n- [Development](#development)\n\n## Feedback and feature requests\n\n- Open an issue\n- Or chat');
    expect(byRule(await runDocs({ 'README.md': text, ...withShot }), 'documentation/features-missing')).toHaveLength(1);
  });
});

describe('documentation/development-missing', () => {
  const noDev = replace('## Development\n\nRun `make dist` to build the plugin.\n', '');

  it('fails without a development guide', async () => {
    const outcome = await runDocs({ 'README.md': noDev, ...withShot });
    expect(only(outcome, 'documentation/development-missing')).toMatchObject({ severity: 'error', file: 'README.md', line: 1, column: 1 });
  });

  it('does not count a "Contribution" heading with nothing a developer can act on', async () => {
    const outcome = await runDocs({ 'README.md': `${noDev}\n## Contribution\n\nWe welcome contributions!\n`, ...withShot });
    expect(byRule(outcome, 'documentation/development-missing')).toHaveLength(1);
  });

  it('does not take links to issue searches or a chat channel for a development guide', async () => {
    const contributing = `${noDev}\n## Contributing\n\n- [Good first issues](https://github.com/example/demo/issues?q=is%3Aopen+label%3A%22Good+First+Issue%22)\n- [Help wanted](https://github.com/example/demo/labels/help%20wanted)\n\nJoin us in [~developers](https://community.mattermost.com/core/channels/developers).\n`;
    const outcome = await runDocs({ 'README.md': contributing, ...withShot });
    expect(only(outcome, 'documentation/development-missing')).toMatchObject({ severity: 'error', file: 'README.md', line: 1, column: 1 });
  });

  it('counts a Contributing section that links to a build guide, and cites it', async () => {
    const contributing = `${noDev}\n## Contributing\n\nSee [how to build the plugin](https://developers.mattermost.com/integrate/plugins/developer-setup/).\n`;
    const outcome = await runDocs({ 'README.md': contributing, ...withShot });
    expect(byRule(outcome, 'documentation/development-missing')).toEqual([]);
    expect(outcome.summary).toContain('development guide: section "Contributing" (README.md:21)');
  });

  it('passes with "Building from source" or "Getting started locally"', async () => {
    for (const heading of ['## Building from source', '## Getting started locally']) {
      const outcome = await runDocs({ 'README.md': `${noDev}\n${heading}\n\n\`\`\`\nmake\n\`\`\`\n`, ...withShot });
      expect(byRule(outcome, 'documentation/development-missing')).toEqual([]);
    }
  });

  it('passes with a guide in a linked file, and says where it is linked from', async () => {
    const outcome = await runDocs({ 'README.md': `${noDev}\nSee the [developer guide](docs/DEVELOPMENT.md).\n`, 'docs/DEVELOPMENT.md': '# Development\n\n## How to compile\n\n`make dist`\n', ...withShot });
    expect(byRule(outcome, 'documentation/development-missing')).toEqual([]);
    expect(outcome.summary).toContain('section "Development" of docs/DEVELOPMENT.md, linked from README.md:21 (docs/DEVELOPMENT.md:1)');
  });

  it('accepts an unlinked DEVELOPMENT.md at the root with a notice to link it', async () => {
    const outcome = await runDocs({ 'README.md': noDev, 'DEVELOPMENT.md': '## Development\n\nRun `make deploy`.\n', ...withShot });
    expect(byRule(outcome, 'documentation/development-missing')).toEqual([]);
    expect(only(outcome, 'documentation/development-unlinked')).toMatchObject({ severity: 'notice', file: 'DEVELOPMENT.md', line: 1, column: 1 });
  });
});

describe('documentation: links and anchors', () => {
  it('warns about a broken relative link with its line and column', async () => {
    const outcome = await runDocs({ 'README.md': `${GOOD_README}\nRead the [admin guide](docs/admin.md).\n`, ...withShot });
    expect(only(outcome, 'documentation/link-broken')).toMatchObject({ severity: 'warning', file: 'README.md', line: 24, column: 24 });
  });

  it('warns about an anchor no heading produces and suggests the right one', async () => {
    const outcome = await runDocs({ 'README.md': `${GOOD_README}\n## Key generation & backup\n\nSee [backup](#key-generation-backup) and [ok](#key-generation--backup).\n`, ...withShot });
    const finding = only(outcome, 'documentation/anchor-broken');
    expect(finding).toMatchObject({ severity: 'warning', file: 'README.md', line: 26, column: 14 });
    expect(finding.message).toContain('did you mean #key-generation--backup');
  });

  it('names the path a relative link resolves to when the link does not spell it out', async () => {
    const readme = `${GOOD_README}\nRead the [admin guide](docs/admin.md).\n`;
    const admin = '# Admin guide\n\nThe [manifest](plugin.json) and the [README](../README.md).\n';
    const outcome = await runDocs({ 'README.md': readme, 'docs/admin.md': admin, 'plugin.json': '{}', ...withShot });
    expect(only(outcome, 'documentation/link-broken')).toMatchObject({
      file: 'docs/admin.md',
      line: 3,
      message: 'docs/admin.md:3 links to "plugin.json", that is docs/plugin.json, which does not exist in the repository; fix the path or add the file.',
    });
  });

  it('warns about a link that climbs out of the repository', async () => {
    const outcome = await runDocs({ 'README.md': `${GOOD_README}\n[up](../../etc/passwd)\n`, ...withShot });
    expect(only(outcome, 'documentation/link-broken').message).toMatch(/climbs out of the repository/);
  });
});

describe('documentation: homepage_url', () => {
  it('is an error when homepage_url is missing, located in plugin.json', async () => {
    const { homepage_url: _omitted, ...manifest } = GITHUB_MANIFEST;
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot }, manifest);
    expect(only(outcome, 'documentation/homepage-url-missing')).toMatchObject({ severity: 'error', file: 'plugin.json', line: 1, column: 1 });
    expect(only(outcome, 'documentation/homepage-url-missing').message).toContain('https://github.com/example/demo');
  });

  it('is an error for a template placeholder', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot }, { ...GITHUB_MANIFEST, homepage_url: '__PLUGIN_REPO_URL__' });
    expect(only(outcome, 'documentation/homepage-url-invalid')).toMatchObject({ severity: 'error', file: 'plugin.json', line: 5, column: 19 });
  });

  it('warns when it points to a GitHub organisation', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot }, { ...GITHUB_MANIFEST, homepage_url: 'https://github.com/example/' });
    expect(only(outcome, 'documentation/homepage-url-not-docs')).toMatchObject({ severity: 'warning', file: 'plugin.json', line: 5 });
  });

  it('reads the docs page a blob URL of this repository points to', async () => {
    const manifest = { ...GITHUB_MANIFEST, homepage_url: 'https://github.com/example/demo/blob/main/docs/guide.md' };
    const outcome = await runDocs({ 'README.md': '# Demo\n\nShort readme.\n', 'docs/guide.md': GOOD_README.replace('assets/', '../assets/'), ...withShot }, manifest);
    expect(outcome.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(outcome.summary).toContain('(docs/guide.md:5)');
  });

  it('reads the README of a folder a tree URL points to', async () => {
    const manifest = { ...GITHUB_MANIFEST, homepage_url: 'https://github.com/example/demo/tree/main/docs' };
    const outcome = await runDocs({ 'README.md': '# Demo\n', 'docs/README.md': GOOD_README.replace('assets/', '../assets/'), ...withShot }, manifest);
    expect(outcome.summary).toContain('(docs/README.md:7)');
  });

  it('notes a homepage_url naming another repository (renamed or transferred) and checks this one', async () => {
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot }, GITHUB_MANIFEST, { repository: 'example-org/demo' });
    expect(only(outcome, 'documentation/homepage-url-other-repo')).toMatchObject({ severity: 'notice', file: 'plugin.json', line: 5, column: 19 });
    expect(outcome.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is an error when the page it points to does not exist', async () => {
    const manifest = { ...GITHUB_MANIFEST, homepage_url: 'https://github.com/example/demo/blob/main/docs/missing.md' };
    const outcome = await runDocs({ 'README.md': GOOD_README, ...withShot }, manifest);
    expect(only(outcome, 'documentation/homepage-page-missing').severity).toBe('error');
  });

  it('is manual, never a silent pass, when the docs are on an external site', async () => {
    const manifest = { ...GITHUB_MANIFEST, homepage_url: 'https://docs.example.com/demo' };
    const outcome = await runDocs({ 'README.md': '# Demo\n\nSee https://docs.example.com/demo.\n' }, manifest);
    expect(outcome.status).toBe('manual');
    expect(only(outcome, 'documentation/external-docs')).toMatchObject({ severity: 'notice', file: 'plugin.json', line: 5 });
    expect(only(outcome, 'documentation/screenshot-unverified').message).toContain('https://docs.example.com/demo');
    expect(outcome.summary).toContain('need a person');
  });

  it('suggests setting homepage_url when the README hands off to external documentation', async () => {
    const text = '# Demo\n\nSee the [Mattermost Product Documentation](https://docs.mattermost.com/integrate/demo.html) for details.\n\n## Development\n\n`make`\n';
    const outcome = await runDocs({ 'README.md': text });
    expect(only(outcome, 'documentation/features-missing').message).toContain('README.md:3 sends readers to https://docs.mattermost.com/integrate/demo.html; if that page is the plugin\'s documentation, set homepage_url to it');
  });
});

describe('documentation: finding the README', () => {
  it('reads a lower-case readme.md', async () => {
    const outcome = await runDocs({ 'readme.md': GOOD_README, ...withShot });
    expect(outcome.summary).toContain('(readme.md:5)');
  });

  it('is an error without a README', async () => {
    const outcome = await runDocs({ 'LICENSE': 'x' });
    expect(only(outcome, 'documentation/readme-missing').severity).toBe('error');
  });

  it('reports a binary README as unreadable instead of crashing', async () => {
    const binary = Buffer.concat([Buffer.from('# Title\n'), Buffer.alloc(64)]);
    const outcome = await runDocs({ 'README.md': binary });
    expect(only(outcome, 'documentation/readme-unreadable')).toMatchObject({ severity: 'error', file: 'README.md' });
    expect(byRule(outcome, 'documentation/readme-missing')).toEqual([]);
  });

  it('refuses a 20 MB README with a finding', async () => {
    const outcome = await runDocs({ 'README.md': 'a'.repeat(20 * 1024 * 1024) });
    expect(only(outcome, 'documentation/readme-unreadable').message).toMatch(/over the 5\.0 MiB limit/);
  });

  it('does not follow a README symlink out of the tree', async () => {
    const outcome = await runDocs({ 'README.md': { link: '/etc/hostname' } });
    expect(only(outcome, 'documentation/readme-unreadable').message).toMatch(/outside the plugin root/);
  });

  it('parses the docs once per review and shares them through ctx.memo', async () => {
    const context = await contextFor(pluginDir({ 'README.md': GOOD_README }));
    const first = await loadDocs(context);
    expect(await loadDocs(context)).toBe(first);
    expect(first.readme?.headings.map((h) => h.text)).toEqual(['Demo Plugin', 'Features', 'Installation', 'Development', 'Support']);
  });
});

describe('documentation: hostile input', () => {
  it('handles 10,000 nested lists and blockquotes, pathological emphasis and a 1 MB attribute', async () => {
    const text = [
      '- '.repeat(10_000) + 'deep',
      '> '.repeat(10_000) + 'deep',
      '*a **b _c '.repeat(20_000),
      `<img src="assets/screenshot.png" alt="${'x'.repeat(1_000_000)}">`,
      '[['.repeat(20_000),
    ].join('\n\n');
    const outcome = await runDocs({ 'README.md': text, ...withShot });
    expect(outcome.findings.some((f) => f.rule.endsWith('internal-error'))).toBe(false);
    expect(byRule(outcome, 'documentation/screenshot-missing')).toEqual([]);
    expect(outcome.findings.every((f) => f.message.length < 2000)).toBe(true);
  });

  it('caps broken-link findings per file', async () => {
    const text = Array.from({ length: 200 }, (_, i) => `[x](missing-${i}.md)`).join('\n\n');
    const outcome = await runDocs({ 'README.md': text });
    expect(byRule(outcome, 'documentation/link-broken')).toHaveLength(26);
    expect(byRule(outcome, 'documentation/link-broken')[25]?.message).toBe('README.md has 175 more broken links or images not listed here; fix the ones above and run the review again.');
  });

  it('says "1 more broken link" in the singular', async () => {
    const text = Array.from({ length: 26 }, (_, i) => `[x](missing-${i}.md)`).join('\n\n');
    const outcome = await runDocs({ 'README.md': text });
    expect(byRule(outcome, 'documentation/link-broken')[25]).toMatchObject({ file: 'README.md', line: 1, column: 1, message: 'README.md has 1 more broken link or image not listed here; fix the ones above and run the review again.' });
  });
});
