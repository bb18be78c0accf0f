/**
 * Verifies a signed compliance archive without extracting it: the ZIP's central directory is read
 * and judged first (hostile paths, links, entry count, total size), and only then are entries read,
 * streamed through SHA-256 one at a time; nothing is written anywhere. The result names every
 * problem found (shared/archive/verification.ts), as `minisign -V`, `ssh-keygen -Y verify` and
 * `sha256sum -c` would, and more (unlisted files, Payload-Oxum).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  ALLOWED_SIGNERS,
  BAG_INFO,
  BAGIT_TXT,
  MANIFEST,
  MINISIG,
  MINISIGN_PUB,
  parseManifest,
  parsePayloadOxum,
  parseTagFile,
  SIGNATURE_FILES,
  SSHSIG,
  TAGMANIFEST,
  tagValue,
} from '../../../shared/archive/bagit';
import type { Check, Problem, Verification } from '../../../shared/archive/verification';
import {
  archiveCheckpointsSchema,
  AUDIT_LOG_FILE,
  AuditExcerptChecker,
  auditEntrySchema,
  CHECKPOINT_GENESIS,
  checkpointDigest,
  checkpointMessage,
  CHECKPOINTS_FILE,
  type Checkpoint,
} from '../../../shared/audit/checkpoint';
import { HandlerError } from '../dispatch';
import { keyFingerprint, verifyEd25519 } from './ed25519';
import { formatKeyId, parseMinisignPublicKey, verifyMinisign, verifySshSignature } from './signatures';

export const VERIFY_LIMITS = {
  maxEntries: 100_000,
  /** Uncompressed total at most this many times the ZIP's own size… */
  maxExpansion: 20,
  /** …and never more than this. */
  maxTotalBytes: 20 * 1024 ** 3,
  /** Tag files are read into memory; a manifest of 100,000 lines is about 10 MB. */
  maxTagFileBytes: 64 * 1024 * 1024,
};
export type VerifyLimits = typeof VERIFY_LIMITS;

/** A key the verifier trusts, by its SSH-style fingerprint; role and since when the app knows them. */
export type PinnedKey = {
  fingerprint: string;
  role?: 'current' | 'previous' | null;
  since?: string | null;
};

export type VerifyOptions = {
  /**
   * The keys an archive must be signed with. Absent: the signature is only checked against the key
   * the archive carries, which anyone can replace (signer 'not_pinned').
   */
  pins?: readonly PinnedKey[];
};

/** The file is not a ZIP that can be read at all (the CLI's exit code 2). */
export class UnreadableArchiveError extends HandlerError {
  constructor(readonly detail: string) {
    super('archive_unreadable', 'archive.errors.unreadable');
  }
}

type Listed = { entry: Entry; name: string };
/** At most this many problems of one kind are listed; a broken archive may have thousands. */
const MAX_PROBLEMS_PER_CODE = 50;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UNICODE_PATH_FIELD = 0x7075;

/** Why a ZIP entry name is unsafe to extract anywhere, or null when it is fine. */
export function unsafeEntryName(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) return true;
  if (name.includes('\0')) return true;
  const segments = name.replace(/\/$/, '').split(/[/\\]/);
  return segments.some((segment) => segment === '..' || segment === '');
}

const isSymlink = (entry: Entry): boolean => ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function entryNames(entry: Entry): { name: string; unicodePath: string } {
  const raw = entry.fileNameRaw;
  let name: string;
  try {
    // Info-ZIP on Unix stores UTF-8 names without the UTF-8 flag; CP437 only when that cannot be it.
    name = strictUtf8.decode(raw);
  } catch {
    name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, [], false);
  }
  // unzip prefers the Info-ZIP Unicode Path field: it must not name a different file.
  const unicodePath = entry.extraFields.some((field) => field.id === UNICODE_PATH_FIELD)
    ? yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false)
    : name;
  return { name, unicodePath };
}

async function openZip(path: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw new UnreadableArchiveError(error instanceof Error ? error.message : String(error));
  }
}

async function listEntries(zip: ZipFile): Promise<Entry[]> {
  const entries: Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    throw new UnreadableArchiveError(error instanceof Error ? error.message : String(error));
  }
  return entries;
}

/**
 * Names used both as a file and as a folder (`a/b` and `a/b/c`, or `a/b` and the directory entry
 * `a/b/`): extracted, one silently replaces or hides the other, so what a reader sees depends on the
 * tool.
 */
function collisions(names: readonly string[]): string[] {
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const name of names) {
    const isFolder = name.endsWith('/');
    const path = isFolder ? name.slice(0, -1) : name;
    if (!isFolder) files.add(path);
    else folders.add(path);
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i += 1) folders.add(segments.slice(0, i).join('/'));
  }
  return [...files].filter((file) => folders.has(file)).sort();
}

/** Problems that make the archive too dangerous or absurd to read further. */
function refusals(entries: readonly Entry[], zipSize: number, limits: VerifyLimits): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const { name, unicodePath } = entryNames(entry);
    if (unsafeEntryName(name) || unicodePath !== name) problems.push({ code: 'unsafe_path', path: name });
    else if (isSymlink(entry)) problems.push({ code: 'symlink', path: name });
    else if (seen.has(name)) problems.push({ code: 'duplicate_entry', path: name });
    // A directory entry has no data; bytes hidden there are read by some tools and not others.
    else if (name.endsWith('/') && (entry.uncompressedSize > 0 || entry.compressedSize > 0))
      problems.push({ code: 'directory_with_data', path: name });
    seen.add(name);
    total += entry.uncompressedSize;
  }
  if (problems.length === 0) {
    for (const path of collisions([...seen])) problems.push({ code: 'path_collision', path });
  }
  if (total > limits.maxTotalBytes || total > zipSize * limits.maxExpansion) {
    problems.push({ code: 'too_large' });
  }
  return problems;
}

/** Streams an entry through `onChunk`; false when its data cannot be read (bad CRC, wrong size, bad deflate). */
async function readEntry(zip: ZipFile, entry: Entry, onChunk: (chunk: Buffer) => void): Promise<boolean> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch {
    return false;
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) onChunk(chunk);
    return true;
  } catch {
    return false;
  }
}

async function readSmall(
  zip: ZipFile,
  listed: Listed | undefined,
  limits: VerifyLimits,
): Promise<Buffer | null> {
  if (!listed || listed.entry.uncompressedSize > limits.maxTagFileBytes) return null;
  const chunks: Buffer[] = [];
  return (await readEntry(zip, listed.entry, (chunk) => chunks.push(chunk))) ? Buffer.concat(chunks) : null;
}

async function sha256Of(
  zip: ZipFile,
  entry: Entry,
  tap?: (chunk: Buffer) => void,
): Promise<{ hash: string; size: number } | null> {
  const hash = createHash('sha256');
  let size = 0;
  const ok = await readEntry(zip, entry, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
    tap?.(chunk);
  });
  return ok ? { hash: hash.digest('hex'), size } : null;
}

const utf8 = (bytes: Buffer): string => new TextDecoder('utf-8').decode(bytes);

/** Longest line accepted in audit-log.json; an entry is a few hundred bytes. */
const MAX_AUDIT_LINE = 64 * 1024;

/**
 * Reads data/audit-log.json as it streams through SHA-256: one entry per line (the format the app
 * writes), each handed to the excerpt checker; a line that is not an entry is counted, not fatal.
 */
class AuditLogReader {
  readonly checker = new AuditExcerptChecker();
  malformed = 0;
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  write(chunk: Buffer): void {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_AUDIT_LINE) {
      this.malformed += 1;
      this.pending = '';
    }
    for (const line of lines) this.line(line);
  }

  end(): void {
    this.line(this.pending + this.decoder.decode());
    this.pending = '';
  }

  private line(raw: string): void {
    const line = raw.trim().replace(/^,/, '').replace(/,$/, '');
    if (line === '' || line === '[' || line === ']' || line === '[]') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.malformed += 1;
      return;
    }
    const entry = auditEntrySchema.safeParse(value);
    if (entry.success) this.checker.push(entry.data);
    else this.malformed += 1;
  }
}

/** Checks the checkpoints' signatures and chaining, then the audit log against them. */
async function checkAuditLog(
  checkpointBytes: Buffer | null,
  log: AuditLogReader | null,
): Promise<{ problems: Problem[]; summary: Verification['audit'] }> {
  const parsed = checkpointBytes
    ? archiveCheckpointsSchema.safeParse(
        (() => {
          try {
            return JSON.parse(utf8(checkpointBytes));
          } catch {
            return null;
          }
        })(),
      )
    : null;
  if (!parsed?.success) {
    return { problems: [{ code: 'bad_checkpoints', path: CHECKPOINTS_FILE }], summary: null };
  }
  const problems: Problem[] = [];
  const checkpoints: Checkpoint[] = [];
  let latest: string | null = null;
  for (const device of parsed.data.devices) {
    const publicKey = Buffer.from(device.publicKey, 'base64');
    let prev = CHECKPOINT_GENESIS;
    let ok = keyFingerprint(publicKey) === device.fingerprint;
    for (const { signature, ...checkpoint } of device.checkpoints) {
      const signed = verifyEd25519(
        publicKey,
        Buffer.from(checkpointMessage(checkpoint), 'utf8'),
        Buffer.from(signature, 'base64'),
      );
      if (!signed || checkpoint.prev !== prev || checkpoint.deviceId !== device.deviceId) ok = false;
      prev = checkpointDigest(checkpoint);
      checkpoints.push(checkpoint);
      if (latest === null || checkpoint.at > latest) latest = checkpoint.at;
    }
    if (!ok) problems.push({ code: 'bad_checkpoints', path: CHECKPOINTS_FILE, deviceId: device.deviceId });
  }
  if (problems.length > 0 || !log) {
    return {
      problems,
      summary: { entries: 0, devices: 0, checkpoints: checkpoints.length, latestCheckpoint: latest },
    };
  }
  log.end();
  if (log.malformed > 0) problems.push({ code: 'audit_broken', path: AUDIT_LOG_FILE });
  for (const problem of log.checker.result(checkpoints, parsed.data.range)) {
    const { code, deviceId, seq } = problem;
    problems.push({
      code,
      path: AUDIT_LOG_FILE,
      deviceId,
      seq,
      ...('until' in problem ? { until: problem.until } : {}),
    });
  }
  return {
    problems,
    summary: {
      entries: log.checker.entries,
      devices: log.checker.deviceCount,
      checkpoints: checkpoints.length,
      latestCheckpoint: latest,
    },
  };
}

function result(partial: Partial<Verification> & Pick<Verification, 'problems' | 'checks'>): Verification {
  return {
    valid: false,
    refused: false,
    bagName: null,
    payloadFiles: 0,
    payloadBytes: 0,
    key: null,
    trustedComment: null,
    signer: null,
    audit: null,
    ...partial,
  };
}

/** Keeps the list readable: the first MAX_PROBLEMS_PER_CODE problems of each code. */
function capped(problems: readonly Problem[]): Problem[] {
  const counts = new Map<string, number>();
  return problems.filter((problem) => {
    const count = (counts.get(problem.code) ?? 0) + 1;
    counts.set(problem.code, count);
    return count <= MAX_PROBLEMS_PER_CODE;
  });
}

/**
 * Verifies the archive at `path`. Throws UnreadableArchiveError when it is not a readable ZIP;
 * otherwise resolves to the verification, valid or not.
 */
export async function verifyArchive(
  path: string,
  limits: VerifyLimits = VERIFY_LIMITS,
  options: VerifyOptions = {},
): Promise<Verification> {
  let zipSize: number;
  try {
    zipSize = (await stat(path)).size;
  } catch (error) {
    throw new UnreadableArchiveError(error instanceof Error ? error.message : String(error));
  }
  const zip = await openZip(path);
  try {
    if (zip.entryCount > limits.maxEntries) {
      return result({
        refused: true,
        problems: [{ code: 'too_many_entries' }],
        checks: [{ name: 'zip', passed: false, count: zip.entryCount }],
      });
    }
    const entries = await listEntries(zip);
    const refused = refusals(entries, zipSize, limits);
    if (refused.length > 0) {
      return result({
        refused: true,
        problems: capped(refused),
        checks: [{ name: 'zip', passed: false, count: entries.length }],
      });
    }
    return await verifyBag(zip, entries, limits, options);
  } finally {
    zip.close();
  }
}

async function verifyBag(
  zip: ZipFile,
  entries: readonly Entry[],
  limits: VerifyLimits,
  options: VerifyOptions,
): Promise<Verification> {
  const problems: Problem[] = [];
  const checks: Check[] = [{ name: 'zip', passed: true, count: entries.length }];
  const files = entries
    .map((entry) => ({ entry, name: entryNames(entry).name }))
    .filter(({ name }) => !name.endsWith('/'));
  const bagName = files[0]?.name.split('/')[0] ?? null;
  const prefix = `${bagName}/`;
  if (bagName === null || files.some(({ name }) => !name.startsWith(prefix) || name === bagName)) {
    return result({ problems: [{ code: 'not_a_bag' }], checks });
  }
  const inBag = new Map<string, Listed>(files.map((file) => [file.name.slice(prefix.length), file]));

  // bagit.txt
  const bagitBytes = await readSmall(zip, inBag.get(BAGIT_TXT), limits);
  if (!inBag.has(BAGIT_TXT)) return result({ bagName, problems: [{ code: 'not_a_bag' }], checks });
  const bagit = bagitBytes ? parseTagFile(utf8(bagitBytes)) : null;
  const bagitOk =
    bagit !== null &&
    /^\d+\.\d+$/.test(tagValue(bagit, 'BagIt-Version') ?? '') &&
    (tagValue(bagit, 'Tag-File-Character-Encoding') ?? '').toUpperCase() === 'UTF-8';
  if (!bagitOk) problems.push({ code: 'bad_bagit_txt', path: BAGIT_TXT });
  checks.push({ name: 'bagit', passed: bagitOk, count: 1 });

  // Payload: every file under data/ listed in manifest-sha256.txt with the same hash, and no other.
  let payloadFiles = 0;
  let payloadBytes = 0;
  const payloadProblems: Problem[] = [];
  const manifestBytes = await readSmall(zip, inBag.get(MANIFEST), limits);
  const manifest = manifestBytes ? parseManifest(utf8(manifestBytes)) : null;
  if (!inBag.has(MANIFEST)) payloadProblems.push({ code: 'missing_file', path: MANIFEST });
  else if (!manifest?.ok) payloadProblems.push({ code: 'bad_manifest', path: MANIFEST });
  const expected = new Map((manifest?.ok ? manifest.lines : []).map((line) => [line.path, line.hash]));
  const auditLog = new AuditLogReader();
  for (const [name, listed] of inBag) {
    if (!name.startsWith('data/')) continue;
    payloadFiles += 1;
    const digest = await sha256Of(
      zip,
      listed.entry,
      name === AUDIT_LOG_FILE ? (chunk) => auditLog.write(chunk) : undefined,
    );
    if (digest === null) {
      payloadProblems.push({ code: 'unreadable_entry', path: name });
      continue;
    }
    payloadBytes += digest.size;
    const want = expected.get(name);
    if (manifest?.ok && want === undefined) payloadProblems.push({ code: 'unlisted_file', path: name });
    else if (want !== undefined && want !== digest.hash)
      payloadProblems.push({ code: 'changed_file', path: name });
  }
  for (const path of expected.keys()) {
    if (!inBag.has(path)) payloadProblems.push({ code: 'missing_file', path });
    else if (!path.startsWith('data/')) payloadProblems.push({ code: 'bad_manifest', path: MANIFEST });
  }
  problems.push(...payloadProblems);
  checks.push({ name: 'manifest', passed: payloadProblems.length === 0, count: payloadFiles });

  // Payload-Oxum, when bag-info.txt gives one.
  const bagInfoBytes = await readSmall(zip, inBag.get(BAG_INFO), limits);
  const bagInfo = bagInfoBytes ? parseTagFile(utf8(bagInfoBytes)) : null;
  if (inBag.has(BAG_INFO) && bagInfo === null) problems.push({ code: 'bad_bag_info', path: BAG_INFO });
  const oxumText = bagInfo ? tagValue(bagInfo, 'Payload-Oxum') : undefined;
  if (oxumText !== undefined) {
    const oxum = parsePayloadOxum(oxumText);
    const oxumOk = oxum !== null && oxum.bytes === payloadBytes && oxum.files === payloadFiles;
    if (!oxumOk) problems.push({ code: 'oxum_mismatch', path: BAG_INFO });
    checks.push({ name: 'oxum', passed: oxumOk, count: payloadFiles });
  }

  // Tag files: every one but the signatures listed in tagmanifest-sha256.txt, each with its hash.
  const tagProblems: Problem[] = [];
  const tagmanifestBytes = await readSmall(zip, inBag.get(TAGMANIFEST), limits);
  const tagmanifest = tagmanifestBytes ? parseManifest(utf8(tagmanifestBytes)) : null;
  if (!inBag.has(TAGMANIFEST)) tagProblems.push({ code: 'missing_file', path: TAGMANIFEST });
  else if (!tagmanifest?.ok) tagProblems.push({ code: 'bad_manifest', path: TAGMANIFEST });
  const tagExpected = new Map(
    (tagmanifest?.ok ? tagmanifest.lines : []).map((line) => [line.path, line.hash]),
  );
  let tagCount = 0;
  for (const [name, listed] of inBag) {
    if (name.startsWith('data/') || name === TAGMANIFEST) continue;
    const want = tagExpected.get(name);
    if (want === undefined) {
      if (!SIGNATURE_FILES.includes(name) && tagmanifest?.ok)
        tagProblems.push({ code: 'unlisted_file', path: name });
      continue;
    }
    tagCount += 1;
    const digest = await sha256Of(zip, listed.entry);
    if (digest === null) tagProblems.push({ code: 'unreadable_entry', path: name });
    else if (digest.hash !== want) tagProblems.push({ code: 'changed_file', path: name });
  }
  for (const path of tagExpected.keys()) {
    if (!inBag.has(path)) tagProblems.push({ code: 'missing_file', path });
  }
  problems.push(...tagProblems);
  checks.push({ name: 'tagmanifest', passed: tagProblems.length === 0, count: tagCount });

  // Signatures over tagmanifest-sha256.txt: minisign required, SSH when present.
  let key: Verification['key'] = null;
  let trustedComment: string | null = null;
  const pubBytes = await readSmall(zip, inBag.get(MINISIGN_PUB), limits);
  const publicKey = pubBytes ? parseMinisignPublicKey(utf8(pubBytes)) : null;
  if (publicKey) {
    key = { fingerprint: keyFingerprint(publicKey.publicKey), keyId: formatKeyId(publicKey.keyId) };
  }
  const minisigBytes = await readSmall(zip, inBag.get(MINISIG), limits);
  let minisignOk = false;
  if (!inBag.has(MINISIG)) {
    problems.push({ code: 'missing_signature', path: MINISIG, signature: 'minisign' });
  } else if (!publicKey) {
    problems.push({ code: 'bad_public_key', path: MINISIGN_PUB, signature: 'minisign' });
  } else if (!minisigBytes || !tagmanifestBytes) {
    problems.push({ code: 'bad_signature', path: MINISIG, signature: 'minisign' });
  } else {
    const checked = verifyMinisign(utf8(pubBytes ?? Buffer.alloc(0)), utf8(minisigBytes), tagmanifestBytes);
    minisignOk = checked.ok;
    if (checked.ok) trustedComment = checked.trustedComment;
    else problems.push({ code: 'bad_signature', path: MINISIG, signature: 'minisign' });
  }
  checks.push({ name: 'minisign', passed: minisignOk, count: inBag.has(MINISIG) ? 1 : 0 });

  if (inBag.has(SSHSIG)) {
    const sigBytes = await readSmall(zip, inBag.get(SSHSIG), limits);
    const allowedBytes = await readSmall(zip, inBag.get(ALLOWED_SIGNERS), limits);
    let sshOk = false;
    if (!allowedBytes) {
      problems.push({ code: 'missing_file', path: ALLOWED_SIGNERS, signature: 'ssh' });
    } else if (!sigBytes || !tagmanifestBytes) {
      problems.push({ code: 'bad_signature', path: SSHSIG, signature: 'ssh' });
    } else {
      const checked = verifySshSignature(utf8(allowedBytes), utf8(sigBytes), tagmanifestBytes);
      sshOk = checked.ok;
      if (!checked.ok) problems.push({ code: 'bad_signature', path: SSHSIG, signature: 'ssh' });
      else if (publicKey && !checked.publicKey.equals(publicKey.publicKey)) {
        sshOk = false;
        problems.push({ code: 'key_mismatch', path: ALLOWED_SIGNERS, signature: 'ssh' });
      }
    }
    checks.push({ name: 'ssh', passed: sshOk, count: 1 });
  }

  // Who signed: only once the signatures verify is there a signer to name.
  const sshChecked = checks.find((check) => check.name === 'ssh');
  let signer: Verification['signer'] = null;
  if (minisignOk && publicKey && (sshChecked?.passed ?? true)) {
    const fingerprint = keyFingerprint(publicKey.publicKey);
    const pin = options.pins?.find((candidate) => candidate.fingerprint === fingerprint);
    if (!options.pins) signer = { status: 'not_pinned', role: null, since: null };
    else if (pin) signer = { status: 'pinned', role: pin.role ?? null, since: pin.since ?? null };
    else {
      signer = { status: 'unknown', role: null, since: null };
      problems.push({ code: 'unknown_signer', path: MINISIGN_PUB });
    }
    checks.push({ name: 'signer', passed: signer.status !== 'unknown', count: 1 });
  }

  // The audit log against the checkpoints signed for it, when the archive carries both.
  let audit: Verification['audit'] = null;
  if (inBag.has(CHECKPOINTS_FILE)) {
    const checked = await checkAuditLog(
      await readSmall(zip, inBag.get(CHECKPOINTS_FILE), limits),
      inBag.has(AUDIT_LOG_FILE) ? auditLog : null,
    );
    problems.push(...checked.problems);
    audit = checked.summary;
    checks.push({
      name: 'audit',
      passed: checked.problems.length === 0,
      count: checked.summary?.entries ?? 0,
    });
  }

  return result({
    valid: problems.length === 0,
    signer,
    audit,
    bagName,
    problems: capped(problems),
    checks,
    payloadFiles,
    payloadBytes,
    key,
    trustedComment,
  });
}
