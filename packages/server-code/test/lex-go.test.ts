import { describe, expect, it } from '@jest/globals';
import { tokenizeGo } from '../src/lex/go';

const texts = (source: string): string[] => tokenizeGo(source).map((t) => (t.kind === 'semi' ? ';' : t.text));

describe('tokenizeGo', () => {
  it('drops line and block comments, keeping what follows them', () => {
    expect(texts('a // p.API.KVSet(x)\nb /* p.API.KVGet( */ c')).toEqual(['a', ';', 'b', 'c', ';']);
  });

  it('reads interpreted strings with escapes as one token, with their value', () => {
    const [token] = tokenizeGo('"say \\"p.API.KVSet(\\" \\\\"');
    expect(token).toMatchObject({ kind: 'string', value: 'say "p.API.KVSet(" \\' });
  });

  it('reads raw strings across lines as one token', () => {
    const tokens = tokenizeGo('x := `line one\np.API.KVSet(\n`\ny');
    expect(tokens.map((t) => t.kind)).toEqual(['ident', 'op', 'string', 'semi', 'ident', 'semi']);
    expect(tokens[2]?.value).toBe('line one\np.API.KVSet(\n');
  });

  it('reads runes, including a quote and an escaped quote', () => {
    expect(
      tokenizeGo(`a := '"'; b := '\\''`)
        .filter((t) => t.kind === 'rune')
        .map((t) => t.text),
    ).toEqual([`'"'`, `'\\''`]);
  });

  it('inserts semicolons at line ends where Go does', () => {
    expect(texts('return\nx++\nf(\n  a,\n)\nif x {\n}\n')).toEqual([
      'return',
      ';',
      'x',
      '++',
      ';',
      'f',
      '(',
      'a',
      ',',
      ')',
      ';',
      'if',
      'x',
      '{',
      '}',
      ';',
    ]);
  });

  it('treats a block comment spanning lines as a line end', () => {
    expect(texts('a /* one\ntwo */ b')).toEqual(['a', ';', 'b', ';']);
  });

  it('reads numbers, multi-character operators and Unicode identifiers', () => {
    expect(texts('x := 0x1F + 1_000 + .5e-3 &^= 3i; ünï <- ch')).toEqual([
      'x',
      ':=',
      '0x1F',
      '+',
      '1_000',
      '+',
      '.5e-3',
      '&^=',
      '3i',
      ';',
      'ünï',
      '<-',
      'ch',
      ';',
    ]);
  });

  it('gives offsets into the source', () => {
    const source = 'package main\n\nfunc f() {}';
    expect(tokenizeGo(source).find((t) => t.text === 'f')?.offset).toBe(source.indexOf('f()'));
  });

  it('ends an unterminated string at its line and an unterminated comment at the end', () => {
    expect(texts('s := "open\nnext\n/* never closed p.API.KVSet(')).toEqual(['s', ':=', '"open', ';', 'next', ';']);
    expect(texts('r := `never closed')).toEqual(['r', ':=', '`never closed', ';']);
  });

  it('never throws on arbitrary bytes, and stays linear', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab1 .(){}[]"\'`/*\\\n\t+-=:;,<>!&|^%\u00e9\u0000';
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 200 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(() => tokenizeGo(text)).not.toThrow();
    }
    const big = '"'.repeat(200_000) + '/*'.repeat(100_000) + '`'.repeat(100_000);
    const started = process.hrtime.bigint();
    tokenizeGo(big);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
