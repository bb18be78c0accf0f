/**
 * The breach log (Art. 33(5)) in the workspace database: each breach is one record written through
 * the write path; its 72-hour clock is computed (shared/breaches/clock.ts), never stored.
 */
import {
  breachInputSchema,
  isOpenBreach,
  type Breach,
  type BreachInput,
} from '../../../shared/breaches/model';
import { inputProblems, RV } from '../../../shared/registers/validation';
import type { DeskDb } from './schema';
import type { ConflictChoices } from '../../../shared/domain/edits';
import { editRecord, ValidationError, createRecord, type WriteContext } from './write';

/** A minute of tolerance for a form filled in with "now". */
const FUTURE_TOLERANCE_MS = 60_000;

/** The whole breach must be valid, and none of its instants may be in the future. */
function check(input: BreachInput, nowMs: number): void {
  const problems = inputProblems(breachInputSchema, input) ?? {};
  const future = (iso: string | undefined) =>
    Boolean(iso) && Date.parse(iso as string) > nowMs + FUTURE_TOLERANCE_MS;
  const instants: [string, string | undefined][] = [
    ['occurredAt', input.occurredAt],
    ['awareAt', input.awareAt],
    ['authority.notifiedAt', input.authority?.notifiedAt],
    ['people.notifiedAt', input.people?.notifiedAt],
  ];
  for (const [field, value] of instants)
    if (!problems[field] && future(value)) problems[field] = RV.futureDate;
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
}

export async function createBreach(db: DeskDb, ctx: WriteContext, input: BreachInput): Promise<Breach> {
  check(input, (ctx.now ?? Date.now)());
  return createRecord(db, ctx, 'breach', input);
}

/** Save the breach's edit form: only the fields changed since it was opened (see Writer.edit). */
export function updateBreach(
  db: DeskDb,
  ctx: WriteContext,
  id: string,
  opened: Partial<BreachInput>,
  edited: Partial<BreachInput>,
  choices?: ConflictChoices,
): Promise<Breach> {
  const nowMs = (ctx.now ?? Date.now)();
  return editRecord(db, ctx, 'breach', id, opened, edited, {
    choices,
    check: (merged) => check(merged, nowMs),
  });
}

/** Newest awareness first. */
export async function listBreaches(db: DeskDb): Promise<Breach[]> {
  return (await db.breaches.orderBy('awareAt').reverse().toArray()) as Breach[];
}

export async function getBreach(db: DeskDb, id: string): Promise<Breach | null> {
  return (await db.breaches.get(id)) ?? null;
}

/** Breaches still waiting for the decision about the authority, the closest deadline first. */
export async function openBreaches(db: DeskDb): Promise<Breach[]> {
  return (await db.breaches.orderBy('awareAt').toArray()).filter(isOpenBreach);
}
