import jsTokens from 'js-tokens';

/**
 * JavaScript / TypeScript / JSX tokens, from js-tokens (a small, well-kept tokenizer that
 * follows the language's grammar for regular expressions, template literals and JSX):
 * comments, whitespace and JSX text are dropped; identifiers and punctuation keep their
 * offsets; strings, numbers, regular expressions and template text become `literal`.
 * Never throws: js-tokens reads any text.
 */
export interface JsToken {
  kind: 'ident' | 'punct' | 'literal';
  text: string;
  offset: number;
}

/**
 * `jsx`: read `<div>…</div>` as JSX (for .js, .jsx and .tsx files). In .ts files `<T>x` is
 * a type assertion, so JSX is off there.
 */
export function tokenizeJs(text: string, options: { jsx?: boolean } = {}): JsToken[] {
  const tokens: JsToken[] = [];
  let offset = 0;
  // The JSX overload's token union also covers the plain one.
  for (const token of jsTokens(text, { jsx: (options.jsx ?? true) as true })) {
    const start = offset;
    offset += token.value.length;
    switch (token.type) {
      case 'IdentifierName':
      case 'PrivateIdentifier':
      case 'JSXIdentifier':
        tokens.push({ kind: 'ident', text: token.value, offset: start });
        break;
      case 'Punctuator':
      case 'JSXPunctuator':
        tokens.push({ kind: 'punct', text: token.value, offset: start });
        break;
      case 'StringLiteral':
      case 'NoSubstitutionTemplate':
      case 'TemplateHead':
      case 'TemplateMiddle':
      case 'TemplateTail':
      case 'RegularExpressionLiteral':
      case 'NumericLiteral':
      case 'JSXString':
        tokens.push({ kind: 'literal', text: token.value, offset: start });
        break;
      default:
        // Comments, whitespace, line ends, JSX text and invalid characters are not code to match.
        break;
    }
  }
  return tokens;
}
