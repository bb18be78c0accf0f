/**
 * The keys a verifier trusts. An archive carries its own public key, so a signature checked against
 * that key proves only that the archive is consistent — whoever changed it could re-sign it with a
 * key of their own. It proves who signed only when the key is compared with one known beforehand:
 * the organisation's keys (the app), or a key or fingerprint the recipient was given (the CLI).
 */
import { keyFingerprint } from './ed25519';
import type { KeyStatus } from './keys';
import { parseMinisignPublicKey } from './signatures';
import type { PinnedKey } from './verify';

/** As keyFingerprint prints it: "SHA256:" and 43 characters of unpadded base64. */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;

const SSH_ED25519 = /(?:^|\s)ssh-ed25519\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)/;

function ed25519OfSshBlob(blob: Buffer): Buffer | null {
  // string "ssh-ed25519" then string key (32 bytes): 4 + 11 + 4 + 32.
  if (blob.length !== 51 || blob.readUInt32BE(0) !== 11) return null;
  if (blob.subarray(4, 15).toString('latin1') !== 'ssh-ed25519' || blob.readUInt32BE(15) !== 32) return null;
  return blob.subarray(19);
}

/**
 * The Ed25519 keys in a minisign.pub, an allowed_signers file or an OpenSSH public key (other key
 * types are not ours and are ignored). Empty when the file holds none.
 */
export function publicKeysOfFile(text: string): Buffer[] {
  const minisign = parseMinisignPublicKey(text);
  if (minisign) return [minisign.publicKey];
  const keys: Buffer[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith('#')) continue;
    const match = SSH_ED25519.exec(line);
    const key = match?.[1] ? ed25519OfSshBlob(Buffer.from(match[1], 'base64')) : null;
    if (key && !keys.some((known) => known.equals(key))) keys.push(key);
  }
  return keys;
}

export const pinsOfFile = (text: string): PinnedKey[] =>
  publicKeysOfFile(text).map((key) => ({ fingerprint: keyFingerprint(key) }));

/** The organisation's keys as the app pins them: the current one and every one it replaced. */
export function pinsOfKeyStore(status: KeyStatus): PinnedKey[] {
  return status.keys.map((key) => ({
    fingerprint: key.fingerprint,
    role: key.current ? 'current' : 'previous',
    since: key.createdAt,
  }));
}
