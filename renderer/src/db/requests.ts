/**
 * Data-subject requests: intake, workflow actions, timeline, checklist and the dashboard queries.
 * Every change is one call to the write path: the request, its timeline event(s), their oplog and
 * audit entries are written together or not at all.
 */
import { Dexie, type Collection } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import { displayName, type SubjectInput } from '../../../shared/domain/subject';
import { addDays } from '../../../shared/deadlines';
import {
  applyAction,
  CHECKLIST_RIGHTS,
  deviceCode,
  requestDeadline,
  requestReference,
  type AttachmentRef,
  type ChecklistItem,
  type DeadlinePlace,
  type DsRequest,
  type RequestChannel,
  type RequestEvent,
  type Right,
  type WorkflowAction,
} from '../../../shared/requests';
import type { DeskDb } from './schema';
import { localDate, NotFoundError, ValidationError, write, type WriteContext, type Writer } from './write';

export type RequestIntake = {
  /** An existing person, or a new one created in the same transaction. */
  subject: { id: string } | { create: SubjectInput };
  rights: Right[];
  channel: RequestChannel;
  /** ISO instant of receipt; may be back-dated, never in the future. */
  receivedAt: string;
  requesterWords?: string;
  viaRepresentative?: boolean;
  representativeName?: string;
  mandate?: AttachmentRef | null;
  attachments?: AttachmentRef[];
};

/** A minute of tolerance for clocks and form filling. */
const FUTURE_TOLERANCE_MS = 60_000;

export function createRequest(db: DeskDb, ctx: WriteContext, intake: RequestIntake): Promise<DsRequest> {
  return write(db, ctx, (w) => logRequest(w, intake));
}

/** Log one request inside a write (several can share one transaction, e.g. an import). */
export async function logRequest(w: Writer, intake: RequestIntake): Promise<DsRequest> {
  const db = w.db;
  w.flush(); // the person may have been created earlier in this same write
  const receivedMs = Date.parse(intake.receivedAt);
  if (Number.isNaN(receivedMs)) throw new ValidationError({ receivedAt: 'validation.date' });
  if (receivedMs > w.nowMs + FUTURE_TOLERANCE_MS)
    throw new ValidationError({ receivedAt: 'validation.futureDate' });
  if (!w.env.place) throw new ValidationError({ _: 'errors.setupFirst' });
  let subjectId: string;
  if ('create' in intake.subject) {
    subjectId = (await w.create('subject', intake.subject.create, { fieldPrefix: 'subject.' })).id;
  } else {
    if (!(await db.subjects.get(intake.subject.id)))
      throw new ValidationError({ subjectId: 'validation.subjectRequired' });
    subjectId = intake.subject.id;
  }
  const receivedOn = localDate(receivedMs);
  const year = Number(receivedOn.slice(0, 4));
  const sequence = await w.nextSequence(`DSR-${year}`);
  const organisation = await db.organisation.toCollection().first();
  const needsChecklist = intake.rights.some((right) => CHECKLIST_RIGHTS.includes(right));
  const checklist: ChecklistItem[] = needsChecklist
    ? [
        ...(organisation?.systems ?? []).map((label) => ({
          id: uuidv7(),
          kind: 'system' as const,
          label,
          doneOn: '',
        })),
        ...(organisation?.recipients ?? []).map((label) => ({
          id: uuidv7(),
          kind: 'recipient' as const,
          label,
          doneOn: '',
        })),
      ]
    : [];
  const request = await w.create('request', {
    reference: requestReference(year, deviceCode(w.deviceId), sequence),
    subjectId,
    rights: [...new Set(intake.rights)],
    channel: intake.channel,
    receivedAt: new Date(receivedMs).toISOString(),
    receivedOn,
    requesterWords: intake.requesterWords ?? '',
    viaRepresentative: intake.viaRepresentative ?? false,
    representativeName: intake.representativeName ?? '',
    mandate: intake.mandate ?? null,
    checklist,
  });
  await w.create('requestEvent', { requestId: request.id, kind: 'created', on: receivedOn });
  if (intake.mandate) {
    await w.create('requestEvent', {
      requestId: request.id,
      kind: 'attachment',
      action: 'mandate',
      on: receivedOn,
      attachment: intake.mandate,
    });
  }
  for (const attachment of intake.attachments ?? []) {
    await w.create('requestEvent', {
      requestId: request.id,
      kind: 'attachment',
      on: receivedOn,
      attachment,
    });
  }
  return request;
}

async function loadRequest(db: DeskDb, id: string): Promise<DsRequest> {
  const request = await db.requests.get(id);
  if (!request) throw new NotFoundError('request', id);
  return request;
}

/** Move a request through its workflow; the transition is written on the timeline with the note. */
export async function applyRequestAction(
  db: DeskDb,
  ctx: WriteContext,
  requestId: string,
  action: WorkflowAction,
  note = '',
): Promise<DsRequest> {
  return write(db, ctx, async (w) => {
    const request = await loadRequest(db, requestId);
    if (!w.env.place) throw new ValidationError({ _: 'errors.setupFirst' });
    const deadline = requestDeadline(request, w.env.place, w.env.today);
    const patch = applyAction(request, action, { today: w.env.today, noticeDueOn: deadline.noticeDueOn });
    const updated = await w.update('request', requestId, patch, `request.${action.type}`);
    const detail =
      action.type === 'extend'
        ? action.reasons
        : action.type === 'respond'
          ? [action.outcome, action.refusalReason].filter(Boolean).join(': ')
          : '';
    await w.create('requestEvent', {
      requestId,
      kind: 'transition',
      action: action.type,
      on: action.on,
      note: [detail, note.trim()].filter(Boolean).join('\n'),
    });
    return updated;
  });
}

export function addRequestNote(
  db: DeskDb,
  ctx: WriteContext,
  requestId: string,
  note: string,
): Promise<RequestEvent> {
  return write(db, ctx, async (w) => {
    await loadRequest(db, requestId);
    if (note.trim() === '') throw new ValidationError({ note: 'validation.required' });
    return w.create('requestEvent', { requestId, kind: 'note', on: w.env.today, note });
  });
}

export function addRequestAttachment(
  db: DeskDb,
  ctx: WriteContext,
  requestId: string,
  attachment: AttachmentRef,
  note = '',
): Promise<RequestEvent> {
  return write(db, ctx, async (w) => {
    await loadRequest(db, requestId);
    return w.create('requestEvent', { requestId, kind: 'attachment', on: w.env.today, attachment, note });
  });
}

export type SentLetter = {
  kind: string;
  language: 'fr' | 'en';
  channel: RequestChannel;
  subject: string;
  body: string;
  sentOn: string;
};

/** A letter sent to the person: on the timeline with its text, date and channel. */
export function recordLetterSent(
  db: DeskDb,
  ctx: WriteContext,
  requestId: string,
  letter: SentLetter,
): Promise<RequestEvent> {
  return write(db, ctx, async (w) => {
    const request = await loadRequest(db, requestId);
    if (letter.sentOn > w.env.today) throw new ValidationError({ sentOn: 'validation.futureDate' });
    if (letter.sentOn < request.receivedOn) throw new ValidationError({ sentOn: 'workflow.beforeReceipt' });
    const { sentOn, ...rest } = letter;
    return w.create('requestEvent', {
      requestId,
      kind: 'letter',
      action: letter.kind,
      on: sentOn,
      letter: rest,
    });
  });
}

/** Tick (or untick, with '') one place the data lives or one recipient told (Art. 19). */
export function setChecklistItem(
  db: DeskDb,
  ctx: WriteContext,
  requestId: string,
  itemId: string,
  doneOn: string,
): Promise<DsRequest> {
  return write(db, ctx, async (w) => {
    const request = await loadRequest(db, requestId);
    const item = request.checklist.find((entry) => entry.id === itemId);
    if (!item) throw new NotFoundError('checklist', itemId);
    if (doneOn > w.env.today) throw new ValidationError({ doneOn: 'validation.futureDate' });
    const checklist = request.checklist.map((entry) => (entry.id === itemId ? { ...entry, doneOn } : entry));
    const updated = await w.update('request', requestId, { checklist }, 'request.checklist');
    await w.create('requestEvent', {
      requestId,
      kind: 'checklist',
      action: doneOn ? 'done' : 'reopened',
      on: doneOn || w.env.today,
      note: item.label,
    });
    return updated;
  });
}

export async function getRequest(db: DeskDb, id: string): Promise<DsRequest | null> {
  return (await db.requests.get(id)) ?? null;
}

/** The timeline, oldest first (HLC order: the order things were recorded, across devices). */
export function requestTimeline(db: DeskDb, requestId: string): Promise<RequestEvent[]> {
  return db.requestEvents
    .where('[requestId+hlc]')
    .between([requestId, Dexie.minKey], [requestId, Dexie.maxKey])
    .toArray();
}

export async function listRequests(
  db: DeskDb,
  filter: { scope: 'open' | 'all'; subjectId?: string } = { scope: 'open' },
): Promise<DsRequest[]> {
  if (filter.subjectId) {
    const rows = await db.requests.where('subjectId').equals(filter.subjectId).toArray();
    const shown = filter.scope === 'open' ? rows.filter((r) => r.clock !== 'closed') : rows;
    return shown.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  }
  if (filter.scope === 'all') return db.requests.orderBy('receivedAt').reverse().toArray();
  // Open requests, most urgent first: running clocks by due date, then those waiting for identity.
  const [running, stopped] = await Promise.all([
    db.requests
      .where('[clock+dueOn]')
      .between(['running', Dexie.minKey], ['running', Dexie.maxKey])
      .toArray(),
    db.requests
      .where('[clock+dueOn]')
      .between(['stopped', Dexie.minKey], ['stopped', Dexie.maxKey])
      .toArray(),
  ]);
  return [...running, ...stopped];
}

/** One group of the dashboard: its most urgent requests, and whether there are more. */
export type RequestGroup = { items: DsRequest[]; more: boolean };

export type DashboardRequests = {
  overdue: RequestGroup;
  dueSoon: RequestGroup;
  awaitingIdentity: RequestGroup;
  extended: RequestGroup;
  /** Every other running request (due after the next 7 days), so each open request is reachable. */
  later: RequestGroup;
  /** The people the listed requests are about, by id; null for an erased person. */
  people: Record<string, { name: string } | null>;
  /** Extended without an extension notice sent by the notice date. */
  noticeMissing: DsRequest[];
};

const SOON_DAYS = 7;
/** How many requests a dashboard group lists. */
export const DASHBOARD_ITEMS = 50;

/** Reads one more than it shows, so "50+" needs no count over the whole range. */
async function group(collection: Collection<DsRequest, string, unknown>): Promise<RequestGroup> {
  const items = await collection.limit(DASHBOARD_ITEMS + 1).toArray();
  return { items: items.slice(0, DASHBOARD_ITEMS), more: items.length > DASHBOARD_ITEMS };
}

/**
 * What needs attention today, read from the indexes only: requests whose clock runs, by due date
 * ([clock+dueOn]), and requests by status. While proof of identity is awaited the clock is stopped,
 * so such requests are "awaiting identity", never overdue. Each group is counted in full and lists
 * its most urgent requests.
 */
export async function dashboardRequests(db: DeskDb, today: string): Promise<DashboardRequests> {
  const horizon = addDays(today, SOON_DAYS);
  const byDue = db.requests.where('[clock+dueOn]');
  const [overdue, dueSoon, awaitingIdentity, extended, later] = await Promise.all([
    group(byDue.between(['running', Dexie.minKey], ['running', today], true, false)),
    group(db.requests.where('[clock+dueOn]').between(['running', today], ['running', horizon], true, true)),
    group(db.requests.where('status').equals('identity_check')),
    group(db.requests.where('status').equals('extended')),
    group(db.requests.where('[clock+dueOn]').between(['running', horizon], ['running', Dexie.maxKey], false)),
  ]);
  const late = await db.requests
    .where('status')
    .equals('extended')
    .filter((r) => r.noticeDueOn < today)
    .toArray();
  const notices = late.length
    ? await db.requestEvents
        .where('requestId')
        .anyOf(late.map((r) => r.id))
        .filter((event) => event.kind === 'letter' && event.action === 'extension_notice')
        .toArray()
    : [];
  const noticeMissing = late.filter(
    (r) => !notices.some((event) => event.requestId === r.id && event.on <= r.noticeDueOn),
  );
  const shown = [overdue, dueSoon, awaitingIdentity, extended, later].flatMap((g) => g.items);
  const people = await peopleOf(
    db,
    shown.map((r) => r.subjectId),
  );
  return { overdue, dueSoon, awaitingIdentity, extended, later, people, noticeMissing };
}

/** Names of the people listed, read by key (never the whole table); an erased person is null. */
async function peopleOf(db: DeskDb, ids: string[]): Promise<Record<string, { name: string } | null>> {
  const unique = [...new Set(ids)];
  const found = await db.subjects.bulkGet(unique);
  return Object.fromEntries(
    unique.map((id, i) => {
      const subject = found[i];
      return [id, subject ? { name: displayName(subject) } : null];
    }),
  );
}

/** Deadlines as of today for display (an open wait for identity keeps moving them). */
export function liveDeadline(request: DsRequest, place: DeadlinePlace, today: string) {
  return requestDeadline(request, place, today);
}
