/**
 * Schema versions 20 and 21: fewer index entries per person and per decision. A person is found by
 * e-mail or phone through `terms` (no `emailKey` nor `phoneKeys` index), and the notices in use are
 * one `meta` row (used-notices.ts) instead of a `noticeId` index on every consent event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planImport } from '../../../../renderer/src/db/consent-import';
import { captureConsents, noticeInUse, recordConsents } from '../../../../renderer/src/db/consents';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import { findSubjectDuplicates } from '../../../../renderer/src/db/subjects';
import { USED_NOTICES_KEY, usedNotices } from '../../../../renderer/src/db/used-notices';
import { createRecord, updateRecord, write } from '../../../../renderer/src/db/write';
import { allEvents, countEvents, NEWSLETTER, NOTICE, seedWorkspace, SMS, TestClock } from './fixtures';
import { copyFactsAsShipped, openShipped, SHIPPED_STORES } from './shipped-schemas';

const opened: DeskDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function open(workspace = crypto.randomUUID()): Promise<DeskDb> {
  const db = await openDeskDb(workspace);
  opened.push(db);
  return db;
}

const clock = new TestClock(Date.UTC(2026, 2, 20, 12));
const ctx = clock.as('clerk');

/**
 * People and decisions under two of three notices, written through today's write path, then copied
 * into a database laid out as version 19 without the kept row of notices in use: what a workspace
 * last opened before version 20 holds.
 */
async function workspaceAtVersion19() {
  const current = await open();
  const { purposes, noticeId } = await seedWorkspace(current, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    now: clock.now,
  });
  const [second, unused] = await write(current, ctx, async (w) => [
    await w.create('notice', { ...NOTICE, number: 2, text: 'Texte 2' }),
    await w.create('notice', { ...NOTICE, number: 3, text: 'Texte 3' }),
  ]);
  // Mme Roux's customer reference is, by chance, M. Petit's phone number.
  const [roux] = await recordConsents(current, ctx, {
    subject: { create: { lastName: 'Roux', email: 'Anne.Roux@Exemple.fr', customerRef: '0611223344' } },
    decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
    channel: 'phone',
    decidedAt: new Date(clock.now() - 86_400_000).toISOString(),
    noticeId,
  });
  const [petit] = await recordConsents(current, ctx, {
    subject: { create: { lastName: 'Petit', phone: '06 11 22 33 44' } },
    decisions: [{ purposeId: purposes.sms, decision: 'refused' }],
    channel: 'counter',
    decidedAt: new Date(clock.now() - 3_600_000).toISOString(),
    noticeId: second!.id,
  });
  const workspace = crypto.randomUUID();
  const old = openShipped(databaseName(workspace), 19);
  await old.open();
  await copyFactsAsShipped(current, old);
  for (const table of current.tables) {
    if (!(table.name in SHIPPED_STORES[19])) continue;
    // Today's events are packed in `consentRows`: version 19 held one per row.
    const rows = (table.name === 'consentEvents' ? await allEvents(current) : await table.toArray()) as {
      key?: string;
    }[];
    await old
      .table(table.name)
      .bulkAdd(table.name === 'meta' ? rows.filter((row) => row.key !== USED_NOTICES_KEY) : rows);
  }
  expect(await old.table('meta').get(USED_NOTICES_KEY)).toBeUndefined();
  old.close();
  return {
    workspace,
    notices: { first: noticeId, second: second!.id, unused: unused!.id },
    roux: roux!.subjectId,
    petit: petit!.subjectId,
  };
}

describe('schema versions 20 and 21', () => {
  it('keep the notices in use from the old index, drop the three indexes, and find people as before', async () => {
    const { workspace, notices, roux, petit } = await workspaceAtVersion19();
    const db = await open(workspace);

    expect(db.verno).toBeGreaterThanOrEqual(21);
    expect(db.consentEvents.schema.indexes.map((index) => index.name)).not.toContain('noticeId');
    expect(db.subjects.schema.indexes.map((index) => index.name).sort()).toEqual(['sortKey', 'terms']);
    expect([...(await usedNotices(db))].sort()).toEqual([notices.first, notices.second].sort());
    expect(await noticeInUse(db, notices.unused)).toBe(false);
    await expect(updateRecord(db, ctx, 'notice', notices.second, { text: 'réécrit' })).rejects.toMatchObject({
      fields: { _: 'errors.noticeInUse' },
    });
    await updateRecord(db, ctx, 'notice', notices.unused, { text: 'Texte 3 corrigé' });

    // By e-mail (any case) and by phone, whatever the spelling; a reference equal to the phone is
    // not the phone.
    const byEmail = await findSubjectDuplicates(db, { email: ' anne.roux@exemple.FR ' });
    expect(byEmail.email.map((subject) => subject.id)).toEqual([roux]);
    const byPhone = await findSubjectDuplicates(db, { phone: '+33 6 11 22 33 44' });
    expect(byPhone.phone.map((subject) => subject.id)).toEqual([petit]);
    const plan = await planImport(db, [
      {
        line: 2,
        subject: {
          firstName: '',
          lastName: 'Roux',
          email: 'anne.roux@exemple.fr',
          phone: '',
          customerRef: '',
        },
        decisions: [],
        decidedOn: '2026-03-01',
        decidedTime: '',
        channel: 'import',
        note: '',
      },
      {
        line: 3,
        subject: { firstName: '', lastName: 'Petit', email: '', phone: '0611223344', customerRef: '' },
        decisions: [],
        decidedOn: '2026-03-01',
        decidedTime: '',
        channel: 'import',
        note: '',
      },
    ]);
    expect(plan.map((group) => group.people.map((person) => person.id))).toEqual([[roux], [petit]]);
  });

  it('mark a notice in use from the write that first uses it, that write included', async () => {
    const db = await open();
    const { purposes, noticeId } = await seedWorkspace(db, {
      purposes: { newsletter: NEWSLETTER },
      now: clock.now,
    });
    expect(await usedNotices(db)).toEqual(new Set());
    const draft = await createRecord(db, ctx, 'notice', { ...NOTICE, number: 2 });
    // A decision and a change of its notice's text in one write: refused, nothing written.
    await expect(
      write(db, ctx, async (w) => {
        await captureConsents(w, {
          subject: { create: { lastName: 'Morel' } },
          decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
          channel: 'phone',
          decidedAt: new Date(clock.now()).toISOString(),
          noticeId: draft.id,
        });
        await w.update('notice', draft.id, { text: 'réécrit' });
      }),
    ).rejects.toMatchObject({ fields: { _: 'errors.noticeInUse' } });
    expect(await usedNotices(db)).toEqual(new Set());
    expect(await countEvents(db)).toBe(0);

    await recordConsents(db, ctx, {
      subject: { create: { lastName: 'Morel' } },
      decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
      channel: 'phone',
      decidedAt: new Date(clock.now()).toISOString(),
      noticeId,
    });
    expect([...(await usedNotices(db))]).toEqual([noticeId]);
    expect(await noticeInUse(db, draft.id)).toBe(false);
  });
});
