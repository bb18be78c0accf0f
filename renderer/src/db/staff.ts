import type { StaffMember } from '../../../shared/domain/staff';
import type { DeskDb } from './schema';

export async function listStaff(db: DeskDb): Promise<StaffMember[]> {
  const all = await db.staff.toArray();
  return all.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
}
