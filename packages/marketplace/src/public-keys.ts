import { InputError } from '@mm-review/core';

const BEGIN = '-----BEGIN PGP PUBLIC KEY BLOCK-----';
const KEY_BLOCK = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g;

/** One armored block per key, so a file (or a pasted secret) with several keys works. */
export function splitArmoredKeys(text: string): string[] {
  return text.match(KEY_BLOCK) ?? [];
}

/**
 * The public keys given as the public-key input (--public-key): either armored keys pasted
 * in (for example from a secret; pass the input's raw text, so the armor's blank lines
 * stay) or paths of key files, one a line or an entry. Each file is read with `readFile` (which resolves the path, and may insist on the
 * file as it is at a base commit), and every text is split into its key blocks.
 */
export async function readPublicKeys(
  entries: readonly string[],
  readFile: (entry: string) => Promise<string>,
): Promise<string[]> {
  const pasted = entries.join('\n');
  if (pasted.includes('-----BEGIN PGP')) {
    const keys = splitArmoredKeys(pasted);
    if (keys.length === 0)
      throw new InputError(
        `the public-key input (--public-key) holds a broken armored key: every ${BEGIN} needs its -----END PGP PUBLIC KEY BLOCK-----`,
      );
    return keys;
  }
  const keys: string[] = [];
  for (const entry of pasted
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)) {
    let text: string;
    try {
      text = await readFile(entry);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(
        `cannot read the public key ${entry}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    const blocks = splitArmoredKeys(text);
    if (blocks.length === 0)
      throw new InputError(
        `${entry} holds no armored OpenPGP public key (${BEGIN}): export the key with \`gpg --armor --export\``,
      );
    keys.push(...blocks);
  }
  return keys;
}
