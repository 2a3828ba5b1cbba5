import { describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workspace } from '@mm-review/core';
import MarkdownIt from 'markdown-it';
import { PluginContext, defaultServices, flattenDeepNesting, parseMarkdownDocument } from '../src/index';

describe('parseMarkdownDocument: the one configuration', () => {
  it('keeps raw HTML: HTML blocks are tokens, and headings, links and images in them are found', async () => {
    const doc = await parseMarkdownDocument(
      'README.md',
      '<h2 id="top">Features</h2>\n\n<p><a href="docs/x.md"><img src="shot.png" alt="Shot"></a></p>\n',
    );
    expect(doc.tokens.map((t) => t.type)).toEqual(['html_block', 'html_block']);
    expect(doc.headings.map((h) => [h.kind, h.level, h.text, h.line, h.column, h.slug])).toEqual([
      ['html', 2, 'Features', 1, 1, 'features'],
    ]);
    expect(doc.links.map((l) => [l.kind, l.href, l.line, l.column])).toEqual([['html', 'docs/x.md', 3, 4]]);
    expect(doc.structure.images.map((i) => [i.kind, i.src, i.alt, i.linkHref, i.line])).toEqual([
      ['html-img', 'shot.png', 'Shot', 'docs/x.md', 3],
    ]);
    expect([...doc.structure.anchors]).toEqual(['top', 'features']);
  });

  it('keeps link destinations as written: not percent-encoded, not punycoded, not refused', async () => {
    const text = [
      '[space](<docs/my guide.md>)',
      '[umlaut](https://bücher.example/straße?q=ä)',
      '[escaped](docs/a%20b.md)',
      '[script](javascript:alert(1))',
      '![data](data:image/png;base64,AAAA)',
      '',
    ].join('\n\n');
    const doc = await parseMarkdownDocument('README.md', text);
    expect(doc.links.map((l) => [l.href, l.line])).toEqual([
      ['docs/my guide.md', 1],
      ['https://bücher.example/straße?q=ä', 3],
      ['docs/a%20b.md', 5],
      ['javascript:alert(1)', 7],
    ]);
    expect(doc.structure.images.map((i) => i.src)).toEqual(['data:image/png;base64,AAAA']);
  });

  it('flattens nesting past markdown-it’s limit, so the rest of the document is still read', async () => {
    const deep = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const quotes = `${'> '.repeat(200)}quoted`;
    const text = `# Title\n\n${deep}\n\n${quotes}\n\n## After\n\nText.\n`;
    const doc = await parseMarkdownDocument('README.md', text);
    expect(doc.headings.map((h) => [h.text, h.line])).toEqual([
      ['Title', 1],
      ['After', 306],
    ]);
    // Unguarded, markdown-it gives up at its nesting limit and loses the heading after it.
    const unguarded = new MarkdownIt({ html: true }).parse(text, {});
    expect(unguarded.filter((t) => t.type === 'heading_open').map((t) => t.map?.[0])).toEqual([0]);
    // Blanking keeps the length, so every offset, line and column stays where it was.
    expect(flattenDeepNesting(text)).toHaveLength(text.length);
    expect(flattenDeepNesting(text).split('\n')).toHaveLength(text.split('\n').length);
    expect(flattenDeepNesting('- a\n  - b\n')).toBe('- a\n  - b\n');
  });

  it('numbers lines the same with LF, CRLF and a lone CR', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = [
        'Intro',
        '',
        '  ## Setup',
        '',
        'Title',
        '-----',
        '',
        '```',
        '# not a heading',
        '```',
        '',
        '[a](b.md)',
        '',
      ].join(eol);
      const doc = await parseMarkdownDocument('README.md', text);
      expect([eol, doc.headings.map((h) => [h.kind, h.text, h.line, h.column])]).toEqual([
        eol,
        [
          ['atx', 'Setup', 3, 3],
          ['setext', 'Title', 5, 1],
        ],
      ]);
      expect(doc.links.map((l) => [l.href, l.line, l.column])).toEqual([['b.md', 12, 5]]);
      expect([...doc.codeLines()].sort((a, b) => a - b)).toEqual([8, 9, 10]);
      expect(doc.lines.lineText(3)).toBe('  ## Setup');
    }
  });

  it('gives headings GitHub slugs, unique per file, from the text as written', async () => {
    const doc = await parseMarkdownDocument(
      'CHANGELOG.md',
      '# [![CI](https://ci/x.svg)](https://ci) Demo\n\n## 1.2.0  (2024-01-01)\n\n## Usage\n\n## Usage\n',
    );
    expect(doc.headings.map((h) => [h.text, h.slug, h.token])).toEqual([
      ['Demo', 'demo', 0],
      ['1.2.0 (2024-01-01)', '120--2024-01-01', 3],
      ['Usage', 'usage', 6],
      ['Usage', 'usage-1', 9],
    ]);
    expect(doc.tokens[3]?.map).toEqual([2, 3]);
  });

  it('derives the structure once, on first use', async () => {
    const doc = await parseMarkdownDocument('README.md', '# A\n');
    expect(doc.structure).toBe(doc.structure);
    expect(doc.headings).toBe(doc.structure.headings);
  });
});

describe('PluginContext.markdown', () => {
  it('reads through the workspace once per path and limits, and parses once per resolved path', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mm-review-markdown-'));
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'mm-review-elsewhere-'));
    try {
      await writeFile(path.join(elsewhere, 'notes.md'), '# Elsewhere\n');
      await mkdir(path.join(root, 'docs'));
      await writeFile(path.join(root, 'README.md'), '# Demo\n\n## Security\n\nMail security@example.com.\n');
      await writeFile(path.join(root, 'docs', 'big.md'), `# Big\n\n${'x'.repeat(2000)}\n`);
      await symlink(path.join(elsewhere, 'notes.md'), path.join(root, 'docs', 'outside.md'));
      const parsed: string[] = [];
      const context = new PluginContext(
        await Workspace.open(root),
        { mode: 'new', beta: false, offline: true },
        {
          ...defaultServices,
          parseMarkdown: (file, text) => {
            parsed.push(file);
            return parseMarkdownDocument(file, text);
          },
        },
      );
      const [a, b, c] = await Promise.all([
        context.markdown('README.md'),
        context.markdown('./README.md'),
        context.markdown('README.md', { maxBytes: 1024, budget: 'documents' }),
      ]);
      expect(a.ok && b.ok && c.ok).toBe(true);
      if (!a.ok || !b.ok || !c.ok) return;
      expect(b.document).toBe(a.document);
      expect(c.document).toBe(a.document);
      expect(a.document.headings.map((h) => h.text)).toEqual(['Demo', 'Security']);
      expect(parsed).toEqual(['README.md']);
      // The workspace's size caps and symlink rules apply; nothing unread is parsed.
      expect(await context.markdown('docs/big.md', { maxBytes: 1024 })).toMatchObject({
        ok: false,
        reason: 'too-large',
      });
      expect(await context.markdown('docs/outside.md')).toMatchObject({ ok: false, reason: 'outside-root' });
      expect(await context.markdown('docs/none.md')).toMatchObject({ ok: false, reason: 'missing' });
      expect(await context.markdown('docs/big.md')).toMatchObject({ ok: true, path: 'docs/big.md' });
      expect(parsed).toEqual(['README.md', 'docs/big.md']);
    } finally {
      await rm(root, { recursive: true, force: true });
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
