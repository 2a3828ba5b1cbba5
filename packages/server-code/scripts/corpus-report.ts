// Runs the check-server-code checks on every folder of a directory of plugin sources and
// prints, per repository, each check's status and its error / warning findings as JSON
// lines. For judging verdicts by hand: `corpus-report <dir> [repo-substring]`.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Workspace, runChecks } from '@mm-review/core';
import { PluginContext } from '@mm-review/plugin';
import { pluginSources, serverCodeChecks } from '../src/index';

async function main(): Promise<void> {
  const [dir, filter] = process.argv.slice(2);
  if (!dir) throw new Error('usage: corpus-report <dir> [filter]');
  for (const name of readdirSync(dir).sort()) {
    const repo = path.join(dir, name);
    if (!statSync(repo).isDirectory() || (filter && !name.includes(filter))) continue;
    const context = new PluginContext(await Workspace.open(repo), { mode: 'new', beta: false, offline: true });
    const started = Date.now();
    const results = await runChecks(serverCodeChecks, context, { mode: 'new', beta: false });
    const sources = await pluginSources(context);
    const { files: _files, ...build } = { files: 0, ...sources.server.build };
    console.log(
      JSON.stringify({
        repo: name,
        ms: Date.now() - started,
        files: sources.server.files.length,
        build,
        checks: results.map((r) => ({ id: r.id, status: r.status, summary: r.summary, findings: r.findings })),
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
