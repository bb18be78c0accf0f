import { describe, expect, it } from 'vitest';
import {
  attachmentName,
  fromBase64,
  kdfParamsSchema,
  newKdfParams,
  newWorkspaceKey,
  openSpaceKeys,
  seal,
  toBase64,
  unseal,
  unwrapWorkspaceKey,
  wrapWorkspaceKey,
  PBKDF2_ITERATIONS,
} from '../../../../shared/sync/crypto';
import { SyncError } from '../../../../shared/sync/errors';
import { estimatePassphrase } from '../../../../shared/sync/passphrase';

const SPACE = '0190a4c2-0000-7000-8000-000000000001';
const cheapArgon = () => newKdfParams('argon2id', { memoryKiB: 19_456, iterations: 1 });

async function syncFailure(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('workspace key wrapping', () => {
  it('unwraps with the right passphrase (Argon2id) and refuses a wrong one with a clear code', async () => {
    const raw = newWorkspaceKey();
    const wrapped = await wrapWorkspaceKey(raw, 'Le chat dort sur le clavier', SPACE, cheapArgon());
    expect(wrapped.kdf).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 19_456,
      iterations: 1,
      parallelism: 1,
    });
    expect(await unwrapWorkspaceKey(wrapped, 'Le chat dort sur le clavier', SPACE)).toEqual(raw);
    const error = await syncFailure(unwrapWorkspaceKey(wrapped, 'le chat dort sur le clavier', SPACE));
    expect(error.code).toBe('wrong_passphrase');
    expect(error.message).toBe('sync.errors.wrongPassphrase');
  });

  it('treats composed and decomposed accents as the same passphrase', async () => {
    const raw = newWorkspaceKey();
    const wrapped = await wrapWorkspaceKey(raw, 'été à Noël', SPACE, cheapArgon());
    expect(await unwrapWorkspaceKey(wrapped, 'été à Noël'.normalize('NFD'), SPACE)).toEqual(raw);
  });

  it('binds the KDF parameters and the space id: changing either fails the unwrap', async () => {
    const raw = newWorkspaceKey();
    const wrapped = await wrapWorkspaceKey(raw, 'passphrase longue et sûre', SPACE, cheapArgon());
    await syncFailure(unwrapWorkspaceKey(wrapped, 'passphrase longue et sûre', SPACE.replace(/1$/, '2')));
    const weakened = { ...wrapped, kdf: { ...wrapped.kdf, iterations: 2 } };
    await syncFailure(unwrapWorkspaceKey(weakened, 'passphrase longue et sûre', SPACE));
  });

  it('falls back to PBKDF2-SHA256 with at least 600,000 iterations', async () => {
    const params = newKdfParams('pbkdf2-sha256');
    expect(params).toMatchObject({ algorithm: 'pbkdf2-sha256', iterations: PBKDF2_ITERATIONS });
    expect(kdfParamsSchema.safeParse({ ...params, iterations: 100_000 }).success).toBe(false);
    const raw = newWorkspaceKey();
    const wrapped = await wrapWorkspaceKey(raw, 'une autre phrase secrète', SPACE, params);
    expect(await unwrapWorkspaceKey(wrapped, 'une autre phrase secrète', SPACE)).toEqual(raw);
    expect((await syncFailure(unwrapWorkspaceKey(wrapped, 'pas la bonne', SPACE))).code).toBe(
      'wrong_passphrase',
    );
  });

  it('refuses KDF parameters that would be useless or exhaust memory', () => {
    expect(() => newKdfParams('argon2id', { memoryKiB: 1024 })).toThrow(SyncError);
    expect(kdfParamsSchema.safeParse({ ...cheapArgon(), memoryKiB: 8 * 1024 * 1024 }).success).toBe(false);
  });

  it('the default Argon2id parameters are the documented ones', () => {
    expect(newKdfParams()).toMatchObject({
      algorithm: 'argon2id',
      memoryKiB: 65_536,
      iterations: 3,
      parallelism: 1,
    });
  });
});

describe('sealing and names', () => {
  it('round-trips, uses a fresh nonce each time, and detects any change to body or associated data', async () => {
    const keys = await openSpaceKeys(newWorkspaceKey());
    const plain = new TextEncoder().encode('Mme Dupont, 12 rue des Lilas');
    const aad = new TextEncoder().encode('header');
    const one = await seal(keys.content, plain, aad);
    const two = await seal(keys.content, plain, aad);
    expect(toBase64(one)).not.toBe(toBase64(two));
    expect(await unseal(keys.content, one, aad)).toEqual(plain);
    const altered = fromBase64(toBase64(one));
    altered[20] = (altered[20] as number) ^ 1;
    expect((await syncFailure(unseal(keys.content, altered, aad))).code).toBe('corrupt');
    await syncFailure(unseal(keys.content, one, new TextEncoder().encode('other')));
    const otherKeys = await openSpaceKeys(newWorkspaceKey());
    await syncFailure(unseal(otherKeys.content, one, aad));
  });

  it('names attachments by a keyed hash: stable within a space, different across spaces', async () => {
    const raw = newWorkspaceKey();
    const hash = 'a'.repeat(64);
    const name = await attachmentName(await openSpaceKeys(raw), hash);
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(name).not.toBe(hash);
    expect(await attachmentName(await openSpaceKeys(raw), hash)).toBe(name);
    expect(await attachmentName(await openSpaceKeys(newWorkspaceKey()), hash)).not.toBe(name);
  });
});

describe('passphrase strength', () => {
  it.each([
    ['', 0, false],
    ['azerty', 0, false],
    ['Azerty123!', 0, false],
    ['motdepasse2024', 0, false],
    ['aaaaaaaaaaaaaaaa', 0, false],
    ['abcdefghijkl', 0, false],
    ['Kx9!mQ2#', 1, false],
    ['soleil du matin', 3, true],
    ['soleil du matin'.slice(0, 12), 2, true],
    ['Le chat dort sur le clavier', 4, true],
    ['T7#qLp!v2Zr8@wNe', 4, true],
  ])('%j scores %i', (passphrase, score, acceptable) => {
    const estimate = estimatePassphrase(passphrase);
    expect(estimate.score).toBe(score);
    expect(estimate.acceptable).toBe(acceptable);
  });

  it('explains what is wrong with message keys', () => {
    expect(estimatePassphrase('azerty').warnings).toEqual([
      'sync.passphrase.common',
      'sync.passphrase.tooShort',
    ]);
    expect(estimatePassphrase('bonjourbonjour').warnings).toEqual(['sync.passphrase.oneClass']);
  });
});
