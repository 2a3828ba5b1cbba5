import { describe, expect, it } from '@jest/globals';
import { classifyImage, githubSlug, htmlText, parseMarkdown, scanTags } from '../src/index';
import type { DocImage } from '../src/index';

describe('parseMarkdown: headings', () => {
  it('finds ATX headings with up to three leading spaces and setext headings, with lines and columns', async () => {
    const file = await parseMarkdown('README.md', 'readme', '   ## Indented\n\nTitle\n=====\n\nSub\n---\n    # code, not a heading\n');
    expect(file.headings.map((h) => [h.level, h.text, h.kind, h.line, h.column])).toEqual([
      [2, 'Indented', 'atx', 1, 4],
      [1, 'Title', 'setext', 3, 1],
      [2, 'Sub', 'setext', 6, 1],
    ]);
  });

  it('ignores headings inside code fences, including fences nested in longer fences', async () => {
    const text = '````md\n```\n# not a heading\n```\n# still code\n````\n\n# Real\n';
    const file = await parseMarkdown('README.md', 'readme', text);
    expect(file.headings.map((h) => [h.text, h.line])).toEqual([['Real', 8]]);
  });

  it('reads <h1> inside an HTML block such as a centered <div>', async () => {
    const text = '<div align="center">\n  <h1 align="center">My <b>Plugin</b></h1>\n  <img src="logo.png" width="64">\n</div>\n\n## Usage\n';
    const file = await parseMarkdown('README.md', 'readme', text);
    expect(file.headings.map((h) => [h.level, h.text, h.kind, h.line, h.column])).toEqual([
      [1, 'My Plugin', 'html', 2, 3],
      [2, 'Usage', 'atx', 6, 1],
    ]);
  });

  it('gives a heading made only of a badge empty text, and computes GitHub anchors', async () => {
    const file = await parseMarkdown('README.md', 'readme', '# [![CI](https://img.shields.io/x.svg)](https://ci)\n\n## Private key generation & backup\n\n## Usage\n\n## Usage\n');
    expect(file.headings.map((h) => [h.text, h.slug])).toEqual([
      ['', ''],
      ['Private key generation & backup', 'private-key-generation--backup'],
      ['Usage', 'usage'],
      ['Usage', 'usage-1'],
    ]);
  });
});

describe('parseMarkdown: images and links', () => {
  it('finds inline, reference-style, linked, HTML, <picture>, <video> and bare asset images', async () => {
    const text = [
      '![inline](a.png)',
      '',
      '![ref][shot]',
      '',
      '[![wrapped](b.png)](https://example.com/b)',
      '',
      '<picture>',
      '  <source srcset="dark.png 1x, dark@2x.png 2x">',
      '  <img src="light.png" alt="light">',
      '</picture>',
      '',
      '<video src="demo.mp4"></video>',
      '',
      'https://github.com/user-attachments/assets/0b6c6a3c-1111-2222-3333-444455556666',
      '',
      '[shot]: docs/ref.png',
      '',
    ].join('\n');
    const file = await parseMarkdown('README.md', 'readme', text);
    expect(file.images.map((i) => [i.kind, i.src, i.line, i.linkHref ?? null])).toEqual([
      ['markdown', 'a.png', 1, null],
      ['markdown', 'docs/ref.png', 3, null],
      ['markdown', 'b.png', 5, 'https://example.com/b'],
      ['picture-source', 'dark.png', 8, null],
      ['html-img', 'light.png', 9, null],
      ['video', 'demo.mp4', 12, null],
      ['bare-url', 'https://github.com/user-attachments/assets/0b6c6a3c-1111-2222-3333-444455556666', 14, null],
    ]);
    expect(file.images[0]).toMatchObject({ line: 1, column: 11 });
  });

  it('records links with their text, marks image-only links, and keeps bare URLs', async () => {
    const text = 'See the [developer\nguide](docs/DEVELOPMENT.md) or <a href="https://x.y/issues">issues</a>.\n\n[![badge](https://img.shields.io/b.svg)](https://ci.example)\n\nReport at https://github.com/o/r/issues.\n';
    const file = await parseMarkdown('README.md', 'readme', text);
    expect(file.links.map((l) => [l.kind, l.href, l.text, l.imageOnly, l.line])).toEqual([
      ['markdown', 'docs/DEVELOPMENT.md', 'developer guide', false, 2],
      ['html', 'https://x.y/issues', '', false, 2],
      ['markdown', 'https://ci.example', '', true, 4],
      ['bare-url', 'https://github.com/o/r/issues', 'https://github.com/o/r/issues', false, 6],
    ]);
  });

  it('records lists with their lead-in paragraph and table-of-contents items', async () => {
    const text = 'This plugin contains the following features:\n- One\n- Two\n\nJump to:\n- [A](#a)\n- [B](#b)\n';
    const file = await parseMarkdown('README.md', 'readme', text);
    expect(file.lists.map((l) => [l.line, l.items, l.linkOnlyItems, l.leadIn])).toEqual([
      [2, 2, 0, 'This plugin contains the following features:'],
      [6, 2, 2, 'Jump to:'],
    ]);
  });
});

describe('HTML scanning', () => {
  it('reads attributes quoted, unquoted and bare, and strips tags from text', () => {
    const [tag] = [...scanTags('<IMG src=a.png ALT="x y" width=\'80\' hidden>')];
    expect(tag?.name).toBe('img');
    expect(Object.fromEntries(tag?.attrs ?? [])).toEqual({ src: 'a.png', alt: 'x y', width: '80', hidden: '' });
    expect(htmlText('<p>A &amp; <b>B</b></p>')).toBe('A & B');
  });

  it('survives unterminated tags, comments and stray angle brackets', () => {
    expect([...scanTags('<!-- never closed <img src=x>')]).toEqual([]);
    expect([...scanTags('<<<< <img src="never closed')].map((t) => t.attrs.get('src'))).toEqual(['never closed']);
    expect(htmlText('a < b')).toBe('a');
  });

  it('computes GitHub slugs', () => {
    expect(githubSlug('Unable to update messages (Mattermost < 6.1 && >= 6.4)')).toBe('unable-to-update-messages-mattermost--61---64');
  });
});

describe('classifyImage', () => {
  const image = (src: string, extra: Partial<DocImage> = {}): DocImage => ({ src, alt: '', kind: 'markdown', line: 1, column: 1, heading: -1, ...extra });

  it.each([
    ['https://img.shields.io/github/v/release/o/r', 'badge'],
    ['https://github.com/o/r/actions/workflows/ci.yml/badge.svg', 'badge'],
    ['https://codecov.io/gh/o/r/branch/master/graph/badge.svg', 'badge'],
    ['https://goreportcard.com/badge/github.com/o/r', 'badge'],
    ['https://circleci.com/gh/o/r.svg?style=shield', 'badge'],
    ['assets/logo.png', 'logo'],
    ['https://github.com/o/r/blob/master/assets/profile.png?raw=true', 'logo'],
    ['assets/icon.svg', 'logo'],
    ['docs/diagram.svg', 'logo'],
    ['https://user-images.githubusercontent.com/1/2-3.png', 'screenshot'],
    ['https://github.com/o/r/assets/1/abc', 'screenshot'],
    ['docs/images/conference.png', 'screenshot'],
  ])('%s is a %s', (src, kind) => {
    expect(classifyImage(image(src))).toBe(kind);
  });

  it('treats small size attributes and logo alt text as logos, and videos as screenshots', () => {
    expect(classifyImage(image('a.png', { width: '75', height: '75' }))).toBe('logo');
    expect(classifyImage(image('a.png', { width: '20%' }))).toBe('logo');
    expect(classifyImage(image('a.png', { width: '900' }))).toBe('screenshot');
    expect(classifyImage(image('logo-less.png', { alt: "Poor Man's Scheduled Messages logo" }))).toBe('logo');
    expect(classifyImage(image('demo.mp4', { kind: 'video' }))).toBe('screenshot');
  });
});
