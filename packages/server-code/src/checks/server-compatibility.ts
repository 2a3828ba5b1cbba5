import { SERVER_COMPATIBILITY_RULES } from '../rules';
import { skipped, type Check, type Finding } from '@mm-review/core';
import type { LoadedManifest, PluginContext } from '@mm-review/plugin';
import { findingAt, plural, readSummary, serverCode, sortByLocation, unreadList, type ServerCode } from '../code';
import type { JsFile } from '../sources';
import {
  API_TABLE,
  HOOK_TABLE,
  WEBAPP_TABLE,
  compareMinor,
  laterMinor,
  lookup,
  minorParts,
  type VersionTable,
} from '../tables';

const RULE = 'server-compatibility';

/** One use of a versioned server feature, located in the code. */
interface Use {
  kind: 'api' | 'hook' | 'webapp';
  file: { path: string; lines: JsFile['lines'] };
  offset: number;
  /** As written in the code (`p.API.KVSetWithOptions`, `client.KV.Set`, `registry.registerX`). */
  written: string;
  /** The table entry the use is checked against. */
  name: string;
  needs: string;
  table: VersionTable;
  /** The tables know only that it exists at `needs`, not since when (webapp methods before 8.0). */
  atMost?: boolean;
  /** For a pluginapi wrapper: the library version whose body was assumed. */
  library?: string;
  /** Called only when the feature exists or behind a version test. */
  guarded?: boolean;
}

export const serverCompatibility: Check<PluginContext> = {
  id: 'server-compatibility',
  requirement: 'functional-2',
  title: 'Code works on every server from min_server_version',
  rules: SERVER_COMPATIBILITY_RULES,
  async run(context) {
    const load = await context.manifest();
    if (!load.found)
      return skipped(
        'No plugin manifest was found, so there is no min_server_version to hold the code to.',
        `${RULE}/no-manifest`,
      );
    const code = await serverCode(context);
    const notices = [...code.server.notices, ...code.webapp.notices];
    if (code.server.files.length === 0 && code.webapp.files.length === 0) {
      const outcome = skipped(
        'No Go server code (no main package calling plugin.ClientMain, no server/ folder) and no webapp/src/**/*.{js,jsx,ts,tsx} source files were found, so there is no code to compare with min_server_version.',
        `${RULE}/no-source`,
      );
      return { ...outcome, findings: [...outcome.findings, ...notices] };
    }
    const uses = collectUses(code);
    const needed = uses
      .filter((use) => !use.atMost)
      .reduce<string | undefined>((max, use) => (max ? laterMinor(max, use.needs) : use.needs), undefined);
    const declared = load.loaded.manifest.min_server_version;
    const findings: Finding[] = [...notices, ...retiredFindings(uses)];

    const read = readSummary(code.server.build, code.server.files.length);
    if (!declared) {
      const summary = needed
        ? `No min_server_version; the code needs at least ${needed}.0.`
        : 'No min_server_version to hold the code to.';
      return {
        findings: [missingMinServerVersion(load.loaded, needed), ...findings],
        summary: `${summary}${read ? ` ${read}` : ''}`,
      };
    }
    if (!minorParts(declared)) {
      const outcome = skipped(
        `min_server_version "${declared}" is not a version, so the code cannot be compared with it (the min-server-version check reports it).`,
        `${RULE}/min-server-version-invalid`,
      );
      return { ...outcome, findings: [...outcome.findings, ...notices] };
    }

    const tooNew = uses.filter((use) => !use.atMost && !use.guarded && compareMinor(use.needs, declared) > 0);
    const guarded = uses.filter((use) => !use.atMost && use.guarded && compareMinor(use.needs, declared) > 0);
    findings.push(...guarded.map((use) => guardedNotice(use, declared)));
    findings.push(...tooNew.map((use) => tooNewFinding(use, declared)));
    const unverified = knownOnlyFromNotice(uses, declared);
    if (unverified) findings.push(unverified);
    sortByLocation(findings);
    const summary = `${summarize(uses, tooNew, declared, needed)}${read ? ` ${read}` : ''}`;
    const { unread } = code.server.build;
    if (unread.length > 0 && !findings.some((f) => f.severity === 'error')) {
      return {
        status: 'manual',
        findings,
        summary: `${summary} The plugin's code in ${unreadList(unread)} was not read: a person must check what it calls against min_server_version ${declared}.`,
      };
    }
    return { findings, summary };
  },
};

function missingMinServerVersion(manifest: LoadedManifest, needed: string | undefined): Finding {
  const needs = needed
    ? `, but its code needs Mattermost ${needed} or later; set "min_server_version": "${needed}.0" (or higher)`
    : '; set min_server_version to the oldest Mattermost version you test the plugin on';
  return {
    severity: 'error',
    rule: `${RULE}/min-server-version-missing`,
    message: `${manifest.file} sets no min_server_version, so the plugin claims to run on every server${needs}.`,
    ...manifest.at('min_server_version'),
  };
}

function collectUses(code: ServerCode): Use[] {
  const uses: Use[] = [];
  for (const call of code.program.calls) {
    // A wrapper that calls several API methods needs the newest of them.
    const versioned = call.methods.flatMap((method) => {
      const needs = lookup(API_TABLE, method);
      return needs ? [{ method, needs }] : [];
    });
    const newest = versioned.reduce<{ method: string; needs: string } | undefined>(
      (max, entry) => (max && compareMinor(max.needs, entry.needs) >= 0 ? max : entry),
      undefined,
    );
    if (!newest) continue;
    const use: Use = {
      kind: 'api',
      file: call.file,
      offset: call.offset,
      written: call.written,
      name: newest.method,
      needs: newest.needs,
      table: API_TABLE,
    };
    if (call.library) use.library = call.library;
    if (guardedByCondition(call.file.tokens, call.index, newest.method)) use.guarded = true;
    uses.push(use);
  }
  for (const hook of code.program.hooks) {
    const needs = lookup(HOOK_TABLE, hook.func.name) as string;
    uses.push({
      kind: 'hook',
      file: hook.file,
      offset: hook.func.offset,
      written: `${hook.func.receiverType}.${hook.func.name}`,
      name: hook.func.name,
      needs,
      table: HOOK_TABLE,
    });
  }
  for (const file of code.webapp.files) uses.push(...registryUses(file));
  return uses;
}

/**
 * The conditions of the `if` statements around token i (innermost first, at most four):
 * `if (registry.registerX) {`, `if (isVersionSupported()) {`, `if semver.GTE(…) {`.
 */
export function enclosingConditions(tokens: readonly { text: string }[], i: number): string[][] {
  const conditions: string[][] = [];
  let depth = 0;
  for (let j = i - 1; j >= 0 && conditions.length < 4 && i - j < 4000; j--) {
    const text = tokens[j]?.text;
    if (text === '}') depth++;
    else if (text === '{' && depth > 0) depth--;
    else if (text === '{') {
      // An unmatched `{`: the block containing i. Read back to the statement start for `if`.
      const condition: string[] = [];
      let parens = 0;
      let k = j - 1;
      for (; k >= 0 && j - k < 200; k--) {
        const t = tokens[k]?.text ?? '';
        if (t === ')' || t === ']') parens++;
        else if ((t === '(' || t === '[') && parens > 0) parens--;
        else if (parens === 0 && (t === ';' || t === '{' || t === '}' || t === 'if')) break;
        condition.unshift(t);
      }
      if (tokens[k]?.text === 'if') conditions.push(condition);
    }
  }
  return conditions;
}

/** An `if` around the call that tests a version or a feature's presence. */
const GUARD_WORDS = /version|support|available|compat|isMin|atLeast|GTE$|^GE$|^LT$/i;

function guardedByCondition(tokens: readonly { text: string }[], i: number, name: string): boolean {
  return enclosingConditions(tokens, i).some(
    (condition) => condition.includes(name) || condition.some((t) => GUARD_WORDS.test(t) && /^[\p{L}_$]/u.test(t)),
  );
}

/**
 * `registry.registerX(` (also `this.registry?.registerX(`), outside comments and strings;
 * calls made only when the method exists (`registry.registerX?.(…)`, `if (registry.registerX)`,
 * `typeof registry.registerX`, `'registerX' in registry`) or behind a version test are guarded.
 */
function registryUses(file: JsFile): Use[] {
  const uses: Use[] = [];
  const { tokens } = file;
  const probed = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i] as JsFile['tokens'][number];
    if (token.kind === 'literal' && /^['"]register\w+['"]$/.test(token.text) && tokens[i + 1]?.text === 'in')
      probed.add(token.text.slice(1, -1));
    if (
      token.kind === 'ident' &&
      /^register/.test(token.text) &&
      (tokens[i - 1]?.text === '.' || tokens[i - 1]?.text === '?.') &&
      tokens[i + 1]?.text !== '(' &&
      tokens[i + 1]?.text !== '?.'
    )
      probed.add(token.text);
  }
  for (let i = 0; i + 3 < tokens.length; i++) {
    const owner = tokens[i];
    const dot = tokens[i + 1];
    const method = tokens[i + 2];
    if (owner?.kind !== 'ident' || !/registry$/i.test(owner.text) || (dot?.text !== '.' && dot?.text !== '?.'))
      continue;
    const optionalCall = tokens[i + 3]?.text === '?.' && tokens[i + 4]?.text === '(';
    const call = tokens[i + 3]?.text === '(' || optionalCall;
    if (method?.kind !== 'ident' || !call) continue;
    const needs = lookup(WEBAPP_TABLE, method.text);
    if (!needs) continue;
    const use: Use = {
      kind: 'webapp',
      file,
      offset: method.offset,
      written: `${owner.text}.${method.text}`,
      name: method.text,
      needs,
      table: WEBAPP_TABLE,
    };
    if (WEBAPP_TABLE.knownOnlyFrom.includes(method.text)) use.atMost = true;
    if (optionalCall || probed.has(method.text) || guardedByCondition(tokens, i, method.text)) use.guarded = true;
    uses.push(use);
  }
  return uses;
}

function guardedNotice(use: Use, declared: string): Finding {
  return findingAt(
    use.file,
    use.offset,
    'notice',
    `${RULE}/guarded-too-new`,
    `${use.written} needs Mattermost ${use.needs}, newer than min_server_version ${declared}, but the code calls it only when it exists or after a version test; check that the plugin still works without it on older servers.`,
  );
}

function tooNewFinding(use: Use, declared: string): Finding {
  const why = use.table.disputed[use.name] ? ` (${use.table.disputed[use.name]})` : '';
  const fix = `raise min_server_version to ${use.needs}.0`;
  let message: string;
  if (use.kind === 'hook') {
    message = `The plugin implements the hook ${use.name}, which servers call only from Mattermost ${use.needs}${why}, but min_server_version is ${declared}: older servers never call it. ${capitalize(fix)}, or make the feature work without the hook.`;
  } else if (use.kind === 'webapp') {
    message = `${use.written} exists in the webapp only from Mattermost ${use.needs}${why}, but min_server_version is ${declared}: on older servers the call throws. ${capitalize(fix)}, or call it only when \`registry.${use.name}\` is a function.`;
  } else {
    const via =
      use.written.endsWith(`.${use.name}`) && !use.library
        ? use.written
        : `${use.written} (which calls the plugin API's ${use.name}${use.library ? ` in pluginapi from ${use.library}` : ''})`;
    message = `${via} needs Mattermost ${use.needs}${why}, but min_server_version is ${declared}: on older servers the call fails. ${capitalize(fix)}, or call it only after checking the server version.`;
  }
  return findingAt(
    use.file,
    use.offset,
    'error',
    `${RULE}/${use.kind === 'hook' ? 'hook' : use.kind === 'webapp' ? 'webapp-registry' : 'api'}-too-new`,
    message,
  );
}

/** Webapp methods the tables know only from 8.0: one notice, when the plugin claims older servers. */
function knownOnlyFromNotice(uses: readonly Use[], declared: string): Finding | undefined {
  if (compareMinor(declared, '8.0') >= 0) return undefined;
  const unknown = uses.filter((use) => use.atMost);
  const first = unknown[0];
  if (!first) return undefined;
  const names = [...new Set(unknown.map((use) => use.name))];
  return findingAt(
    first.file,
    first.offset,
    'notice',
    `${RULE}/webapp-before-8.0-unverified`,
    `${plural(names.length, 'webapp registry method')} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}) ${names.length === 1 ? 'is' : 'are'} known to exist from Mattermost 8.0; the tables this check uses do not reach back before 8.0, so confirm them on ${declared} by hand or raise min_server_version to 8.0.0.`,
  );
}

/** Methods that are gone from current servers: a plugin that calls them breaks there. */
function retiredFindings(uses: readonly Use[]): Finding[] {
  const findings: Finding[] = [];
  for (const use of uses) {
    const lastMinor = use.kind === 'webapp' ? WEBAPP_TABLE.removedAfter[use.name] : undefined;
    if (use.guarded) continue;
    if (lastMinor) {
      findings.push(
        findingAt(
          use.file,
          use.offset,
          'warning',
          `${RULE}/removed`,
          `${use.written} was removed from the webapp after Mattermost ${lastMinor}: on newer servers the call throws. Remove it, or call it only when \`registry.${use.name}\` is a function.`,
        ),
      );
    } else if (use.table.unsupported.includes(use.name)) {
      findings.push(
        findingAt(
          use.file,
          use.offset,
          'warning',
          `${RULE}/unsupported`,
          `${use.written} is no longer supported by the server (the plugin API source says so); remove the call.`,
        ),
      );
    }
  }
  return findings;
}

function summarize(uses: readonly Use[], tooNew: readonly Use[], declared: string, needed: string | undefined): string {
  if (tooNew.length > 0) {
    return `${plural(tooNew.length, 'use')} in the code need${tooNew.length === 1 ? 's' : ''} a newer server than min_server_version ${declared}; min_server_version ${needed}.0 would make the plugin compatible.`;
  }
  const distinct = (kind: Use['kind']): number => new Set(uses.filter((u) => u.kind === kind).map((u) => u.name)).size;
  const parts = [
    plural(distinct('api'), 'API method'),
    plural(distinct('hook'), 'hook'),
    plural(distinct('webapp'), 'webapp registry method'),
  ].filter((part) => !part.startsWith('0 '));
  if (parts.length === 0)
    return 'The code uses no plugin API method, hook or webapp registry method that the version tables list.';
  const list =
    parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] as string);
  return `The ${list} the code uses exist at ${declared}${needed ? ` (the code needs ${needed} or later)` : ''}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
