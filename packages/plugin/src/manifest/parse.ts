import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseErrorCode } from 'jsonc-parser';
import type { ValueNode } from './tree';
import { jsonNestingDepth } from './tree';

/** A problem found while parsing, located by character offset. */
/** jsonc-parser's error codes (a const enum, which isolated modules cannot read). */
const Code = {
  InvalidSymbol: 1,
  InvalidNumberFormat: 2,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  InvalidCommentToken: 10,
  UnexpectedEndOfComment: 11,
  UnexpectedEndOfString: 12,
  UnexpectedEndOfNumber: 13,
  InvalidUnicode: 14,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
  /** Whether the server would refuse the manifest (a warning otherwise). */
  fatal: boolean;
  rule: string;
}

export interface ParseOutput {
  root: ValueNode | undefined;
  problems: SyntaxProblem[];
}

/** Manifests nest six levels deep at most; anything past this is refused before parsing. */
export const MAX_NESTING = 64;

const JSON_ERROR_TEXT: Partial<Record<number, string>> = {
  [Code.InvalidSymbol]: 'an unexpected character',
  [Code.InvalidNumberFormat]: 'a malformed number',
  [Code.PropertyNameExpected]: 'a missing property name (is there a trailing comma?)',
  [Code.ValueExpected]: 'a missing value (is there a trailing comma?)',
  [Code.ColonExpected]: 'a missing colon after a property name',
  [Code.CommaExpected]: 'a missing comma between values',
  [Code.CloseBraceExpected]: 'a missing closing brace "}"',
  [Code.CloseBracketExpected]: 'a missing closing bracket "]"',
  [Code.EndOfFileExpected]: 'content after the end of the manifest object',
  [Code.InvalidCommentToken]: 'a comment (JSON has no comments)',
  [Code.UnexpectedEndOfComment]: 'an unterminated comment',
  [Code.UnexpectedEndOfString]: 'an unterminated string',
  [Code.UnexpectedEndOfNumber]: 'an unterminated number',
  [Code.InvalidUnicode]: 'an invalid \\u escape',
  [Code.InvalidEscapeCharacter]: 'an invalid escape character',
  [Code.InvalidCharacter]: 'a control character inside a string',
};

/**
 * Parses JSON the way Go's decoder accepts it: no byte-order mark, no comments, no
 * trailing commas; content after the first value is ignored (a warning here).
 */
export function parseJson(text: string): ParseOutput {
  const problems: SyntaxProblem[] = [];
  let body = text;
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({
      offset: 0,
      length: 1,
      fatal: true,
      rule: 'manifest/byte-order-mark',
      message:
        "starts with a UTF-8 byte-order mark, which the server's JSON decoder rejects; save the file as UTF-8 without BOM",
    });
    body = ` ${text.slice(1)}`;
  }
  if (jsonNestingDepth(body, MAX_NESTING) > MAX_NESTING) {
    problems.push({
      offset: 0,
      length: 0,
      fatal: true,
      rule: 'manifest/too-deep',
      message: `nests objects or arrays more than ${MAX_NESTING} levels deep; a manifest needs six at most`,
    });
    return { root: undefined, problems };
  }
  const errors: { error: number; offset: number; length: number }[] = [];
  const tree = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Go's json.Decoder reads the first value and stops: whatever follows it is never read, even bytes that are not JSON.
  // Errors of an unfinished value (a missing brace, value, comma…) mean the first value itself is incomplete.
  const STRUCTURAL: number[] = [
    Code.PropertyNameExpected,
    Code.ValueExpected,
    Code.ColonExpected,
    Code.CommaExpected,
    Code.CloseBraceExpected,
    Code.CloseBracketExpected,
  ];
  const complete = tree !== undefined && !errors.some((e) => STRUCTURAL.includes(e.error));
  const rootEnd = tree && complete ? tree.offset + tree.length : Infinity;
  for (const error of errors) {
    const trailing = error.error === Code.EndOfFileExpected || error.offset >= rootEnd;
    const what = JSON_ERROR_TEXT[error.error] ?? printParseErrorCode(error.error as ParseErrorCode);
    problems.push({
      offset: error.offset,
      length: error.length,
      fatal: !trailing,
      rule: trailing
        ? 'manifest/trailing-content'
        : error.error === Code.InvalidCommentToken
          ? 'manifest/comment'
          : 'manifest/syntax',
      message: trailing
        ? 'has content after the end of the manifest object, which the server ignores; remove it'
        : `is not valid JSON: ${what}`,
    });
    if (trailing) break;
  }
  if (tree === undefined && errors.length === 0) {
    problems.push({
      offset: 0,
      length: 0,
      fatal: true,
      rule: 'manifest/syntax',
      message: 'is empty; it must hold a JSON object',
    });
  }
  return { root: tree ? fromJson(tree) : undefined, problems };
}

function fromJson(node: JsonNode): ValueNode {
  const { offset, length } = node;
  switch (node.type) {
    case 'object':
      return {
        kind: 'object',
        offset,
        length,
        properties: (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          if (!key || !value) return [];
          return [{ key: String(key.value), keyOffset: key.offset, keyLength: key.length, value: fromJson(value) }];
        }),
      };
    case 'array':
      return { kind: 'array', offset, length, items: (node.children ?? []).map(fromJson) };
    case 'string':
      return { kind: 'string', offset, length, value: String(node.value) };
    case 'number':
      return { kind: 'number', offset, length, value: Number(node.value), raw: String(node.value) };
    case 'boolean':
      return { kind: 'boolean', offset, length, value: Boolean(node.value) };
    default:
      return { kind: 'null', offset, length };
  }
}

/**
 * Parses YAML with the `yaml` package into the same tree. YAML keys are compared
 * case-sensitively by the server; duplicate keys are errors there as here.
 */
export async function parseYaml(text: string): Promise<ParseOutput> {
  const { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, visit } = await import('yaml');
  const problems: SyntaxProblem[] = [];
  if (jsonNestingDepth(text, MAX_NESTING) > MAX_NESTING) {
    problems.push({
      offset: 0,
      length: 0,
      fatal: true,
      rule: 'manifest/too-deep',
      message: `nests flow collections more than ${MAX_NESTING} levels deep; a manifest needs six at most`,
    });
    return { root: undefined, problems };
  }
  // yaml's own uniqueKeys check compares each key with every earlier one (80,000 keys took
  // a minute); duplicates are found below with a set per mapping instead, same message and place.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const errors = doc.errors.map((error) => ({
    offset: error.pos[0],
    length: error.pos[1] - error.pos[0],
    message: error.message.split('\n')[0] ?? '',
  }));
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value))
          errors.push({ offset: pair.key.range?.[0] ?? 0, length: 1, message: 'Map keys must be unique' });
        seen.add(pair.key.value);
      }
    },
  });
  errors.sort((a, b) => a.offset - b.offset);
  for (const error of errors) {
    problems.push({ ...error, fatal: true, rule: 'manifest/syntax', message: `is not valid YAML: ${error.message}` });
  }
  if (errors.length > 0) return { root: undefined, problems };

  type YamlNode = Parameters<typeof isMap>[0];
  // Aliases are expanded by hand, so cap them as yaml's toJS() does (billion laughs).
  let aliasBudget = 100;
  const convert = (node: YamlNode, depth: number): ValueNode => {
    const [start = 0, end = start] = (node as { range?: [number, number, number] } | null)?.range ?? [];
    const base = { offset: start, length: Math.max(0, end - start) };
    if (depth > MAX_NESTING) return { kind: 'null', ...base };
    if (isAlias(node)) {
      if (--aliasBudget < 0) {
        problems.push({
          ...base,
          fatal: true,
          rule: 'manifest/yaml-aliases',
          message: 'expands too many YAML aliases; write the values out instead',
        });
        return { kind: 'null', ...base };
      }
      return convert(node.resolve(doc) as YamlNode, depth + 1);
    }
    if (isMap(node)) {
      return {
        kind: 'object',
        ...base,
        properties: node.items.filter(isPair).map((pair) => {
          const keyNode = pair.key as YamlNode;
          const [keyStart = 0, keyEnd = keyStart] =
            (keyNode as { range?: [number, number, number] } | null)?.range ?? [];
          const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
          return {
            key,
            keyOffset: keyStart,
            keyLength: keyEnd - keyStart,
            value: convert(pair.value as YamlNode, depth + 1),
          };
        }),
      };
    }
    if (isSeq(node))
      return { kind: 'array', ...base, items: node.items.map((item) => convert(item as YamlNode, depth + 1)) };
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || value === undefined) return { kind: 'null', ...base };
      if (typeof value === 'boolean') return { kind: 'boolean', ...base, value };
      if (typeof value === 'number' || typeof value === 'bigint') {
        return { kind: 'number', ...base, value: Number(value), raw: text.slice(start, end) };
      }
      return { kind: 'string', ...base, value: String(value) };
    }
    return { kind: 'null', ...base };
  };
  const contents = doc.contents as YamlNode;
  if (contents === null || contents === undefined) {
    problems.push({
      offset: 0,
      length: 0,
      fatal: true,
      rule: 'manifest/syntax',
      message: 'is empty; it must hold a YAML mapping',
    });
    return { root: undefined, problems };
  }
  return { root: convert(contents, 0), problems };
}
