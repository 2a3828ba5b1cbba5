import { redactDeep } from './secrets';
import {
  countStatuses,
  type BaselineSummary,
  type Suppressed,
  statusFromFindings,
  type CheckResult,
  type DatabaseInfo,
  type Finding,
  type Mode,
  type PluginInfo,
  type Report,
  type Status,
  type ToolInfo,
} from './model';
import { isDeclared, registerRules, reportUndeclaredRule, type RuleDefinitions } from './rules';

/** What a check returns; the runner fills in id, requirement and title. */
export interface CheckOutcome {
  /** Defaults to the status the findings imply (error → fail, warning → warn, else pass). */
  status?: Status;
  summary?: string;
  findings: Finding[];
}

export interface RunOptions {
  mode: Mode;
  beta: boolean;
}

/** One check of docs/architecture.md §4: a small module that turns a context into findings. */
export interface Check<Context> {
  id: string;
  requirement: string | null;
  /** The checklist item in update mode when it differs (`release-notes`: product-4, update-3). */
  updateRequirement?: string;
  title: string;
  /** The modes the check runs in; in other modes it is reported as `skip`. Default: every mode. */
  modes?: readonly Mode[];
  /** Every rule the check can emit, declared once (see RuleDefinition). */
  rules?: RuleDefinitions;
  run(context: Context, options: RunOptions): Promise<CheckOutcome> | CheckOutcome;
}

/**
 * Requirements the Marketplace still enforces for Beta plugins (docs/mattermost.md §1):
 * security review, functional requirements, product items 1, 2, 3 and 5. Checks
 * outside the checklist (null) and the update rules are never relaxed.
 */
export function requiredForBeta(requirement: string | null): boolean {
  if (requirement === null) return true;
  if (/^(security|functional|update)-/.test(requirement) || requirement === 'update-id') return true;
  return ['product-1', 'product-2', 'product-3', 'product-5'].includes(requirement);
}

export function skipped(reason: string, rule: string): CheckOutcome {
  return { status: 'skip', summary: reason, findings: [{ severity: 'notice', rule, message: reason }] };
}

/**
 * Runs checks in order against one shared context; a check may rely on what an earlier
 * one left in the context. A check that throws is reported as failed with the error's
 * message rather than taking the whole run down.
 */
export async function runChecks<Context>(
  checks: readonly Check<Context>[],
  context: Context,
  options: RunOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(check, context, options));
  return results;
}

/**
 * Runs independent checks concurrently, so their file reads and lazy module loads overlap
 * (work they share must be memoised in the context), returning results in the order given.
 */
export function runChecksConcurrently<Context>(
  checks: readonly Check<Context>[],
  context: Context,
  options: RunOptions,
): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runCheck(check, context, options)));
}

async function runCheck<Context>(check: Check<Context>, context: Context, options: RunOptions): Promise<CheckResult> {
  registerRules(check.id, check.rules);
  const requirement =
    options.mode === 'update' && check.updateRequirement ? check.updateRequirement : check.requirement;
  const base = { id: check.id, requirement, title: check.title };
  if (check.modes && !check.modes.includes(options.mode)) {
    const reason = `Applies only in ${check.modes.join(' / ')} mode; this review runs in ${options.mode} mode.`;
    return { ...base, status: 'skip', summary: reason, findings: [] };
  }
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(context, options);
  } catch (error) {
    outcome = {
      status: 'fail',
      findings: [
        {
          severity: 'error',
          rule: `${check.id}/internal-error`,
          message: `The ${check.id} check stopped on an unexpected error (${(error as Error).message}); please report it with the input that caused it.`,
        },
      ],
    };
  }
  for (const finding of outcome.findings)
    if (!isDeclared(check.id, check.rules, finding.rule)) reportUndeclaredRule(check.id, finding);
  const result: CheckResult = {
    ...base,
    status: outcome.status ?? statusFromFindings(outcome.findings),
    findings: outcome.findings,
  };
  if (outcome.summary !== undefined) result.summary = outcome.summary;
  return options.beta && !requiredForBeta(requirement) ? relaxForBeta(result) : result;
}

function relaxForBeta(result: CheckResult): CheckResult {
  if (result.status !== 'fail') return result;
  return {
    ...result,
    status: 'warn',
    summary: `Not required for Beta plugins${result.summary ? `; ${result.summary}` : ''}`,
    findings: result.findings.map((f) => (f.severity === 'error' ? { ...f, severity: 'warning' } : f)),
  };
}

export interface ReportInput {
  tool: ToolInfo;
  command: string;
  mode: Mode;
  beta: boolean;
  plugin?: PluginInfo;
  database?: DatabaseInfo;
  checks: CheckResult[];
  suppressed?: Suppressed;
  baseline?: BaselineSummary;
}

export function buildReport(input: ReportInput): Report {
  const counts = countStatuses(input.checks);
  const report: Report = {
    schemaVersion: 1,
    tool: input.tool,
    command: input.command,
    mode: input.mode,
    beta: input.beta,
    result: counts.fail > 0 ? 'fail' : 'pass',
    counts,
    checks: input.checks,
  };
  if (input.plugin) report.plugin = input.plugin;
  if (input.database) report.database = input.database;
  if (input.suppressed) report.suppressed = input.suppressed;
  if (input.baseline) report.baseline = input.baseline;
  return redactDeep(report);
}

export type FailOn = 'fail' | 'warn' | 'never';

/** Whether a report should make the step (or the CLI) fail under the `fail-on` policy. */
export function shouldFail(report: Report, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return report.counts.fail > 0 || report.counts.warn > 0;
  return report.counts.fail > 0;
}

/** Memoises expensive work (parsing the manifest, reading the README) shared by several checks. */
export class Memo {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, compute: () => Promise<T> | T): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = Promise.resolve().then(compute);
      this.values.set(key, value);
    }
    return value;
  }
}
