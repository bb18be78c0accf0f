/**
 * Runs an export end to end: begin (key, destination), every payload file streamed to the Node side
 * in bounded chunks, finish; in the browser host, the finished ZIP is then read back and downloaded.
 * Cancel (an AbortSignal) or any failure cancels the session, so no file is left under the name.
 */
import { v7 as uuidv7 } from 'uuid';
import { ARCHIVE_CHUNK_BYTES, type AppInfo, type DeskApi } from '../../../../shared/ipc/contract';
import type { Verification } from '../../../../shared/archive/verification';
import { base64ToBytes, bytesToBase64 } from '../../app/files';
import { call, DeskFailure } from '../../app/transport';
import { periodInstants, planArchive, recordArchiveExport, type ArchiveContent } from '../../db/archive';
import type { DeskDb } from '../../db/schema';
import { localDate, type WriteContext } from '../../db/write';
import { anchorForExport } from '../audit/checkpoints';

export type ExportRequest = {
  from: string;
  to: string;
  contents: readonly ArchiveContent[];
  attachments: boolean;
  pseudonymise: boolean;
  lang: 'fr' | 'en';
  passphrase?: string;
};

export type ExportProgress = { done: number; total: number };
export type ExportOutcome = {
  outcome: 'saved' | 'downloaded' | 'cancelled';
  fingerprint: string;
  fileName: string;
};

/** The bag's folder and the ZIP are named alike; no spaces, so it is easy to type in a terminal. */
export const archiveFileName = (from: string, to: string): string => `rgpd-archive-${from}_${to}.zip`;

function download(name: string, parts: BlobPart[]): void {
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/zip' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const encoder = new TextEncoder();

export async function runExport(
  desk: DeskApi,
  info: AppInfo,
  db: DeskDb,
  ctx: WriteContext,
  request: ExportRequest,
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<ExportOutcome> {
  const organisation = await db.organisation.toCollection().first();
  if (!organisation) throw new DeskFailure('setup_first', 'errors.setupFirst');
  const now = Date.now();
  const exportTime = new Date(now).toISOString();
  const archiveId = uuidv7();
  const fileName = archiveFileName(request.from, request.to);
  const withAudit = request.contents.includes('audit');
  // The head is signed before anything is read: the archive then carries a checkpoint of the very
  // log it holds (the Node side adds every checkpoint of this folder to the bag).
  const anchor = withAudit ? await anchorForExport(desk, db) : null;
  const begun = await call(desk, 'archive:begin', {
    fileName,
    archiveId,
    organisation: organisation.legalName,
    contactEmail: organisation.contactEmail,
    exportTime,
    baggingDate: localDate(now),
    period: { from: request.from, to: request.to },
    ...(request.passphrase ? { passphrase: request.passphrase } : {}),
    ...(withAudit ? { auditRange: periodInstants(request.from, request.to) } : {}),
  });
  if (begun.id === null) return { outcome: 'cancelled', fingerprint: begun.fingerprint, fileName };
  const id = begun.id;
  try {
    const plan = await planArchive(db, {
      ...request,
      workspaceId: info.workspaceId,
      archiveId,
      exportTime,
      exportedOn: localDate(now),
      fingerprint: begun.fingerprint,
      keyId: begun.keyId,
      anchor,
    });
    const total = plan.files.length + 1;
    onProgress({ done: 0, total });
    const send = async (path: string, bytes: Uint8Array, last: boolean) => {
      signal.throwIfAborted();
      await call(desk, 'archive:add', { id, path, dataBase64: bytesToBase64(bytes), last });
    };
    for (const [index, file] of plan.files.entries()) {
      signal.throwIfAborted();
      if (file.kind === 'attachment') {
        await call(desk, 'archive:attach', { id, path: file.path, hash: file.hash });
      } else if (file.kind === 'bytes') {
        const bytes = file.bytes();
        for (let at = 0; at < bytes.length; at += ARCHIVE_CHUNK_BYTES) {
          await send(
            file.path,
            bytes.subarray(at, at + ARCHIVE_CHUNK_BYTES),
            at + ARCHIVE_CHUNK_BYTES >= bytes.length,
          );
        }
        if (bytes.length === 0) await send(file.path, bytes, true);
      } else {
        // Text chunks are gathered up to about one IPC chunk, then sent.
        let pending: Uint8Array[] = [];
        let size = 0;
        const flush = async (last: boolean) => {
          const joined = new Uint8Array(size);
          let at = 0;
          for (const part of pending) {
            joined.set(part, at);
            at += part.length;
          }
          pending = [];
          size = 0;
          let start = 0;
          do {
            const end = Math.min(joined.length, start + ARCHIVE_CHUNK_BYTES);
            await send(file.path, joined.subarray(start, end), last && end >= joined.length);
            start = end;
          } while (start < joined.length);
        };
        for await (const text of file.chunks()) {
          const bytes = encoder.encode(text);
          pending.push(bytes);
          size += bytes.length;
          if (size >= ARCHIVE_CHUNK_BYTES) await flush(false);
        }
        await flush(true);
      }
      onProgress({ done: index + 1, total });
    }
    signal.throwIfAborted();
    const finished = await call(desk, 'archive:finish', { id });
    await recordArchiveExport(db, ctx, archiveId, [...request.contents], plan.files.length);
    if (!finished.download) {
      onProgress({ done: total, total });
      return { outcome: 'saved', fingerprint: finished.fingerprint, fileName };
    }
    const parts: BlobPart[] = [];
    for (let offset = 0, done = false; !done;) {
      signal.throwIfAborted();
      const part = await call(desk, 'archive:read', { id, offset });
      const bytes = base64ToBytes(part.dataBase64);
      parts.push(bytes as BlobPart);
      offset += bytes.length;
      done = part.done;
    }
    download(fileName, parts);
    onProgress({ done: total, total });
    return { outcome: 'downloaded', fingerprint: finished.fingerprint, fileName };
  } catch (error) {
    if (signal.aborted) return { outcome: 'cancelled', fingerprint: begun.fingerprint, fileName };
    throw error;
  } finally {
    // Stops an unfinished export (its partial file goes) or releases a downloaded one (the Node
    // side deletes its copy); after a desktop save there is nothing left to cancel.
    await call(desk, 'archive:cancel', { id }).catch(() => {});
  }
}

/** Uploads a ZIP the user dropped, in chunks, and has the Node side verify it. */
export async function verifyFile(
  desk: DeskApi,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<Verification> {
  const { id } = await call(desk, 'archive:verify-begin', {});
  for (let at = 0; at < file.size; at += ARCHIVE_CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(at, at + ARCHIVE_CHUNK_BYTES).arrayBuffer());
    await call(desk, 'archive:verify-add', { id, dataBase64: bytesToBase64(bytes) });
    onProgress(Math.min(1, (at + bytes.length) / Math.max(1, file.size)));
  }
  return call(desk, 'archive:verify', { id });
}

/** An i18n key for a failure: the archive's own keys pass through, the rest as elsewhere. */
export function archiveMessageKey(error: unknown, fallback: (error: unknown) => string): string {
  if (error instanceof DeskFailure && /^archive\.errors\.[A-Za-z]+$/.test(error.message))
    return error.message;
  return fallback(error);
}
