/**
 * Files between the renderer and the Node side: attachments go to the content-addressed store,
 * produced files (CSV, PDF) are saved through the native dialog or, where there is none, downloaded.
 */
import {
  ATTACHMENT_MEDIA_TYPES,
  MAX_ATTACHMENT_BYTES,
  type AppInfo,
  type AttachmentMediaType,
  type DeskApi,
  type SAVE_MEDIA_TYPES,
} from '../../../shared/ipc/contract';
import type { AttachmentRef } from '../../../shared/requests';
import { deletePendingAttachments } from '../db/erasure';
import type { DeskDb } from '../db/schema';
import { call, DeskFailure } from './transport';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Checked before upload so the user hears at once; the Node side checks again (signature too). */
export function attachmentProblem(file: File): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'errors.attachmentTooLarge';
  if (!(ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(file.type)) return 'errors.attachmentType';
  if (file.size === 0) return 'errors.attachmentType';
  return null;
}

export async function uploadAttachment(desk: DeskApi, file: File): Promise<AttachmentRef> {
  const problem = attachmentProblem(file);
  if (problem) throw new DeskFailure(problem.replace('errors.', ''), problem);
  const dataBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
  const stored = await call(desk, 'attachments:put', {
    mediaType: file.type as AttachmentMediaType,
    dataBase64,
  });
  return {
    hash: stored.hash,
    size: stored.size,
    mediaType: stored.mediaType,
    name: file.name.slice(0, 255) || stored.hash,
  };
}

function download(name: string, mediaType: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Save a produced file: the native save dialog on the desktop, a download in the browser. */
type SaveMediaType = (typeof SAVE_MEDIA_TYPES)[number];

export async function saveFile(
  desk: DeskApi,
  info: AppInfo,
  name: string,
  mediaType: SaveMediaType,
  bytes: Uint8Array,
): Promise<'saved' | 'cancelled' | 'downloaded'> {
  if (info.capabilities.saveDialog) {
    const result = await call(desk, 'file:save', {
      suggestedName: name,
      mediaType,
      dataBase64: bytesToBase64(bytes),
    });
    if (result.reason !== 'unsupported') return result.reason;
  }
  download(name, mediaType, bytes);
  return 'downloaded';
}

export async function saveAttachment(desk: DeskApi, attachment: AttachmentRef): Promise<void> {
  const stored = await call(desk, 'attachments:get', { hash: attachment.hash });
  const bytes = base64ToBytes(stored.dataBase64);
  download(attachment.name, stored.mediaType, bytes);
}

/**
 * Delete the attachment files erasures queued (after an erasure, at start-up, after a sync pass):
 * the Node side removes them, and the queue is cleared of those it took.
 */
export function removeQueuedAttachments(db: DeskDb, desk: DeskApi): Promise<number> {
  return deletePendingAttachments(db, (hashes) => call(desk, 'attachments:delete', { hashes }));
}
