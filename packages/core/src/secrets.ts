/**
 * Tokens the process holds. An API error can echo the token it was sent with; every
 * report is built through buildReport, which replaces each registered token, so no
 * message, summary or path carries one into a report, SARIF, summary or comment.
 */
const secrets = new Set<string>();

/** Remembers a token to redact; GitHub clients register theirs when they are made. */
export function registerSecret(value: string | undefined): void {
  // Shorter strings would redact ordinary words; real tokens are 40 characters or more.
  if (value && value.trim().length >= 8) secrets.add(value.trim());
}

export const REDACTED = '***';

/** `text` with every registered token replaced by `***`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of a JSON-shaped value with every string redacted; the value itself when nothing is registered. */
export function redactDeep<T>(value: T): T {
  if (secrets.size === 0) return value;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return redactSecrets(node);
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    return node;
  };
  return visit(value) as T;
}
