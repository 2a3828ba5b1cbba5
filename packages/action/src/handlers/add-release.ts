import { InputError } from '@mm-review/core';
import type { ActionIO } from '../io';

// Placeholder replaced by the add-release work in progress; never committed in this form.
export async function run(_io: ActionIO): Promise<void> {
  throw new InputError('add-release is not available in this build');
}
