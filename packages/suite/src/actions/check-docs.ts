import { documentationCheck, issueTrackerDocsPart } from '@mm-review/docs';
import { createIssueTrackerCheck } from '@mm-review/plugin';
import type { PluginActionDefinition } from '../definition';

export const checkDocs: PluginActionDefinition = {
  name: 'check-docs',
  description:
    'Check that the plugin documentation has a screenshot, a feature list, a development guide and the usual sections.',
  checks: [documentationCheck, createIssueTrackerCheck([issueTrackerDocsPart])],
};
