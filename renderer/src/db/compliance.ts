/**
 * Accountability: the facts the compliance checks (shared/compliance) look at, read from indexes or
 * kept beside the data so that a run costs the same for a shop of fifty people or fifty thousand —
 * open requests by status, the number of current consents without proof and the latest archive
 * export kept in `meta` by the write path and sync, the retention review naming only the first
 * few — and the history of runs and training completions, written through the one write path.
 */
import { Dexie } from 'dexie';
import { MAX_ITEMS, type CheckResult } from '../../../shared/compliance/checks';
import type { ComplianceFacts } from '../../../shared/compliance/facts';
import { isNewRun, runRecord, type ComplianceRun } from '../../../shared/compliance/history';
import { displayName } from '../../../shared/domain/subject';
import { OPEN_STATUSES } from '../../../shared/requests';
import { TRAINING_MODULE_VERSION, type TrainingCompletion } from '../../../shared/training/module';
import { listNewestFirst } from './audit-store';
import { LAST_ARCHIVE_EXPORT_KEY, storedLastExport, type LastArchiveExport } from './audit-facts';
import { UNPROVEN_COUNT_KEY } from './facts';
import { registerContentChanges } from './registers';
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

/**
 * Current consents recorded without proof: the people's current decisions (the derived facts)
 * whose event is an unproven consent. Their number is kept beside the table (facts.ts), counted
 * from its sparse index the first time; the first few people are named from the index's keys.
 */
export async function unprovenConsentFacts(db: DeskDb): Promise<ComplianceFacts['unprovenConsents']> {
  const count = await unprovenCount(db);
  if (count === 0) return { count: 0, first: [] };
  // Keys only: the people with an unproven consent, purpose by purpose (a person with several is
  // listed under each), so a few times the names wanted are enough.
  const keys = await db.facts
    .where('unproven')
    .between(Dexie.minKey, Dexie.maxKey)
    .limit(MAX_ITEMS * 40)
    .primaryKeys();
  const firstIds = [...new Set(keys)].slice(0, MAX_ITEMS);
  const people = await db.subjects.bulkGet(firstIds);
  return {
    count,
    first: firstIds.map((subjectId, index) => {
      const person = people[index];
      return { subjectId, name: person ? displayName(person) : '' };
    }),
  };
}

/** The kept number of current unproven consents, counted once from the index when not kept yet. */
export async function unprovenCount(db: DeskDb): Promise<number> {
  const kept = (await db.meta.get(UNPROVEN_COUNT_KEY))?.value;
  if (typeof kept === 'number') return kept;
  // With the table and the count in one transaction, no write slips between counting and keeping.
  return db.transaction('rw', db.facts, db.meta, async () => {
    const again = (await db.meta.get(UNPROVEN_COUNT_KEY))?.value;
    if (typeof again === 'number') return again;
    // One index entry per person and unproven purpose: the count is the number of consents.
    const count = await db.facts.where('unproven').between(Dexie.minKey, Dexie.maxKey).count();
    await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: count });
    return count;
  });
}

/**
 * The latest archive export this device knows of, kept in `meta` by the write path and sync
 * (audit-facts.ts). A workspace from before that fact existed derives it once from its log.
 */
export async function lastArchiveExportOf(db: DeskDb): Promise<string | null> {
  const known = storedLastExport((await db.meta.get(LAST_ARCHIVE_EXPORT_KEY))?.value);
  if (known) return known.at;
  // One transaction with the log: an export written meanwhile is either seen here or noted after.
  return db.transaction('rw', db.auditChunks, db.meta, async () => {
    const again = storedLastExport((await db.meta.get(LAST_ARCHIVE_EXPORT_KEY))?.value);
    if (again) return again.at;
    const [entry] = await listNewestFirst(db, { action: 'archive.export' }, 1);
    const value: LastArchiveExport = { at: entry?.at ?? null };
    await db.meta.put({ key: LAST_ARCHIVE_EXPORT_KEY, value });
    return value.at;
  });
}

/** Open requests (by their status index) and the letters recorded on them. */
export async function openRequestFacts(
  db: DeskDb,
): Promise<Pick<ComplianceFacts, 'openRequests' | 'letters'>> {
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
  return {
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
  };
}

/** The retention review's outcome, as the check needs it: how many people, and the first few. */
export async function retentionFacts(db: DeskDb, today: string): Promise<ComplianceFacts['retention']> {
  const retention = await retentionReview(db, today, { named: MAX_ITEMS });
  return {
    activeRules: retention.activeRules,
    pastRetention: retention.past,
    first: retention.rows.map((row) => ({ subjectId: row.subject.id, name: displayName(row.subject) })),
  };
}

/** The small tables the checks read whole: a handful of rows each. */
export async function smallFacts(
  db: DeskDb,
): Promise<
  Pick<
    ComplianceFacts,
    | 'purposes'
    | 'notices'
    | 'registerEntries'
    | 'breaches'
    | 'staff'
    | 'trainings'
    | 'archiveEveryMonths'
    | 'lockAfterMinutes'
  >
> {
  const [organisation, purposes, notices, registerEntries, breaches, staff, trainings] = await Promise.all([
    db.organisation.toCollection().first(),
    db.purposes.toArray(),
    db.notices.toArray(),
    db.registerEntries.toArray(),
    db.breaches.toArray(),
    db.staff.toArray(),
    latestTrainings(db),
  ]);
  const changes = await registerContentChanges(db, registerEntries);
  return {
    purposes: purposes.map(({ id, active, createdAt }) => ({ id, active, createdAt })),
    notices: notices.map(({ id, number, effectiveOn, createdAt }) => ({
      id,
      number,
      effectiveOn,
      createdAt,
    })),
    registerEntries: registerEntries.map((entry) => ({
      ...entry,
      changedAt: changes.get(entry.id) ?? entry.updatedAt,
    })),
    breaches,
    staff: staff.map(({ id, name, active, lock }) => ({ id, name, active, hasCode: Boolean(lock) })),
    trainings: [...trainings.values()].map(({ staffId, moduleVersion, completedAt }) => ({
      staffId,
      moduleVersion,
      completedAt,
    })),
    archiveEveryMonths: organisation?.archiveEveryMonths ?? DEFAULT_ARCHIVE_MONTHS,
    lockAfterMinutes: organisation?.lockAfterMinutes ?? 0,
  };
}

export async function gatherComplianceFacts(
  db: DeskDb,
  options: { today: string; syncConfigured: boolean },
): Promise<ComplianceFacts> {
  const { today } = options;
  const [requests, unprovenConsents, retention, lastArchiveExport, small] = await Promise.all([
    openRequestFacts(db),
    unprovenConsentFacts(db),
    retentionFacts(db, today),
    lastArchiveExportOf(db),
    smallFacts(db),
  ]);
  return {
    today,
    ...requests,
    unprovenConsents,
    retention,
    lastArchiveExport,
    ...small,
    syncConfigured: options.syncConfigured,
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
