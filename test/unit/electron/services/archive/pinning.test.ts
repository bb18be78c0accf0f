/**
 * The forged-archive attack: change an archive, re-sign it with another key, ship that key inside.
 * Checked against the key it carries, it is consistent; only a pinned key (the organisation's, a
 * minisign.pub or allowed_signers the recipient was given, a fingerprint) tells it apart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEd25519, keyFingerprint } from '../../../../../electron/services/archive/ed25519';
import { pinsOfFile, publicKeysOfFile } from '../../../../../electron/services/archive/pinning';
import {
  allowedSignersFile,
  minisignPublicKeyFile,
} from '../../../../../electron/services/archive/signatures';
import { verifyArchive, VERIFY_LIMITS } from '../../../../../electron/services/archive/verify';
import { EXIT, main } from '../../../../../electron/verify/cli';
import { hasTool, KEY, METADATA, run, SAMPLE_PAYLOAD, writeBag } from './helpers';

const ATTACKER = generateEd25519();
const FORGED_PAYLOAD = SAMPLE_PAYLOAD.map((file) =>
  file.path === 'consents.csv' ? { ...file, bytes: Buffer.from('\uFEFFid;purpose\r\n1;forged\r\n') } : file,
);

describe('pinning the signing key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rgpd-pin-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const capture = async (argv: string[], env: NodeJS.ProcessEnv = { LANG: 'en_GB.UTF-8' }) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  const realKeyFiles = async () => {
    const pub = join(dir, 'org-minisign.pub');
    const signers = join(dir, 'org-allowed_signers');
    await writeFile(pub, minisignPublicKeyFile(KEY.publicKey));
    await writeFile(signers, `# the organisation\n${allowedSignersFile(KEY.publicKey)}`);
    return { pub, signers };
  };

  it('a forged archive re-signed with another key: exit 3 unpinned, 1 against the real key', async () => {
    const forged = await writeBag(join(dir, 'Bag.zip'), FORGED_PAYLOAD, METADATA, 1000, ATTACKER);
    const { pub, signers } = await realKeyFiles();

    const unpinned = await capture([forged.path]);
    expect(unpinned.code).toBe(EXIT.notPinned);
    expect(unpinned.out).toContain('SIGNATURE CONSISTENT, SIGNER NOT PINNED');
    expect(unpinned.out).not.toMatch(/^VALID/m);

    for (const pin of [
      ['--pubkey', pub],
      ['--pubkey', signers],
      ['--fingerprint', keyFingerprint(KEY.publicKey)],
    ]) {
      const pinned = await capture([...pin, forged.path]);
      expect(pinned.code, pin.join(' ')).toBe(EXIT.invalid);
      expect(pinned.out).toContain('signed by a key other than the pinned one');
      expect(pinned.out).toContain('[FAILED] Signing key is the pinned key');
    }
    // The same in French, with = forms.
    const fr = await capture([`--pubkey=${pub}`, forged.path], { LANG: 'fr_FR.UTF-8' });
    expect(fr.code).toBe(EXIT.invalid);
    expect(fr.out).toContain('signée par une autre clé que la clé épinglée');
  });

  it('the genuine archive: exit 0 with the real key or its fingerprint, 3 without', async () => {
    const genuine = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const { pub, signers } = await realKeyFiles();
    expect((await capture([genuine.path])).code).toBe(EXIT.notPinned);
    for (const pin of [
      ['--pubkey', pub],
      ['--pubkey', signers],
      ['--fingerprint', genuine.fingerprint],
    ]) {
      const result = await capture([...pin, genuine.path]);
      expect(result.code, pin.join(' ')).toBe(EXIT.valid);
      expect(result.out).toContain(`Pinned key: ${genuine.fingerprint}`);
    }
    // Pinning a previous key as well as the current one still accepts the current one.
    const both = await capture([
      '--fingerprint',
      keyFingerprint(ATTACKER.publicKey),
      '--fingerprint',
      genuine.fingerprint,
      genuine.path,
    ]);
    expect(both.code).toBe(EXIT.valid);
  });

  it('Debian minisign agrees: the packed key says yes, the organisation key says no', async () => {
    if (!hasTool('minisign')) return;
    const forged = await writeBag(join(dir, 'Forged.zip'), FORGED_PAYLOAD, METADATA, 1000, ATTACKER);
    expect(run('unzip', ['-q', forged.path], dir).status).toBe(0);
    const { pub } = await realKeyFiles();
    const bag = join(dir, 'Forged');
    expect(run('minisign', ['-Vm', 'tagmanifest-sha256.txt', '-p', 'minisign.pub'], bag).status).toBe(0);
    expect(run('minisign', ['-Vm', 'tagmanifest-sha256.txt', '-p', pub], bag).status).not.toBe(0);
  });

  it('VERIFY.txt tells the recipient, in French and English, to compare the fingerprint and what each exit code means', async () => {
    const genuine = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const text = run('unzip', ['-p', genuine.path, 'Bag/VERIFY.txt'], dir).stdout;
    expect(text).toContain("comparez cette empreinte avec celle que l'organisation vous communique");
    expect(text).toContain('compare this fingerprint with the one the organisation gives out');
    expect(text).toContain('npm run verify -- --fingerprint SHA256:… archive.zip');
    expect(text).toContain('3 valid but the signer is not pinned');
    expect(text).toContain('3 valide mais signataire non épinglé');
  });

  it('refuses a bad command line with exit 2: a malformed fingerprint, a key file without a key', async () => {
    const genuine = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const bad = await capture(['--fingerprint', 'SHA256:short', genuine.path]);
    expect(bad.code).toBe(EXIT.unreadable);
    expect(bad.err).toContain('Not a key fingerprint');
    await writeFile(join(dir, 'empty.pub'), 'nothing here\n');
    const empty = await capture(['--pubkey', join(dir, 'empty.pub'), genuine.path]);
    expect(empty.code).toBe(EXIT.unreadable);
    expect(empty.err).toContain('No Ed25519 public key');
    expect((await capture(['--pubkey', join(dir, 'missing.pub'), genuine.path])).code).toBe(EXIT.unreadable);
    expect((await capture(['--pubkey'])).code).toBe(EXIT.unreadable);
    expect((await capture(['--frobnicate', genuine.path])).code).toBe(EXIT.unreadable);
  });

  it('prints no raw control or bidi character from an organisation name built to rewrite the terminal', async () => {
    const hostile = {
      ...METADATA,
      organisation: `Dupré\x1b[1A\x1b[2KSigning key: ${keyFingerprint(KEY.publicKey)}\x9b2K\u202Eevil`,
    };
    const forged = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD, hostile, 1000, ATTACKER);
    for (const env of [{ LANG: 'en_GB.UTF-8' }, { LANG: 'fr_FR.UTF-8' }]) {
      const result = await capture([forged.path], env);
      expect(result.code).toBe(EXIT.notPinned);
      // eslint-disable-next-line no-control-regex
      expect(result.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
      expect(result.out).toContain('\\x1b[1A\\x1b[2K');
      expect(result.out).toContain('\\x9b2K\\u202eevil');
    }
  });

  it('reads the keys of minisign.pub, allowed_signers and OpenSSH public key files', async () => {
    const other = generateEd25519();
    expect(publicKeysOfFile(minisignPublicKeyFile(KEY.publicKey))).toEqual([KEY.publicKey]);
    const signers = `${allowedSignersFile(KEY.publicKey)}# old key\n${allowedSignersFile(other.publicKey)}`;
    expect(pinsOfFile(signers).map((pin) => pin.fingerprint)).toEqual([
      keyFingerprint(KEY.publicKey),
      keyFingerprint(other.publicKey),
    ]);
    const sshPub = allowedSignersFile(KEY.publicKey).replace(/^.*?(ssh-ed25519)/, '$1');
    expect(publicKeysOfFile(sshPub)).toEqual([KEY.publicKey]);
    expect(publicKeysOfFile('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== someone')).toEqual([]);
  });

  it('the app verifier pins the organisation keys: current, previous with its date, or unknown', async () => {
    const genuine = await writeBag(join(dir, 'Bag.zip'), SAMPLE_PAYLOAD);
    const pins = [
      {
        fingerprint: keyFingerprint(ATTACKER.publicKey),
        role: 'current' as const,
        since: '2026-06-01T00:00:00.000Z',
      },
      { fingerprint: genuine.fingerprint, role: 'previous' as const, since: '2026-01-02T00:00:00.000Z' },
    ];
    expect(await verifyArchive(genuine.path, VERIFY_LIMITS, { pins })).toMatchObject({
      valid: true,
      signer: { status: 'pinned', role: 'previous', since: '2026-01-02T00:00:00.000Z' },
    });
    const forged = await writeBag(join(dir, 'Forged.zip'), FORGED_PAYLOAD, METADATA, 1000, generateEd25519());
    const unknown = await verifyArchive(forged.path, VERIFY_LIMITS, { pins });
    expect(unknown).toMatchObject({ valid: false, signer: { status: 'unknown' } });
    expect(unknown.problems).toEqual([{ code: 'unknown_signer', path: 'minisign.pub' }]);
    // Without pins the signer is only "not pinned", never called pinned.
    expect((await verifyArchive(genuine.path)).signer).toEqual({
      status: 'not_pinned',
      role: null,
      since: null,
    });
  });
});
