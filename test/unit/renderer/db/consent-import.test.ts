import { beforeEach, describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCsvTable } from '../../../../shared/consent/import';
import {
  mailingWithdrawalRows,
  suggestMapping,
  validateImportRows,
} from '../../../../shared/consent/import-rows';
import {
  planImport,
  plannedGroups,
  planWithdrawals,
  previousImports,
  rememberedMapping,
  rememberMapping,
  storeImport,
  type ImportStoreInput,
} from '../../../../renderer/src/db/consent-import';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { oplogOf, write } from '../../../../renderer/src/db/write';
import { allEvents, countEvents, NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
let newsletter: string;
let sms: string;
let notice1: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter, sms },
    noticeId: notice1,
  } = await seedWorkspace(db, {
    purposes: { newsletter: NEWSLETTER, sms: SMS },
    notice: { text: 'Texte v1', effectiveOn: '2025-06-01' },
  }));
  return test.cleanup;
});

const HEADER = 'Prénom;Nom;Courriel;Téléphone;Lettre;SMS;Date;Canal';

async function check(lines: string[]) {
  const table = parseCsvTable(decodeCsvBytes(new TextEncoder().encode([HEADER, ...lines].join('\r\n'))).text);
  const purposes = await db.purposes.toArray();
  const mapping = suggestMapping(table, purposes);
  const report = validateImportRows(table, mapping, {
    purposes,
    today: '2026-03-20',
    defaultChannel: 'counter',
  });
  return { table, mapping, report, plan: await planImport(db, report.valid) };
}

const store = (groups: ImportStoreInput['groups'], hash = 'a'.repeat(64)) =>
  storeImport(db, ctx, { groups, fileHash: hash, fileName: 'clients.csv', priorNotice: 'skip' });

describe('spreadsheet import', () => {
  it('stores a wide file: one event per decision, evidence with hash, file name and line, the date as a date', async () => {
    const { plan } = await check([
      'Anne;Dupont;anne@example.fr;;oui;non;05/03/2026;papier',
      'Marc;Petit;;06 12 34 56 78;;x;2026-03-06 10:15;',
    ]);
    const summary = await store(plannedGroups(plan));
    expect(summary).toMatchObject({ events: 3, created: 2, matched: 0, alreadyRecorded: 0 });
    const events = await allEvents(db);
    const anne = events.filter((e) => e.evidence.fileLine === 2);
    expect(anne.map((e) => [e.purposeId, e.decision]).sort()).toEqual(
      [
        [newsletter, 'granted'],
        [sms, 'refused'],
      ].sort(),
    );
    expect(anne[0]).toMatchObject({
      channel: 'paper_form',
      decidedOn: '2026-03-05',
      decidedAt: '2026-03-05T00:00:00.000Z',
      noticeId: notice1,
      evidence: { fileHash: 'a'.repeat(64), fileName: 'clients.csv', fileLine: 2 },
    });
    const marc = events.find((e) => e.evidence.fileLine === 3);
    expect(marc?.decidedOn).toBeUndefined();
    expect(marc).toMatchObject({
      channel: 'counter',
      decidedAt: new Date(2026, 2, 6, 10, 15).toISOString(),
    });
    // One audit entry for the events and one for the people, whatever their number.
    expect((await previousImports(db, 'a'.repeat(64))).map((entry) => entry.count)).toEqual([3]);
    expect((await oplogOf(db)).filter((op) => op.entity === 'consentEvent')).toHaveLength(3);
  });

  it('importing the same file twice adds nothing the second time; a later export adds only what changed', async () => {
    const lines = [
      'Anne;Dupont;anne@example.fr;;oui;non;05/03/2026;',
      'Marc;Petit;;0612345678;;x;06/03/2026;',
    ];
    await store(plannedGroups((await check(lines)).plan));
    const before = await countEvents(db);
    const second = await check(lines);
    expect(second.plan.map((group) => group.outcome.kind)).toEqual(['matched', 'matched']);
    expect(await store(plannedGroups(second.plan))).toMatchObject({
      events: 0,
      created: 0,
      alreadyRecorded: 3,
    });
    expect(await countEvents(db)).toBe(before);
    expect(await db.subjects.count()).toBe(2);

    const later = await check([...lines.slice(0, 1), 'Marc;Petit;;0612345678;;non;15/03/2026;']);
    expect(await store(plannedGroups(later.plan), 'b'.repeat(64))).toMatchObject({
      events: 1,
      alreadyRecorded: 2,
    });
    expect(await countEvents(db)).toBe(before + 1);
  });

  it('never attaches a new person sharing a landline to someone of another name: a conflict the user settles', async () => {
    const marie = await write(db, ctx, (w) =>
      w.create('subject', { firstName: 'Marie', lastName: 'Gautier', phone: '01 45 67 89 10' }),
    );
    const { plan } = await check(['Anne;Dupont;;01 45 67 89 10;oui;;05/03/2026;']);
    expect(plan[0]?.outcome).toEqual({
      kind: 'conflict',
      candidates: [{ subjectId: marie.id, shared: ['phone'], compatible: false }],
    });
    expect(plan[0]?.people.map((p) => p.firstName)).toEqual(['Marie']);
    // Undecided: nothing stored for her.
    expect(await store(plannedGroups(plan))).toMatchObject({ events: 0, created: 0 });
    expect(await countEvents(db)).toBe(0);
    // Decided: a new person.
    expect(await store(plannedGroups(plan, (group) => ({ create: group.subject })))).toMatchObject({
      events: 1,
      created: 1,
    });
    const events = await allEvents(db);
    expect(events[0]?.subjectId).not.toBe(marie.id);
  });

  it('ties each decision to the notice in force on its day, or to a prior notice it creates, never a later one', async () => {
    const { plan } = await check([
      'Anne;Dupont;anne@example.fr;;oui;;05/03/2024;',
      'Marc;Petit;marc@example.fr;;oui;;05/07/2025;',
    ]);
    const skipped = await store(plannedGroups(plan));
    expect(skipped).toMatchObject({ events: 1, withoutNotice: 1, priorNoticeId: null });
    const created = await storeImport(db, ctx, {
      groups: plannedGroups(
        await planImport(
          db,
          plan.flatMap((group) => group.rows),
        ),
      ),
      fileHash: 'c'.repeat(64),
      fileName: 'clients.csv',
      priorNotice: { create: { title: 'Notice antérieure — texte inconnu', text: 'Texte inconnu' } },
    });
    expect(created).toMatchObject({ events: 1, alreadyRecorded: 1 });
    const prior = await db.notices.get(created.priorNoticeId!);
    expect(prior).toMatchObject({
      effectiveOn: '2024-03-05',
      number: 2,
      title: 'Notice antérieure — texte inconnu',
    });
    const anne = (await allEvents(db)).find((e) => e.decidedOn === '2024-03-05');
    expect(anne?.noticeId).toBe(prior?.id);
  });

  it('remembers the mapping per set of headers', async () => {
    const { table, mapping } = await check(['Anne;Dupont;anne@example.fr;;oui;;05/03/2026;']);
    expect(await rememberedMapping(db, table.headers)).toBeNull();
    const changed = mapping.map((role, index) => (index === 7 ? { kind: 'ignore' as const } : role));
    await rememberMapping(db, table.headers, changed);
    expect(
      await rememberedMapping(
        db,
        table.headers.map((h) => h.toUpperCase()),
      ),
    ).toEqual(changed);
    expect(await rememberedMapping(db, ['Nom', 'Email'])).toBeNull();
  });

  it('applies a mailing tool’s unsubscribes as withdrawals to the people found by email, creating nobody', async () => {
    await store(plannedGroups((await check(['Anne;Dupont;anne@example.fr;;oui;;05/03/2026;'])).plan));
    const table = parseCsvTable(
      'Email Address,First Name,Last Name,UNSUB_TIME\nANNE@example.fr,,,2026-03-10 09:00:00\nnobody@example.fr,,,2026-03-10 09:00:00\n',
    );
    const rows = mailingWithdrawalRows(table, newsletter, { today: '2026-03-20' });
    const { plan, notOnFile } = await planWithdrawals(db, rows!.valid);
    expect(notOnFile).toBe(1);
    expect(plan.map((group) => group.outcome.kind)).toEqual(['matched']);
    const summary = await store(plannedGroups(plan), 'e'.repeat(64));
    expect(summary).toMatchObject({ events: 1, created: 0, matched: 1 });
    const withdrawal = (await allEvents(db)).find((e) => e.decision === 'withdrawn');
    expect(withdrawal).toMatchObject({
      channel: 'mailing_tool',
      purposeId: newsletter,
      evidence: { fileHash: 'e'.repeat(64), fileLine: 2 },
    });
    expect(await db.subjects.count()).toBe(1);
  });
});
