/**
 * File access of the sync engine, through an injectable fs so tests can make the disk full or the
 * folder vanish. Every write is atomic: a temporary name starting with '.' (which readers and
 * classifyName skip), fsync, rename, then fsync of the folder.
 */
import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SyncError } from '../../../shared/sync/errors';

export type SyncFs = Pick<
  typeof nodeFs,
  'mkdir' | 'open' | 'readFile' | 'readdir' | 'rename' | 'stat' | 'unlink' | 'rm'
>;

export const defaultFs: SyncFs = nodeFs;

export const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException | null)?.code ?? '';

/** An I/O failure as the engine reports it. ENOENT means the folder (or a parent) went away. */
export function toSyncError(
  error: unknown,
  missing: 'folder_missing' | 'read_failed' = 'folder_missing',
): SyncError {
  if (error instanceof SyncError) return error;
  const code = errnoOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SyncError('disk_full', code);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SyncError(missing, code);
  return new SyncError('write_failed', code || String(error).slice(0, 200));
}

async function syncDirectory(fs: SyncFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder; the rename is still atomic there.
  }
}

export async function writeAtomic(fs: SyncFs, path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw toSyncError(error);
  }
  await syncDirectory(fs, dirname(path));
}

/** The file's bytes, or null when it does not exist. */
export async function readIfPresent(fs: SyncFs, path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return null;
    throw toSyncError(error, 'read_failed');
  }
}

/** Names in a folder, or [] when it does not exist. */
export async function listNames(fs: SyncFs, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return [];
    throw toSyncError(error, 'read_failed');
  }
}

export async function exists(fs: SyncFs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes(errnoOf(error))) return false;
    throw toSyncError(error, 'read_failed');
  }
}
