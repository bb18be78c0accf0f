import {
  appendFile,
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Everything in the data folder is personal data or guards it (keys, sync state): readable by this
 * user account only. Modes are given at creation and repaired at start-up (tightenDataFolder); on
 * Windows they mean little and the user profile's ACL protects the folder.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const workspaceFileSchema = z.object({ workspaceId: z.string().uuid(), createdAt: z.string() });

/**
 * Write a file so that readers see either the old content or the new one, never half of it.
 * Private to this user account unless told otherwise (the rename keeps the temporary file's mode).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data, { flush: true, mode, flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Make a rename durable: fsync the folder (best effort; not every platform allows it). */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic there.
  }
}

/**
 * The data folder holds what the Node side owns (logs, later attachments, keys, sync state) and the
 * workspace id that names the renderer's IndexedDB database.
 */
export async function openWorkspace(dataDir: string): Promise<{ dataDir: string; workspaceId: string }> {
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Folders made by earlier versions were 0755 and their files 0644.
  await tightenDataFolder(dataDir);
  await mkdir(join(dataDir, 'logs'), { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = join(dataDir, 'workspace.json');
  try {
    const parsed = workspaceFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    return { dataDir, workspaceId: parsed.workspaceId };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const workspaceId = randomUUID();
    await writeFileAtomic(
      file,
      JSON.stringify({ workspaceId, createdAt: new Date().toISOString() }, null, 2),
    );
    return { dataDir, workspaceId };
  }
}

export type TightenReport = { changed: number; skipped: string[] };

/**
 * Make every folder of the data folder 0700 and every file 0600, the folder itself last: once it
 * is 0700 a whole pass has finished, and later start-ups skip the walk (a few seconds for 20,000
 * attachments on a slow disk) unless `everything` asks for it. What this version writes gets its mode
 * at creation. Symbolic links are neither followed nor changed (chmod would change their target,
 * which may lie outside); anything that cannot be changed is reported, not fatal: the app starts.
 */
export async function tightenDataFolder(
  dataDir: string,
  options: { everything?: boolean } = {},
): Promise<TightenReport> {
  const report: TightenReport = { changed: 0, skipped: [] };
  if (process.platform === 'win32') return report;
  const root = await lstat(dataDir);
  if (!options.everything && root.isDirectory() && (root.mode & 0o777) === PRIVATE_DIR_MODE) return report;
  const visit = async (path: string): Promise<void> => {
    let stats;
    try {
      stats = await lstat(path);
    } catch {
      report.skipped.push(path);
      return;
    }
    const wanted = stats.isDirectory() ? PRIVATE_DIR_MODE : stats.isFile() ? PRIVATE_FILE_MODE : null;
    if (wanted === null) return;
    if (stats.isDirectory()) {
      try {
        const names = await readdir(path);
        await Promise.all(names.map((name) => visit(join(path, name))));
      } catch {
        report.skipped.push(path);
      }
    }
    if ((stats.mode & 0o777) === wanted) return;
    try {
      await chmod(path, wanted);
      report.changed += 1;
    } catch {
      report.skipped.push(path);
    }
  };
  await visit(dataDir);
  return report;
}

export function createLogger(
  dataDir: string,
): (level: 'info' | 'warn' | 'error', message: string) => Promise<void> {
  const file = join(dataDir, 'logs', 'app.log');
  return async (level, message) => {
    await appendFile(
      file,
      `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n  ')}\n`,
      { mode: PRIVATE_FILE_MODE },
    );
  };
}
