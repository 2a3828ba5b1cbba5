import path from 'node:path';
import { runAction } from './main';

/**
 * The entry for GitHub's `@github/local-action`, which runs an action's TypeScript sources
 * with its own stand-in for `@actions/core` and calls an exported `run()`:
 *
 *   npx local-action run actions/review packages/action/src/local-action.ts .env
 *
 * The action is the one whose directory local-action was given (TARGET_ACTION_PATH), or
 * MM_REVIEW_ACTION.
 */
export async function run(): Promise<void> {
  const name = process.env.MM_REVIEW_ACTION || path.basename(process.env.TARGET_ACTION_PATH ?? '');
  await runAction(name);
}
