/**
 * The consent ledger in the workspace database: every decision is one append-only event written
 * through the write path; current preferences, segments and re-consent lists are derived from the
 * events (shared/consent), never kept as the only truth.
 */
import type { SubjectInput } from '../../../shared/domain/subject';
import type {
  ConsentChannel,
  ConsentEvent,
  Decision,
  Evidence,
  Notice,
  Purpose,
} from '../../../shared/consent/model';
import { maySend, type Preference } from '../../../shared/consent/derive';
import {
  needsReconsent,
  segmentFilter,
  type ReconsentReason,
  type SegmentOptions,
} from '../../../shared/consent/segments';
import type { Subject } from '../../../shared/domain/subject';
import { loadSuppressionChecker } from './erasure';
import { preferencesOf } from './facts';
import type { DeskDb } from './schema';
import { eventById, eventsOfSubject } from './consent-store';
import { subjectsByIds } from './subjects';
import { usedNotices } from './used-notices';
import { localDate, NotFoundError, ValidationError, write, type WriteContext, type Writer } from './write';

export type ConsentCapture = {
  /** A person on file, or a new one created in the same transaction. */
  subject: { id: string } | { create: SubjectInput };
  /** `corrects`: the id of an event this decision corrects (recorded by mistake, wrong purpose…). */
  decisions: { purposeId: string; decision: Decision; corrects?: string }[];
  channel: ConsentChannel;
  /** When the person decided (ISO instant); never in the future. */
  decidedAt: string;
  /** Only the day is known (a correction of an imported decision keeps it so). */
  decidedOn?: string;
  noticeId: string;
  evidence?: Partial<Evidence>;
  note?: string;
  /**
   * A notice not yet in force on the decision date is allowed only when the user says so
   * explicitly and explains why in the note.
   */
  noticeNotInForceAcknowledged?: boolean;
};

const FUTURE_TOLERANCE_MS = 60_000;

/** Record one person's decisions about several purposes at once (quick capture, paper form). */
export function recordConsents(
  db: DeskDb,
  ctx: WriteContext,
  capture: ConsentCapture,
): Promise<ConsentEvent[]> {
  return write(db, ctx, (w) => captureConsents(w, capture));
}

export async function captureConsents(w: Writer, capture: ConsentCapture): Promise<ConsentEvent[]> {
  const db = w.db;
  w.flush(); // the person, purposes or notice may have been created earlier in this same write
  const decidedMs = Date.parse(capture.decidedAt);
  if (Number.isNaN(decidedMs)) throw new ValidationError({ decidedAt: 'validation.date' });
  if (decidedMs > w.nowMs + FUTURE_TOLERANCE_MS)
    throw new ValidationError({ decidedAt: 'validation.futureDate' });
  if (capture.decisions.length === 0) throw new ValidationError({ decisions: 'validation.decisionRequired' });
  const notice = await db.notices.get(capture.noticeId);
  if (!notice) throw new ValidationError({ noticeId: 'validation.noticeRequired' });
  const note = (capture.note ?? '').trim();
  if (notice.effectiveOn > localDate(decidedMs) && !(capture.noticeNotInForceAcknowledged && note)) {
    throw new ValidationError({ noticeId: 'consent.noticeNotInForce' });
  }
  const purposes = await db.purposes.bulkGet(capture.decisions.map((d) => d.purposeId));
  purposes.forEach((purpose, index) => {
    if (!purpose) throw new ValidationError({ [`decisions.${index}`]: 'validation.purposeRequired' });
    if (!purpose.active) throw new ValidationError({ [`decisions.${index}`]: 'consent.inactivePurpose' });
  });
  let subjectId: string;
  if ('create' in capture.subject) {
    subjectId = (await w.create('subject', capture.subject.create, { fieldPrefix: 'subject.' })).id;
  } else {
    if (!(await db.subjects.get(capture.subject.id)))
      throw new ValidationError({ subjectId: 'validation.subjectRequired' });
    subjectId = capture.subject.id;
  }
  const events: ConsentEvent[] = [];
  for (const { purposeId, decision, corrects } of capture.decisions) {
    if (corrects) {
      const corrected = await eventById(db, corrects);
      if (!corrected || corrected.subjectId !== subjectId)
        throw new ValidationError({ corrects: 'consent.correctionTarget' });
      if (!note) throw new ValidationError({ note: 'consent.correctionNote' });
    }
    events.push(
      await w.create('consentEvent', {
        subjectId,
        purposeId,
        decision,
        channel: capture.channel,
        decidedAt: new Date(decidedMs).toISOString(),
        ...(capture.decidedOn ? { decidedOn: capture.decidedOn } : {}),
        noticeId: capture.noticeId,
        evidence: {
          attachment: null,
          callReference: '',
          witnessName: '',
          fileHash: '',
          formReference: '',
          ...capture.evidence,
        },
        note,
        correctsEventId: corrects ?? '',
      }),
    );
  }
  return events;
}

/** A person's consent events, newest decision first. */
export async function subjectConsentEvents(db: DeskDb, subjectId: string): Promise<ConsentEvent[]> {
  const events = await eventsOfSubject(db, subjectId);
  return events.sort((a, b) =>
    a.decidedAt === b.decidedAt ? (a.hlc < b.hlc ? 1 : -1) : a.decidedAt < b.decidedAt ? 1 : -1,
  );
}

/**
 * Withdrawal (Art. 7(3)) or objection to direct marketing (Art. 21(3)): as easy as consenting and
 * effective at once. The event refers to the notice of the person's latest decision on the purpose.
 */
export async function withdrawConsent(
  db: DeskDb,
  ctx: WriteContext,
  input: { subjectId: string; purposeId: string; channel: ConsentChannel; note?: string },
): Promise<ConsentEvent> {
  const history = (await subjectConsentEvents(db, input.subjectId)).filter(
    (e) => e.purposeId === input.purposeId,
  );
  const noticeId =
    history[0]?.noticeId ?? (await latestNoticeInForce(db, localDate((ctx.now ?? Date.now)())))?.id;
  if (!noticeId) throw new NotFoundError('notice', '');
  const [event] = await recordConsents(db, ctx, {
    subject: { id: input.subjectId },
    decisions: [{ purposeId: input.purposeId, decision: 'withdrawn' }],
    channel: input.channel,
    decidedAt: new Date((ctx.now ?? Date.now)()).toISOString(),
    noticeId,
    note: input.note,
    noticeNotInForceAcknowledged: true,
  });
  return event as ConsentEvent;
}

export async function listPurposes(db: DeskDb): Promise<Purpose[]> {
  const purposes = await db.purposes.toArray();
  return purposes.sort(
    (a, b) => Number(b.active) - Number(a.active) || a.createdAt.localeCompare(b.createdAt),
  );
}

export async function listNotices(db: DeskDb): Promise<Notice[]> {
  return (await db.notices.toArray()).sort((a, b) => b.number - a.number);
}

/** The notice most recently in force on a date, the default for a new capture. */
export async function latestNoticeInForce(db: DeskDb, day: string): Promise<Notice | null> {
  const notices = await listNotices(db);
  return notices.find((notice) => notice.effectiveOn <= day) ?? null;
}

/** Whether a notice has been used (then it can no longer be edited). */
export async function noticeInUse(db: DeskDb, noticeId: string): Promise<boolean> {
  return (await usedNotices(db)).has(noticeId);
}

/** The next notice number. */
export async function nextNoticeNumber(db: DeskDb): Promise<number> {
  const last = await db.notices.orderBy('number').last();
  return (last?.number ?? 0) + 1;
}

/** The machine's time zone: a decision's day is the controller's local day. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export type SegmentRow = { subject: Subject; latest: Preference };

/**
 * The people who may currently be contacted for a purpose (consent granted; for legitimate
 * interest, no objection), filtered by the channel and the age of their decision.
 */
export async function segmentOf(
  db: DeskDb,
  purposeId: string,
  options: Omit<SegmentOptions, 'timeZone'>,
): Promise<SegmentRow[]> {
  const purpose = await db.purposes.get(purposeId);
  if (!purpose) throw new NotFoundError('purpose', purposeId);
  const keep = segmentFilter({ ...options, timeZone: localTimeZone() });
  // Consent: only people whose latest decision is 'granted'. Legitimate interest: anyone who has
  // not objected, so every decision is read and maySend decides.
  const latest = await preferencesOf(
    db,
    purposeId,
    purpose.lawfulBasis === 'consent' ? 'granted' : undefined,
  );
  const chosen = latest.filter((event) => maySend(purpose, event) && keep(event));
  const [subjects, suppressed] = await Promise.all([
    subjectsByIds(
      db,
      chosen.map((event) => event.subjectId),
    ),
    loadSuppressionChecker(db),
  ]);
  // Someone on the suppression list (erased after objecting, then entered again) is never contacted.
  return chosen
    .flatMap((event, index) => {
      const subject = subjects[index];
      return subject && !suppressed(subject) ? [{ subject, latest: event }] : [];
    })
    .sort((a, b) => a.subject.sortKey.localeCompare(b.subject.sortKey));
}

export type ReconsentRow = SegmentRow & { reason: ReconsentReason };

/** People whose consent to a purpose is too old or was given under a notice since replaced. */
export async function reconsentListOf(db: DeskDb, purposeId: string, today: string): Promise<ReconsentRow[]> {
  const purpose = await db.purposes.get(purposeId);
  if (!purpose) throw new NotFoundError('purpose', purposeId);
  const notices = await db.notices.toArray();
  // Only a consent given can need asking again.
  const latest = await preferencesOf(db, purposeId, 'granted');
  const due = latest.flatMap((event) => {
    const reason = needsReconsent(event, purpose, notices, today, localTimeZone());
    return reason ? [{ event, reason }] : [];
  });
  const subjects = await subjectsByIds(
    db,
    due.map(({ event }) => event.subjectId),
  );
  return due.flatMap(({ event, reason }, index) => {
    const subject = subjects[index];
    return subject ? [{ subject, latest: event, reason }] : [];
  });
}
