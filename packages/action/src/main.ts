import * as core from '@actions/core';
import { InputError } from '@mm-review/core';
import type { Services } from '@mm-review/plugin';
import { PLUGIN_COMMANDS } from '@mm-review/suite';
import { createActionIO, type ActionIO } from './io';

type Handler = { run(io: ActionIO): Promise<void> };

/** Every action is a handler that gets an ActionIO and owns its flow. */
const HANDLERS: Record<string, (services: Partial<Services>) => Promise<Handler>> = {
  'validate-database': () => import('./handlers/validate-database'),
  'add-release': () => import('./handlers/add-release'),
  'parse-submission': () => import('./handlers/parse-submission'),
};

async function handlerFor(name: string, services: Partial<Services>): Promise<Handler> {
  const handler = HANDLERS[name];
  if (handler) return handler(services);
  if ((PLUGIN_COMMANDS as readonly string[]).includes(name))
    return (await import('./handlers/plugin-review')).pluginReview(name, services);
  throw new InputError(`unknown action ${name}`);
}

/** The entry of every action: dispatch to its handler; an input error fails the step with one line. */
export async function runAction(name: string, services: Partial<Services> = {}): Promise<void> {
  try {
    await (await handlerFor(name, services)).run(createActionIO());
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : `unexpected error: ${(error as Error).message}`);
  }
}
