import { describe, expect, it } from 'vitest';
import { staffInputSchema } from '../../../../shared/domain/staff';
import {
  hashSecret,
  lockSecretSchema,
  secretProblem,
  unlockableStaff,
  unlockDelayMs,
  verifySecret,
} from '../../../../shared/lock/secret';

const FAST = 100_000;

describe('app lock secrets', () => {
  it('a PIN has 4 to 12 digits; a passphrase at least 8 characters', () => {
    expect(secretProblem('pin', '123')).toBe('lock.errors.pinFormat');
    expect(secretProblem('pin', '12a4')).toBe('lock.errors.pinFormat');
    expect(secretProblem('pin', '1234567890123')).toBe('lock.errors.pinFormat');
    expect(secretProblem('pin', '0000')).toBeNull();
    expect(secretProblem('passphrase', 'court')).toBe('lock.errors.passphraseShort');
    expect(secretProblem('passphrase', 'assez longue')).toBeNull();
  });

  it('keeps only a salted hash that verifies the right secret and no other', async () => {
    const secret = await hashSecret('pin', '4821', FAST);
    expect(lockSecretSchema.parse(secret)).toEqual(secret);
    expect(JSON.stringify(secret)).not.toContain('4821');
    expect(await verifySecret(secret, '4821')).toBe(true);
    expect(await verifySecret(secret, '4822')).toBe(false);
    expect(await verifySecret(secret, '')).toBe(false);
    // Salted: the same PIN twice gives two different hashes.
    const again = await hashSecret('pin', '4821', FAST);
    expect(again.salt).not.toBe(secret.salt);
    expect(again.hash).not.toBe(secret.hash);
    // The iteration count stored is the one used (a record made elsewhere still verifies).
    expect(await verifySecret({ ...secret, iterations: FAST + 1 }, '4821')).toBe(false);
  });

  it('refuses to hash a PIN that is too short', async () => {
    await expect(hashSecret('pin', '12', FAST)).rejects.toThrow('lock.errors.pinFormat');
  });

  it('a passphrase is compared in one Unicode form', async () => {
    const secret = await hashSecret('passphrase', 'Crème brûlée', FAST);
    expect(await verifySecret(secret, 'Cre\u0300me bru\u0302le\u0301e')).toBe(true);
  });

  it('waits longer and longer after five failures, up to 15 minutes', () => {
    expect([0, 1, 4].map(unlockDelayMs)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map(unlockDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(unlockDelayMs(40)).toBe(15 * 60_000);
  });

  it('only active staff with a secret can unlock; the staff schema accepts records without one', async () => {
    const lock = await hashSecret('pin', '1234', FAST);
    const staff = [
      { id: 'a', active: true, lock },
      { id: 'b', active: true },
      { id: 'c', active: false, lock },
      { id: 'd', active: true, lock: null },
    ];
    expect(unlockableStaff(staff).map((member) => member.id)).toEqual(['a']);
    expect(staffInputSchema.parse({ name: 'Claire' })).not.toHaveProperty('lock');
    expect(staffInputSchema.parse({ name: 'Claire', lock }).lock).toEqual(lock);
    expect(staffInputSchema.safeParse({ name: 'Claire', lock: { ...lock, hash: 'raw' } }).success).toBe(
      false,
    );
  });
});
