import { describe, expect, it } from '@jest/globals';
import { parseSubmission } from '../src/index';

const body = (link: string, heading = 'Review commit') =>
  `#### Summary\nA plugin.\n\n#### ${heading}\n<!--\nPlease link to https://github.com/example/not-this\n-->\n${link}\n\n## Checklist\n- [ ] x\n`;

describe('parseSubmission', () => {
  it('reads a release link under Review commit, ignoring the template comment', () => {
    expect(
      parseSubmission({
        title: 'Add Weather to Marketplace',
        body: body('https://github.com/acme/mattermost-plugin-weather/releases/tag/v1.2.0'),
      }),
    ).toEqual({
      repository: 'acme/mattermost-plugin-weather',
      ref: 'v1.2.0',
      mode: 'new',
      source: 'https://github.com/acme/mattermost-plugin-weather/releases/tag/v1.2.0',
    });
  });

  it('reads commit and tree links, and the update mode from the label or the title', () => {
    expect(
      parseSubmission({
        body: body('https://github.com/acme/weather/commit/0123abc', 'Review reference'),
        labels: [{ name: 'Plugin/Update' }],
      }),
    ).toMatchObject({ ref: '0123abc', mode: 'update' });
    expect(
      parseSubmission({
        title: 'Update Weather to 1.3.0',
        body: body('see https://github.com/acme/weather/tree/release/1.3.'),
      }),
    ).toMatchObject({ ref: 'release/1.3', mode: 'update' });
  });

  it('reviews the default branch for a bare repository link', () => {
    expect(parseSubmission({ body: body('https://github.com/acme/weather.git') })).toMatchObject({
      repository: 'acme/weather',
      ref: '',
    });
  });

  it('refuses bodies without a repository, pull request links and refs that are not refs', () => {
    expect(() => parseSubmission({ body: '#### Review commit\nmy plugin' })).toThrow('names no GitHub repository');
    expect(() => parseSubmission({ body: body('https://github.com/acme/weather/pull/3') })).toThrow(
      'is a pull request',
    );
    expect(() => parseSubmission({ body: body('https://github.com/acme/weather/tree/-rf') })).toThrow(
      'not a valid git ref',
    );
  });
});
