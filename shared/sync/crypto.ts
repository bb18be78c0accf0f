/**
 * Encryption of everything in the shared folder, with WebCrypto (Node 20 and browsers alike).
 *
 * - A random 256-bit workspace key. Two subkeys are derived from it with HKDF-SHA256: an AES-256-GCM
 *   key for file contents (a random 96-bit nonce per file, so ~2^32 files per key stay far inside
 *   GCM's limits) and an HMAC-SHA256 key that names attachments without revealing their hash.
 * - The workspace key is stored in the folder wrapped (AES-256-GCM) under a key derived from the
 *   passphrase by Argon2id (hash-wasm; PBKDF2-SHA256 where WebAssembly is unavailable). The KDF
 *   parameters and the space id are bound to the wrapped key as associated data, so neither can be
 *   swapped without the unwrap failing. Changing the passphrase re-wraps this one key; no data is
 *   re-encrypted.
 */
import { argon2id } from 'hash-wasm';
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical';
import { SyncError } from './errors';

const subtle = () => globalThis.crypto.subtle;
type Subtle = typeof globalThis.crypto.subtle;
/** WebCrypto's CryptoKey, named so both the DOM and the Node typings know it. */
export type CryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/**
 * Argon2id defaults: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommendation with one lane, since
 * hash-wasm runs single-threaded; above OWASP's minimum of 19 MiB × 2). Measured ~0.4 s on this
 * project's 2-core CI machine, paid once per create, join or passphrase change.
 */
export const ARGON2_DEFAULTS = { memoryKiB: 65_536, iterations: 3, parallelism: 1 } as const;
/** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
export const PBKDF2_ITERATIONS = 600_000;

/** Bounds refuse a space file that would make the KDF useless or exhaust memory. */
export const kdfParamsSchema = z.discriminatedUnion('algorithm', [
  z.object({
    algorithm: z.literal('argon2id'),
    salt: base64,
    memoryKiB: z.number().int().min(19_456).max(1_048_576),
    iterations: z.number().int().min(1).max(64),
    parallelism: z.number().int().min(1).max(16),
  }),
  z.object({
    algorithm: z.literal('pbkdf2-sha256'),
    salt: base64,
    iterations: z.number().int().min(PBKDF2_ITERATIONS).max(50_000_000),
  }),
]);
export type KdfParams = z.infer<typeof kdfParamsSchema>;

export const wrappedKeySchema = z.object({ kdf: kdfParamsSchema, nonce: base64, wrapped: base64 });
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

export function newKdfParams(
  algorithm: KdfParams['algorithm'] = 'argon2id',
  cost: { memoryKiB?: number; iterations?: number } = {},
): KdfParams {
  const salt = toBase64(randomBytes(16));
  const params: KdfParams =
    algorithm === 'argon2id'
      ? { algorithm, salt, ...ARGON2_DEFAULTS, ...cost }
      : { algorithm, salt, iterations: cost.iterations ?? PBKDF2_ITERATIONS };
  const checked = kdfParamsSchema.safeParse(params);
  if (!checked.success) throw new SyncError('kdf_params', 'parameters out of bounds');
  return checked.data;
}

/** Argon2id unless this runtime has no WebAssembly (or a policy forbids compiling it). */
export async function defaultKdfParams(): Promise<KdfParams> {
  const params = newKdfParams('argon2id');
  try {
    await argon2id({
      password: 'probe',
      salt: randomBytes(16),
      parallelism: 1,
      iterations: 1,
      memorySize: 64,
      hashLength: 32,
      outputType: 'binary',
    });
    return params;
  } catch {
    return newKdfParams('pbkdf2-sha256');
  }
}

/** The same passphrase typed on macOS (decomposed accents) and Windows must give the same key. */
function passphraseBytes(passphrase: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(passphrase.normalize('NFC'));
}

async function deriveWrappingKey(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  let bits: Uint8Array<ArrayBuffer>;
  if (kdf.algorithm === 'argon2id') {
    const derived = await argon2id({
      password: passphraseBytes(passphrase),
      salt: fromBase64(kdf.salt),
      parallelism: kdf.parallelism,
      iterations: kdf.iterations,
      memorySize: kdf.memoryKiB,
      hashLength: 32,
      outputType: 'binary',
    });
    bits = new Uint8Array(derived);
  } else {
    const base = await subtle().importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, [
      'deriveBits',
    ]);
    bits = new Uint8Array(
      await subtle().deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations },
        base,
        256,
      ),
    );
  }
  return subtle().importKey('raw', bits, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function wrapAad(spaceId: string, kdf: KdfParams): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`rgpd-desk/space-key/1/${spaceId}/${canonicalJson(kdf)}`);
}

export function newWorkspaceKey(): Uint8Array<ArrayBuffer> {
  return randomBytes(32);
}

export async function wrapWorkspaceKey(
  rawKey: Uint8Array,
  passphrase: string,
  spaceId: string,
  kdf: KdfParams,
): Promise<WrappedKey> {
  const key = await deriveWrappingKey(passphrase, kdf);
  const nonce = randomBytes(12);
  const wrapped = await subtle().encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: wrapAad(spaceId, kdf) },
    key,
    new Uint8Array(rawKey),
  );
  return { kdf, nonce: toBase64(nonce), wrapped: toBase64(new Uint8Array(wrapped)) };
}

/** The raw workspace key. A wrong passphrase fails GCM's check: SyncError('wrong_passphrase'). */
export async function unwrapWorkspaceKey(
  envelope: WrappedKey,
  passphrase: string,
  spaceId: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await deriveWrappingKey(passphrase, envelope.kdf);
  try {
    const raw = await subtle().decrypt(
      { name: 'AES-GCM', iv: fromBase64(envelope.nonce), additionalData: wrapAad(spaceId, envelope.kdf) },
      key,
      fromBase64(envelope.wrapped),
    );
    if (raw.byteLength !== 32) throw new SyncError('corrupt', 'wrapped key length');
    return new Uint8Array(raw);
  } catch (error) {
    if (error instanceof SyncError) throw error;
    // GCM cannot tell a wrong passphrase from a tampered envelope; the first is by far the likelier.
    throw new SyncError('wrong_passphrase');
  }
}

/** The keys a session works with, derived from the workspace key; none can be exported. */
export type SpaceKeys = { content: CryptoKey; names: CryptoKey };

export async function openSpaceKeys(rawKey: Uint8Array): Promise<SpaceKeys> {
  const master = await subtle().importKey('raw', new Uint8Array(rawKey), 'HKDF', false, ['deriveKey']);
  const derive = (
    info: string,
    algorithm: Parameters<Subtle['deriveKey']>[2],
    usages: Parameters<Subtle['deriveKey']>[4],
  ) =>
    subtle().deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(info) },
      master,
      algorithm,
      false,
      usages,
    );
  return {
    content: await derive('rgpd-desk/content/1', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
    names: await derive('rgpd-desk/names/1', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign']),
  };
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes encryption adds to a plaintext: nonce and GCM tag. */
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

/** nonce ‖ ciphertext ‖ tag. `aad` is authenticated, not encrypted (a file's header). */
export async function seal(
  key: CryptoKey,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: new Uint8Array(aad) },
    key,
    new Uint8Array(plaintext),
  );
  return concatBytes(nonce, new Uint8Array(sealed));
}

/** The plaintext, or SyncError('corrupt') when anything (body, header, key) does not match. */
export async function unseal(
  key: CryptoKey,
  sealed: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  if (sealed.length < SEAL_OVERHEAD) throw new SyncError('corrupt', 'sealed data too short');
  try {
    const plain = await subtle().decrypt(
      {
        name: 'AES-GCM',
        iv: new Uint8Array(sealed.subarray(0, NONCE_BYTES)),
        additionalData: new Uint8Array(aad),
      },
      key,
      new Uint8Array(sealed.subarray(NONCE_BYTES)),
    );
    return new Uint8Array(plain);
  } catch {
    throw new SyncError('corrupt', 'authentication failed');
  }
}

/**
 * An attachment's file name in the folder: HMAC of its SHA-256 under the space key. Named by the
 * plain hash, the folder would let anyone holding a copy of a document (a standard form, a leaked
 * scan) confirm that this business has it; the HMAC keeps names stable (stored once) and opaque.
 */
export async function attachmentName(keys: SpaceKeys, sha256Hex: string): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new TypeError('not a SHA-256 hex digest');
  const mac = await subtle().sign('HMAC', keys.names, new TextEncoder().encode(sha256Hex));
  return toHex(new Uint8Array(mac));
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(bytes))));
}

/** Bytes sealed under a passphrase: the KDF parameters travel with them. */
export const passphraseSealedSchema = z.object({ kdf: kdfParamsSchema, sealed: base64 });
export type PassphraseSealed = z.infer<typeof passphraseSealedSchema>;

/**
 * The key that seals local secrets under a passphrase (Argon2id as for the space key). Kept in
 * memory, not extractable, so later re-seals need neither the passphrase nor another derivation.
 */
export async function passphraseSealingKey(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  return deriveWrappingKey(passphrase, kdf);
}

const localAad = (scope: string, kdf: KdfParams) =>
  new TextEncoder().encode(`rgpd-desk/local-secrets/1/${scope}/${canonicalJson(kdf)}`);

export async function sealUnderPassphraseKey(
  key: CryptoKey,
  kdf: KdfParams,
  scope: string,
  plain: Uint8Array,
): Promise<PassphraseSealed> {
  return { kdf, sealed: toBase64(await seal(key, plain, localAad(scope, kdf))) };
}

/** The plaintext, or SyncError('wrong_passphrase') when the key does not open it. */
export async function openUnderPassphraseKey(
  key: CryptoKey,
  scope: string,
  envelope: PassphraseSealed,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await unseal(key, fromBase64(envelope.sealed), localAad(scope, envelope.kdf));
  } catch {
    throw new SyncError('wrong_passphrase');
  }
}
