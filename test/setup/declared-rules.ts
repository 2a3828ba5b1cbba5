// Installed for the unit and corpus tests (jest.config.js setupFilesAfterEnv): a check that
// returns a finding of a rule it does not declare fails the test that ran it, as ESLint's
// RuleTester fails on an unknown messageId. Every rule is declared once, next to its check.
import { setUndeclaredRuleHandler } from '@mm-review/core';

setUndeclaredRuleHandler((checkId, finding) => {
  throw new Error(
    `check ${checkId} returned a finding of rule "${finding.rule}", which it does not declare; add it to the check's rules with a severity and a description`,
  );
});
