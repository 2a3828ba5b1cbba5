/** The runner variables the adapter reads; nothing else in the suite reads `process.env` for them. */
export const RUNNER_VARIABLES = [
  'GITHUB_WORKSPACE',
  'GITHUB_REPOSITORY',
  'GITHUB_SERVER_URL',
  'GITHUB_API_URL',
  'GITHUB_SHA',
  'GITHUB_EVENT_PATH',
  'GITHUB_STEP_SUMMARY',
  'RUNNER_TEMP',
] as const;
export type RunnerEnv = Readonly<Partial<Record<(typeof RUNNER_VARIABLES)[number], string>>>;

/** The runner variables, read once; empty values count as unset. */
export function readRunnerEnv(env: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const out: Partial<Record<(typeof RUNNER_VARIABLES)[number], string>> = {};
  for (const name of RUNNER_VARIABLES) if (env[name]) out[name] = env[name];
  return out;
}
