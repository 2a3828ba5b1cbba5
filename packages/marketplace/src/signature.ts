export interface SignatureVerdict {
  verified: boolean;
  /** The signing key's id (16 hex digits) when the signature names one. */
  keyId?: string;
  /** Why it did not verify, in one line. */
  reason?: string;
}

const ARMOR = '-----BEGIN PGP SIGNATURE-----';

/**
 * Verifies a detached OpenPGP signature (binary `.sig` or armored `.asc`) of `data`
 * against any of the armored public keys. Never throws: a malformed key or signature
 * is a `verified: false` with the reason.
 */
export async function verifySignature(
  data: Buffer,
  signature: Buffer,
  armoredPublicKeys: string[],
): Promise<SignatureVerdict> {
  const openpgp = await import('openpgp');
  let parsed: Awaited<ReturnType<typeof openpgp.readSignature>>;
  try {
    parsed = isArmored(signature)
      ? await openpgp.readSignature({ armoredSignature: signature.toString('utf8') })
      : await openpgp.readSignature({ binarySignature: new Uint8Array(signature) });
  } catch (error) {
    return { verified: false, reason: `the signature is not a valid OpenPGP signature (${firstLine(error)})` };
  }
  const keyId = parsed.getSigningKeyIDs()[0]?.toHex();
  const withKey = keyId ? { keyId } : {};
  if (armoredPublicKeys.length === 0) return { verified: false, ...withKey, reason: 'no public key was given' };
  const keys = [];
  for (const [index, armoredKey] of armoredPublicKeys.entries()) {
    try {
      keys.push(...(await openpgp.readKeys({ armoredKeys: armoredKey })));
    } catch (error) {
      return {
        verified: false,
        ...withKey,
        reason: `public key ${index + 1} is not a valid armored OpenPGP key (${firstLine(error)})`,
      };
    }
  }
  try {
    const message = await openpgp.createMessage({
      binary: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    const result = await openpgp.verify({ message, signature: parsed, verificationKeys: keys, expectSigned: false });
    for (const check of result.signatures) {
      try {
        await check.verified;
        return { verified: true, keyId: check.keyID.toHex() };
      } catch (error) {
        return { verified: false, keyId: check.keyID.toHex(), reason: reasonFor(firstLine(error)) };
      }
    }
    return { verified: false, ...withKey, reason: 'the signature holds no signature packet' };
  } catch (error) {
    return { verified: false, ...withKey, reason: reasonFor(firstLine(error)) };
  }
}

function isArmored(signature: Buffer): boolean {
  return signature.subarray(0, 256).toString('latin1').trimStart().startsWith(ARMOR);
}

function reasonFor(message: string): string {
  if (/could not find signing key/i.test(message))
    return `it was made by a key that is not among the public keys given (${message})`;
  if (/signed digest did not match|invalid signature/i.test(message))
    return `it does not match the bundle's bytes: the bundle or the signature was altered (${message})`;
  return message;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? 'unknown error';
}
