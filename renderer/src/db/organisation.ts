import type { Organisation } from '../../../shared/domain/organisation';
import type { DeskDb } from './schema';

/** The organisation the workspace belongs to; null until first-run setup is done. */
export async function getOrganisation(db: DeskDb): Promise<Organisation | null> {
  return (await db.organisation.toCollection().first()) ?? null;
}
