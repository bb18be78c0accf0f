/**
 * Ed25519 with Node's own crypto (no native add-on): key pairs as raw 32-byte seeds and public keys,
 * which is how minisign and OpenSSH store them, converted to KeyObjects only to sign or verify.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export type Ed25519KeyPair = { seed: Buffer; publicKey: Buffer };

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

export function generateEd25519(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { seed: Buffer.from(jwk.d ?? '', 'base64url'), publicKey: Buffer.from(jwk.x ?? '', 'base64url') };
}

function privateKeyObject({ seed, publicKey }: Ed25519KeyPair): KeyObject {
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: b64url(publicKey) },
    format: 'jwk',
  });
}

/** The public key the seed really derives: guards against a key file whose halves do not match. */
export function publicKeyOfSeed(seed: Uint8Array): Buffer {
  const key = createPrivateKey({
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x ?? '', 'base64url');
}

export function signEd25519(pair: Ed25519KeyPair, message: Uint8Array): Buffer {
  return sign(null, message, privateKeyObject(pair));
}

export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) }, format: 'jwk' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** SSH wire encoding: a uint32 length then the bytes. */
export function sshString(value: string | Uint8Array): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The public key as OpenSSH encodes it (`ssh-ed25519` blob). */
export function sshPublicKeyBlob(publicKey: Uint8Array): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

/**
 * The fingerprint people compare by phone, as `ssh-keygen -l` prints it: SHA256 of the OpenSSH
 * public key blob, base64 without padding.
 */
export function keyFingerprint(publicKey: Uint8Array): string {
  const digest = createHash('sha256').update(sshPublicKeyBlob(publicKey)).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
