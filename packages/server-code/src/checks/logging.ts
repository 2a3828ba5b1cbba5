import { LOGGING_RULES } from '../rules';
import { skipped, type Check, type Finding } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { NO_SERVER_CODE, findingAt, plural, serverCode, sortByLocation, unreadList } from '../code';
import { isPluginApiPackage, type ApiCall, type HookImpl, type ServerProgram } from '../go/program';
import { enclosingFunc, importNames, packageSelectors, skip, type GoFile } from '../go/parse';
import type { GoToken } from '../lex/go';

const RULE = 'logging';
const LOG_METHODS = new Set(['LogError', 'LogWarn', 'LogInfo', 'LogDebug']);
const ERROR_WORDS = /\b(fail(ed|s|ure)?|errors?|unable|could not|couldn't|cannot|can't)\b/i;

export const logging: Check<PluginContext> = {
  id: 'logging',
  requirement: 'technical-2',
  title: 'Logs through the plugin API at sensible levels',
  rules: LOGGING_RULES,
  async run(context) {
    const code = await serverCode(context);
    const { program } = code;
    if (program.files.length === 0)
      return skipped(NO_SERVER_CODE('server logging to review'), `${RULE}/no-server-code`);
    const logCalls = program.calls.filter((call) => call.methods.some((m) => LOG_METHODS.has(m)));
    const bridge = logrusBridge(program);
    const unread = code.server.build.unread;
    const findings: Finding[] = [];
    if (logCalls.length === 0 && !bridge && unread.length === 0) findings.push(noLoggerFinding(program));
    const throwaway = bridge ? throwawayBridge(program, bridge) : undefined;
    if (throwaway) findings.push(throwaway);
    const uses = identifierCounts(program);
    for (const file of program.files)
      findings.push(...outputFindings(file).filter((f) => !inUncalledFunction(file, f, uses)));
    findings.push(...logCalls.flatMap(levelFinding));
    for (const hook of program.hooks) findings.push(...droppedErrorFindings(hook));
    sortByLocation(findings);
    if (logCalls.length === 0 && !bridge && unread.length > 0) {
      return {
        status: 'manual',
        findings,
        summary: `The server code read here never logs through the plugin API, but the plugin's code in ${unreadList(unread)} was not read; a person must check how that code logs.`,
      };
    }
    const summary =
      logCalls.length === 0
        ? bridge
          ? `The server code logs through logrus, sent to the plugin API by pluginapi.${bridge.name}.`
          : 'The server code never logs through the plugin API.'
        : `${plural(logCalls.length, 'call')} to the plugin API's logger${summaryTail(findings)}.`;
    return { findings, summary };
  },
};

function summaryTail(findings: readonly Finding[]): string {
  const reported = findings.filter((f) => f.severity !== 'notice').length;
  if (reported) return `; ${plural(reported, 'finding')} about how the code logs`;
  const levels = findings.filter((f) => f.rule === `${RULE}/error-level`).length;
  return levels
    ? `; ${plural(levels, 'failure')} logged at debug or info level for a person to look at`
    : ', at levels that match what they report';
}

/** `pluginapi.ConfigureLogrus` / `NewLogrusHook`: logrus output goes to the plugin API's logger. */
function logrusBridge(program: ServerProgram): { name: string; file: GoFile; index: number } | undefined {
  for (const file of program.files) {
    const hit = packageSelectors(file, importNames(file, isPluginApiPackage), LOGRUS_BRIDGES)[0];
    if (hit !== undefined) return { name: file.tokens[hit + 2]?.text ?? '', file, index: hit };
  }
  return undefined;
}

const LOGRUS = 'github.com/sirupsen/logrus';
const LOGRUS_LOGGING =
  /^(Trace|Debug|Info|Print|Warn|Warning|Error|Fatal|Panic)(f|ln)?$|^With(Error|Field|Fields|Context)$/;

/**
 * `ConfigureLogrus(logrus.New(), client)` while the code logs through logrus' package-level
 * functions: the bridge is set up on a logger nobody uses, so the messages go to stderr.
 */
function throwawayBridge(
  program: ServerProgram,
  bridge: { name: string; file: GoFile; index: number },
): Finding | undefined {
  const { file, index } = bridge;
  const open = index + 3;
  if (bridge.name !== 'ConfigureLogrus' || file.tokens[open]?.text !== '(') return undefined;
  const logrus = importNames(file, (p) => p === LOGRUS);
  let first = file.tokens
    .slice(open + 1, open + 6)
    .map((t) => t.text)
    .join('');
  // `logger := logrus.New()` … `ConfigureLogrus(logger, client)`: the variable's value.
  const variable = file.tokens[open + 1];
  if (variable?.kind === 'ident' && file.tokens[open + 2]?.text === ',') {
    for (let i = open - 1; i >= 0 && open - i < 2000; i--) {
      if (
        file.tokens[i]?.text === variable.text &&
        /^:?=$/.test(file.tokens[i + 1]?.text ?? '') &&
        file.tokens[i - 1]?.text !== '.'
      ) {
        first = file.tokens
          .slice(i + 2, i + 7)
          .map((t) => t.text)
          .join('');
        break;
      }
    }
  }
  if (![...logrus].some((name) => first.startsWith(`${name}.New()`))) return undefined;
  const packageLevel = program.files.flatMap((f) =>
    packageSelectors(
      f,
      importNames(f, (p) => p === LOGRUS),
      (name) => LOGRUS_LOGGING.test(name),
    ).map((i) => ({ f, i })),
  )[0];
  if (!packageLevel) return undefined;
  const where = `${packageLevel.f.path}:${packageLevel.f.lines.position((packageLevel.f.tokens[packageLevel.i] as GoToken).offset).line}`;
  return findingAt(
    file,
    (file.tokens[index] as GoToken).offset,
    'warning',
    `${RULE}/throwaway-bridge`,
    `pluginapi.ConfigureLogrus is given a new logrus.New() logger, but the code logs through logrus' package-level functions (e.g. ${where}), which that bridge never sees: those messages go to the plugin's standard error, outside the server log. Pass logrus.StandardLogger() instead, or log through the logger you configure.`,
  );
}

const LOGRUS_BRIDGES = new Set(['ConfigureLogrus', 'NewLogrusHook']);

function noLoggerFinding(program: ServerProgram): Finding {
  const message =
    "The server code never logs through the plugin API (p.API.LogError / LogWarn / LogInfo / LogDebug, or pluginapi's client.Log), so administrators see nothing of what it does in the server log; log failures with LogError and important events with LogInfo.";
  const anchor = program.files.flatMap((file) =>
    file.structs.filter((s) => program.pluginTypes.has(s.name)).map((s) => ({ file, s })),
  )[0];
  return anchor
    ? findingAt(anchor.file, anchor.s.offset, 'error', `${RULE}/no-plugin-logger`, message)
    : { severity: 'error', rule: `${RULE}/no-plugin-logger`, message, file: program.files[0]?.path ?? 'server' };
}

const FMT_PRINT = new Set(['Print', 'Printf', 'Println']);
const LOG_PRINT = (name: string): boolean => /^(Print|Fatal|Panic)(f|ln)?$/.test(name);
const STD_STREAMS = new Set(['Stdout', 'Stderr']);

/** Output that bypasses the server log: fmt.Print*, log.Print* / Fatal* / Panic*, println, os.Stdout / os.Stderr. */
function outputFindings(file: GoFile): Finding[] {
  const findings: Finding[] = [];
  const fix =
    'log through p.API.LogError / LogWarn / LogInfo / LogDebug instead, so the message reaches the server log with a level and the plugin id';
  for (const i of packageSelectors(
    file,
    importNames(file, (p) => p === 'fmt'),
    FMT_PRINT,
  ).filter((i) => !inCommandLineMode(file, i))) {
    findings.push(
      selectorFinding(
        file,
        i,
        `writes to the plugin process's standard output, which the server does not log as the plugin's messages; ${fix}.`,
      ),
    );
  }
  for (const i of packageSelectors(
    file,
    importNames(file, (p) => p === 'log'),
    LOG_PRINT,
  ).filter((i) => !inCommandLineMode(file, i))) {
    const name = file.tokens[i + 2]?.text ?? '';
    const extra = /^Fatal/.test(name)
      ? ' and exits the plugin process, which the server then restarts'
      : /^Panic/.test(name)
        ? ' and panics the plugin process'
        : '';
    findings.push(
      selectorFinding(file, i, `writes through Go's standard logger, outside the server log${extra}; ${fix}.`),
    );
  }
  for (const i of packageSelectors(
    file,
    importNames(file, (p) => p === 'os'),
    STD_STREAMS,
  ).filter((i) => !inCommandLineMode(file, i))) {
    findings.push(
      selectorFinding(
        file,
        i,
        `writes to the plugin process's ${file.tokens[i + 2]?.text === 'Stdout' ? 'standard output' : 'standard error'} directly; ${fix}.`,
      ),
    );
  }
  const { tokens } = file;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i] as GoToken;
    if (token.kind !== 'ident' || (token.text !== 'println' && token.text !== 'print') || tokens[i + 1]?.text !== '(')
      continue;
    const before = tokens[i - 1]?.text;
    if (before === '.' || before === 'func' || inCommandLineMode(file, i)) continue;
    findings.push(
      findingAt(
        file,
        token.offset,
        'warning',
        `${RULE}/stdout`,
        `${token.text}(…) writes to standard error outside the server log; ${fix}.`,
      ),
    );
  }
  return findings;
}

/**
 * Output in `func main` of the main package, or in a main-package function that ends the
 * process with os.Exit: the binary's command-line mode (a schema check, a demo), run before
 * or instead of the plugin, where standard output is the right place.
 */
/** How often each identifier appears across the server code read. */
function identifierCounts(program: ServerProgram): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of program.files)
    for (const token of file.tokens)
      if (token.kind === 'ident') counts.set(token.text, (counts.get(token.text) ?? 0) + 1);
  return counts;
}

/**
 * A finding inside a top-level function that nothing in the plugin's code names (its only
 * occurrence is its own declaration): code of an imported package that only a tool calls.
 */
function inUncalledFunction(file: GoFile, finding: Finding, counts: ReadonlyMap<string, number>): boolean {
  const line = finding.line ?? 0;
  const func = file.funcs.find(
    (f) =>
      f.bodyStart !== -1 &&
      file.lines.position(f.offset).line <= line &&
      line <= file.lines.position((file.tokens[f.bodyEnd] as GoToken).offset).line,
  );
  if (!func || func.receiverType || func.name === 'main' || func.name === 'init') return false;
  return (counts.get(func.name) ?? 0) <= 1;
}

function inCommandLineMode(file: GoFile, i: number): boolean {
  if (file.packageName !== 'main') return false;
  const func = enclosingFunc(file, i);
  if (!func || func.receiverType) return false;
  if (func.name === 'main') return true;
  const body = file.tokens.slice(func.bodyStart, func.bodyEnd);
  return body.some((t, k) => t.text === 'Exit' && body[k - 1]?.text === '.' && body[k - 2]?.text === 'os');
}

function selectorFinding(file: GoFile, i: number, what: string): Finding {
  const token = file.tokens[i] as GoToken;
  return findingAt(
    file,
    token.offset,
    'warning',
    `${RULE}/stdout`,
    `${token.text}.${file.tokens[i + 2]?.text} ${what}`,
  );
}

/** LogDebug / LogInfo with an error value and a message that reports a failure. */
function levelFinding(call: ApiCall): Finding[] {
  const level = call.methods.find((m) => m === 'LogDebug' || m === 'LogInfo');
  if (!level) return [];
  const { tokens } = call.file;
  const open = call.index + 1;
  const close = call.file.match[open] ?? -1;
  const args = tokens.slice(open + 1, close === -1 ? tokens.length : close);
  const message = args.find((t) => t.kind === 'string');
  const carriesError = args.some(
    (t, k) =>
      (t.kind === 'ident' && /^err(or)?$|Err$/.test(t.text)) || (t.text === 'Error' && args[k - 1]?.text === '.'),
  );
  if (!message?.value || !ERROR_WORDS.test(message.value) || !carriesError) return [];
  return [
    findingAt(
      call.file,
      call.offset,
      'notice',
      `${RULE}/error-level`,
      `${call.written}("${message.value}", …) reports a failure at ${level === 'LogDebug' ? 'debug' : 'info'} level, where administrators filtering on errors do not see it; if the failure needs an administrator's attention (not an expected fallback), log it with ${call.written.replace(/(Log)?(Debug|Info)$/, (_, log: string | undefined) => (log ? 'LogError' : 'Error'))}.`,
    ),
  ];
}

const BUILTINS = new Set([
  'len',
  'cap',
  'string',
  'int',
  'int64',
  'bool',
  'float64',
  'byte',
  'rune',
  'append',
  'make',
  'new',
]);

/**
 * Whether an `if err != nil` block does something with the failure: mentions the error
 * (returns, wraps or logs it), calls anything (a logger, an ephemeral post, an HTTP error,
 * a response helper) or builds a value (a slash-command response, an error struct).
 * Only a bare `return`, `return nil` or `return false` drops it.
 */
function handsOn(block: readonly GoToken[]): boolean {
  return block.some((t, k) => {
    if (t.kind === 'ident' && /^(err|appErr|e)$|Err(or)?$/.test(t.text)) return true;
    if (t.text === '(' && block[k - 1]?.kind === 'ident' && !BUILTINS.has(block[k - 1]?.text ?? '')) return true;
    if (t.text === '{' && (block[k - 1]?.kind === 'ident' || block[k - 1]?.text === ']')) return true;
    return t.kind === 'string';
  });
}

/**
 * In a hook, `if err != nil { … return … }` whose block neither returns, wraps, logs nor
 * reports the error to the user: the failure vanishes.
 */
function droppedErrorFindings(hook: HookImpl): Finding[] {
  const { file, func } = hook;
  const { tokens } = file;
  const findings: Finding[] = [];
  for (let i = func.bodyStart + 1; i < func.bodyEnd; i++) {
    if (tokens[i]?.text !== 'if' || tokens[i]?.kind !== 'keyword') continue;
    // The block of `if err != nil {` or `if _, err := f(); err != nil {`.
    let open = i + 1;
    while (open < func.bodyEnd && tokens[open]?.text !== '{') open = skip(file, open);
    if (tokens[open - 3]?.text !== 'err' || tokens[open - 2]?.text !== '!=' || tokens[open - 1]?.text !== 'nil')
      continue;
    const close = file.match[open] ?? -1;
    if (close === -1) continue;
    const block = tokens.slice(open + 1, close);
    const returns = block.some((t) => t.text === 'return');
    if (returns && !handsOn(block)) {
      findings.push(
        findingAt(
          file,
          (tokens[i] as GoToken).offset,
          'warning',
          `${RULE}/error-dropped`,
          `In the hook ${func.name}, this error is dropped: the block returns without returning, wrapping, logging or reporting it to the user. Log it with p.API.LogError("…", "err", err.Error()) before returning.`,
        ),
      );
    }
  }
  return findings;
}
