/**
 * The text formats of a BagIt 1.0 bag (RFC 8493) that both the writer (electron/services/archive)
 * and the verifier read and write: manifests, bagit.txt, bag-info.txt, Payload-Oxum. Pure functions,
 * no Node APIs.
 */

export const BAGIT_VERSION = '1.0';
export const MANIFEST = 'manifest-sha256.txt';
export const TAGMANIFEST = 'tagmanifest-sha256.txt';
export const BAGIT_TXT = 'bagit.txt';
export const BAG_INFO = 'bag-info.txt';
export const VERIFY_TXT = 'VERIFY.txt';
export const MINISIGN_PUB = 'minisign.pub';
export const ALLOWED_SIGNERS = 'allowed_signers';
export const MINISIG = `${TAGMANIFEST}.minisig`;
export const SSHSIG = `${TAGMANIFEST}.sig`;
/**
 * The signatures sign tagmanifest-sha256.txt, so they cannot be listed in it: they are the only
 * top-level files a bag may hold without a tagmanifest line.
 */
export const SIGNATURE_FILES: readonly string[] = [MINISIG, SSHSIG];
/** The identity `ssh-keygen -Y verify -I …` is given; it names the key in allowed_signers. */
export const SSH_SIGNER_IDENTITY = 'rgpd-desk';
export const SSH_NAMESPACE = 'file';

export const BAGIT_TXT_CONTENT = `BagIt-Version: ${BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n`;

/** RFC 8493 §2.1.3: in manifest paths, CR, LF and '%' (and only those) are percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/[%\r\n]/g, (char) => (char === '%' ? '%25' : char === '\r' ? '%0D' : '%0A'));
}

export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%(25|0A|0D)/gi, (_match, code: string) => String.fromCharCode(parseInt(code, 16)));
}

export type ManifestLine = { hash: string; path: string };

/**
 * Manifest lines `<sha256>  <path>`, sorted by path: two spaces, as sha256sum writes them, so
 * `sha256sum -c` reads the same file (for paths without '%' or line breaks, which the app never uses).
 */
export function formatManifest(lines: readonly ManifestLine[]): string {
  return [...lines]
    .sort((a, b) => compareBagPaths(a.path, b.path))
    .map(({ hash, path }) => `${hash}  ${encodeManifestPath(path)}\n`)
    .join('');
}

export type ManifestParse =
  | { ok: true; lines: ManifestLine[] }
  | { ok: false; line: number; reason: 'syntax' | 'duplicate' | 'unsafe_path' };

/** Parses a SHA-256 manifest; every path is decoded and must stay inside the bag. */
export function parseManifest(text: string): ManifestParse {
  const lines: ManifestLine[] = [];
  const seen = new Set<string>();
  const rows = text.split(/\r?\n/);
  if (rows[rows.length - 1] === '') rows.pop();
  for (const [index, row] of rows.entries()) {
    const match = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(row);
    if (!match) return { ok: false, line: index + 1, reason: 'syntax' };
    const path = decodeManifestPath(match[2] ?? '');
    if (!isSafeRelativePath(path)) return { ok: false, line: index + 1, reason: 'unsafe_path' };
    if (seen.has(path)) return { ok: false, line: index + 1, reason: 'duplicate' };
    seen.add(path);
    lines.push({ hash: (match[1] ?? '').toLowerCase(), path });
  }
  return { ok: true, lines };
}

/**
 * A relative path with '/' separators and no empty, '.' or '..' segment, no backslash and no NUL:
 * it cannot leave the folder it is resolved in, on any system.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
  if (path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const utf8 = new TextEncoder();

/** Byte order of the UTF-8 encodings: the order of entries in the ZIP and of manifest lines. */
export function compareBagPaths(a: string, b: string): number {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

export type TagField = { name: string; value: string };

/** A tag file (bagit.txt, bag-info.txt): `Name: value` lines, values on one line (breaks become spaces). */
export function formatTagFile(fields: readonly TagField[]): string {
  return fields.map(({ name, value }) => `${name}: ${value.replace(/[\r\n]+/g, ' ').trim()}\n`).join('');
}

/** `Name: value` lines, with RFC 8493 continuation lines (leading whitespace) folded in. */
export function parseTagFile(text: string): TagField[] | null {
  const fields: TagField[] = [];
  for (const row of text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)) {
    if (row === '') continue;
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(row)) {
      if (!last) return null;
      last.value = `${last.value} ${row.trim()}`;
      continue;
    }
    const colon = row.indexOf(':');
    if (colon <= 0) return null;
    fields.push({ name: row.slice(0, colon).trim(), value: row.slice(colon + 1).trim() });
  }
  return fields;
}

export const tagValue = (fields: readonly TagField[], name: string): string | undefined =>
  fields.find((field) => field.name.toLowerCase() === name.toLowerCase())?.value;

/** Payload-Oxum: `<octet count>.<stream count>` of the payload (data/). */
export const formatPayloadOxum = (bytes: number, files: number): string => `${bytes}.${files}`;

export function parsePayloadOxum(value: string | undefined): { bytes: number; files: number } | null {
  const match = /^(\d+)\.(\d+)$/.exec(value?.trim() ?? '');
  if (!match) return null;
  return { bytes: Number(match[1]), files: Number(match[2]) };
}

/** Formats that are already compressed: stored in the ZIP as they are, deflating them gains nothing. */
const COMPRESSED_EXTENSIONS = new Set([
  'pdf',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'zip',
  'gz',
  'bz2',
  'xz',
  'zst',
  '7z',
  'docx',
  'xlsx',
  'odt',
  'ods',
  'mp3',
  'mp4',
]);

export function isAlreadyCompressed(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && COMPRESSED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
