import { describe, expect, it } from '@jest/globals';
import { addedEntriesMarkdown } from '../src/index';

describe('addedEntriesMarkdown', () => {
  it('renders each added release as a card with its links', () => {
    const markdown = addedEntriesMarkdown([
      {
        id: 'com.example.weather',
        name: 'Weather <beta>',
        version: '2.0.0',
        min_server_version: '9.11.0',
        release_notes_url: 'https://github.com/example/w/releases/tag/v2.0.0',
        homepage_url: 'https://github.com/example/w',
        download_url: 'https://example.com/w-v2.0.0.tar.gz',
        repo_name: 'w',
        release_stage: 'beta',
      },
    ]);
    expect(markdown).toContain('### Releases this change adds (1)');
    expect(markdown).toContain('> **Weather &lt;beta&gt; 2.0.0** · beta');
    expect(markdown).toContain('> `com.example.weather` · minimum server `9.11.0`');
    expect(markdown).toContain(
      '[Release notes](https://github.com/example/w/releases/tag/v2.0.0) · [Repository](https://github.com/example/w) · [Bundle](https://example.com/w-v2.0.0.tar.gz)',
    );
    expect(addedEntriesMarkdown([])).toBe('');
  });
});
