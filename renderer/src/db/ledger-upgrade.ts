/**
 * Version 20: the consent events, preferences and contacts rows of versions 3–19 packed into one
 * ledger row per person (ledger.ts). Walks the old events in the order of their people, a page at
 * a time (one getAll each, memory bounded), and builds each person's row once with `ledgerRowOf`
 * (the preferences are recomputed from the events; the contact facts are the stored contacts row's);
 * then the people with a contacts row but no event get a row of their own. Erased people (an
 * erasure recorded here, or a subject tombstone from another device) keep their emptied events and
 * have nothing current. Reports progress as it goes.
 */
import type { Table } from 'dexie';
import type { ConsentEvent } from '../../../shared/consent/model';
import type { ContactRow } from '../../../shared/retention/facts';
import { isUnprovenConsent } from '../../../shared/compliance/evidence';
import { stateKey } from '../../../shared/sync/merge';
import { ledgerRowOf, type LedgerRow } from './ledger';
import { reportUpgradeProgress } from './upgrade-progress';

const PAGE = 5_000;

export type PackTables = {
  events: Table<ConsentEvent, string>;
  contacts: Table<ContactRow, string>;
  erasures: Table<{ id: string; subjectId: string }, string>;
  syncClocks: Table<{ key: string; deleted?: string }, string>;
  ledgers: Table<LedgerRow, string>;
};

async function erasedPeople(tables: PackTables): Promise<Set<string>> {
  const erased = new Set((await tables.erasures.orderBy('subjectId').uniqueKeys()) as string[]);
  const prefix = stateKey('subject', '');
  const tombstones = await tables.syncClocks.where(':id').between(prefix, `${prefix}\uffff`).toArray();
  for (const row of tombstones) if (row.deleted !== undefined) erased.add(row.key.slice(prefix.length));
  return erased;
}

export async function packLedger(tables: PackTables, pageSize = PAGE): Promise<void> {
  const { events, contacts, ledgers } = tables;
  const erased = await erasedPeople(tables);
  const total = (await events.count()) + (await contacts.count());
  let done = 0;
  reportUpgradeProgress('consents', 0, total);
  const packed = new Set<string>();
  const writeRows = async (people: Map<string, ConsentEvent[]>) => {
    const ids = [...people.keys()];
    const stored = await contacts.bulkGet(ids);
    const rows = ids.map((id, index) => {
      const contact = stored[index];
      packed.add(id);
      // Events recorded before version 14 may lack their derived `unproven` key (its walk of the
      // old table is skipped when upgrading straight here).
      const events = people
        .get(id)!
        .map((event) =>
          (event as ConsentEvent & { unproven?: 1 }).unproven !== 1 && isUnprovenConsent(event)
            ? { ...event, unproven: 1 as const }
            : event,
        );
      return ledgerRowOf(id, events, contact ?? null, erased.has(id));
    });
    await ledgers.bulkPut(rows);
  };

  // The events, person after person: a page's last person may go on in the next page, so they are
  // left to it (or read whole when they alone fill a page).
  let after: string | null = null;
  for (;;) {
    const page: ConsentEvent[] = await (
      after === null ? events.orderBy('subjectId') : events.where('subjectId').above(after)
    )
      .limit(pageSize)
      .toArray();
    if (page.length === 0) break;
    const last = page[page.length - 1]!.subjectId;
    let complete = page;
    if (page.length === pageSize) {
      if (page[0]!.subjectId === last) complete = await events.where('subjectId').equals(last).toArray();
      else complete = page.filter((event) => event.subjectId !== last);
    }
    const people = new Map<string, ConsentEvent[]>();
    for (const event of complete) {
      const own = people.get(event.subjectId);
      if (own) own.push(event);
      else people.set(event.subjectId, [event]);
    }
    await writeRows(people);
    done += complete.length;
    reportUpgradeProgress('consents', done, total);
    // The page's last person, when left out, is read again from the start of their events.
    after =
      complete === page || page[0]!.subjectId === last ? last : complete[complete.length - 1]!.subjectId;
  }

  // People with a contacts row and no event.
  let afterId: string | null = null;
  for (;;) {
    const page: ContactRow[] = await (
      afterId === null ? contacts.orderBy(':id') : contacts.where(':id').above(afterId)
    )
      .limit(pageSize)
      .toArray();
    if (page.length === 0) break;
    const rows = page
      .filter((row) => !packed.has(row.subjectId))
      .map((row) => ledgerRowOf(row.subjectId, [], row, erased.has(row.subjectId)));
    if (rows.length > 0) await ledgers.bulkPut(rows);
    done += page.length;
    reportUpgradeProgress('consents', done, total);
    afterId = page[page.length - 1]!.subjectId;
  }
  reportUpgradeProgress('consents', total, total);
}
