// The root of the one shared bundle (dist/index.js). The CLI is loaded eagerly; the
// GitHub adapter (@actions/*, Octokit) is a lazy chunk only actions load, so a CLI run
// never parses it.
export { runCli } from '@mm-review/cli';
export { main } from './cli';

export async function runAction(name: string): Promise<void> {
  const adapter = await import('@mm-review/action');
  await adapter.runAction(name);
}
