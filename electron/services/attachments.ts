/**
 * The content-addressed attachment store: scans of signed consent forms, letters and photos attached
 * to requests. A file is named by the SHA-256 of its bytes, so the same file stored twice is kept
 * once, a reference (the hash) can never point at different content, and a file altered on disk is
 * detected when read.
 *
 *   <dataDir>/attachments/<first 2 hex>/<sha256 hex>    the files
 *   <dataDir>/attachments/tmp/                           writes in progress (same volume: atomic rename)
 */
import { createHash, randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_ATTACHMENT_BYTES, type AttachmentMediaType } from '../../shared/ipc/contract';
import { HandlerError } from './dispatch';
import { PRIVATE_DIR_MODE } from './workspace';

export type StoredAttachment = { hash: string; size: number; mediaType: AttachmentMediaType };
export type AttachmentContent = StoredAttachment & { bytes: Uint8Array };

export type AttachmentStore = {
  /** Validates (size, signature matches `declaredType`), then stores once; resolves when on disk. */
  put(bytes: Uint8Array, declaredType: AttachmentMediaType): Promise<StoredAttachment>;
  /** The file, checked against its name; the media type is read from the bytes. */
  get(hash: string): Promise<AttachmentContent>;
  has(hash: string): Promise<boolean>;
  /** Delete the file (erasure); false when there was none. The folder entry is made durable. */
  remove(hash: string): Promise<boolean>;
  /** Where the file with this hash lives (whether or not it exists). Throws on a malformed hash. */
  path(hash: string): string;
};

/** The part of node:fs/promises the store uses; tests inject failures through it. */
export type AttachmentFs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'readFile' | 'rename' | 'stat' | 'unlink'>;

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** File signatures ("magic bytes"), checked against the type the renderer declares. */
const SIGNATURES: ReadonlyArray<{ mediaType: AttachmentMediaType; magic: readonly number[] }> = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The media type the bytes themselves announce, or null when they are none of the accepted kinds. */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  for (const { mediaType, magic } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte)) {
      return mediaType;
    }
  }
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Base64 as the contract carries it, decoded strictly: Buffer.from(x, 'base64') silently skips junk
 * and accepts missing padding or stray bits, so only input that re-encodes to itself is accepted.
 * Throws HandlerError('invalid_payload') otherwise.
 */
export function decodeBase64Strict(text: string): Buffer {
  const decoded = Buffer.from(text, 'base64');
  if (decoded.toString('base64') !== text) {
    throw new HandlerError('invalid_payload', 'errors.invalidPayload');
  }
  return decoded;
}

const isErrno = (error: unknown, ...codes: string[]): boolean =>
  codes.includes((error as NodeJS.ErrnoException | null)?.code ?? '');

export function createAttachmentStore(dataDir: string, fs: AttachmentFs = nodeFs): AttachmentStore {
  const root = join(dataDir, 'attachments');
  const tmpDir = join(root, 'tmp');

  const path = (hash: string): string => {
    if (!HASH_PATTERN.test(hash)) throw new TypeError(`not a SHA-256 hex digest: ${hash.slice(0, 80)}`);
    return join(root, hash.slice(0, 2), hash);
  };

  /** Null when there is no such file; anything else (permissions, I/O) propagates. */
  const readIfPresent = async (file: string): Promise<Buffer | null> => {
    try {
      return await fs.readFile(file);
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
  };

  /** Makes the rename itself durable; not possible everywhere (Windows cannot open a folder), so best effort. */
  const syncDirectory = async (dir: string): Promise<void> => {
    try {
      const handle = await fs.open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // The file itself is already flushed; only the directory entry might wait for the OS.
    }
  };

  const writeTemp = async (bytes: Uint8Array): Promise<string> => {
    const tmp = join(tmpDir, `${process.pid}-${randomUUID()}`);
    // 'wx': never write through a name someone else created; 0o600: personal data.
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  };

  const removeQuietly = async (file: string): Promise<void> => {
    await fs.unlink(file).catch(() => {
      // Already gone, or undeletable: an orphan in tmp/ is harmless.
    });
  };

  /** True when the final file exists with exactly this content (then there is nothing to write). */
  const alreadyStored = async (file: string, hash: string): Promise<boolean> => {
    const existing = await readIfPresent(file);
    return existing !== null && sha256Hex(existing) === hash;
  };

  return {
    path,

    async put(bytes, declaredType) {
      if (bytes.length > MAX_ATTACHMENT_BYTES) {
        throw new HandlerError('attachment_too_large', 'errors.attachmentTooLarge');
      }
      if (bytes.length === 0) throw new HandlerError('attachment_empty', 'errors.attachmentEmpty');
      if (sniffMediaType(bytes) !== declaredType) {
        throw new HandlerError('attachment_type', 'errors.attachmentType');
      }
      const hash = sha256Hex(bytes);
      const stored: StoredAttachment = { hash, size: bytes.length, mediaType: declaredType };
      const final = path(hash);
      if (await alreadyStored(final, hash)) return stored;

      const dir = join(root, hash.slice(0, 2));
      await fs.mkdir(tmpDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      const tmp = await writeTemp(bytes);
      let renamed = false;
      try {
        // A concurrent put of the same bytes may have finished meanwhile: keep its file.
        if (await alreadyStored(final, hash)) return stored;
        try {
          await fs.rename(tmp, final);
          renamed = true;
        } catch (error) {
          // Windows refuses to replace a file that another put has just created or that is being read.
          if (await alreadyStored(final, hash)) return stored;
          throw error;
        }
      } finally {
        if (!renamed) await removeQuietly(tmp);
      }
      await syncDirectory(dir);
      return stored;
    },

    async get(hash) {
      if (!HASH_PATTERN.test(hash)) throw new HandlerError('not_found', 'errors.notFound');
      const bytes = await readIfPresent(path(hash));
      if (bytes === null) throw new HandlerError('not_found', 'errors.notFound');
      const mediaType = sniffMediaType(bytes);
      if (sha256Hex(bytes) !== hash || mediaType === null) {
        throw new HandlerError('attachment_corrupt', 'errors.attachmentCorrupt');
      }
      return { hash, size: bytes.length, mediaType, bytes };
    },

    async remove(hash) {
      if (!HASH_PATTERN.test(hash)) throw new HandlerError('not_found', 'errors.notFound');
      const file = path(hash);
      try {
        await fs.unlink(file);
      } catch (error) {
        if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
        throw error;
      }
      await syncDirectory(dirname(file));
      return true;
    },

    async has(hash) {
      if (!HASH_PATTERN.test(hash)) return false;
      try {
        return (await fs.stat(path(hash))).isFile();
      } catch (error) {
        if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
        throw error;
      }
    },
  };
}
