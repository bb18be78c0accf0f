/**
 * records-home.json in the data folder: the origin whose IndexedDB holds this workspace's records
 * (see recordsHomeSchema in the IPC contract). The browser host reads it to keep the port, and the
 * renderer to explain an empty database instead of offering a second first-run setup.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordsHomeSchema, type RecordsHome } from '../../shared/ipc/contract';
import { writeFileAtomic } from './workspace';

export const RECORDS_HOME_FILE = 'records-home.json';

/** The remembered home, or null when none (or the file is unreadable: nothing to protect then). */
export async function readRecordsHome(dataDir: string): Promise<RecordsHome | null> {
  try {
    const parsed = recordsHomeSchema.safeParse(
      JSON.parse(await readFile(join(dataDir, RECORDS_HOME_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Remember `home` unless a home is already remembered; answers the one that stays. */
export async function claimRecordsHome(dataDir: string, home: RecordsHome): Promise<RecordsHome> {
  const existing = await readRecordsHome(dataDir);
  if (existing) return existing;
  await writeFileAtomic(join(dataDir, RECORDS_HOME_FILE), `${JSON.stringify(home, null, 2)}\n`);
  return home;
}

/** The port of a browser-host home (`http://127.0.0.1:PORT`), or undefined for any other home. */
export function webHomePort(home: RecordsHome | null): number | undefined {
  if (home?.transport !== 'web') return undefined;
  try {
    const port = Number(new URL(home.origin).port);
    return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
  } catch {
    return undefined;
  }
}
