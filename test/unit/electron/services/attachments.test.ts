import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAttachmentStore,
  decodeBase64Strict,
  sniffMediaType,
  type AttachmentFs,
} from '../../../../electron/services/attachments';
import { HandlerError } from '../../../../electron/services/dispatch';
import { MAX_ATTACHMENT_BYTES } from '../../../../shared/ipc/contract';

/** Smallest files that carry each accepted signature; the store checks signatures, not whole formats. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9,
]);
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00,
]);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What `sha256sum FILE` prints, when the tool is there; null otherwise. */
function sha256sumOf(file: string): string | null {
  try {
    return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(/\s+/)[0] ?? null;
  } catch {
    return null;
  }
}

async function rejection(promise: Promise<unknown>): Promise<HandlerError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HandlerError);
  return error as HandlerError;
}

/** Every file under `dir`, relative, or [] when the folder does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

let dataDir: string;
let attachmentsDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rgpd-attachments-'));
  attachmentsDir = join(dataDir, 'attachments');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('attachment store', () => {
  it.each([
    ['application/pdf', PDF],
    ['image/jpeg', JPEG],
    ['image/png', PNG],
  ] as const)('stores and returns a %s unchanged', async (mediaType, bytes) => {
    const store = createAttachmentStore(dataDir);
    const stored = await store.put(bytes, mediaType);
    expect(stored).toEqual({ hash: sha256(bytes), size: bytes.length, mediaType });
    expect(await store.has(stored.hash)).toBe(true);

    const read = await store.get(stored.hash);
    expect(read.mediaType).toBe(mediaType);
    expect(read.size).toBe(bytes.length);
    expect(Buffer.from(read.bytes).equals(bytes)).toBe(true);
  });

  it('names the file by the SHA-256 of its content, under its first two hex digits', async () => {
    const store = createAttachmentStore(dataDir);
    const { hash } = await store.put(PDF, 'application/pdf');
    const file = join(attachmentsDir, hash.slice(0, 2), hash);
    expect(store.path(hash)).toBe(file);
    expect(sha256(await readFile(file))).toBe(hash);
    const printed = sha256sumOf(file);
    if (printed !== null) expect(printed).toBe(hash);
  });

  it('keeps one file for the same bytes stored twice', async () => {
    const store = createAttachmentStore(dataDir);
    const first = await store.put(PNG, 'image/png');
    const second = await store.put(Buffer.from(PNG), 'image/png');
    expect(second).toEqual(first);
    expect(await filesUnder(attachmentsDir)).toEqual([join(first.hash.slice(0, 2), first.hash)]);
  });

  it('refuses a file over the limit and leaves nothing behind', async () => {
    const store = createAttachmentStore(dataDir);
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    big.write('%PDF-1.7\n');
    const error = await rejection(store.put(big, 'application/pdf'));
    expect(error).toMatchObject({ code: 'attachment_too_large', message: 'errors.attachmentTooLarge' });
    expect(await filesUnder(attachmentsDir)).toEqual([]);

    // Exactly the limit is fine.
    const atLimit = big.subarray(0, MAX_ATTACHMENT_BYTES);
    expect(await store.put(atLimit, 'application/pdf')).toMatchObject({ size: MAX_ATTACHMENT_BYTES });
  });

  it('refuses a file whose signature does not match the declared type', async () => {
    const store = createAttachmentStore(dataDir);
    const text = Buffer.from('Nom;Prénom\nDupont;Marie\n', 'utf8');
    const cases = [
      [PNG, 'application/pdf'],
      [PDF, 'image/png'],
      [JPEG, 'image/png'],
      [text, 'application/pdf'],
      [text, 'image/jpeg'],
      [Buffer.from('%PDF'), 'application/pdf'], // cut short of the signature
    ] as const;
    for (const [bytes, declared] of cases) {
      const error = await rejection(store.put(bytes, declared));
      expect(error).toMatchObject({ code: 'attachment_type', message: 'errors.attachmentType' });
    }
    const empty = await rejection(store.put(new Uint8Array(0), 'application/pdf'));
    expect(empty).toMatchObject({ code: 'attachment_empty', message: 'errors.attachmentEmpty' });
    expect(await filesUnder(attachmentsDir)).toEqual([]);
  });

  it('answers not_found for an unknown or malformed hash', async () => {
    const store = createAttachmentStore(dataDir);
    for (const hash of [sha256(PDF), 'A'.repeat(64), '../../etc/passwd', '']) {
      const error = await rejection(store.get(hash));
      expect(error).toMatchObject({ code: 'not_found', message: 'errors.notFound' });
      expect(await store.has(hash)).toBe(false);
    }
    expect(() => store.path('../../etc/passwd')).toThrow(TypeError);
  });

  it('detects a file changed on disk, and a later put of the original repairs it', async () => {
    const store = createAttachmentStore(dataDir);
    const { hash } = await store.put(PDF, 'application/pdf');
    const tampered = Buffer.from(PDF);
    tampered[tampered.length - 2] = 0x21;
    await writeFile(store.path(hash), tampered);
    const error = await rejection(store.get(hash));
    expect(error).toMatchObject({ code: 'attachment_corrupt', message: 'errors.attachmentCorrupt' });

    await store.put(PDF, 'application/pdf');
    expect(Buffer.from((await store.get(hash)).bytes).equals(PDF)).toBe(true);
  });

  it('leaves no file under the final name when the rename fails (crash between write and rename)', async () => {
    const failingRename: AttachmentFs = {
      ...fs,
      rename: async () => {
        throw Object.assign(new Error('EIO: simulated crash'), { code: 'EIO' });
      },
    };
    const broken = createAttachmentStore(dataDir, failingRename);
    await expect(broken.put(JPEG, 'image/jpeg')).rejects.toThrow(/simulated crash/);
    const hash = sha256(JPEG);
    expect(await broken.has(hash)).toBe(false);
    expect(await filesUnder(attachmentsDir)).toEqual([]); // the temp file is cleaned up too

    // A crash that also prevents the cleanup: only an orphan in tmp/, which the next put ignores.
    const crashed = createAttachmentStore(dataDir, {
      ...failingRename,
      unlink: async () => {
        throw new Error('process gone');
      },
    });
    await expect(crashed.put(JPEG, 'image/jpeg')).rejects.toThrow(/simulated crash/);
    const left = await filesUnder(attachmentsDir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^tmp[/\\]/);

    const store = createAttachmentStore(dataDir);
    await rejection(store.get(hash)).then((error) => expect(error.code).toBe('not_found'));
    await store.put(JPEG, 'image/jpeg');
    expect((await store.get(hash)).size).toBe(JPEG.length);
  });

  it('never shows a half-written file: the final name appears only by rename', async () => {
    const seen: string[] = [];
    const spying: AttachmentFs = {
      ...fs,
      open: ((path: string, ...rest: []) => {
        seen.push(path);
        return fs.open(path, ...rest);
      }) as AttachmentFs['open'],
    };
    const store = createAttachmentStore(dataDir, spying);
    const { hash } = await store.put(PNG, 'image/png');
    const written = seen.filter((path) => path.startsWith(join(attachmentsDir, 'tmp')));
    expect(written).toHaveLength(1);
    expect(seen).not.toContain(store.path(hash));
  });

  it('survives concurrent puts of the same content', async () => {
    const stores = [createAttachmentStore(dataDir), createAttachmentStore(dataDir)];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => stores[index % 2]!.put(Buffer.from(PDF), 'application/pdf')),
    );
    const hash = sha256(PDF);
    expect(new Set(results.map((result) => result.hash))).toEqual(new Set([hash]));
    expect(await filesUnder(attachmentsDir)).toEqual([join(hash.slice(0, 2), hash)]);
    expect(Buffer.from((await stores[0]!.get(hash)).bytes).equals(PDF)).toBe(true);
  });
});

describe('sniffMediaType', () => {
  it('reads the type from the first bytes only', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf');
    expect(sniffMediaType(JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffMediaType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffMediaType(new Uint8Array(0))).toBeNull();
  });
});

describe('decodeBase64Strict', () => {
  it('decodes canonical base64', () => {
    expect(decodeBase64Strict('JVBERi0=').toString('latin1')).toBe('%PDF-');
    expect(decodeBase64Strict('').length).toBe(0);
    expect(decodeBase64Strict(PNG.toString('base64')).equals(PNG)).toBe(true);
  });

  it('refuses what Buffer.from would quietly accept', () => {
    for (const text of [
      'JVBERi0',
      'JVBERi',
      'JVBER',
      'QR==',
      'QUI=x',
      'JVB ERi0=',
      'JVBE\nRi0=',
      '====',
      'JVBERi0-',
    ]) {
      expect(() => decodeBase64Strict(text), JSON.stringify(text)).toThrow(HandlerError);
    }
  });
});
