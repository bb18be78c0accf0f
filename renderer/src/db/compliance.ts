/**
 * Accountability: the facts the compliance checks (shared/compliance) look at, read from indexes —
 * open requests by status, consents without proof by their sparse index, the audit log only over
 * the archive period — and the history of runs and training completions, written through the one
 * write path.
 */
import { MAX_ITEMS, monthsBefore, type CheckResult } from '../../../shared/compliance/checks';
import type { ComplianceFacts } from '../../../shared/compliance/facts';
import { isNewRun, runRecord, type ComplianceRun } from '../../../shared/compliance/history';
import { displayName } from '../../../shared/domain/subject';
import { OPEN_STATUSES } from '../../../shared/requests';
import { TRAINING_MODULE_VERSION, type TrainingCompletion } from '../../../shared/training/module';
import { retentionReview } from './retention';
import type { DeskDb } from './schema';
import { localDate, NotFoundError, write, type WriteContext } from './write';

export const DEFAULT_ARCHIVE_MONTHS = 3;

/** Each staff member's latest completion of the training. */
export async function latestTrainings(db: DeskDb): Promise<Map<string, TrainingCompletion>> {
  const latest = new Map<string, TrainingCompletion>();
  for (const completion of await db.trainingCompletions.toArray()) {
    const current = latest.get(completion.staffId);
    if (!current || completion.completedAt > current.completedAt) latest.set(completion.staffId, completion);
  }
  return latest;
}

/** Current consents recorded without proof: the unproven events that are still someone's latest decision. */
async function unprovenConsents(db: DeskDb): Promise<ComplianceFacts['unprovenConsents']> {
  const events = await db.consentEvents.where('unproven').equals(1).toArray();
  if (events.length === 0) return { count: 0, first: [] };
  const preferences = await db.preferences.bulkGet(
    events.map((event): [string, string] => [event.subjectId, event.purposeId]),
  );
  const current = events.filter((event, index) => preferences[index]?.id === event.id);
  const firstIds = [...new Set(current.map((event) => event.subjectId))].slice(0, MAX_ITEMS);
  const people = await db.subjects.bulkGet(firstIds);
  return {
    count: current.length,
    first: firstIds.map((subjectId, index) => {
      const person = people[index];
      return { subjectId, name: person ? displayName(person) : '' };
    }),
  };
}

/** The latest archive export within the period the check looks at (the audit log is walked no further). */
async function lastArchiveExport(db: DeskDb, today: string, months: number): Promise<string | null> {
  const since = new Date(`${monthsBefore(today, months)}T00:00:00`).toISOString();
  const entry = await db.audit
    .where('at')
    .aboveOrEqual(since)
    .reverse()
    .filter((candidate) => candidate.action === 'archive.export')
    .first();
  return entry?.at ?? null;
}

export async function gatherComplianceFacts(
  db: DeskDb,
  options: { today: string; syncConfigured: boolean },
): Promise<ComplianceFacts> {
  const { today } = options;
  const organisation = await db.organisation.toCollection().first();
  const archiveEveryMonths = organisation?.archiveEveryMonths ?? DEFAULT_ARCHIVE_MONTHS;
  const requests = await db.requests
    .where('status')
    .anyOf([...OPEN_STATUSES])
    .toArray();
  const letters =
    requests.length === 0
      ? []
      : await db.requestEvents
          .where('requestId')
          .anyOf(requests.map((request) => request.id))
          .filter((event) => event.kind === 'letter')
          .toArray();
  const [consents, purposes, notices, registerEntries, breaches, retention, archive, staff, trainings] =
    await Promise.all([
      unprovenConsents(db),
      db.purposes.toArray(),
      db.notices.toArray(),
      db.registerEntries.toArray(),
      db.breaches.toArray(),
      retentionReview(db, today),
      lastArchiveExport(db, today, archiveEveryMonths),
      db.staff.toArray(),
      latestTrainings(db),
    ]);
  return {
    today,
    openRequests: requests.map((request) => ({
      id: request.id,
      reference: request.reference,
      receivedOn: request.receivedOn,
      status: request.status,
      clock: request.clock,
      dueOn: request.dueOn,
      noticeDueOn: request.noticeDueOn,
      extended: request.extended,
    })),
    letters: letters.map((event) => ({ requestId: event.requestId, kind: event.action, on: event.on })),
    unprovenConsents: consents,
    purposes: purposes.map(({ id, active, createdAt }) => ({ id, active, createdAt })),
    notices: notices.map(({ id, number, effectiveOn, createdAt }) => ({
      id,
      number,
      effectiveOn,
      createdAt,
    })),
    registerEntries,
    breaches,
    retention: {
      activeRules: retention.activeRules,
      pastRetention: retention.rows.length,
      first: retention.rows
        .slice(0, MAX_ITEMS)
        .map((row) => ({ subjectId: row.subject.id, name: displayName(row.subject) })),
    },
    lastArchiveExport: archive,
    archiveEveryMonths,
    syncConfigured: options.syncConfigured,
    staff: staff.map(({ id, name, active, lock }) => ({ id, name, active, hasCode: Boolean(lock) })),
    lockAfterMinutes: organisation?.lockAfterMinutes ?? 0,
    trainings: [...trainings.values()].map(({ staffId, moduleVersion, completedAt }) => ({
      staffId,
      moduleVersion,
      completedAt,
    })),
    trainingModuleVersion: TRAINING_MODULE_VERSION,
  };
}

/** The runs of the checks, oldest first (the most recent `limit`). */
export async function complianceHistory(db: DeskDb, limit = 60): Promise<ComplianceRun[]> {
  return (await db.complianceRuns.orderBy('ranAt').reverse().limit(limit).toArray()).reverse();
}

/**
 * Keep a run in the history when it is the day's first or its outcome differs from the last run;
 * returns the run written, or null when nothing new was worth keeping.
 */
export function recordComplianceRun(
  db: DeskDb,
  ctx: WriteContext,
  results: readonly CheckResult[],
): Promise<ComplianceRun | null> {
  return write(db, ctx, async (w) => {
    const last = (await db.complianceRuns.orderBy('ranAt').last()) ?? null;
    const next = runRecord(w.at, results);
    const sameDay = (a: string, b: string) => localDate(Date.parse(a)) === localDate(Date.parse(b));
    if (!isNewRun(last, next, sameDay)) return null;
    return w.create('complianceRun', next, { action: 'compliance.run' });
  });
}

export type TrainingResult = { firstTry: number; questions: number };

/** A staff member completed the training: its version and date, in the audit log and synced. */
export function recordTrainingCompletion(
  db: DeskDb,
  ctx: WriteContext,
  staffId: string,
  result: TrainingResult,
): Promise<TrainingCompletion> {
  return write(db, ctx, async (w) => {
    if (!(await db.staff.get(staffId))) throw new NotFoundError('staff', staffId);
    return w.create(
      'trainingCompletion',
      {
        staffId,
        moduleVersion: TRAINING_MODULE_VERSION,
        completedAt: w.at,
        firstTry: result.firstTry,
        questions: result.questions,
      },
      { action: 'training.complete' },
    );
  });
}
