import type { Finding, Severity } from './model';

/**
 * One rule of a check, declared once next to the check (as an ESLint rule's `meta`):
 * the `rules` command, the rule docs under docs/rules/, SARIF's rule metadata and the
 * configuration file all read it. A finding's `rule` must be a declared rule id.
 */
export interface RuleDefinition {
  /** The severity the rule's findings usually carry (the configuration can change it). */
  severity: Severity;
  /** One sentence: what the rule catches. */
  description: string;
  /** Why the Marketplace (or the server) cares, for the rule docs. */
  rationale?: string;
  /** How to fix what it reports, for the rule docs. */
  fix?: string;
  /** A short example of what it reports (a manifest line, a code line), for the rule docs. */
  example?: string;
}

/** Rule declarations of a check, keyed by the full rule id (`manifest/id-pattern`). */
export type RuleDefinitions = Readonly<Record<string, RuleDefinition>>;

/** Where the generated rule pages live (docs/rules/<check>.md, one anchor per rule). */
export const RULE_DOCS_BASE = 'https://github.com/mm-review/mm-review/blob/main/docs/rules';

/** A declared rule with the check that declares it. */
export interface DeclaredRule extends RuleDefinition {
  id: string;
  check: string;
  helpUri: string;
}

/** Every check may stop on an unexpected error; the runner reports it under this rule. */
export function internalErrorRule(checkId: string): DeclaredRule {
  const id = `${checkId}/internal-error`;
  return {
    id,
    check: checkId,
    severity: 'error',
    description: 'The check stopped on an unexpected error instead of giving a verdict.',
    rationale: 'A verdict the tool could not reach must not pass silently.',
    fix: 'Report the error with the input that caused it; the rest of the review is unaffected.',
    helpUri: ruleHelpUri(checkId, id),
  };
}

/** The anchor of a rule on its check's page: the part after `<check>/`. */
export function ruleAnchor(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return (slash === -1 ? ruleId : ruleId.slice(slash + 1)).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** The check a rule id belongs to: the part before the first `/`. */
export function checkOfRule(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(0, slash);
}

export function ruleHelpUri(checkId: string, ruleId: string): string {
  return `${RULE_DOCS_BASE}/${checkId}.md#${ruleAnchor(ruleId)}`;
}

/**
 * The rules of the checks that ran in this process, so every renderer (SARIF's rule
 * metadata, the Markdown links) can describe a finding's rule without the report carrying
 * the declarations. The runner fills it; nothing else writes to it.
 */
const known = new Map<string, DeclaredRule>();

export function registerRules(checkId: string, rules: RuleDefinitions | undefined): void {
  if (!rules) return;
  for (const [id, definition] of Object.entries(rules)) {
    if (!known.has(id)) known.set(id, { ...definition, id, check: checkId, helpUri: ruleHelpUri(checkOfRule(id), id) });
  }
}

/** The declaration of a rule, when a check that declares it has run (or been registered). */
export function declaredRule(ruleId: string): DeclaredRule | undefined {
  const rule = known.get(ruleId);
  if (rule) return rule;
  if (ruleId.endsWith('/internal-error')) return internalErrorRule(checkOfRule(ruleId));
  return undefined;
}

/** Whether a check declares the rule of a finding it returned. */
export function isDeclared(checkId: string, rules: RuleDefinitions | undefined, ruleId: string): boolean {
  return (
    ruleId === `${checkId}/internal-error` ||
    (rules !== undefined && Object.prototype.hasOwnProperty.call(rules, ruleId))
  );
}

/**
 * Called when a check returns a finding whose rule it does not declare. By default
 * nothing happens at run time (the finding is still reported); the test setup installs a
 * handler that throws, so every unit, corpus and end-to-end run proves the declarations
 * complete, as ESLint's RuleTester does with an unknown messageId.
 */
export type UndeclaredRuleHandler = (checkId: string, finding: Finding) => void;
let onUndeclared: UndeclaredRuleHandler | undefined;

export function setUndeclaredRuleHandler(handler: UndeclaredRuleHandler | undefined): void {
  onUndeclared = handler;
}

export function reportUndeclaredRule(checkId: string, finding: Finding): void {
  onUndeclared?.(checkId, finding);
}
