#!/usr/bin/env node
// Renders the review's job summary for the example plugin the way GitHub shows Markdown
// and captures it with headless Chromium (Debian's chromium package) for the README:
//   node scripts/screenshot-summary.mjs [docs/images/job-summary.png]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'docs/images/job-summary.png');
const temp = mkdtempSync(path.join(tmpdir(), 'mm-review-shot-'));
try {
  const summary = path.join(temp, 'summary.md');
  const output = path.join(temp, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  execFileSync(process.execPath, [path.join(root, 'dist/actions/review.js')], {
    cwd: root,
    env: {
      ...process.env,
      GITHUB_WORKSPACE: root,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: temp,
      INPUT_PATH: 'examples/demo-plugin',
      'INPUT_FAIL-ON': 'never',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'mm-review/mattermost-plugin-weather',
      GITHUB_SHA: 'main',
    },
    stdio: 'ignore',
  });
  // GitHub renders "- [x]" as a disabled checkbox; markdown-it has no task lists, so do the same here.
  const body = new MarkdownIt({ html: true, linkify: true })
    .render(readFileSync(summary, 'utf8'))
    .replace(
      /<li>(\s*<p>)?\[( |x)\]/g,
      (_m, p = '', mark) => `<li class="task">${p}<input type="checkbox" disabled${mark === 'x' ? ' checked' : ''}>`,
    );
  const html = `<!doctype html><meta charset="utf-8"><style>
    body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
    main { max-width: 900px; margin: 16px auto; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 24px 16px; }
    h2 { border-bottom: 1px solid #d8dee4; padding-bottom: .3em; font-size: 1.5em; } h3 { font-size: 1.15em; margin-top: 1.2em; }
    table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 4px 10px; }
    code { background: #eff1f3; padding: .1em .35em; border-radius: 4px; font-size: 85%; } sub { color: #59636e; }
    ul { padding-left: 1.4em; } li.task { list-style: none; margin-left: -1.2em; } li.task input { margin-right: .4em; } li { margin: 3px 0; } details summary { color: #0969da; cursor: pointer; } a { color: #0969da; text-decoration: none; }
  </style><main>${body}</main>`;
  const page = path.join(temp, 'summary.html');
  writeFileSync(page, html);
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(temp, 'profile')}`,
      '--hide-scrollbars',
      '--window-size=960,1100',
      `--screenshot=${out}`,
      `file://${page}`,
    ],
    { stdio: 'ignore' },
  );
  console.log(`screenshot: ${path.relative(root, out)}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
