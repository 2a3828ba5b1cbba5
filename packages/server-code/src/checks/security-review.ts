import { SECURITY_RULES } from '../rules';
import type { Check, Finding } from '@mm-review/core';
import type { LoadedManifest, PluginContext } from '@mm-review/plugin';
import { findingAt, plural, serverCode, sortByLocation, unreadList } from '../code';
import { enclosingFunc, importNames, packageSelectors, typeText, type GoFile, type GoFunc } from '../go/parse';
import type { ServerProgram } from '../go/program';
import type { GoToken } from '../lex/go';
import { manifestSettings } from '../settings';

const RULE = 'security-review';

/**
 * Always `manual`: the Marketplace's security review is done by a person. The hints
 * point at the code and settings that reviewers look at first.
 */
export const securityReview: Check<PluginContext> = {
  id: 'security-review',
  requirement: 'security-1',
  title: 'Security review',
  rules: SECURITY_RULES,
  async run(context) {
    const { program } = await serverCode(context);
    const load = await context.manifest();
    const findings: Finding[] = [
      ...(load.found ? credentialSettingHints(load.loaded) : []),
      ...program.files.flatMap((file) => [
        ...tlsHints(file),
        ...weakRandomHints(file),
        ...sqlHints(file),
        ...execHints(file),
      ]),
      ...userHeaderHints(program),
    ];
    sortByLocation(findings);
    const summary = findings.length
      ? `${plural(findings.length, 'place')} for the security reviewer to look at first.`
      : 'No TLS, randomness, SQL, command or credential-setting hints found; a person must still review the code.';
    const { unread } = (await serverCode(context)).server.build;
    const unreadNote = unread.length
      ? ` The plugin's code in ${unreadList(unread)} was not read: a person must review it too.`
      : '';
    return { status: 'manual', summary: `${summary}${unreadNote}`, findings };
  },
};

const CREDENTIAL_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'credentials',
  'apikey',
  'salt',
]);
/** Words before a final "key" that make it a name rather than a credential (SortKey, PublicKey). */
const HARMLESS_KEYS = new Set([
  'public',
  'sort',
  'primary',
  'partition',
  'lookup',
  'cache',
  'short',
  'hot',
  'group',
  'channel',
  'issue',
  'project',
  'map',
]);
/** Setting types that cannot hold a typed-in credential, or that the plugin renders itself. */
const NON_TEXT_TYPES = new Set(['bool', 'dropdown', 'radio', 'number', 'username', 'custom']);

/** Words of a setting key: `ClientSecret` → client, secret; `api_key` → api, key; `SALT` → salt. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function looksLikeCredential(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  const finalKey = (last === 'key' || last === 'keys') && !HARMLESS_KEYS.has(words[words.length - 2] ?? '');
  return finalKey || words.some((word) => CREDENTIAL_WORDS.has(word));
}

function credentialSettingHints(manifest: LoadedManifest): Finding[] {
  return manifestSettings(manifest)
    .filter(
      (setting) =>
        setting.secret !== true && !NON_TEXT_TYPES.has(setting.type ?? '') && looksLikeCredential(setting.key),
    )
    .map((setting) => ({
      severity: 'warning' as const,
      rule: `${RULE}/credential-not-secret`,
      message: `The setting "${setting.key}" looks like a credential but is not marked "secret": true, so the System Console shows it in clear and support packets include it; add "secret": true (honoured from Mattermost 10.1).`,
      ...manifest.at(`${setting.path}.key`),
    }));
}

function tlsHints(file: GoFile): Finding[] {
  const findings: Finding[] = [];
  const { tokens } = file;
  tokens.forEach((token, i) => {
    if (token.text !== 'InsecureSkipVerify' || (tokens[i + 1]?.text !== ':' && tokens[i + 1]?.text !== '=')) return;
    const value = tokens[i + 2];
    if (!value || value.text === 'false') return;
    const configurable = value.text !== 'true';
    const expression = typeText(tokens.slice(i + 2, expressionEnd(tokens, i + 2)));
    findings.push(
      findingAt(
        file,
        token.offset,
        configurable ? 'notice' : 'warning',
        `${RULE}/tls-verify-off`,
        configurable
          ? `TLS certificate verification is switched off by ${expression} when it is true; make sure it defaults to verifying, and that the setting says it is unsafe.`
          : "InsecureSkipVerify: true turns off TLS certificate verification, so anyone on the network path can impersonate the server; remove it, or add the server's CA to RootCAs instead.",
      ),
    );
  });
  return findings;
}

/** End of a short expression (a field value): the next `,`, `}`, `)` or statement end, at most 12 tokens on. */
function expressionEnd(tokens: readonly GoToken[], start: number): number {
  let j = start;
  while (j < tokens.length && j - start < 12 && !/^[,})]$/.test(tokens[j]?.text ?? '') && tokens[j]?.kind !== 'semi')
    j++;
  return j;
}

/** Words that name a secret value (not `key` or `state`: KV keys and state machines are everywhere in plugins). */
const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'secret',
  'password',
  'passwd',
  'nonce',
  'salt',
  'otp',
  'apikey',
  'csrf',
]);

/** math/rand used where the surrounding function names a token, secret or nonce. */
function weakRandomHints(file: GoFile): Finding[] {
  const rand = importNames(file, (p) => p === 'math/rand' || p === 'math/rand/v2');
  const secretNameIn = new Map<GoFunc, string | undefined>();
  return packageSelectors(file, rand, () => true).flatMap((i) => {
    const func = enclosingFunc(file, i);
    if (!func) return [];
    if (!secretNameIn.has(func)) secretNameIn.set(func, secretName(file, func));
    const secret = secretNameIn.get(func);
    if (!secret) return [];
    const where = secret === func.name ? `in ${func.name}` : `in ${func.name}, next to ${secret}`;
    return [
      findingAt(
        file,
        (file.tokens[i] as GoToken).offset,
        'notice',
        `${RULE}/weak-random`,
        `${file.tokens[i]?.text}.${file.tokens[i + 2]?.text} comes from math/rand, which is predictable, ${where}; generate tokens and secrets with crypto/rand (or model.NewId()).`,
      ),
    ];
  });
}

/** The function's name, or the first identifier in its body, that speaks of a secret. */
function secretName(file: GoFile, func: GoFunc): string | undefined {
  if (keyWords(func.name).some((word) => SECRET_WORDS.has(word))) return func.name;
  for (let j = func.bodyStart; j < func.bodyEnd; j++) {
    const token = file.tokens[j] as GoToken;
    if (token.kind === 'ident' && keyWords(token.text).some((word) => SECRET_WORDS.has(word))) return token.text;
  }
  return undefined;
}

const SQL = /^\s*(select\s[\s\S]*\sfrom\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s)/i;

/** SQL text joined with `+` or formatted with Sprintf: the usual way to an injection. */
function sqlHints(file: GoFile): Finding[] {
  const { tokens } = file;
  const findings: Finding[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'string' || !token.value || !SQL.test(token.value)) return;
    const concatenated = ['+', '+='].includes(tokens[i - 1]?.text ?? '') || tokens[i + 1]?.text === '+';
    const formatted =
      tokens[i - 1]?.text === '(' && /^Sprintf$/.test(tokens[i - 2]?.text ?? '') && /%[sv]/.test(token.value);
    if (!concatenated && !formatted) return;
    findings.push(
      findingAt(
        file,
        token.offset,
        'notice',
        `${RULE}/sql-concatenation`,
        `This SQL statement is built by ${formatted ? 'fmt.Sprintf' : 'string concatenation'}; if any part comes from a user, it is an SQL injection. Pass values as query parameters (?, $1) or use a query builder.`,
      ),
    );
  });
  return findings;
}

function execHints(file: GoFile): Finding[] {
  const exec = importNames(file, (p) => p === 'os/exec');
  return packageSelectors(file, exec, new Set(['Command', 'CommandContext'])).map((i) =>
    findingAt(
      file,
      (file.tokens[i] as GoToken).offset,
      'notice',
      `${RULE}/exec`,
      `${file.tokens[i]?.text}.${file.tokens[i + 2]?.text} runs a program on the server host; check that no user input reaches the command or its arguments, and that the program exists on every node (and on Cloud).`,
    ),
  );
}

/** Calls and names that authenticate a request another way: a session, a shared secret, a signature, an Authorization header. */
const OTHER_AUTH =
  /^(GetSession|SessionId|ConstantTimeCompare|Equal|ValidMAC|hmac|subtle|jwt|Signature|signature|verifySignature|VerifySignature|checkSignature|validateSignature|WebhookSecret|webhookSecret|SharedSecret|sharedSecret)$/;

/**
 * ServeHTTP without any read of the Mattermost-User-ID header: requests may not be tied to
 * a logged-in user. A hint for the reviewer; when the code authenticates requests another
 * way (the session, a shared secret compared in constant time, an HMAC signature, an
 * Authorization header), the hint says so.
 */
function userHeaderHints(program: ServerProgram): Finding[] {
  const serveHTTP = program.hooks.find((hook) => hook.func.name === 'ServeHTTP');
  if (!serveHTTP) return [];
  const checksHeader = program.files.some((file) =>
    file.tokens.some((t) => t.kind === 'string' && /mattermost-user-id/i.test(t.value ?? '')),
  );
  if (checksHeader) return [];
  const other = program.files.some(
    (file) =>
      file.imports.some((imp) => imp.path === 'crypto/hmac' || imp.path === 'crypto/subtle' || /jwt/.test(imp.path)) ||
      file.tokens.some(
        (t) =>
          (t.kind === 'ident' && OTHER_AUTH.test(t.text) && t.text !== 'Equal') ||
          (t.kind === 'string' && /^(authorization|x-[\w-]*(signature|token|secret)[\w-]*)$/i.test(t.value ?? '')),
      ),
  );
  const message = other
    ? 'The plugin serves HTTP requests and no code reads the Mattermost-User-ID header; it authenticates requests another way (a session, a shared secret, a signature or an Authorization header). Check that every route that acts for a user is covered.'
    : 'The plugin serves HTTP requests but no code reads the Mattermost-User-ID header, which the server sets only for logged-in users; unless every route is meant to be public, reject requests where r.Header.Get("Mattermost-User-ID") is empty.';
  return [findingAt(serveHTTP.file, serveHTTP.func.offset, 'notice', `${RULE}/user-header-unchecked`, message)];
}
