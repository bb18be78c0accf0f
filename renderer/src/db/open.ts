import { DeskDb, databaseName } from './schema';
import { deviceIdOf } from './write';

/** Open (creating or upgrading) the workspace's database and make sure it has a device id. */
export async function openDeskDb(workspaceId: string): Promise<DeskDb> {
  const db = new DeskDb(databaseName(workspaceId));
  await db.open();
  await deviceIdOf(db);
  return db;
}
