import type { Organisation } from '../../../shared/domain/organisation';
import type { DeskDb } from './schema';

/** The organisation the workspace belongs to; undefined until first-run setup is done. */
export async function getOrganisation(db: DeskDb): Promise<Organisation | undefined> {
  return db.organisation.toCollection().first();
}
