// What the data-layer tests share: a database of their own, a clock they move by hand, a workspace
// (organisation, purposes, notice) written through the one write path, and the French messages.
import { writeJoinedDerived } from '../../../../renderer/src/db/derived-join';
import { UNPROVEN_COUNT_KEY, type FactsRow } from '../../../../renderer/src/db/facts';
import { openDeskDb } from '../../../../renderer/src/db/open';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { eventsInIdOrder } from '../../../../renderer/src/db/consent-store';
import type { ConsentEvent } from '../../../../shared/consent/model';
import { write, type Inputs, type WriteContext } from '../../../../renderer/src/db/write';
import { fr } from '../../../../renderer/src/i18n/fr';

/** A fresh database under a random workspace id, and what closes and deletes it after the test. */
export async function openTestDb(): Promise<{ db: DeskDb; cleanup: () => Promise<void> }> {
  const db = await openDeskDb(crypto.randomUUID());
  return {
    db,
    cleanup: async () => {
      db.close();
      await db.delete();
    },
  };
}

/** The time every write of a test is stamped with, until the test moves it. */
export class TestClock {
  private ms: number;

  constructor(private readonly start: number) {
    this.ms = start;
  }

  readonly now = (): number => this.ms;

  set(ms: number): void {
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  /** Back to the start, for the next test. */
  reset(): void {
    this.ms = this.start;
  }

  /** A write context for this operator, stamped by this clock. */
  as(operatorId: string): WriteContext {
    return { operatorId, now: this.now };
  }
}

export const ORGANISATION: Inputs['organisation'] = {
  legalName: 'Boutique',
  address: '1 rue X',
  contactEmail: 'a@b.fr',
  country: 'FR',
};
export const NEWSLETTER: Inputs['purpose'] = { name: { fr: 'Lettre', en: 'Newsletter' }, channel: 'email' };
export const SMS: Inputs['purpose'] = { name: { fr: 'SMS', en: 'SMS' }, channel: 'sms' };
export const NOTICE: Inputs['notice'] = {
  number: 1,
  title: 'Notice',
  text: 'Texte',
  effectiveOn: '2020-01-01',
};

/** Written as the first-run setup is: before any staff exists, so with no operator. */
const setupContext = (now?: () => number): WriteContext =>
  now ? { operatorId: null, now } : { operatorId: null };

/** The organisation alone (ORGANISATION with `organisation` over it); its id. */
export async function seedOrganisation(
  db: DeskDb,
  organisation: Partial<Inputs['organisation']> = {},
  now?: () => number,
): Promise<string> {
  return write(
    db,
    setupContext(now),
    async (w) => (await w.create('organisation', { ...ORGANISATION, ...organisation })).id,
  );
}

/**
 * The organisation, the purposes named by their keys and one notice, in one write; their ids,
 * the purposes' under the same keys.
 */
export async function seedWorkspace<K extends string>(
  db: DeskDb,
  options: {
    purposes: Record<K, Inputs['purpose']>;
    organisation?: Partial<Inputs['organisation']>;
    notice?: Partial<Inputs['notice']>;
    /** The seed's clock; the real time when omitted. */
    now?: () => number;
  },
): Promise<{ organisationId: string; purposes: Record<K, string>; noticeId: string }> {
  return write(db, setupContext(options.now), async (w) => {
    const organisationId = (await w.create('organisation', { ...ORGANISATION, ...options.organisation })).id;
    const purposes = {} as Record<K, string>;
    // One after the other, so the purposes are created in the order they are listed.
    for (const [key, purpose] of Object.entries(options.purposes) as [K, Inputs['purpose']][])
      purposes[key] = (await w.create('purpose', purpose)).id;
    const noticeId = (await w.create('notice', { ...NOTICE, ...options.notice })).id;
    return { organisationId, purposes, noticeId };
  });
}

/** A French message, as a screen's `t` gives it: the test reads real labels, and fails on a missing key. */
export function frenchMessage(key: string, options?: Record<string, unknown>): string {
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], fr);
  if (typeof value !== 'string') throw new Error(`missing message ${key}`);
  return options ? value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? '')) : value;
}

/**
 * What an edit form opened now on `record` would hold for the fields of `patch`: lets a test save a
 * patch through an edit path (Writer.edit) as a user changing just those fields would.
 */
export function openedFor<T extends object>(record: T | null | undefined, patch: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.keys(patch).map((key) => [key, (record as Record<string, unknown> | null | undefined)?.[key]]),
  ) as Partial<T>;
}

/**
 * The derived facts rows as the writes kept them, and as rebuilt from the records alone
 * (derived-join.ts, which pages the whole ledger): they must be the same, and so must the kept
 * count of unproven consents. Leaves the rebuilt rows in place.
 */
export async function keptAndRebuiltFacts(db: DeskDb): Promise<{
  kept: { rows: FactsRow[]; unproven: unknown };
  rebuilt: { rows: FactsRow[]; unproven: unknown };
}> {
  const read = async () => ({
    rows: await db.facts.orderBy('subjectId').toArray(),
    unproven: (await db.meta.get(UNPROVEN_COUNT_KEY))?.value,
  });
  const kept = await read();
  await db.transaction(
    'rw',
    [db.facts, db.consentEvents, db.consentRows, db.subjects, db.requests, db.syncClocks, db.meta],
    async () => {
      await writeJoinedDerived(db);
    },
  );
  const rebuilt = await read();
  // The count is kept only once counted (compliance.ts); the rebuild always writes it.
  if (kept.unproven === undefined) rebuilt.unproven = undefined;
  return { kept, rebuilt };
}

/** A person's stored latest decision about one purpose (their facts row's). */
export const latestOf = async (db: DeskDb, subjectId: string, purposeId: string) =>
  (await db.facts.get(subjectId))?.latest.find((row) => row.purposeId === purposeId);

export { countEvents, eventById, eventsOfSubject } from '../../../../renderer/src/db/consent-store';

/** Every consent event, in id order, whichever table and row holds it (consent-store.ts). */
export async function allEvents(db: DeskDb): Promise<ConsentEvent[]> {
  const events: ConsentEvent[] = [];
  for await (const page of eventsInIdOrder(db)) for (const event of page) events.push(event);
  return events;
}
