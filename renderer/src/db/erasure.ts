/**
 * Erasure (Art. 17), in one transaction: the person's record and search terms go, their consent
 * events, requests and timelines are emptied of anything identifying (shared/erasure/redact.ts) —
 * so they still prove what was decided, asked and done — the copies of their data in the oplog are
 * emptied the same way, and a tombstone records the erasure without personal data. Attachments
 * nothing else refers to are queued in the same transaction and their files deleted right after
 * (and again at the next start if that fails), since files cannot take part in the transaction.
 *
 * A person who objected to marketing can be kept on the suppression list: salted hashes of their
 * email and phone only (shared/erasure/suppression.ts), checked by imports and segment exports.
 */
import { Dexie } from 'dexie';
import { latestDecisions } from '../../../shared/consent/derive';
import type { ErasureReason, Erasure } from '../../../shared/erasure/model';
import { attachmentsOf, redactFields, redactionPatch } from '../../../shared/erasure/redact';
import { suppressionChecker, suppressionKeys } from '../../../shared/erasure/suppression';
import { OPEN_STATUSES, type DsRequest } from '../../../shared/requests';
import { eraseFactsOfSubject } from './facts';
import { allowRedaction, type DeskDb, type EntityName } from './schema';
import { NotFoundError, ValidationError, write, type WriteContext } from './write';
import { countRowsWithAttachment, eventsOfSubject, redactEventsOfSubject } from './consent-store';
import type { ConsentEvent } from '../../../shared/consent/model';

const PENDING_KEY = 'attachments.pendingDelete';
const SALT_KEY = 'suppression.salt';

export type ErasurePreview = {
  consentEvents: number;
  requests: number;
  attachments: number;
  /** Open requests other than the one being honoured: they may still need the person's data. */
  openRequests: DsRequest[];
  /** The person refused or withdrew a consent, or asked to object: suggest the suppression list. */
  objected: boolean;
};

/** Everything on file about a person that an erasure touches, and the attachments it refers to. */
async function personRecords(db: DeskDb, subjectId: string) {
  const [events, requests] = await Promise.all([
    eventsOfSubject(db, subjectId),
    db.requests.where('subjectId').equals(subjectId).toArray(),
  ]);
  const requestIds = requests.map((request) => request.id);
  const timeline = requestIds.length
    ? await db.requestEvents.where('requestId').anyOf(requestIds).toArray()
    : [];
  const hashes = new Set<string>();
  for (const event of events) for (const ref of attachmentsOf('consentEvent', event)) hashes.add(ref.hash);
  for (const request of requests) for (const ref of attachmentsOf('request', request)) hashes.add(ref.hash);
  for (const event of timeline) for (const ref of attachmentsOf('requestEvent', event)) hashes.add(ref.hash);
  return { events, requests, requestIds, timeline, hashes };
}

/** What an erasure would remove, for the confirmation dialog. */
export async function erasurePreview(db: DeskDb, subjectId: string, requestId = ''): Promise<ErasurePreview> {
  const { events, requests, hashes } = await personRecords(db, subjectId);
  const latest = events.length ? [...latestDecisions(events).values()] : [];
  return {
    consentEvents: events.length,
    requests: requests.length,
    attachments: hashes.size,
    openRequests: requests.filter(
      (request) => request.id !== requestId && OPEN_STATUSES.includes(request.status),
    ),
    objected:
      latest.some((event) => event.decision === 'refused' || event.decision === 'withdrawn') ||
      requests.some((request) => request.rights.includes('objection')),
  };
}

export type EraseInput = {
  subjectId: string;
  reason: ErasureReason;
  /** The erasure request honoured: its timeline records the erasure. */
  requestId?: string;
  /** Put the email and phone on the suppression list (salted hashes only). */
  suppress: boolean;
  /** Required when other requests of the person are still open (they may need the data). */
  confirmOpenRequests?: boolean;
};

export type EraseResult = { erasure: Erasure; attachmentsToDelete: string[] };

export async function eraseSubject(db: DeskDb, ctx: WriteContext, input: EraseInput): Promise<EraseResult> {
  return write(db, ctx, async (w) => {
    w.flush();
    const subject = await db.subjects.get(input.subjectId);
    if (!subject) throw new NotFoundError('subject', input.subjectId);
    const requestId = input.requestId ?? '';
    const { events, requests, requestIds, timeline, hashes } = await personRecords(db, subject.id);
    if (requestId && !requests.some((request) => request.id === requestId))
      throw new ValidationError({ requestId: 'erasure.requestNotTheirs' });
    const stillOpen = requests.filter(
      (request) => request.id !== requestId && OPEN_STATUSES.includes(request.status),
    );
    if (stillOpen.length > 0 && !input.confirmOpenRequests)
      throw new ValidationError({ _: 'erasure.openRequestsError' });

    let suppressed = false;
    if (input.suppress) {
      const salt = await deviceSalt(db);
      const keys = suppressionKeys(salt, subject);
      if (keys.emailHash || keys.phoneHash) {
        await w.create('suppression', { salt, ...keys });
        suppressed = true;
      }
    }

    // Requests are ordinary records: emptied through the write path (their oplog entry carries the
    // emptied values to other devices). Append-only rows are emptied in place, once, here only.
    for (const request of requests) {
      await w.update(
        'request',
        request.id,
        redactionPatch('request') as Partial<DsRequest>,
        'request.redact',
      );
    }
    w.flush();
    await redactPerson(db, subject.id, { events, requestIds, timeline });

    const erasure = await w.create('erasure', {
      subjectId: subject.id,
      reason: input.reason,
      requestId,
      counts: {
        consentEvents: events.length,
        requests: requests.length,
        timelineEntries: timeline.length,
        attachments: hashes.size,
      },
      suppressed,
    });
    if (requestId) await w.create('requestEvent', { requestId, kind: 'erasure' });
    w.erase('subject', subject.id);
    w.flush();
    const orphans = await unreferenced(db, [...hashes]);
    await queueDeletion(db, orphans);
    return { erasure, attachmentsToDelete: orphans };
  });
}

type PersonRecords = {
  events: { id: string }[];
  requestIds: string[];
  timeline: { id: string }[];
};

/**
 * The part of an erasure every device does: remove the person's record and derived facts row,
 * empty their consent events, timelines and the oplog's copies. Runs inside the caller's
 * transaction.
 */
async function redactPerson(db: DeskDb, subjectId: string, records: PersonRecords): Promise<void> {
  allowRedaction(Dexie.currentTransaction);
  await redactEventsOfSubject(
    db,
    subjectId,
    (event) =>
      ({
        ...event,
        ...redactFields('consentEvent', event as unknown as Record<string, unknown>),
      }) as ConsentEvent,
  );
  if (records.requestIds.length)
    await db.requestEvents
      .where('requestId')
      .anyOf(records.requestIds)
      .modify((event) => {
        Object.assign(event, redactFields('requestEvent', event as unknown as Record<string, unknown>));
      });
  await db.subjects.delete(subjectId);
  await eraseFactsOfSubject(db, subjectId);
  await redactOplog(db, [
    ['subject', [subjectId]],
    ['consentEvent', records.events.map((event) => event.id)],
    ['request', records.requestIds],
    ['requestEvent', records.timeline.map((event) => event.id)],
  ]);
}

/**
 * An erasure made on another device (its 'erase' operation arrived through sync): do the same here,
 * inside the sync's transaction (tables: subjects, consentEvents, consentRows, requests, requestEvents,
 * facts, oplog, meta). The tombstone, the emptied requests and any suppression
 * entry arrive as records of their own. Returns the attachment files queued for deletion.
 */
export async function applyRemoteErasure(db: DeskDb, subjectId: string): Promise<string[]> {
  const { events, requestIds, timeline, hashes } = await personRecords(db, subjectId);
  await db.requests
    .where('subjectId')
    .equals(subjectId)
    .modify((request) => {
      Object.assign(request, redactionPatch('request'));
    });
  await redactPerson(db, subjectId, { events, requestIds, timeline });
  const orphans = await unreferenced(db, [...hashes]);
  await queueDeletion(db, orphans);
  return orphans;
}

/** Empty the person's data from every operation recorded about the given records. */
async function redactOplog(db: DeskDb, records: [EntityName, string[]][]): Promise<void> {
  const keys = records.flatMap(([entity, ids]) => ids.map((id) => `${entity}:${id}`));
  if (keys.length === 0) return;
  const wanted = new Set(keys);
  await db.oplog
    .where('keys')
    .anyOf(keys)
    .distinct()
    .modify((row) => {
      row.ops = row.ops.map((op) => {
        if (!wanted.has(`${op.entity}:${op.entityId}`)) return op;
        // A person's record is nothing but their data: nothing of it stays.
        const fields = op.entity === 'subject' ? {} : redactFields(op.entity, op.fields);
        return { ...op, fields };
      });
    });
}

/** The hashes no remaining record refers to (content-addressed files may be shared). */
async function unreferenced(db: DeskDb, hashes: string[]): Promise<string[]> {
  const orphans: string[] = [];
  for (const hash of hashes) {
    const [events, requests, timeline] = await Promise.all([
      countRowsWithAttachment(db, hash),
      db.requests.where('mandate.hash').equals(hash).count(),
      db.requestEvents.where('attachment.hash').equals(hash).count(),
    ]);
    if (events + requests + timeline === 0) orphans.push(hash);
  }
  return orphans;
}

async function queueDeletion(db: DeskDb, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  const pending = await pendingDeletions(db);
  await db.meta.put({ key: PENDING_KEY, value: [...new Set([...pending, ...hashes])] });
}

export async function pendingDeletions(db: DeskDb): Promise<string[]> {
  const entry = await db.meta.get(PENDING_KEY);
  return Array.isArray(entry?.value) ? (entry.value as string[]) : [];
}

/**
 * Delete the queued attachment files through the Node side and clear them from the queue. Called
 * right after an erasure and at start-up; a failure leaves them queued for the next try.
 */
export async function deletePendingAttachments(
  db: DeskDb,
  remove: (hashes: string[]) => Promise<unknown>,
): Promise<number> {
  const pending = await pendingDeletions(db);
  if (pending.length === 0) return 0;
  for (let start = 0; start < pending.length; start += 1000) await remove(pending.slice(start, start + 1000));
  await db.transaction('rw', db.meta, async () => {
    const left = (await pendingDeletions(db)).filter((hash) => !pending.includes(hash));
    if (left.length) await db.meta.put({ key: PENDING_KEY, value: left });
    else await db.meta.delete(PENDING_KEY);
  });
  return pending.length;
}

/** This device's suppression salt, made on first use (random, 128 bits). */
async function deviceSalt(db: DeskDb): Promise<string> {
  const stored = await db.meta.get(SALT_KEY);
  if (typeof stored?.value === 'string') return stored.value;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const salt = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  await db.meta.put({ key: SALT_KEY, value: salt });
  return salt;
}

/** A checker for imports and exports: is this email or phone on the suppression list? */
export async function loadSuppressionChecker(
  db: DeskDb,
): Promise<(person: { email?: string; phone?: string }) => boolean> {
  return suppressionChecker(await db.suppressions.toArray());
}

/** The erasure of a person, if they were erased (to say so where their name used to be). */
export function erasureOf(db: DeskDb, subjectId: string): Promise<Erasure | undefined> {
  return db.erasures.where('subjectId').equals(subjectId).first();
}
