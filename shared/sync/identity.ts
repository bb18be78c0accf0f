/**
 * Each device's own keys in a sync space, with WebCrypto (Node 20 and browsers alike):
 *
 * - an Ed25519 key that signs every file the device writes (segments, device file, snapshots,
 *   epoch and registration documents), so a member holding the shared space key still cannot write
 *   under another device's id, and someone who can only write to the folder cannot write at all;
 * - an X25519 key to which new space keys are wrapped (ECDH with a one-time key, HKDF, AES-GCM), so
 *   a rotated key reaches the remaining devices and no one else.
 *
 * The public halves are registered in the space; the private halves never leave the device (they
 * are sealed with the rest of its sync state).
 */
import { z } from 'zod';
import { canonicalJson, type Json } from '../audit/canonical';
import { fromBase64, randomBytes, sha256, toBase64, type CryptoKey } from './crypto';
import { SyncError } from './errors';

const subtle = () => globalThis.crypto.subtle;
type KeyPair = { publicKey: CryptoKey; privateKey: CryptoKey };

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(200);
export const keyIdSchema = z.string().regex(/^[0-9a-f]{16}$/);

/** What a device keeps secret, serialisable (sealed at rest like the space keys). */
export const deviceSecretSchema = z.object({
  signPublic: base64,
  signPrivate: base64,
  boxPublic: base64,
  boxPrivate: base64,
});
export type DeviceSecret = z.infer<typeof deviceSecretSchema>;

export type DeviceKeys = {
  keyId: string;
  signPublic: string;
  boxPublic: string;
  sign: CryptoKey;
  box: CryptoKey;
};

/** A short, stable name for a signing key: the first 64 bits of SHA-256 of its raw public key. */
export async function keyIdOf(signPublic: string): Promise<string> {
  return (await sha256(fromBase64(signPublic))).slice(0, 16);
}

export async function newDeviceSecret(): Promise<DeviceSecret> {
  const sign = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as KeyPair;
  const box = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as KeyPair;
  const raw = async (format: 'raw' | 'pkcs8', key: CryptoKey) =>
    toBase64(new Uint8Array(await subtle().exportKey(format, key)));
  return {
    signPublic: await raw('raw', sign.publicKey),
    signPrivate: await raw('pkcs8', sign.privateKey),
    boxPublic: await raw('raw', box.publicKey),
    boxPrivate: await raw('pkcs8', box.privateKey),
  };
}

export async function openDeviceKeys(secret: DeviceSecret): Promise<DeviceKeys> {
  return {
    keyId: await keyIdOf(secret.signPublic),
    signPublic: secret.signPublic,
    boxPublic: secret.boxPublic,
    sign: await subtle().importKey('pkcs8', fromBase64(secret.signPrivate), { name: 'Ed25519' }, false, [
      'sign',
    ]),
    box: await subtle().importKey('pkcs8', fromBase64(secret.boxPrivate), { name: 'X25519' }, false, [
      'deriveBits',
    ]),
  };
}

export async function signBytes(keys: DeviceKeys, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign('Ed25519', keys.sign, new Uint8Array(bytes)));
}

/** False for a bad signature or a malformed key, never an exception. */
export async function verifyBytes(
  signPublic: string,
  bytes: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    const key = await subtle().importKey('raw', fromBase64(signPublic), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    return await subtle().verify('Ed25519', key, new Uint8Array(signature), new Uint8Array(bytes));
  } catch {
    return false;
  }
}

const signedText = (value: Record<string, Json>) =>
  new TextEncoder().encode(`rgpd-desk/signed/1/${canonicalJson(value)}`);

/** A JSON document with a `signature` member over the canonical JSON of everything else. */
export async function signDocument<T extends Record<string, Json>>(
  keys: DeviceKeys,
  value: T,
): Promise<T & { signature: string }> {
  return { ...value, signature: toBase64(await signBytes(keys, signedText(value))) };
}

export async function verifyDocument(
  signPublic: string,
  document: Record<string, unknown> & { signature: string },
): Promise<boolean> {
  const { signature, ...rest } = document;
  try {
    return await verifyBytes(signPublic, signedText(rest as Record<string, Json>), fromBase64(signature));
  } catch {
    return false;
  }
}

export const deviceWrapSchema = z.object({ ephemeral: base64, nonce: base64, wrapped: base64 });
export type DeviceWrap = z.infer<typeof deviceWrapSchema>;

async function boxKey(shared: ArrayBuffer, context: string): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(32),
      info: new TextEncoder().encode(`rgpd-desk/wrap/1/${context}`),
    },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Wrap a 32-byte key for one device's X25519 key; `context` (space, epoch, device) is bound to it. */
export async function wrapForDevice(
  raw: Uint8Array,
  boxPublic: string,
  context: string,
): Promise<DeviceWrap> {
  const ephemeral = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as KeyPair;
  const recipient = await subtle().importKey('raw', fromBase64(boxPublic), { name: 'X25519' }, false, []);
  const shared = await subtle().deriveBits({ name: 'X25519', public: recipient }, ephemeral.privateKey, 256);
  const nonce = randomBytes(12);
  const wrapped = await subtle().encrypt(
    { name: 'AES-GCM', iv: nonce },
    await boxKey(shared, context),
    new Uint8Array(raw),
  );
  return {
    ephemeral: toBase64(new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey))),
    nonce: toBase64(nonce),
    wrapped: toBase64(new Uint8Array(wrapped)),
  };
}

export async function unwrapForDevice(
  wrap: DeviceWrap,
  keys: DeviceKeys,
  context: string,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const ephemeral = await subtle().importKey(
      'raw',
      fromBase64(wrap.ephemeral),
      { name: 'X25519' },
      false,
      [],
    );
    const shared = await subtle().deriveBits({ name: 'X25519', public: ephemeral }, keys.box, 256);
    const raw = await subtle().decrypt(
      { name: 'AES-GCM', iv: fromBase64(wrap.nonce) },
      await boxKey(shared, context),
      fromBase64(wrap.wrapped),
    );
    if (raw.byteLength !== 32) throw new Error('length');
    return new Uint8Array(raw);
  } catch {
    throw new SyncError('corrupt', 'key wrapped for this device does not open');
  }
}
