import { InputError } from '@mm-review/core';
import { parseSubmission } from '@mm-review/suite';
import type { ActionIO } from '../io';

/** Reads the submission issue of the event into outputs a workflow can check out. */
export async function run(io: ActionIO): Promise<void> {
  const issue = io.event()?.issue as (Parameters<typeof parseSubmission>[0] & { number?: number }) | undefined;
  if (!issue) throw new InputError('parse-submission runs on issues events; this event has no issue');
  const submission = parseSubmission(issue);
  io.setOutput('repository', submission.repository);
  io.setOutput('ref', submission.ref);
  io.setOutput('mode', submission.mode);
  io.setOutput('source', submission.source);
  io.info(
    `submission: ${submission.repository}${submission.ref ? `@${submission.ref}` : ' (default branch)'}, ${submission.mode} mode`,
  );
}
