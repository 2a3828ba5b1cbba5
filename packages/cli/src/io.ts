import type { Services } from '@mm-review/plugin';

/** What the CLI reads and writes, so tests run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  cwd: string;
  services?: Partial<Services>;
}
