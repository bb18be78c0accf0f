/**
 * The app lock's secrets: a staff member's PIN or passphrase, kept only as a salted slow hash on
 * their staff record (which syncs, so that they unlock any of the workspace's devices).
 *
 * PBKDF2-HMAC-SHA256 through WebCrypto, 600,000 iterations (OWASP's figure for it), rather than
 * scrypt on the Node side: the record reaches every device and both hosts, and the renderer checks
 * it where it is stored, with no new IPC channel for a secret to cross. A memory-hard function would
 * add little here: a 4-digit PIN is 10,000 guesses whatever the function, so what protects it at
 * the counter is the growing delay after failures (unlockDelayMs); on the disk, the records it
 * guards are no better protected than the hash, which is why the PC's disk must be encrypted.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

export const LOCK_KDF_ITERATIONS = 600_000;
export const MIN_PIN_DIGITS = 4;
export const MAX_PIN_DIGITS = 12;
export const MIN_LOCK_PASSPHRASE = 8;
export const MAX_LOCK_PASSPHRASE = 200;

export const lockKindSchema = z.enum(['pin', 'passphrase']);
export type LockKind = z.infer<typeof lockKindSchema>;

export const lockSecretSchema = z.object({
  kind: lockKindSchema,
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(100_000).max(10_000_000),
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type LockSecret = z.infer<typeof lockSecretSchema>;

/** The idle delays Settings offers, in minutes; 0 is "never". */
export const IDLE_LOCK_MINUTES = [0, 1, 5, 15, 30] as const;
export type IdleLockMinutes = (typeof IDLE_LOCK_MINUTES)[number];
export const idleLockMinutesSchema = z.literal(IDLE_LOCK_MINUTES);

/** Why a new PIN or passphrase is refused (an i18n key), or null when it is acceptable. */
export function secretProblem(kind: LockKind, value: string): string | null {
  if (kind === 'pin') {
    return new RegExp(`^[0-9]{${MIN_PIN_DIGITS},${MAX_PIN_DIGITS}}$`).test(value)
      ? null
      : 'lock.errors.pinFormat';
  }
  const length = [...value.normalize('NFC')].length;
  if (length < MIN_LOCK_PASSPHRASE) return 'lock.errors.passphraseShort';
  if (length > MAX_LOCK_PASSPHRASE) return 'lock.errors.passphraseLong';
  return null;
}

async function derive(value: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey(
    'raw',
    new TextEncoder().encode(value.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  return new Uint8Array(
    await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256),
  );
}

/** The stored form of a new secret; throws when secretProblem refuses it. */
export async function hashSecret(
  kind: LockKind,
  value: string,
  iterations: number = LOCK_KDF_ITERATIONS,
): Promise<LockSecret> {
  const problem = secretProblem(kind, value);
  if (problem) throw new Error(problem);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(value, salt, iterations);
  return { kind, kdf: 'PBKDF2-SHA256', iterations, salt: bytesToHex(salt), hash: bytesToHex(hash) };
}

/** True when `value` is the secret; the comparison does not stop at the first differing byte. */
export async function verifySecret(secret: LockSecret, value: string): Promise<boolean> {
  const parsed = lockSecretSchema.safeParse(secret);
  if (!parsed.success) return false;
  const expected = hexToBytes(parsed.data.hash);
  const actual = await derive(value, new Uint8Array(hexToBytes(parsed.data.salt)), parsed.data.iterations);
  let difference = expected.length ^ actual.length;
  for (let index = 0; index < expected.length; index += 1)
    difference |= expected[index]! ^ (actual[index] ?? 0);
  return difference === 0;
}

/** Failed unlocks before the delay starts. */
export const FREE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

/** How long to wait before the next attempt after `failures` failed ones: 30 s, 1, 2, 4 … up to 15 min. */
export function unlockDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS));
}

type WithLock = { id: string; active: boolean; lock?: LockSecret | null | undefined };

/** The staff who can unlock: active, with a PIN or passphrase. Locking needs at least one. */
export function unlockableStaff<T extends WithLock>(staff: readonly T[]): T[] {
  return staff.filter((member) => member.active && Boolean(member.lock));
}
