/**
 * The two signature formats an archive carries, produced and checked with Node's own Ed25519 so the
 * recipient can use the tools they already have:
 * - minisign (https://jedisct1.github.io/minisign/): prehashed "ED" signature over BLAKE2b-512 of
 *   the file, plus a global signature over signature‖trusted comment; `minisign -Vm FILE -p PUB`.
 * - OpenSSH SSHSIG (PROTOCOL.sshsig): namespace "file", SHA-512; `ssh-keygen -Y verify`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SSH_NAMESPACE, SSH_SIGNER_IDENTITY } from '../../../shared/archive/bagit';
import {
  keyFingerprint,
  sshPublicKeyBlob,
  sshString,
  signEd25519,
  verifyEd25519,
  type Ed25519KeyPair,
} from './ed25519';

const blake2b512 = (message: Uint8Array): Buffer => createHash('blake2b512').update(message).digest();

/** minisign key ids are 8 bytes; ours are derived from the public key, so the same key always has the same id. */
export function minisignKeyId(publicKey: Uint8Array): Buffer {
  return blake2b512(publicKey).subarray(0, 8);
}

/** As minisign prints it: the 8 bytes read as a little-endian integer, in upper-case hex. */
export function formatKeyId(keyId: Uint8Array): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

export function minisignPublicKeyFile(publicKey: Uint8Array): string {
  const keyId = minisignKeyId(publicKey);
  const blob = Buffer.concat([Buffer.from('Ed'), keyId, publicKey]);
  return `untrusted comment: minisign public key ${formatKeyId(keyId)}\n${blob.toString('base64')}\n`;
}

/** A trusted comment is one line of text (minisign reads it up to the line end). */
export const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();

export function minisignSignature(pair: Ed25519KeyPair, message: Uint8Array, trustedComment: string): string {
  const comment = oneLine(trustedComment);
  const keyId = minisignKeyId(pair.publicKey);
  const signature = signEd25519(pair, blake2b512(message));
  const globalSignature = signEd25519(pair, Buffer.concat([signature, Buffer.from(comment, 'utf8')]));
  return [
    `untrusted comment: signature from RGPD Desk key ${formatKeyId(keyId)}`,
    Buffer.concat([Buffer.from('ED'), keyId, signature]).toString('base64'),
    `trusted comment: ${comment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

const decodeBase64 = (text: string | undefined): Buffer | null => {
  const trimmed = text?.trim() ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  return Buffer.from(trimmed, 'base64');
};

/** The raw public key in a minisign.pub file, or null when it is not one. */
export function parseMinisignPublicKey(text: string): { keyId: Buffer; publicKey: Buffer } | null {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const blob = decodeBase64(lines.find((line) => !line.startsWith('untrusted comment:')));
  if (!blob || blob.length !== 42 || blob.subarray(0, 2).toString('latin1') !== 'Ed') return null;
  return { keyId: blob.subarray(2, 10), publicKey: blob.subarray(10) };
}

export type MinisignCheck =
  | { ok: true; trustedComment: string }
  | { ok: false; reason: 'malformed' | 'key_mismatch' | 'bad_signature' };

/** What `minisign -V` checks: the key id, the signature of the file, then the trusted comment. */
export function verifyMinisign(
  publicKeyFile: string,
  signatureFile: string,
  message: Uint8Array,
): MinisignCheck {
  const key = parseMinisignPublicKey(publicKeyFile);
  const lines = signatureFile.split(/\r?\n/);
  const blob = decodeBase64(lines[1]);
  const commentLine = lines[2] ?? '';
  const globalSignature = decodeBase64(lines[3]);
  if (
    !key ||
    !blob ||
    blob.length !== 74 ||
    !globalSignature ||
    !commentLine.startsWith('trusted comment: ')
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const algorithm = blob.subarray(0, 2).toString('latin1');
  if (algorithm !== 'ED' && algorithm !== 'Ed') return { ok: false, reason: 'malformed' };
  if (!timingSafeEqual(blob.subarray(2, 10), key.keyId)) return { ok: false, reason: 'key_mismatch' };
  const signature = blob.subarray(10);
  const signed = algorithm === 'ED' ? blake2b512(message) : message;
  if (!verifyEd25519(key.publicKey, signed, signature)) return { ok: false, reason: 'bad_signature' };
  const trustedComment = commentLine.slice('trusted comment: '.length);
  const global = Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]);
  if (!verifyEd25519(key.publicKey, global, globalSignature)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, trustedComment };
}

const SSHSIG_MAGIC = Buffer.from('SSHSIG');
const SSHSIG_HASH = 'sha512';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

function sshsigSignedData(namespace: string, hashAlgorithm: string, message: Uint8Array): Buffer {
  return Buffer.concat([
    SSHSIG_MAGIC,
    sshString(namespace),
    sshString(''),
    sshString(hashAlgorithm),
    sshString(createHash(hashAlgorithm).update(message).digest()),
  ]);
}

/** What `ssh-keygen -Y sign -n file` writes (armored, base64 wrapped at 70 columns like OpenSSH). */
export function sshSignature(pair: Ed25519KeyPair, message: Uint8Array): string {
  const signature = signEd25519(pair, sshsigSignedData(SSH_NAMESPACE, SSHSIG_HASH, message));
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([
    SSHSIG_MAGIC,
    version,
    sshString(sshPublicKeyBlob(pair.publicKey)),
    sshString(SSH_NAMESPACE),
    sshString(''),
    sshString(SSHSIG_HASH),
    sshString(Buffer.concat([sshString('ssh-ed25519'), sshString(signature)])),
  ]).toString('base64');
  const lines = blob.match(/.{1,70}/g) ?? [];
  return `${ARMOR_BEGIN}\n${lines.join('\n')}\n${ARMOR_END}\n`;
}

export function allowedSignersFile(publicKey: Uint8Array): string {
  return `${SSH_SIGNER_IDENTITY} namespaces="${SSH_NAMESPACE}" ssh-ed25519 ${sshPublicKeyBlob(publicKey).toString('base64')}\n`;
}

/** Reads SSH wire strings one after the other; null once the data runs out or is malformed. */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}
  raw(length: number): Buffer | null {
    if (this.offset + length > this.bytes.length) return null;
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  uint32(): number | null {
    const value = this.raw(4);
    return value ? value.readUInt32BE() : null;
  }
  string(): Buffer | null {
    const length = this.uint32();
    return length === null ? null : this.raw(length);
  }
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

function ed25519FromBlob(blob: Buffer | null): Buffer | null {
  if (!blob) return null;
  const reader = new WireReader(blob);
  if (reader.string()?.toString('latin1') !== 'ssh-ed25519') return null;
  const key = reader.string();
  return key && key.length === 32 && reader.done ? key : null;
}

/** The Ed25519 keys allowed_signers grants to `identity` for `namespace` (other key types are ignored). */
export function allowedKeys(allowedSigners: string, identity: string, namespace: string): Buffer[] {
  const keys: Buffer[] = [];
  for (const line of allowedSigners.split(/\r?\n/)) {
    const match = /^\s*(\S+)\s+(?:(\S+)\s+)?ssh-ed25519\s+([A-Za-z0-9+/]+={0,2})\s*(?:\s.*)?$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const principals = (match[1] ?? '').split(',');
    if (!principals.includes(identity)) continue;
    const namespaces = /namespaces="([^"]*)"/.exec(match[2] ?? '')?.[1];
    if (namespaces !== undefined && !namespaces.split(',').includes(namespace)) continue;
    const key = ed25519FromBlob(Buffer.from(match[3] ?? '', 'base64'));
    if (key) keys.push(key);
  }
  return keys;
}

export type SshCheck =
  { ok: true; publicKey: Buffer } | { ok: false; reason: 'malformed' | 'key_not_allowed' | 'bad_signature' };

/** What `ssh-keygen -Y verify -f allowed_signers -I rgpd-desk -n file` checks, for Ed25519 keys. */
export function verifySshSignature(allowedSigners: string, armored: string, message: Uint8Array): SshCheck {
  const text = armored.trim();
  if (!text.startsWith(ARMOR_BEGIN) || !text.endsWith(ARMOR_END)) return { ok: false, reason: 'malformed' };
  const body = text.slice(ARMOR_BEGIN.length, -ARMOR_END.length).replace(/\s+/g, '');
  const bytes = decodeBase64(body);
  if (!bytes) return { ok: false, reason: 'malformed' };
  const reader = new WireReader(bytes);
  const magic = reader.raw(6);
  const version = reader.uint32();
  const publicKey = ed25519FromBlob(reader.string());
  const namespace = reader.string()?.toString('utf8');
  reader.string(); // reserved
  const hashAlgorithm = reader.string()?.toString('latin1');
  const signatureBlob = reader.string();
  if (
    !magic?.equals(SSHSIG_MAGIC) ||
    version !== 1 ||
    !publicKey ||
    namespace !== SSH_NAMESPACE ||
    (hashAlgorithm !== 'sha512' && hashAlgorithm !== 'sha256') ||
    !signatureBlob ||
    !reader.done
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const sigReader = new WireReader(signatureBlob);
  if (sigReader.string()?.toString('latin1') !== 'ssh-ed25519') return { ok: false, reason: 'malformed' };
  const signature = sigReader.string();
  if (!signature) return { ok: false, reason: 'malformed' };
  if (!allowedKeys(allowedSigners, SSH_SIGNER_IDENTITY, namespace).some((key) => key.equals(publicKey))) {
    return { ok: false, reason: 'key_not_allowed' };
  }
  const signed = sshsigSignedData(namespace, hashAlgorithm, message);
  if (!verifyEd25519(publicKey, signed, signature)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, publicKey };
}

/** Everything a bag needs to carry about its signing key and its signatures over tagmanifest. */
export type SignatureFiles = { minisig: string; sshsig: string };
export type PublicKeyFiles = {
  minisignPub: string;
  allowedSigners: string;
  fingerprint: string;
  keyId: string;
};

export function publicKeyFiles(publicKey: Uint8Array): PublicKeyFiles {
  return {
    minisignPub: minisignPublicKeyFile(publicKey),
    allowedSigners: allowedSignersFile(publicKey),
    fingerprint: keyFingerprint(publicKey),
    keyId: formatKeyId(minisignKeyId(publicKey)),
  };
}
