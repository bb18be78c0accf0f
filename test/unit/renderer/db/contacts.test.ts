import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportRow } from '../../../../shared/consent/import-rows';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { plannedGroups, planImport, storeImport } from '../../../../renderer/src/db/consent-import';
import { contactIn, storedContacts } from '../../../../renderer/src/db/facts';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { createRequest } from '../../../../renderer/src/db/requests';
import { databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, updateRecord, write } from '../../../../renderer/src/db/write';
import { keptAndRebuiltFacts, NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';
import { openShipped } from './shipped-schemas';

let db: DeskDb;
const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
const ctx = clock.as('clerk');
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10)).toISOString();
let newsletter: string;
let sms: string;
let notice: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter, sms },
    noticeId: notice,
  } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER, sms: SMS }, now: clock.now }));
  return test.cleanup;
});

async function person(on: string, data: { lastName: string; customerRef?: string }): Promise<string> {
  return (await createRecord(db, { ...ctx, now: () => Date.parse(on) }, 'subject', data)).id;
}

function consent(subjectId: string, decidedAt: string, purposeId = newsletter, corrects?: string) {
  return recordConsents(db, ctx, {
    subject: { id: subjectId },
    decisions: [{ purposeId, decision: 'granted', ...(corrects ? { corrects } : {}) }],
    channel: 'phone',
    decidedAt,
    noticeId: notice,
    note: corrects ? 'wrong date' : '',
  });
}

function request(subjectId: string, receivedAt: string) {
  return createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['access'],
    channel: 'email',
    receivedAt,
  });
}

/** A person's category and last contact, as their facts row holds them. */
const row = async (subjectId: string) => contactIn(await db.facts.get(subjectId));

/** The rows as kept by the writes equal the rows rebuilt from the records. */
async function expectInStep(): Promise<void> {
  const { kept, rebuilt } = await keptAndRebuiltFacts(db);
  expect(kept).toEqual(rebuilt);
}

describe('derived facts: category and last contact', () => {
  it('a person recorded: their category and the moment they were recorded', async () => {
    const prospect = await person(iso(2021, 1, 5), { lastName: 'Prospect' });
    const customer = await person(iso(2021, 1, 6), { lastName: 'Client', customerRef: 'CLI-1' });
    expect(await row(prospect)).toEqual({
      subjectId: prospect,
      category: 'prospect',
      lastContactAt: iso(2021, 1, 5),
    });
    expect(await row(customer)).toMatchObject({ category: 'customer', lastContactAt: iso(2021, 1, 6) });
  });

  it('a request or a decision received later moves the last contact; an older one does not', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await request(id, iso(2022, 3, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await request(id, iso(2021, 6, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await consent(id, iso(2023, 7, 14));
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await consent(id, iso(2022, 1, 1), sms);
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await expectInStep();
  });

  it('a correction recomputes the person: the corrected decision no longer counts', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    const [wrong] = await consent(id, iso(2025, 2, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2025, 2, 1));
    await consent(id, iso(2022, 2, 1), newsletter, wrong!.id);
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 2, 1));
    await expectInStep();
  });

  it('a customer reference added or removed changes the category, not the last contact', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await consent(id, iso(2023, 7, 14));
    await updateRecord(db, ctx, 'subject', id, { customerRef: 'CLI-9' });
    expect(await row(id)).toMatchObject({ category: 'customer', lastContactAt: iso(2023, 7, 14) });
    await updateRecord(db, ctx, 'subject', id, { customerRef: '' });
    expect(await row(id)).toMatchObject({ category: 'prospect', lastContactAt: iso(2023, 7, 14) });
    // Created and changed in one write: the row has the final reference.
    const later = await write(db, ctx, async (w) => {
      const created = await w.create('subject', { lastName: 'Durand' });
      w.flush();
      await w.update('subject', created.id, { customerRef: 'CLI-10' });
      return created.id;
    });
    expect(await row(later)).toMatchObject({ category: 'customer' });
    await expectInStep();
  });

  it("a request's receipt moved back, or the request moved to someone else, recomputes both people", async () => {
    const first = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    const second = await person(iso(2021, 1, 6), { lastName: 'Durand' });
    const asked = await request(first, iso(2024, 5, 1));
    expect((await row(first))?.lastContactAt).toBe(iso(2024, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { receivedAt: iso(2022, 5, 1) });
    expect((await row(first))?.lastContactAt).toBe(iso(2022, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { subjectId: second });
    expect((await row(first))?.lastContactAt).toBe(iso(2021, 1, 5));
    expect((await row(second))?.lastContactAt).toBe(iso(2022, 5, 1));
    await expectInStep();
  });

  it('an import of new and known people writes their rows with one read and one write', async () => {
    const known = await person(iso(2021, 1, 5), { lastName: 'Martin', customerRef: 'CLI-1' });
    const line = (n: number, subject: Partial<ImportRow['subject']>, decidedOn: string): ImportRow => ({
      line: n,
      subject: { firstName: '', lastName: 'Nouveau', email: '', phone: '', customerRef: '', ...subject },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      decidedOn,
      decidedTime: '',
      channel: 'import',
      note: '',
    });
    const rows = [
      line(2, { customerRef: 'CLI-1', lastName: 'Martin' }, '2024-02-03'),
      ...Array.from({ length: 30 }, (_, i) => line(3 + i, { email: `p${i}@exemple.fr` }, '2025-01-02')),
      line(40, { email: 'p1@exemple.fr' }, '2025-03-04'),
    ];
    const bulkGet = vi.spyOn(db.facts, 'bulkGet');
    const bulkPut = vi.spyOn(db.facts, 'bulkPut');
    const plan = await planImport(db, rows);
    expect(plan.map((group) => group.outcome.kind).filter((kind) => kind !== 'new')).toEqual(['matched']);
    await storeImport(db, ctx, {
      groups: plannedGroups(plan),
      fileHash: 'f'.repeat(64),
      fileName: 'f.csv',
      priorNotice: 'skip',
    });
    expect([bulkGet.mock.calls.length, bulkPut.mock.calls.length]).toEqual([1, 1]);
    bulkGet.mockRestore();
    bulkPut.mockRestore();
    expect((await row(known))?.lastContactAt).toBe('2024-02-03T00:00:00.000Z');
    expect(await db.facts.count()).toBe(31);
    await expectInStep();
  });

  it('an erasure removes the row', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await consent(id, iso(2023, 7, 14));
    await request(id, iso(2024, 1, 1));
    expect(await row(id)).toBeDefined();
    await eraseSubject(db, ctx, {
      subjectId: id,
      reason: 'request',
      suppress: false,
      confirmOpenRequests: true,
    });
    expect(await row(id)).toBeUndefined();
    await expectInStep();
  });

  it('a failed write leaves the table as it was', async () => {
    const id = await person(iso(2021, 1, 5), { lastName: 'Martin' });
    await expect(
      write(db, ctx, async (w) => {
        await w.create('subject', { lastName: 'Fantôme' });
        await w.update('subject', id, { customerRef: 'CLI-1' });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await storedContacts(db)).toEqual([
      { subjectId: id, category: 'prospect', lastContactAt: iso(2021, 1, 5) },
    ]);
  });
});

describe('schema version 9', () => {
  it('builds the rows of a version 8 database from its people, requests and preferences', async () => {
    const workspaceId = crypto.randomUUID();
    const old = openShipped(databaseName(workspaceId), 8);
    await old.open();
    await old.table('subjects').bulkAdd([
      { id: 's1', createdAt: iso(2021, 1, 5), customerRef: '', lastName: 'A' },
      { id: 's2', createdAt: iso(2021, 1, 6), customerRef: 'CLI-2', lastName: 'B' },
      { id: 's3', createdAt: iso(2021, 1, 7), customerRef: ' ', lastName: 'C' },
    ]);
    await old.table('requests').bulkAdd([
      { id: 'r1', reference: 'R1', subjectId: 's1', receivedAt: iso(2022, 1, 1) },
      { id: 'r2', reference: 'R2', subjectId: 's2', receivedAt: iso(2020, 1, 1) },
      { id: 'r3', reference: 'R3', subjectId: 'gone', receivedAt: iso(2025, 1, 1) },
    ]);
    await old.table('preferences').bulkAdd([
      { subjectId: 's1', purposeId: 'p1', decision: 'granted', decidedAt: iso(2021, 6, 1) },
      { subjectId: 's2', purposeId: 'p1', decision: 'refused', decidedAt: iso(2024, 3, 3) },
      { subjectId: 's2', purposeId: 'p2', decision: 'granted', decidedAt: iso(2023, 3, 3) },
    ]);
    old.close();

    const upgraded = await openDeskDb(workspaceId);
    try {
      expect(upgraded.verno).toBeGreaterThanOrEqual(9);
      // Carried into each person's facts row by version 22.
      expect((await storedContacts(upgraded)).sort((a, b) => a.subjectId.localeCompare(b.subjectId))).toEqual(
        [
          { subjectId: 's1', category: 'prospect', lastContactAt: iso(2022, 1, 1) },
          { subjectId: 's2', category: 'customer', lastContactAt: iso(2024, 3, 3) },
          { subjectId: 's3', category: 'prospect', lastContactAt: iso(2021, 1, 7) },
        ],
      );
      expect(
        await upgraded.facts
          .where('[category+lastContactAt]')
          .between(['prospect', Dexie.minKey], ['prospect', iso(2021, 12, 31)])
          .primaryKeys(),
      ).toEqual(['s3']);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });
});
