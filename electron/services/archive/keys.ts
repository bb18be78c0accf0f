/**
 * The organisation's signing keys: one current Ed25519 key pair, made at the first export, and the
 * public halves of the keys it replaced, still listed so that old archives can be checked.
 *
 *   <dataDir>/keys/keys.json        public keys, fingerprints, which one is current
 *   <dataDir>/keys/<key id>.key     the current private key, sealed
 *
 * The private key is sealed by the operating system's keystore (Electron safeStorage, given by the
 * composition root) when it really encrypts; otherwise (the browser host, Linux without a keyring)
 * by a passphrase: scrypt → AES-256-GCM. A wrong passphrase fails the GCM tag: 'key_passphrase_wrong'.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HandlerError } from '../dispatch';
import { PRIVATE_DIR_MODE, writeFileAtomic } from '../workspace';
import { generateEd25519, keyFingerprint, publicKeyOfSeed, type Ed25519KeyPair } from './ed25519';
import { formatKeyId, minisignKeyId } from './signatures';

/** The OS keystore, as the composition root adapts Electron's safeStorage. */
export type KeySealer = {
  /** False when sealing would not really encrypt (safeStorage's 'basic_text' backend) or is unavailable. */
  available(): boolean;
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
};

/** The part of Electron's safeStorage the sealer uses (getSelectedStorageBackend exists on Linux only). */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?: () => string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
};

export function safeStorageSealer(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeySealer {
  return {
    available() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      // On Linux without a keyring safeStorage "encrypts" with a hard-coded password: not a seal.
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
        return backend !== 'basic_text' && backend !== 'unknown';
      }
      return true;
    },
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}

export type KeyProtection = 'os' | 'passphrase';
export type KeyInfo = {
  keyId: string;
  fingerprint: string;
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  createdAt: string;
  protection: KeyProtection;
  current: boolean;
};

export type KeyStatus = {
  /** How a new key would be protected here; the current key's own protection is in its info. */
  protection: KeyProtection;
  current: KeyInfo | null;
  /** Every key, newest first. */
  keys: KeyInfo[];
};

export type ScryptCost = { N: number; r: number; p: number };
/** OWASP's scrypt recommendation (2^17, 8, 1): 128 MiB and a fraction of a second per unlock. */
export const DEFAULT_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
export const MIN_PASSPHRASE_LENGTH = 10;

const keyEntrySchema = z.object({
  keyId: z.string().regex(/^[0-9A-F]{16}$/),
  fingerprint: z.string(),
  publicKey: z.string(),
  createdAt: z.string(),
  protection: z.enum(['os', 'passphrase']),
});
const keyListSchema = z.object({
  version: z.literal(1),
  current: z.string().nullable(),
  keys: z.array(keyEntrySchema),
});
type KeyList = z.infer<typeof keyListSchema>;

const sealedFileSchema = z.discriminatedUnion('protection', [
  z.object({ version: z.literal(1), protection: z.literal('os'), keyId: z.string(), sealed: z.string() }),
  z.object({
    version: z.literal(1),
    protection: z.literal('passphrase'),
    keyId: z.string(),
    kdf: z.object({
      name: z.literal('scrypt'),
      N: z.number().int(),
      r: z.number().int(),
      p: z.number().int(),
      salt: z.string(),
    }),
    cipher: z.literal('aes-256-gcm'),
    iv: z.string(),
    tag: z.string(),
    ciphertext: z.string(),
  }),
]);
type SealedFile = z.infer<typeof sealedFileSchema>;
type PassphraseSealed = Extract<SealedFile, { protection: 'passphrase' }>;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export const keyError = (code: string, key: string): HandlerError => new HandlerError(code, key);

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Binds the ciphertext to its key id, so a sealed key cannot be passed off as another. */
const aad = (keyId: string) => Buffer.from(`rgpd-desk signing key ${keyId}`, 'utf8');

export async function sealWithPassphrase(
  seed: Buffer,
  keyId: string,
  passphrase: string,
  cost: ScryptCost = DEFAULT_SCRYPT,
): Promise<PassphraseSealed> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, cost), iv);
  cipher.setAAD(aad(keyId));
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
  return {
    version: 1,
    protection: 'passphrase',
    keyId,
    kdf: { name: 'scrypt', ...cost, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export async function unsealWithPassphrase(file: PassphraseSealed, passphrase: string): Promise<Buffer> {
  const { N, r, p, salt } = file.kdf;
  const decipher = createDecipheriv(
    'aes-256-gcm',
    await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p }),
    Buffer.from(file.iv, 'base64'),
  );
  decipher.setAAD(aad(file.keyId));
  decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw keyError('key_passphrase_wrong', 'archive.errors.passphraseWrong');
  }
}

export type KeyStore = {
  status(): Promise<KeyStatus>;
  /** Makes a new current key (the first one, or a replacement); the old public key stays listed. */
  create(passphrase?: string): Promise<KeyInfo>;
  /** The current key pair, unsealed; makes the first key when there is none. */
  unlock(passphrase?: string): Promise<{ pair: Ed25519KeyPair; info: KeyInfo }>;
};

export function createKeyStore(
  dataDir: string,
  options: { sealer?: KeySealer; scrypt?: ScryptCost; now?: () => Date } = {},
): KeyStore {
  const dir = join(dataDir, 'keys');
  const listFile = join(dir, 'keys.json');
  const keyFile = (keyId: string) => join(dir, `${keyId}.key`);
  const now = options.now ?? (() => new Date());
  const protection = (): KeyProtection => (options.sealer?.available() ? 'os' : 'passphrase');

  const readList = async (): Promise<KeyList> => {
    let text: string;
    try {
      text = await readFile(listFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, current: null, keys: [] };
      throw error;
    }
    const parsed = keyListSchema.safeParse(parseJson(text));
    if (!parsed.success) throw keyError('key_corrupt', 'archive.errors.keyCorrupt');
    return parsed.data;
  };

  const infoOf =
    (list: KeyList) =>
    (entry: KeyList['keys'][number]): KeyInfo => ({
      ...entry,
      current: entry.keyId === list.current,
    });

  const status = async (): Promise<KeyStatus> => {
    const list = await readList();
    const keys = list.keys.map(infoOf(list)).reverse();
    return { protection: protection(), current: keys.find((key) => key.current) ?? null, keys };
  };

  const checkPassphrase = (passphrase: string | undefined): string => {
    if (!passphrase) throw keyError('key_passphrase_required', 'archive.errors.passphraseRequired');
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw keyError('key_passphrase_weak', 'archive.errors.passphraseWeak');
    }
    return passphrase;
  };

  const create = async (passphrase?: string): Promise<KeyInfo> => {
    const how = protection();
    if (how === 'passphrase') checkPassphrase(passphrase);
    const pair = generateEd25519();
    const keyId = formatKeyId(minisignKeyId(pair.publicKey));
    const sealed: SealedFile =
      how === 'os' && options.sealer
        ? { version: 1, protection: 'os', keyId, sealed: options.sealer.seal(pair.seed).toString('base64') }
        : await sealWithPassphrase(pair.seed, keyId, passphrase ?? '', options.scrypt);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFileAtomic(keyFile(keyId), `${JSON.stringify(sealed, null, 2)}\n`);
    const list = await readList();
    const previous = list.current;
    const entry = {
      keyId,
      fingerprint: keyFingerprint(pair.publicKey),
      publicKey: pair.publicKey.toString('base64'),
      createdAt: now().toISOString(),
      protection: how,
    };
    const next: KeyList = { version: 1, current: keyId, keys: [...list.keys, entry] };
    await writeFileAtomic(listFile, `${JSON.stringify(next, null, 2)}\n`);
    // The replaced key signs nothing any more; its public half stays in keys.json.
    if (previous && previous !== keyId) await rm(keyFile(previous), { force: true });
    return infoOf(next)(entry);
  };

  const unlock = async (passphrase?: string) => {
    let list = await readList();
    if (list.current === null) {
      await create(passphrase);
      list = await readList();
    }
    const entry = list.keys.find((key) => key.keyId === list.current);
    if (!entry) throw keyError('key_corrupt', 'archive.errors.keyCorrupt');
    let text: string;
    try {
      text = await readFile(keyFile(entry.keyId), 'utf8');
    } catch {
      throw keyError('key_missing', 'archive.errors.keyMissing');
    }
    const parsed = sealedFileSchema.safeParse(parseJson(text));
    if (!parsed.success || parsed.data.keyId !== entry.keyId) {
      throw keyError('key_corrupt', 'archive.errors.keyCorrupt');
    }
    let seed: Buffer;
    if (parsed.data.protection === 'os') {
      if (!options.sealer?.available()) throw keyError('key_unavailable', 'archive.errors.keyUnavailable');
      try {
        seed = options.sealer.unseal(Buffer.from(parsed.data.sealed, 'base64'));
      } catch {
        throw keyError('key_unavailable', 'archive.errors.keyUnavailable');
      }
    } else {
      if (!passphrase) throw keyError('key_passphrase_required', 'archive.errors.passphraseRequired');
      seed = await unsealWithPassphrase(parsed.data, passphrase);
    }
    const publicKey = Buffer.from(entry.publicKey, 'base64');
    if (seed.length !== 32 || !publicKeyOfSeed(seed).equals(publicKey)) {
      throw keyError('key_corrupt', 'archive.errors.keyCorrupt');
    }
    return { pair: { seed, publicKey }, info: infoOf(list)(entry) };
  };

  return { status, create, unlock };
}
