/**
 * The consent ledger, one row per person (table `ledgers`, schema v20): all their consent events,
 * their latest decision per purpose and their contact facts (category, last contact), with the index
 * keys the screens query. IndexedDB's cost is per row written (~0.3 ms here), far more than per
 * index entry (~0.04 ms) or per KB: a person's four decisions imported from a spreadsheet are one
 * row, not four event rows, four preference rows and a contacts row.
 *
 * The events stay the truth: everything else in a row is derived from them (shared/consent/derive.ts)
 * and from the person's record and requests (shared/retention/facts.ts) by `ledgerRowOf`, the only
 * function that builds a row. Rows are written by the write path and sync through derived-bulk.ts,
 * by an erasure (erasure.ts) and by the upgrade (ledger-upgrade.ts); everything else reads them
 * through the functions below.
 *
 * Index keys (multiEntry, strings joined by U+0000, which no id or ISO instant contains):
 * - `*eventIds`: each event's id (an event by id; the newest recorded, ids being UUIDv7; counts);
 * - `*decisions`: `purposeId, decidedAt, decision, id` per event (decisions of a purpose over a
 *   period, counted and tallied from the keys alone);
 * - `*current`: each latest decision whole, `purposeId, decision, decidedAt, channel, noticeId,
 *   decidedOn, hlc, id, unproven` (a purpose's segment, the retention review's decisions: read from
 *   the keys alone, as a row holds all the person's events and is large);
 * - `*noticeIds`: the notices decided under (a notice in use); `*hashes`: evidence files;
 * - `*unproven`: purposes whose current decision is a consent given without proof (sparse);
 * - `[category+lastContactAt]`: the people long quiet (retention review, from the keys alone),
 *   absent until the person's record is here and after an erasure.
 */
import { Dexie } from 'dexie';
import { latestDecisions, preferenceOf, type Preference } from '../../../shared/consent/derive';
import type { ConsentEvent, Decision } from '../../../shared/consent/model';
import type { ContactRow } from '../../../shared/retention/facts';
import type { RetentionCategory } from '../../../shared/retention/model';
import type { DeskDb } from './schema';

export const KEY_SEP = '\u0000';

export type LedgerRow = {
  subjectId: string;
  /** Every consent event about the person, in the order of their ids (the order recorded). */
  events: ConsentEvent[];
  /** Derived: the latest uncorrected decision per purpose (none after an erasure). */
  preferences: Preference[];
  /** Derived, absent while the person's record is not here (and after an erasure). */
  category?: RetentionCategory;
  lastContactAt?: string;
  /** The person was erased here: their events are emptied and count for nothing any more. */
  erased?: 1;
  eventIds: string[];
  decisions: string[];
  current: string[];
  noticeIds: string[];
  hashes?: string[];
  unproven?: string[];
};

/** The `*current` key of a latest decision (see the module comment). */
export const currentKey = (row: Preference): string =>
  [
    row.purposeId,
    row.decision,
    row.decidedAt,
    row.channel,
    row.noticeId,
    row.decidedOn ?? '',
    row.hlc,
    row.id,
    row.unproven === 1 ? '1' : '',
  ].join(KEY_SEP);

/** The latest decision a `*current` key holds, about the person whose row it indexes. */
export function preferenceOfKey(key: string, subjectId: string): Preference {
  const [
    purposeId = '',
    decision,
    decidedAt = '',
    channel,
    noticeId = '',
    decidedOn = '',
    hlc = '',
    id = '',
    unproven,
  ] = key.split(KEY_SEP);
  const row: Preference = {
    id,
    subjectId,
    purposeId,
    decision: decision as Preference['decision'],
    channel: channel as Preference['channel'],
    decidedAt,
    hlc,
    noticeId,
  };
  if (decidedOn) row.decidedOn = decidedOn;
  if (unproven === '1') row.unproven = 1;
  return row;
}

export const decisionKey = (event: Pick<ConsentEvent, 'purposeId' | 'decidedAt' | 'decision' | 'id'>) =>
  [event.purposeId, event.decidedAt, event.decision, event.id].join(KEY_SEP);

export type DecisionKey = { purposeId: string; decidedAt: string; decision: Decision; id: string };

export function parseDecisionKey(key: string): DecisionKey {
  const [purposeId = '', decidedAt = '', decision = 'granted', id = ''] = key.split(KEY_SEP);
  return { purposeId, decidedAt, decision: decision as Decision, id };
}

/** The contact facts a row carries (ContactRow without the person's id). */
export type ContactFacts = Pick<ContactRow, 'category' | 'lastContactAt'>;

/**
 * A person's row from all their events (any order, no duplicates) and their contact facts (null: no
 * record here). `erased`: the person was erased, so nothing of theirs is current.
 */
export function ledgerRowOf(
  subjectId: string,
  events: readonly ConsentEvent[],
  contact: ContactFacts | null,
  erased = false,
): LedgerRow {
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const preferences = erased
    ? []
    : [...latestDecisions(sorted).values()]
        .map(preferenceOf)
        .sort((a, b) => (a.purposeId < b.purposeId ? -1 : a.purposeId > b.purposeId ? 1 : 0));
  const hashes = new Set<string>();
  for (const event of sorted)
    if (event.evidence?.attachment?.hash) hashes.add(event.evidence.attachment.hash);
  const unproven = preferences.filter((row) => row.unproven === 1).map((row) => row.purposeId);
  return {
    subjectId,
    events: sorted,
    preferences,
    ...(contact && !erased ? { category: contact.category, lastContactAt: contact.lastContactAt } : {}),
    ...(erased ? { erased: 1 as const } : {}),
    eventIds: sorted.map((event) => event.id),
    decisions: sorted.map(decisionKey),
    current: preferences.map(currentKey),
    noticeIds: [...new Set(sorted.map((event) => event.noticeId).filter((id) => id !== ''))],
    ...(hashes.size > 0 ? { hashes: [...hashes] } : {}),
    ...(unproven.length > 0 ? { unproven } : {}),
  };
}

/** The contact facts of a row, if it has them. */
export function contactOfRow(row: LedgerRow | undefined): ContactRow | null {
  return row?.category !== undefined && row.lastContactAt !== undefined
    ? { subjectId: row.subjectId, category: row.category, lastContactAt: row.lastContactAt }
    : null;
}

/** The number of current consents without proof a row holds. */
export const unprovenOf = (row: LedgerRow | undefined): number => row?.unproven?.length ?? 0;

/** A person's consent events (unordered: callers sort as they show them). */
export async function eventsOfSubject(db: DeskDb, subjectId: string): Promise<ConsentEvent[]> {
  return (await db.ledgers.get(subjectId))?.events ?? [];
}

/** Events by id (any person), as a map; absent ids are left out. */
export async function eventsById(db: DeskDb, ids: readonly string[]): Promise<Map<string, ConsentEvent>> {
  const found = new Map<string, ConsentEvent>();
  if (ids.length === 0) return found;
  const wanted = new Set(ids);
  const rows = await db.ledgers
    .where('eventIds')
    .anyOf([...wanted])
    .toArray();
  for (const row of rows)
    for (const event of row.events) if (wanted.has(event.id)) found.set(event.id, event);
  return found;
}

/** One event by id. */
export async function eventById(db: DeskDb, id: string): Promise<ConsentEvent | undefined> {
  return (await eventsById(db, [id])).get(id);
}

/** How many consent events are on file. */
export function countEvents(db: DeskDb): Promise<number> {
  return db.ledgers.orderBy('eventIds').count();
}

/** One person's latest decisions, one per purpose. */
export async function preferencesOfSubject(db: DeskDb, subjectId: string): Promise<Preference[]> {
  return (await db.ledgers.get(subjectId))?.preferences ?? [];
}

/**
 * The latest decisions about one purpose, optionally only those with one decision: from the index
 * keys alone (no row is read).
 */
export async function preferencesOf(
  db: DeskDb,
  purposeId: string,
  decision?: Decision,
): Promise<Preference[]> {
  const prefix = decision ? `${purposeId}${KEY_SEP}${decision}${KEY_SEP}` : `${purposeId}${KEY_SEP}`;
  const found: Preference[] = [];
  await db.ledgers
    .where('current')
    .between(prefix, `${prefix}\uffff`)
    .eachKey((key, cursor) => {
      found.push(preferenceOfKey(key as string, cursor.primaryKey as string));
    });
  return found;
}

/** The people's contact facts in a range of the `[category+lastContactAt]` index, from its keys alone. */
export async function contactsBetween(
  db: DeskDb,
  category: RetentionCategory,
  upper: string | typeof Dexie.maxKey,
): Promise<ContactRow[]> {
  const found: ContactRow[] = [];
  await db.ledgers
    .where('[category+lastContactAt]')
    .between([category, Dexie.minKey], [category, upper], true, false)
    .eachKey((key, cursor) => {
      const [, lastContactAt] = key as [RetentionCategory, string];
      found.push({ subjectId: cursor.primaryKey as string, category, lastContactAt });
    });
  return found;
}

/** Whether any event was decided under this notice. */
export async function noticeInUse(db: DeskDb, noticeId: string): Promise<boolean> {
  return (await db.ledgers.where('noticeIds').equals(noticeId).limit(1).primaryKeys()).length > 0;
}

/** The notices some decision was made under. */
export async function usedNoticeIds(db: DeskDb): Promise<Set<string>> {
  return new Set((await db.ledgers.orderBy('noticeIds').uniqueKeys()) as string[]);
}

/** The decisions about a purpose made in [from, to) (ISO instants), from the index keys alone. */
export async function decisionsBetween(
  db: DeskDb,
  purposeId: string,
  from: string,
  to: string,
): Promise<DecisionKey[]> {
  const keys = await db.ledgers
    .where('decisions')
    .between(`${purposeId}${KEY_SEP}${from}`, `${purposeId}${KEY_SEP}${to}`, true, false)
    .keys();
  return (keys as string[]).map(parseDecisionKey);
}

/** Every row, a page at a time in the order of the people's ids (archive, snapshot, upgrade checks). */
export async function* ledgerPages(db: DeskDb, size = 2_000): AsyncGenerator<LedgerRow[], void, undefined> {
  let after: string | null = null;
  for (;;) {
    const rows: LedgerRow[] = await (
      after === null ? db.ledgers.orderBy(':id') : db.ledgers.where(':id').above(after)
    )
      .limit(size)
      .toArray();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.subjectId;
  }
}

/** The `limit` most recently recorded events (UUIDv7 ids: newest id = newest recorded), newest first. */
export async function newestEvents(db: DeskDb, limit: number): Promise<ConsentEvent[]> {
  const collection = db.ledgers.orderBy('eventIds').reverse().limit(limit);
  const [ids, owners] = await Dexie.Promise.all([
    collection.clone().keys(),
    collection.clone().primaryKeys(),
  ]);
  const rows = await db.ledgers.bulkGet([...new Set(owners as string[])]);
  const byId = new Map<string, ConsentEvent>();
  for (const row of rows) for (const event of row?.events ?? []) byId.set(event.id, event);
  return (ids as string[]).flatMap((id) => {
    const event = byId.get(id);
    return event ? [event] : [];
  });
}
