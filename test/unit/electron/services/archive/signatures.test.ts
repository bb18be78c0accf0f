import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateEd25519,
  keyFingerprint,
  publicKeyOfSeed,
} from '../../../../../electron/services/archive/ed25519';
import {
  allowedSignersFile,
  minisignPublicKeyFile,
  minisignSignature,
  sshSignature,
  verifyMinisign,
  verifySshSignature,
} from '../../../../../electron/services/archive/signatures';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('minisign and SSH signatures made with node:crypto', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-sig-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const pair = generateEd25519();
  const message = Buffer.from('0123  data/a b.csv\nlines with accents: é\n');

  it('derives the public key from the seed', () => {
    expect(publicKeyOfSeed(pair.seed).equals(pair.publicKey)).toBe(true);
  });

  it('verifies its own signatures and refuses a changed message, comment or key', () => {
    const pub = minisignPublicKeyFile(pair.publicKey);
    const sig = minisignSignature(pair, message, 'Org | 2026-05-01 | id');
    expect(verifyMinisign(pub, sig, message)).toEqual({ ok: true, trustedComment: 'Org | 2026-05-01 | id' });
    expect(verifyMinisign(pub, sig, Buffer.from('other'))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyMinisign(pub, sig.replace('Org', 'Gro'), message)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const other = generateEd25519();
    expect(verifyMinisign(minisignPublicKeyFile(other.publicKey), sig, message).ok).toBe(false);

    const allowed = allowedSignersFile(pair.publicKey);
    const ssh = sshSignature(pair, message);
    expect(verifySshSignature(allowed, ssh, message).ok).toBe(true);
    expect(verifySshSignature(allowed, ssh, Buffer.from('other'))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifySshSignature(allowedSignersFile(other.publicKey), ssh, message)).toEqual({
      ok: false,
      reason: 'key_not_allowed',
    });
  });

  it.skipIf(!has('minisign'))('is accepted by minisign -V, which refuses a changed file', async () => {
    await writeFile(join(dir, 'm.txt'), message);
    await writeFile(join(dir, 'm.txt.minisig'), minisignSignature(pair, message, 'Org | date | id'));
    await writeFile(join(dir, 'minisign.pub'), minisignPublicKeyFile(pair.publicKey));
    const out = execFileSync('minisign', ['-Vm', 'm.txt', '-p', 'minisign.pub'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out).toContain('Trusted comment: Org | date | id');
    await writeFile(join(dir, 'm.txt'), Buffer.concat([message, Buffer.from('x')]));
    expect(spawnSync('minisign', ['-Vm', 'm.txt', '-p', 'minisign.pub'], { cwd: dir }).status).not.toBe(0);
  });

  it.skipIf(!has('ssh-keygen'))(
    'is accepted by ssh-keygen -Y verify, and ssh-keygen -l shows the same fingerprint',
    async () => {
      await writeFile(join(dir, 'm.txt'), message);
      await writeFile(join(dir, 'm.txt.sig'), sshSignature(pair, message));
      await writeFile(join(dir, 'allowed_signers'), allowedSignersFile(pair.publicKey));
      const verify = (input: Buffer) =>
        spawnSync(
          'ssh-keygen',
          ['-Y', 'verify', '-f', 'allowed_signers', '-I', 'rgpd-desk', '-n', 'file', '-s', 'm.txt.sig'],
          {
            cwd: dir,
            input,
            encoding: 'utf8',
          },
        );
      const good = verify(message);
      expect(good.status, good.stderr).toBe(0);
      expect(verify(Buffer.from('changed')).status).not.toBe(0);
      const pubLine = allowedSignersFile(pair.publicKey).split(' ').slice(2).join(' ');
      await writeFile(join(dir, 'key.pub'), pubLine);
      const listed = execFileSync('ssh-keygen', ['-l', '-f', 'key.pub'], { cwd: dir, encoding: 'utf8' });
      expect(listed).toContain(keyFingerprint(pair.publicKey));
    },
  );
});
