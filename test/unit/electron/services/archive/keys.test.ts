import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createKeyStore,
  safeStorageSealer,
  sealWithPassphrase,
  unsealWithPassphrase,
  type KeySealer,
  type SafeStorageLike,
} from '../../../../../electron/services/archive/keys';
import { signEd25519, verifyEd25519 } from '../../../../../electron/services/archive/ed25519';

/** Cheap scrypt for tests; the real cost is DEFAULT_SCRYPT. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSPHRASE = 'correct horse battery';

/** A sealer that really transforms the bytes (XOR), so a test would notice it being skipped. */
const fakeSealer = (available = true): KeySealer & { calls: number } => {
  const sealer = {
    calls: 0,
    available: () => available,
    seal: (plain: Buffer) => {
      sealer.calls += 1;
      return Buffer.from(plain.map((byte) => byte ^ 0x5a));
    },
    unseal: (sealed: Buffer) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)),
  };
  return sealer;
};

describe('signing keys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('seals a key with a passphrase and unseals it; a wrong passphrase gives key_passphrase_wrong', async () => {
    const seed = Buffer.alloc(32, 9);
    const sealed = await sealWithPassphrase(seed, 'ABCDEF0123456789', PASSPHRASE, FAST);
    expect(sealed.ciphertext).not.toContain(seed.toString('base64'));
    expect((await unsealWithPassphrase(sealed, PASSPHRASE)).equals(seed)).toBe(true);
    await expect(unsealWithPassphrase(sealed, 'wrong passphrase')).rejects.toMatchObject({
      code: 'key_passphrase_wrong',
      message: 'archive.errors.passphraseWrong',
    });
    // The key id is bound to the ciphertext.
    await expect(
      unsealWithPassphrase({ ...sealed, keyId: '0000000000000000' }, PASSPHRASE),
    ).rejects.toMatchObject({
      code: 'key_passphrase_wrong',
    });
  });

  it('makes the first key at the first unlock, then gives the same key back', async () => {
    const store = createKeyStore(dir, { scrypt: FAST });
    expect(await store.status()).toEqual({ protection: 'passphrase', current: null, keys: [] });
    await expect(store.unlock()).rejects.toMatchObject({ code: 'key_passphrase_required' });
    await expect(store.unlock('short')).rejects.toMatchObject({ code: 'key_passphrase_weak' });
    const first = await store.unlock(PASSPHRASE);
    const again = await store.unlock(PASSPHRASE);
    expect(again.pair.publicKey.equals(first.pair.publicKey)).toBe(true);
    expect(again.info).toMatchObject({
      current: true,
      protection: 'passphrase',
      fingerprint: expect.stringMatching(/^SHA256:/),
    });
    const signature = signEd25519(again.pair, Buffer.from('message'));
    expect(verifyEd25519(first.pair.publicKey, Buffer.from('message'), signature)).toBe(true);
    await expect(store.unlock('not the passphrase')).rejects.toMatchObject({ code: 'key_passphrase_wrong' });
    // The private key is on disk only sealed.
    const files = await readdir(join(dir, 'keys'));
    const keyText = await readFile(
      join(
        dir,
        'keys',
        files.find((name) => name.endsWith('.key'))!,
      ),
      'utf8',
    );
    expect(keyText).not.toContain(again.pair.seed.toString('base64'));
  });

  it('uses the OS sealer when it really encrypts, and refuses when it no longer can', async () => {
    const sealer = fakeSealer();
    const store = createKeyStore(dir, { sealer, scrypt: FAST });
    expect((await store.status()).protection).toBe('os');
    const { pair, info } = await store.unlock();
    expect(info.protection).toBe('os');
    expect(sealer.calls).toBe(1);
    expect((await store.unlock()).pair.seed.equals(pair.seed)).toBe(true);
    const without = createKeyStore(dir, { sealer: fakeSealer(false), scrypt: FAST });
    expect((await without.status()).protection).toBe('passphrase');
    await expect(without.unlock()).rejects.toMatchObject({ code: 'key_unavailable' });
  });

  it('makes a new key on request and keeps the old public keys listed', async () => {
    const store = createKeyStore(dir, { scrypt: FAST });
    const first = await store.unlock(PASSPHRASE);
    const second = await store.create(PASSPHRASE);
    const status = await store.status();
    expect(status.current?.keyId).toBe(second.keyId);
    expect(status.keys.map((key) => [key.keyId, key.current])).toEqual([
      [second.keyId, true],
      [first.info.keyId, false],
    ]);
    expect((await store.unlock(PASSPHRASE)).info.keyId).toBe(second.keyId);
    // Only the current private key is kept.
    expect((await readdir(join(dir, 'keys'))).sort()).toEqual([`${second.keyId}.key`, 'keys.json']);
  });

  it('names a damaged key file instead of crashing', async () => {
    const store = createKeyStore(dir, { scrypt: FAST });
    const { info } = await store.unlock(PASSPHRASE);
    await writeFile(join(dir, 'keys', `${info.keyId}.key`), '{ not json');
    await expect(store.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'key_corrupt' });
    await rm(join(dir, 'keys', `${info.keyId}.key`));
    await expect(store.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'key_missing' });
  });

  it('treats safeStorage with the basic_text backend on Linux as no sealing at all', () => {
    const storage = (backend: string, available = true): SafeStorageLike => ({
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
      encryptString: (plain) => Buffer.from(plain),
      decryptString: (sealed) => sealed.toString(),
    });
    expect(safeStorageSealer(storage('basic_text'), 'linux').available()).toBe(false);
    expect(safeStorageSealer(storage('gnome_libsecret'), 'linux').available()).toBe(true);
    expect(safeStorageSealer(storage('gnome_libsecret', false), 'linux').available()).toBe(false);
    expect(safeStorageSealer(storage('unknown'), 'darwin').available()).toBe(true);
    const sealer = safeStorageSealer(storage('kwallet5'), 'linux');
    expect(sealer.unseal(sealer.seal(Buffer.from([1, 2, 255]))).equals(Buffer.from([1, 2, 255]))).toBe(true);
  });
});
