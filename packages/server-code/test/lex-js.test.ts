import { describe, expect, it } from '@jest/globals';
import { tokenizeJs } from '../src/lex/js';

const idents = (source: string, options?: { jsx?: boolean }): string[] =>
  tokenizeJs(source, options)
    .filter((t) => t.kind === 'ident')
    .map((t) => t.text);

describe('tokenizeJs', () => {
  it('drops comments and string literals', () => {
    expect(idents('a // registry.registerX(\n/* registerY( */ b "registerZ(" \'registerW(\'')).toEqual(['a', 'b']);
  });

  it('keeps the code inside template literal substitutions, not the text', () => {
    expect(idents('`text registerA( ${ registry.registerB(`inner ${c}`) } more ${d}` e')).toEqual([
      'registry',
      'registerB',
      'c',
      'd',
      'e',
    ]);
  });

  it('tells regular expressions from division', () => {
    expect(idents('const re = /registry.registerX\\(/g; const q = a / b / c;')).toEqual([
      'const',
      're',
      'const',
      'q',
      'a',
      'b',
      'c',
    ]);
    expect(idents('return /[/]registerX/.test(s)')).toEqual(['return', 'test', 's']);
    expect(idents('x = (a) / 2 / registerY')).toEqual(['x', 'a', 'registerY']);
  });

  it('reads JSX text as text, so a quote in it does not hide the code after it', () => {
    expect(idents("const el = <p>Don't</p>;\nregistry.registerRootComponent(Root);")).toEqual([
      'const',
      'el',
      'p',
      'p',
      'registry',
      'registerRootComponent',
      'Root',
    ]);
  });

  it('finds a call on the same line after closing JSX', () => {
    const source = 'const C = () => (<div className="x">{a / b}</div>); registry.registerRootComponent(C);';
    expect(idents(source)).toEqual([
      'const',
      'C',
      'div',
      'className',
      'a',
      'b',
      'div',
      'registry',
      'registerRootComponent',
      'C',
    ]);
    const call = tokenizeJs(source).find((t) => t.text === 'registerRootComponent');
    expect(call?.offset).toBe(source.indexOf('registerRootComponent'));
  });

  it('reads `<T>x` in .ts files as a type assertion, not JSX', () => {
    expect(idents('const x = <Foo>bar; registry.registerX(x);', { jsx: false })).toEqual([
      'const',
      'x',
      'Foo',
      'bar',
      'registry',
      'registerX',
      'x',
    ]);
  });

  it('reads optional chaining as one token', () => {
    expect(tokenizeJs('registry?.registerX?.(1)').map((t) => t.text)).toEqual([
      'registry',
      '?.',
      'registerX',
      '?.',
      '(',
      '1',
      ')',
    ]);
  });

  it('never throws on arbitrary text', () => {
    let seed = 11;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab1 .(){}[]"\'`/*\\\n$+=<>!?';
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 200 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(() => tokenizeJs(text)).not.toThrow();
    }
  });
});
