import { InputError } from '@mm-review/core';
import type { ActionIO } from '../io';

// Placeholder replaced by the validate-database work in progress; never committed in this form.
export async function run(_io: ActionIO): Promise<void> {
  throw new InputError('validate-database is not available in this build');
}
