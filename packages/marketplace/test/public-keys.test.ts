import { describe, expect, it } from '@jest/globals';
import { InputError } from '@mm-review/core';
import { readPublicKeys, splitArmoredKeys } from '../src/index';

const key = (n: number) => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nkey${n}\n-----END PGP PUBLIC KEY BLOCK-----`;
const files: Record<string, string> = {
  'one.asc': `${key(1)}\n`,
  'two.asc': `comment\n${key(2)}\n${key(3)}\n`,
  'empty.asc': 'not a key\n',
};
const read = async (file: string) => {
  const text = files[file];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
  return text;
};

describe('readPublicKeys', () => {
  it('returns no key when none is given', async () => {
    expect(await readPublicKeys([], read)).toEqual([]);
    expect(await readPublicKeys(['', '  \n'], read)).toEqual([]);
  });

  it('splits armored keys pasted over several lines into their blocks, without reading files', async () => {
    const pasted = `${key(1)}\n${key(2)}`.split('\n');
    expect(await readPublicKeys(pasted, () => Promise.reject(new Error('no file is read')))).toEqual([key(1), key(2)]);
  });

  it('refuses a pasted key without its END line, naming the input and the flag', async () => {
    await expect(readPublicKeys(['-----BEGIN PGP PUBLIC KEY BLOCK-----', 'abc'], read)).rejects.toThrow(
      'the public-key input (--public-key) holds a broken armored key: every -----BEGIN PGP PUBLIC KEY BLOCK----- needs its -----END PGP PUBLIC KEY BLOCK-----',
    );
  });

  it('reads each path and splits every file into its key blocks', async () => {
    expect(await readPublicKeys(['one.asc', 'two.asc'], read)).toEqual([key(1), key(2), key(3)]);
    expect(await readPublicKeys([' one.asc\n\ntwo.asc\n'], read)).toEqual([key(1), key(2), key(3)]);
  });

  it('names the file that cannot be read, with the error code', async () => {
    await expect(readPublicKeys(['missing.asc'], read)).rejects.toThrow(
      'cannot read the public key missing.asc: ENOENT',
    );
  });

  it('names the file that holds no armored key', async () => {
    await expect(readPublicKeys(['empty.asc'], read)).rejects.toThrow(
      /^empty\.asc holds no armored OpenPGP public key/,
    );
  });

  it("passes on the reader's own InputError (a key refused at the base commit)", async () => {
    const refused = new InputError('this pull request changes the public key one.asc');
    await expect(readPublicKeys(['one.asc'], () => Promise.reject(refused))).rejects.toBe(refused);
  });

  it('splitArmoredKeys finds no block in text without one', () => {
    expect(splitArmoredKeys('hello')).toEqual([]);
  });
});
