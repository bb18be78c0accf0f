/**
 * The archive channels' Node side. The data lives in the renderer (IndexedDB), so an export is a
 * session: `begin` unlocks the key and picks where the ZIP goes, the renderer streams each payload
 * file in bounded chunks (`add`) or names an attachment by hash (`attach`, read here from the store),
 * then `finish` signs and renames. A session left idle (a closed tab, a crashed window) is aborted,
 * which removes its partial file. Where there is no save dialog (the browser host) the finished ZIP
 * waits in <dataDir>/exports/ for the renderer to read it (`read`) and `release` it.
 *
 * Verifying works the same way: the renderer uploads the ZIP into a fresh temporary folder, the
 * verifier reads it there (it extracts nothing), and the folder is removed.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Verification } from '../../../shared/archive/verification';
import type { AttachmentStore } from '../attachments';
import { HandlerError } from '../dispatch';
import { PRIVATE_DIR_MODE } from '../workspace';
import { createBagWriter, type BagMetadata, type BagWriter, type EntrySink } from './bag-writer';
import { CHECKPOINTS_FILE } from '../../../shared/audit/checkpoint';
import type { CheckpointStore } from '../audit/checkpoints';
import type { KeyStore } from './keys';
import { pinsOfKeyStore } from './pinning';
import { verifyArchive, VERIFY_LIMITS } from './verify';

export type ArchiveBegin = {
  fileName: string;
  archiveId: string;
  organisation: string;
  contactEmail: string;
  exportTime: string;
  baggingDate: string;
  period: { from: string; to: string };
  passphrase?: string | undefined;
  auditRange?: { start: string; end: string } | undefined;
};

export type ArchiveServiceDeps = {
  dataDir: string;
  keys: KeyStore;
  attachments: AttachmentStore;
  /** The audit checkpoints an archive carries when it holds the audit log. */
  checkpoints?: Pick<CheckpointStore, 'forArchive'>;
  softwareAgent: string;
  /** Desktop: the native save dialog; resolves to the chosen path, or null when cancelled. */
  chooseDestination?: (suggestedName: string) => Promise<string | null>;
  /** Sessions idle longer than this are aborted (default 10 minutes). */
  idleMs?: number;
};

type ExportSession = {
  kind: 'export';
  writer: BagWriter;
  finalPath: string;
  download: boolean;
  sink: { path: string; entry: EntrySink } | null;
  auditRange: { start: string; end: string } | null;
  finished: boolean;
  timer: NodeJS.Timeout;
};
type UploadSession = {
  kind: 'upload';
  dir: string;
  file: string;
  stream: WriteStream;
  size: number;
  timer: NodeJS.Timeout;
};

/** Largest ZIP a verify upload may hold: the verifier's own ceiling. */
export const MAX_UPLOAD_BYTES = 20 * 1024 ** 3;
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

const notFound = () => new HandlerError('archive_session', 'archive.errors.session');

export type ArchiveService = ReturnType<typeof createArchiveService>;

export function createArchiveService(deps: ArchiveServiceDeps) {
  const exportsDir = join(deps.dataDir, 'exports');
  const idleMs = deps.idleMs ?? 10 * 60 * 1000;
  const sessions = new Map<string, ExportSession | UploadSession>();
  // Downloads a previous run never released (the browser host was stopped) hold personal data.
  const leftovers = rm(exportsDir, { recursive: true, force: true }).catch(() => {});

  /** Aborts the writer (its partial file goes) and, for a download, removes its folder. */
  const discard = async (session: ExportSession) => {
    await session.writer.abort();
    if (session.download) await rm(dirname(session.finalPath), { recursive: true, force: true });
  };

  const expire = (id: string) => () => {
    const session = sessions.get(id);
    sessions.delete(id);
    if (session?.kind === 'export') void discard(session);
    if (session?.kind === 'upload') {
      session.stream.destroy();
      void rm(session.dir, { recursive: true, force: true });
    }
  };
  const touch = (id: string, session: ExportSession | UploadSession) => {
    clearTimeout(session.timer);
    session.timer = setTimeout(expire(id), idleMs);
    session.timer.unref();
  };

  const exportSession = (id: string): ExportSession => {
    const session = sessions.get(id);
    if (session?.kind !== 'export') throw notFound();
    touch(id, session);
    return session;
  };

  /** Any failure ends the session: the writer removes its partial file. */
  const guard = async <T>(id: string, session: ExportSession, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      clearTimeout(session.timer);
      sessions.delete(id);
      await discard(session);
      throw error;
    }
  };

  return {
    keys: () => deps.keys.status(),
    newKey: (passphrase?: string) => deps.keys.create(passphrase),

    async begin(input: ArchiveBegin) {
      // The key first: a wrong passphrase is said before the user picks a place or waits.
      const { pair, info } = await deps.keys.unlock(input.passphrase);
      let finalPath: string;
      let download = false;
      if (deps.chooseDestination) {
        const chosen = await deps.chooseDestination(input.fileName);
        if (chosen === null)
          return { id: null, reason: 'cancelled' as const, fingerprint: info.fingerprint, keyId: info.keyId };
        finalPath = chosen;
      } else {
        await leftovers;
        await mkdir(exportsDir, { recursive: true, mode: PRIVATE_DIR_MODE });
        // A folder per export: two exports with the same name never meet.
        const folder = join(exportsDir, randomUUID());
        await mkdir(folder, { mode: PRIVATE_DIR_MODE });
        finalPath = join(folder, input.fileName);
        download = true;
      }
      const metadata: BagMetadata = {
        archiveId: input.archiveId,
        organisation: input.organisation,
        contactEmail: input.contactEmail,
        exportTime: new Date(input.exportTime),
        baggingDate: input.baggingDate,
        period: input.period,
        softwareAgent: deps.softwareAgent,
      };
      const writer = createBagWriter({ finalPath, metadata, key: pair });
      const id = randomUUID();
      const session: ExportSession = {
        kind: 'export',
        writer,
        finalPath,
        download,
        sink: null,
        auditRange: input.auditRange ?? null,
        finished: false,
        timer: setTimeout(expire(id), idleMs),
      };
      session.timer.unref();
      sessions.set(id, session);
      return { id, reason: 'started' as const, fingerprint: info.fingerprint, keyId: info.keyId };
    },

    /** A chunk of a payload file; the first chunk of a path opens it, `last` closes it. */
    async add(id: string, path: string, bytes: Uint8Array, last: boolean) {
      const session = exportSession(id);
      return guard(id, session, async () => {
        if (session.sink && session.sink.path !== path) {
          throw new HandlerError('archive_entry_open', 'archive.errors.entryOpen');
        }
        session.sink ??= { path, entry: session.writer.open(path) };
        if (bytes.length > 0) await session.sink.entry.write(bytes);
        if (last) {
          await session.sink.entry.end();
          session.sink = null;
        }
        return { written: true as const };
      });
    },

    /** An attachment from the store, checked against its hash on the way into the ZIP. */
    async attach(id: string, path: string, hash: string) {
      const session = exportSession(id);
      return guard(id, session, async () => {
        if (session.sink) throw new HandlerError('archive_entry_open', 'archive.errors.entryOpen');
        const { bytes } = await deps.attachments.get(hash);
        await session.writer.add(path, bytes);
        return { size: bytes.length };
      });
    },

    async finish(id: string) {
      const session = exportSession(id);
      return guard(id, session, async () => {
        if (session.sink) throw new HandlerError('archive_entry_open', 'archive.errors.entryOpen');
        // Read here, at the end, so they include the checkpoint taken just before the export.
        const extra: Array<[string, string]> =
          session.auditRange && deps.checkpoints
            ? [
                [
                  CHECKPOINTS_FILE,
                  `${JSON.stringify(await deps.checkpoints.forArchive(session.auditRange), null, 1)}\n`,
                ],
              ]
            : [];
        const summary = await session.writer.finish(extra);
        session.finished = true;
        if (!session.download) {
          clearTimeout(session.timer);
          sessions.delete(id);
        }
        return {
          saved: true,
          download: session.download,
          size: summary.size,
          fingerprint: summary.fingerprint,
          payloadFiles: summary.payloadFiles,
        };
      });
    },

    /** Browser host: the finished ZIP, READ_CHUNK_BYTES at a time, for the renderer to download. */
    async read(id: string, offset: number) {
      const session = exportSession(id);
      if (!session.finished || !session.download) throw notFound();
      const handle = await open(session.finalPath, 'r');
      try {
        const buffer = Buffer.alloc(READ_CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, offset);
        const { size } = await handle.stat();
        return { bytes: buffer.subarray(0, bytesRead), done: offset + bytesRead >= size };
      } finally {
        await handle.close();
      }
    },

    /** Stops an export (its partial file goes), or forgets a downloaded one (its file goes too). */
    async cancel(id: string) {
      const session = sessions.get(id);
      if (session?.kind !== 'export') return { cancelled: false };
      clearTimeout(session.timer);
      sessions.delete(id);
      await discard(session);
      return { cancelled: true };
    },

    async uploadBegin() {
      const dir = await mkdtemp(join(tmpdir(), 'rgpd-desk-verify-'));
      const file = join(dir, 'archive.zip');
      const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
      const id = randomUUID();
      const session: UploadSession = {
        kind: 'upload',
        dir,
        file,
        stream,
        size: 0,
        timer: setTimeout(expire(id), idleMs),
      };
      session.timer.unref();
      sessions.set(id, session);
      return { id };
    },

    async uploadAdd(id: string, bytes: Uint8Array) {
      const session = sessions.get(id);
      if (session?.kind !== 'upload') throw notFound();
      touch(id, session);
      session.size += bytes.length;
      if (session.size > MAX_UPLOAD_BYTES) {
        expire(id)();
        throw new HandlerError('archive_too_large', 'archive.errors.tooLarge');
      }
      if (!session.stream.write(bytes)) {
        await new Promise<void>((resolve) => session.stream.once('drain', () => resolve()));
      }
      return { received: session.size };
    },

    /** Verifies the uploaded ZIP, then removes it and its folder whatever happens. */
    async uploadVerify(id: string): Promise<Verification> {
      const session = sessions.get(id);
      if (session?.kind !== 'upload') throw notFound();
      clearTimeout(session.timer);
      sessions.delete(id);
      try {
        await new Promise<void>((resolve, reject) => {
          session.stream.once('error', reject);
          session.stream.end(resolve);
        });
        // Pinned to the organisation's keys: an archive re-signed with any other key is not valid here.
        const pins = pinsOfKeyStore(await deps.keys.status());
        return await verifyArchive(session.file, VERIFY_LIMITS, { pins });
      } finally {
        await rm(session.dir, { recursive: true, force: true });
      }
    },
  };
}
