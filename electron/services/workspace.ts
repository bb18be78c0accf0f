import { appendFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const workspaceFileSchema = z.object({ workspaceId: z.string().uuid(), createdAt: z.string() });

/** Write a file so that readers see either the old content or the new one, never half of it. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data, { flush: true });
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
  await mkdir(dataDir, { recursive: true });
  await mkdir(join(dataDir, 'logs'), { recursive: true });
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

export function createLogger(
  dataDir: string,
): (level: 'info' | 'warn' | 'error', message: string) => Promise<void> {
  const file = join(dataDir, 'logs', 'app.log');
  return async (level, message) => {
    await appendFile(
      file,
      `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n  ')}\n`,
    );
  };
}
