#!/usr/bin/env node
// Runs the review action from its TypeScript sources under GitHub's @github/local-action
// (which stands in for @actions/core), offline: the GitHub API is a loopback stub that
// answers the repository and release lookups and 404s the rest. Fails unless the action passes on the
// example plugin, writes its job summary, and asked the stub (never the internet).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temp = mkdtempSync(path.join(tmpdir(), 'mm-review-local-action-'));
const requests = [];
const server = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.setHeader('content-type', 'application/json');
  if (req.method === 'GET' && req.url === '/repos/mm-review/mattermost-plugin-weather') {
    res.writeHead(200).end(
      JSON.stringify({
        full_name: 'mm-review/mattermost-plugin-weather',
        private: false,
        visibility: 'public',
        has_issues: true,
        html_url: 'https://github.com/mm-review/mattermost-plugin-weather',
        default_branch: 'master',
      }),
    );
  } else if (req.method === 'GET' && req.url === '/repos/mm-review/mattermost-plugin-weather/releases/tags/v1.2.0') {
    res.writeHead(200).end(
      JSON.stringify({
        tag_name: 'v1.2.0',
        name: 'v1.2.0',
        draft: false,
        prerelease: false,
        body: '### Added\n- Daily post.',
        html_url: 'https://github.com/mm-review/mattermost-plugin-weather/releases/tag/v1.2.0',
        published_at: '2026-11-02T00:00:00Z',
        assets: [],
      }),
    );
  } else {
    res.writeHead(404).end(JSON.stringify({ message: 'Not Found' }));
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const api = `http://127.0.0.1:${server.address().port}`;

const summary = path.join(temp, 'summary.md');
const outputFile = path.join(temp, 'output');
writeFileSync(summary, '');
writeFileSync(outputFile, '');
const envFile = path.join(temp, 'review.env');
writeFileSync(
  envFile,
  [
    'INPUT_PATH=examples/demo-plugin',
    'INPUT_MODE=new',
    'INPUT_BETA=false',
    'INPUT_FAIL-ON=fail',
    'INPUT_COMMENT=false',
    'INPUT_GITHUB-TOKEN=ghs_local_action',
    'INPUT_SARIF-CATEGORY=mm-review-local',
    `GITHUB_API_URL=${api}`,
    'GITHUB_REPOSITORY=mm-review/mattermost-plugin-weather',
    `GITHUB_STEP_SUMMARY=${summary}`,
    `GITHUB_OUTPUT=${outputFile}`,
    `RUNNER_TEMP=${temp}`,
    `GITHUB_WORKSPACE=${root}`,
    '',
  ].join('\n'),
);

const bin = path.join(root, 'node_modules/@github/local-action/bin/local-action.js');
const args = [bin, 'run', 'actions/review', '../../packages/action/src/local-action.ts', envFile];
const env = { ...process.env };
for (const key of Object.keys(env))
  if (key.startsWith('GITHUB_') || key.startsWith('INPUT_') || key.startsWith('RUNNER_')) delete env[key];
const result = await new Promise((resolve) => {
  execFile(
    process.execPath,
    args,
    { cwd: root, env, timeout: 600_000, maxBuffer: 32 * 1024 * 1024 },
    (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
  );
});
server.close();

const problems = [];
const output = `${result.stdout}\n${result.stderr}`;
if (result.code !== 0) problems.push(`local-action exited with ${result.code}`);
if (!/::set-output name=result::pass/.test(result.stdout)) problems.push('the review did not set result=pass');
if (!/review of com\.github\.mm-review\.weather/.test(readFileSync(summary, 'utf8')))
  problems.push('the job summary was not written');
if (!requests.includes('GET /repos/mm-review/mattermost-plugin-weather'))
  problems.push(`the stub GitHub API was not asked for the repository (requests: ${requests.join(', ') || 'none'})`);
const sarifPath = /::set-output name=sarif::(.+)/.exec(result.stdout)?.[1]?.trim();
if (!sarifPath || JSON.parse(readFileSync(sarifPath, 'utf8')).runs[0].automationDetails?.id !== 'mm-review-local/')
  problems.push('the SARIF file does not carry the sarif-category input');
rmSync(temp, { recursive: true, force: true });
if (problems.length) {
  console.error(output);
  console.error(`local-action smoke: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(
  `local-action smoke: review passed under @github/local-action against the stub API (${requests.length} requests)`,
);
