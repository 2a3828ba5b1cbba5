/** A signing key made at test time, so no key material is committed. */
export interface TestKey {
  publicKey: string;
  sign(data: Buffer, format?: 'binary' | 'armored'): Promise<Buffer>;
}

export async function generateTestKey(name = 'mm-review test'): Promise<TestKey> {
  const openpgp = await import('openpgp');
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: 'test@example.com' }],
    format: 'armored',
  });
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return {
    publicKey,
    async sign(data, format = 'binary') {
      const message = await openpgp.createMessage({ binary: new Uint8Array(data) });
      if (format === 'armored')
        return Buffer.from(await openpgp.sign({ message, signingKeys, detached: true, format: 'armored' }));
      return Buffer.from(await openpgp.sign({ message, signingKeys, detached: true, format: 'binary' }));
    },
  };
}
