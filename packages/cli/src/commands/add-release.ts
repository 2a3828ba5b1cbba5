import { InputError } from '@mm-review/core';
import type { CliIO } from '../main';

// Placeholder replaced by the add-release work in progress; never committed in this form.
export const usage = '';
export async function run(_args: string[], _io: CliIO): Promise<number> {
  throw new InputError('add-release is not available in this build');
}
