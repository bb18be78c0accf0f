/**
 * Where the consent ledger is stored, and the one module that reads and writes it.
 *
 * Since version 23 the events of one write about one person share one row of `consentRows`
 * (IndexedDB's cost is per row, ~0.3 ms each here, far more than per index entry): a quick
 * capture of two decisions writes one row, an import of four purposes per person one row per
 * person, a join one row per person and chunk. A row never changes after it is written, except
 * when an erasure empties the person's data from it.
 *
 * Events recorded before version 23 stay where they were, one row each in `consentEvents`: moving
 * 500,000 of them would add about a minute to the upgrade. Every reader below reads both tables.
 *
 * A row's indexes (multiEntry, one entry per event where it says so):
 * - `subjectId`: a person's ledger (one entry per row);
 * - `*eventIds`: an event by id, the ledger newest first, the count of events;
 * - `*decided`: `[purposeId, decidedAt]` of each event (a purpose's decisions in a period; two
 *   decisions of one row about one purpose at the same instant make one entry). No event id in the
 *   key: such an entry costs a quarter of one with it (test/bench/idb-costs.bench.ts);
 * - `*unproven`, `*corrects`, `*attachments`: sparse, absent from most rows.
 */
import { Dexie } from 'dexie';
import type { ConsentEvent } from '../../../shared/consent/model';
import { isUnprovenConsent } from '../../../shared/compliance/evidence';
import { isCorrection } from '../../../shared/consent/derive';
import type { DeskDb } from './schema';
import { bulkGetSparse, rowsWithin, SPREAD } from './sparse';
import { eachPage, PAGE } from './paging';

export type ConsentRow = {
  /** The id of its first event: unique, since an event is in one row only. */
  id: string;
  subjectId: string;
  /** Its events, in the order they were written. */
  events: ConsentEvent[];
  eventIds: string[];
  decided: [string, string][];
  /** Consents recorded without proof (the compliance check). */
  unproven?: string[];
  /** The events its corrections correct. */
  corrects?: string[];
  /** SHA-256 of the attachments its events' evidence refers to. */
  attachments?: string[];
};

export const CONSENT_ROWS_SCHEMA = 'id, subjectId, *eventIds, *decided, *unproven, *corrects, *attachments';

/** The row holding `events` (all about one person, at least one). */
export function consentRowOf(events: readonly ConsentEvent[]): ConsentRow {
  const first = events[0];
  if (!first) throw new Error('consentRowOf: no event');
  const row: ConsentRow = {
    id: first.id,
    subjectId: first.subjectId,
    events: [...events],
    eventIds: events.map((event) => event.id),
    decided: events.map((event) => [event.purposeId, event.decidedAt]),
  };
  const unproven = events.filter((event) => isUnprovenConsent(event)).map((event) => event.id);
  const corrects = events.filter((event) => isCorrection(event)).map((event) => event.correctsEventId);
  const attachments = [
    ...new Set(
      events.flatMap((event) => (event.evidence.attachment ? [event.evidence.attachment.hash] : [])),
    ),
  ];
  if (unproven.length > 0) row.unproven = unproven;
  if (corrects.length > 0) row.corrects = corrects;
  if (attachments.length > 0) row.attachments = attachments;
  return row;
}

/** One row per person, their events in the order given. */
export function packEvents(events: readonly ConsentEvent[]): ConsentRow[] {
  const byPerson = new Map<string, ConsentEvent[]>();
  for (const event of events) {
    const own = byPerson.get(event.subjectId);
    if (own) own.push(event);
    else byPerson.set(event.subjectId, [event]);
  }
  return [...byPerson.values()].map(consentRowOf);
}

/** Store new events (none of them stored yet): one row per person. Inside the caller's transaction. */
export function addEvents(db: DeskDb, events: readonly ConsentEvent[]): Promise<unknown> {
  if (events.length === 0) return Dexie.Promise.resolve();
  return db.consentRows.bulkAdd(packEvents(events));
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A person's events (both tables), in no particular order. */
export async function eventsOfSubject(db: DeskDb, subjectId: string): Promise<ConsentEvent[]> {
  return eventsOfSubjects(db, [subjectId]);
}

/** The events of these people, in no particular order. */
export async function eventsOfSubjects(db: DeskDb, subjectIds: readonly string[]): Promise<ConsentEvent[]> {
  if (subjectIds.length === 0) return [];
  const [legacy, rows] = await Dexie.Promise.all([
    subjectIds.length === 1
      ? db.consentEvents.where('subjectId').equals(subjectIds[0]!).toArray()
      : db.consentEvents
          .where('subjectId')
          .anyOf([...subjectIds])
          .toArray(),
    subjectIds.length === 1
      ? db.consentRows.where('subjectId').equals(subjectIds[0]!).toArray()
      : db.consentRows
          .where('subjectId')
          .anyOf([...subjectIds])
          .toArray(),
  ]);
  return [...legacy, ...rows.flatMap((row) => row.events)];
}

/** Rows holding any of `ids` (each row once). */
async function rowsWithEvents(db: DeskDb, ids: readonly string[]): Promise<ConsentRow[]> {
  if (ids.length === 0) return [];
  let lower = ids[0]!;
  let upper = ids[0]!;
  for (const id of ids) {
    if (id < lower) lower = id;
    if (id > upper) upper = id;
  }
  // Like bulkGetSparse: one range read when few other events lie between the ids asked for.
  const range = db.consentRows.where('eventIds').between(lower, upper, true, true);
  const within = ids.length > 1 ? await rowsWithin(range, ids.length * SPREAD) : null;
  const rows =
    within ??
    (await db.consentRows
      .where('eventIds')
      .anyOf([...ids])
      .toArray());
  const unique = new Map(rows.map((row) => [row.id, row]));
  return [...unique.values()];
}

/** The events with these ids, in the order asked (undefined where there is none). */
export async function eventsById(db: DeskDb, ids: readonly string[]): Promise<(ConsentEvent | undefined)[]> {
  if (ids.length === 0) return [];
  const legacy = (await bulkGetSparse(db.consentEvents, ids)) as (ConsentEvent | undefined)[];
  const missing = ids.filter((_, index) => legacy[index] === undefined);
  const found = new Map<string, ConsentEvent>();
  const wanted = new Set(missing);
  for (const row of await rowsWithEvents(db, missing))
    for (const event of row.events) if (wanted.has(event.id)) found.set(event.id, event);
  return ids.map((id, index) => legacy[index] ?? found.get(id));
}

export async function eventById(db: DeskDb, id: string): Promise<ConsentEvent | undefined> {
  return (await eventsById(db, [id]))[0];
}

/** The corrections of events whose ids lie in [lower, upper]. */
export async function correctionsBetween(db: DeskDb, lower: string, upper: string): Promise<ConsentEvent[]> {
  const [legacy, rows] = await Dexie.Promise.all([
    db.consentEvents.where('corrects').between(lower, upper, true, true).toArray(),
    db.consentRows.where('corrects').between(lower, upper, true, true).distinct().toArray(),
  ]);
  const packed = rows.flatMap((row) =>
    row.events.filter(
      (event) => isCorrection(event) && event.correctsEventId >= lower && event.correctsEventId <= upper,
    ),
  );
  return [...legacy, ...packed];
}

/** How many events there are. */
export async function countEvents(db: DeskDb): Promise<number> {
  const [legacy, packed] = await Dexie.Promise.all([
    db.consentEvents.count(),
    db.consentRows.orderBy('eventIds').count(),
  ]);
  return legacy + packed;
}

/** The `limit` most recently recorded events, newest first (ids are UUIDv7: recording order). */
export async function newestEvents(db: DeskDb, limit: number): Promise<ConsentEvent[]> {
  if (limit <= 0) return [];
  const newest = db.consentRows.orderBy('eventIds').reverse().limit(limit);
  const [legacy, ids, rowIds] = await Dexie.Promise.all([
    db.consentEvents.toCollection().reverse().limit(limit).toArray(),
    newest.clone().keys(),
    newest.clone().primaryKeys(),
  ]);
  const rows = await db.consentRows.bulkGet([...new Set(rowIds)]);
  const events = new Map<string, ConsentEvent>();
  for (const row of rows) for (const event of row?.events ?? []) events.set(event.id, event);
  const packed = (ids as string[]).flatMap((id) => events.get(id) ?? []);
  return [...legacy, ...packed].sort((a, b) => byId(b, a)).slice(0, limit);
}

/** Events of `purposeId` decided in [from, to). */
export async function eventsDecidedBetween(
  db: DeskDb,
  purposeId: string,
  from: string,
  to: string,
): Promise<ConsentEvent[]> {
  const [legacy, rows] = await Dexie.Promise.all([
    db.consentEvents
      .where('[purposeId+decidedAt]')
      .between([purposeId, from], [purposeId, to], true, false)
      .toArray(),
    db.consentRows
      .where('decided')
      .between([purposeId, from], [purposeId, to], true, false)
      .distinct()
      .toArray(),
  ]);
  const packed = rows.flatMap((row) =>
    row.events.filter(
      (event) => event.purposeId === purposeId && event.decidedAt >= from && event.decidedAt < to,
    ),
  );
  return [...legacy, ...packed];
}

/**
 * How many events of `purposeId` were decided in [from, to), from index entries only (nothing read):
 * exact, except that decisions of one row about one purpose at the same instant count once. Enough
 * to tell whether a period gained events (the ledger only grows, and a new row adds an entry).
 */
export async function countDecidedBetween(
  db: DeskDb,
  purposeId: string,
  from: string,
  to: string,
): Promise<number> {
  const [legacy, packed] = await Dexie.Promise.all([
    db.consentEvents
      .where('[purposeId+decidedAt]')
      .between([purposeId, from], [purposeId, to], true, false)
      .count(),
    db.consentRows.where('decided').between([purposeId, from], [purposeId, to], true, false).count(),
  ]);
  return legacy + packed;
}

/** Events decided for exactly these `[purposeId, decidedAt]` pairs. */
export async function eventsDecidedAt(
  db: DeskDb,
  pairs: readonly [string, string][],
): Promise<ConsentEvent[]> {
  if (pairs.length === 0) return [];
  const [legacy, rows] = await Dexie.Promise.all([
    db.consentEvents
      .where('[purposeId+decidedAt]')
      .anyOf([...pairs])
      .toArray(),
    db.consentRows
      .where('decided')
      .anyOf([...pairs])
      .distinct()
      .toArray(),
  ]);
  const wanted = new Set(pairs.map(([purposeId, decidedAt]) => `${purposeId}|${decidedAt}`));
  const packed = rows.flatMap((row) =>
    row.events.filter((event) => wanted.has(`${event.purposeId}|${event.decidedAt}`)),
  );
  return [...legacy, ...packed];
}

/** Rows whose events' evidence refers to the attachment `hash` (an old event, or a packed row): 0 when none does. */
export async function countRowsWithAttachment(db: DeskDb, hash: string): Promise<number> {
  const [legacy, packed] = await Dexie.Promise.all([
    db.consentEvents.where('evidence.attachment.hash').equals(hash).count(),
    db.consentRows.where('attachments').equals(hash).count(),
  ]);
  return legacy + packed;
}

/**
 * Empty a person's data from their events (an erasure), with `redact` applied to each. Inside the
 * caller's transaction, which must allow redaction (schema.ts).
 */
export async function redactEventsOfSubject(
  db: DeskDb,
  subjectId: string,
  redact: (event: ConsentEvent) => ConsentEvent,
): Promise<void> {
  await db.consentEvents
    .where('subjectId')
    .equals(subjectId)
    .modify((event) => {
      Object.assign(event, redact(event));
    });
  await db.consentRows
    .where('subjectId')
    .equals(subjectId)
    .modify((row) => {
      const next = consentRowOf(row.events.map(redact));
      for (const key of ['unproven', 'corrects', 'attachments'] as const) delete row[key];
      Object.assign(row, next);
    });
}

/**
 * Every event, a page at a time, in no particular order (the cheapest full read). A callback, not
 * an async generator: it runs inside callers' transactions, which Dexie keeps only across awaits
 * of its own promises.
 */
export async function eachEventPage(
  db: DeskDb,
  visit: (events: ConsentEvent[]) => void,
  size = PAGE,
): Promise<void> {
  await eachPage(db.consentEvents, visit, size);
  // Rows hold several events each: fewer rows per page for about `size` events.
  await eachPage(
    db.consentRows,
    (rows) => visit(rows.flatMap((row) => row.events)),
    Math.max(1, Math.ceil(size / 4)),
  );
}

/**
 * Every event in id order (recording order), a page at a time: the archive's files and the sync
 * digest, identical whatever rows the events were packed in.
 */
export async function* eventsInIdOrder(db: DeskDb, size = PAGE): AsyncGenerator<ConsentEvent[]> {
  let after: string | null = null;
  for (;;) {
    const legacyRange =
      after === null ? db.consentEvents.orderBy(':id') : db.consentEvents.where(':id').above(after);
    const packedRange =
      after === null ? db.consentRows.orderBy('eventIds') : db.consentRows.where('eventIds').above(after);
    const [legacy, ids, rowIds] = await Dexie.Promise.all([
      legacyRange.limit(size).toArray(),
      packedRange.clone().limit(size).keys(),
      packedRange.clone().limit(size).primaryKeys(),
    ]);
    if (legacy.length === 0 && ids.length === 0) return;
    const rows = await db.consentRows.bulkGet([...new Set(rowIds)]);
    const events = new Map<string, ConsentEvent>();
    for (const row of rows) for (const event of row?.events ?? []) events.set(event.id, event);
    const packed = (ids as string[]).flatMap((id) => events.get(id) ?? []);
    // Only up to the smaller of the two last ids when both pages are full: past it, the other
    // table may hold events not read yet.
    const bounds: string[] = [];
    if (legacy.length === size) bounds.push(legacy[legacy.length - 1]!.id);
    if (ids.length === size) bounds.push(String(ids[ids.length - 1]));
    const cut = bounds.length > 0 ? bounds.sort()[0]! : null;
    const page = [...legacy, ...packed].filter((event) => cut === null || event.id <= cut).sort(byId);
    if (page.length === 0) return;
    yield page;
    if (cut === null) return;
    after = cut;
  }
}

/**
 * Every event, grouped by person (a person's events in id order), a few hundred people at a time:
 * a snapshot lists them so, and a device joining from it packs each person's events in one row.
 */
export async function* eventsByPerson(db: DeskDb, people = 500): AsyncGenerator<ConsentEvent[]> {
  const sources = [
    { table: db.consentEvents, events: (rows: unknown[]) => rows as ConsentEvent[] },
    {
      table: db.consentRows,
      events: (rows: unknown[]) => (rows as ConsentRow[]).flatMap((row) => row.events),
    },
  ];
  for (const { table, events } of sources) {
    const subjects = (await table.orderBy('subjectId').uniqueKeys()) as string[];
    for (let start = 0; start < subjects.length; start += people) {
      const batch = subjects.slice(start, start + people);
      const rows = await table
        .where('subjectId')
        .between(batch[0]!, batch[batch.length - 1]!, true, true)
        .toArray();
      const grouped = new Map<string, ConsentEvent[]>();
      for (const event of events(rows)) {
        const own = grouped.get(event.subjectId);
        if (own) own.push(event);
        else grouped.set(event.subjectId, [event]);
      }
      yield [...grouped.values()].flatMap((own) => own.sort(byId));
    }
  }
}
