import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import {
  addRequestNote,
  applyRequestAction,
  createRequest,
  DASHBOARD_ITEMS,
  dashboardRequests,
  logRequest,
  recordLetterSent,
  requestTimeline,
  setChecklistItem,
} from '../../../../renderer/src/db/requests';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, updateRecord, ValidationError, write } from '../../../../renderer/src/db/write';
import { WorkflowError } from '../../../../shared/requests';
import { openTestDb, seedOrganisation, TestClock } from './fixtures';
import { countEntries } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
// Local noon, so the local date is the same in any time zone the tests run in.
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('op-1');
const at = (y: number, m: number, d: number, h = 10) => new Date(y, m - 1, d, h, 0, 0).toISOString();

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  await seedOrganisation(db, {
    legalName: 'Boulangerie',
    systems: ['Caisse', 'Tableur'],
    recipients: ['Comptable'],
  });
  return test.cleanup;
});

describe('request intake', () => {
  it('creates the person and the request in one transaction, with a unique reference and the deadline', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre' } },
      rights: ['erasure', 'objection'],
      channel: 'phone',
      receivedAt: at(2026, 3, 5),
      requesterWords: 'Je ne veux plus recevoir vos SMS.',
    });
    expect(request.reference).toMatch(/^DSR-2026-[A-Z2-7]{3}-0001$/);
    expect(request).toMatchObject({
      receivedOn: '2026-03-05',
      dueOn: '2026-04-07',
      noticeDueOn: '2026-04-07',
      clock: 'running',
      status: 'received',
    });
    expect(request.checklist.map((item) => `${item.kind}:${item.label}`)).toEqual([
      'system:Caisse',
      'system:Tableur',
      'recipient:Comptable',
    ]);
    expect(await db.subjects.count()).toBe(1);
    const second = await createRequest(db, ctx, {
      subject: { id: request.subjectId },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 6),
    });
    expect(second.reference).toMatch(/-0002$/);
    expect(second.checklist).toEqual([]);
    expect((await requestTimeline(db, request.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses a future receipt date and a request without rights, writing nothing (not even the new person)', async () => {
    const future = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Martin' } },
      rights: ['access'],
      channel: 'counter',
      receivedAt: at(2026, 3, 21),
    }).catch((e) => e);
    expect(future).toBeInstanceOf(ValidationError);
    expect(future.fields).toEqual({ receivedAt: 'validation.futureDate' });
    const noRights = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Martin' } },
      rights: [],
      channel: 'counter',
      receivedAt: at(2026, 3, 19),
    }).catch((e) => e);
    expect(noRights.fields).toMatchObject({ rights: 'validation.rightsRequired' });
    expect(await db.subjects.count()).toBe(0);
    expect(await db.requests.count()).toBe(0);
    expect(await countEntries(db)).toBe(1); // the organisation only
  });
});

describe('request workflow through the write path', () => {
  it('identity → extension → response, on the timeline, with deadlines moved by the wait', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Durand' } },
      rights: ['access'],
      channel: 'phone',
      receivedAt: at(2026, 3, 2),
    });
    const waiting = await applyRequestAction(db, ctx, request.id, {
      type: 'request_identity',
      on: '2026-03-03',
    });
    expect(waiting.clock).toBe('stopped');
    const received = await applyRequestAction(db, ctx, request.id, {
      type: 'receive_identity',
      on: '2026-03-10',
    });
    expect(received.dueOn).toBe('2026-04-09');
    await applyRequestAction(db, ctx, request.id, { type: 'verify_identity', on: '2026-03-10' });
    const extended = await applyRequestAction(db, ctx, request.id, {
      type: 'extend',
      on: '2026-03-12',
      reasons: 'Données dispersées dans plusieurs systèmes',
    });
    expect(extended).toMatchObject({ status: 'extended', noticeDueOn: '2026-04-09' });
    expect(extended.dueOn > extended.noticeDueOn).toBe(true);
    await recordLetterSent(db, ctx, request.id, {
      kind: 'extension_notice',
      language: 'fr',
      channel: 'letter',
      subject: 'Prolongation',
      body: '…',
      sentOn: '2026-03-12',
    });
    await addRequestNote(db, ctx, request.id, 'Appel de la cliente');
    const done = await applyRequestAction(db, ctx, request.id, {
      type: 'respond',
      on: '2026-03-20',
      outcome: 'granted',
    });
    expect(done).toMatchObject({ status: 'responded', clock: 'closed' });
    const timeline = await requestTimeline(db, request.id);
    expect(timeline.map((e) => `${e.kind}:${e.action}`)).toEqual([
      'created:',
      'transition:request_identity',
      'transition:receive_identity',
      'transition:verify_identity',
      'transition:extend',
      'letter:extension_notice',
      'note:',
      'transition:respond',
    ]);
    expect(timeline.every((e) => e.createdBy === 'op-1')).toBe(true);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('refuses an impossible transition and leaves the request and timeline untouched', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Petit' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 2),
    });
    const before = await countEntries(db);
    await expect(
      applyRequestAction(db, ctx, request.id, { type: 'verify_identity', on: '2026-03-05' }),
    ).rejects.toBeInstanceOf(WorkflowError);
    await expect(
      applyRequestAction(db, ctx, request.id, { type: 'respond', on: '2026-03-05', outcome: 'refused' }),
    ).rejects.toThrow('workflow.refusalReasonRequired');
    expect(await countEntries(db)).toBe(before);
    expect((await db.requests.get(request.id))?.status).toBe('received');
    expect(await requestTimeline(db, request.id)).toHaveLength(1);
  });

  it('keeps the timeline append-only', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Roux' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 2),
    });
    const [event] = await requestTimeline(db, request.id);
    await expect(updateRecord(db, ctx, 'requestEvent', event!.id, { note: 'rewritten' })).rejects.toThrow(
      'errors.appendOnly',
    );
    await expect(db.requestEvents.update(event!.id, { note: 'rewritten' })).rejects.toThrow();
    await expect(db.requestEvents.delete(event!.id)).rejects.toThrow();
    expect((await requestTimeline(db, request.id))[0]?.note).toBe('');
  });

  it('ticks checklist items with a date', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Blanc' } },
      rights: ['erasure'],
      channel: 'letter',
      receivedAt: at(2026, 3, 2),
    });
    const item = request.checklist[0]!;
    const ticked = await setChecklistItem(db, ctx, request.id, item.id, '2026-03-15');
    expect(ticked.checklist[0]?.doneOn).toBe('2026-03-15');
    await expect(setChecklistItem(db, ctx, request.id, item.id, '2026-03-25')).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await requestTimeline(db, request.id)).at(-1)).toMatchObject({
      kind: 'checklist',
      action: 'done',
      note: 'Caisse',
    });
  });
});

describe('dashboard', () => {
  it('sorts open requests into overdue, due soon, awaiting identity, extended and missing notices', async () => {
    const mk = (day: number, name: string) =>
      createRequest(db, ctx, {
        subject: { create: { lastName: name } },
        rights: ['access'],
        channel: 'email',
        receivedAt: at(2026, 2, day),
      });
    const overdue = await mk(2, 'Overdue'); // due 2026-03-02
    const soon = await mk(23, 'Soon'); // due 2026-03-23
    const waiting = await mk(3, 'Waiting');
    await applyRequestAction(db, ctx, waiting.id, { type: 'request_identity', on: '2026-02-10' });
    const ext = await mk(16, 'Extended'); // notice due 2026-03-16
    await applyRequestAction(db, ctx, ext.id, { type: 'start', on: '2026-02-17' });
    await applyRequestAction(db, ctx, ext.id, {
      type: 'extend',
      on: '2026-03-01',
      reasons: 'Beaucoup de documents à rassembler',
    });
    await mk(1, 'Later').then((r) =>
      applyRequestAction(db, ctx, r.id, { type: 'respond', on: '2026-03-01', outcome: 'granted' }),
    );
    const fresh = await createRequest(db, ctx, {
      subject: { create: { firstName: 'Zoé', lastName: 'Fresh' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 19),
    });

    const board = await dashboardRequests(db, '2026-03-20');
    const refs = (list: { id: string }[]) => list.map((r) => r.id);
    // Every open request is in a group: the running ones due later too, soonest first.
    expect(refs(board.later.items)).toEqual([fresh.id, ext.id]);
    expect(board.people[fresh.subjectId]).toEqual({ name: 'Zoé Fresh' });
    expect(board.people[waiting.subjectId]).toEqual({ name: 'Waiting' });
    expect(Object.keys(board.people)).toHaveLength(5);
    expect(refs(board.overdue.items)).toEqual([overdue.id]);
    expect(refs(board.dueSoon.items)).toEqual([soon.id]);
    expect(refs(board.awaitingIdentity.items)).toEqual([waiting.id]);
    expect(refs(board.extended.items)).toEqual([ext.id]);
    expect([
      board.overdue.more,
      board.dueSoon.more,
      board.awaitingIdentity.more,
      board.extended.more,
    ]).toEqual([false, false, false, false]);
    expect(refs(board.noticeMissing)).toEqual([ext.id]);
    await recordLetterSent(db, ctx, ext.id, {
      kind: 'extension_notice',
      language: 'fr',
      channel: 'email',
      subject: 's',
      body: 'b',
      sentOn: '2026-03-02',
    });
    expect((await dashboardRequests(db, '2026-03-20')).noticeMissing).toEqual([]);
  });

  it('re-derives open deadlines when the organisation moves to a region with other holidays', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Metz' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 3),
    });
    expect(request.dueOn).toBe('2026-04-03');
    const organisation = (await db.organisation.toCollection().first())!;
    await updateRecord(db, ctx, 'organisation', organisation.id, { region: '57' });
    expect((await db.requests.get(request.id))?.dueOn).toBe('2026-04-07');
  });

  it('needs the organisation before any request', async () => {
    const { db: empty, cleanup } = await openTestDb();
    const subject = await createRecord(empty, ctx, 'subject', { lastName: 'X' });
    await expect(
      createRequest(empty, ctx, {
        subject: { id: subject.id },
        rights: ['access'],
        channel: 'email',
        receivedAt: at(2026, 3, 3),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await cleanup();
  });
});

describe('dashboard people', () => {
  it('names the person of each listed request, and says none for an erased one', async () => {
    const kept = await createRequest(db, ctx, {
      subject: { create: { firstName: 'Zoé', lastName: 'Martin' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 2),
    });
    const erased = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Efface' } },
      rights: ['erasure'],
      channel: 'email',
      receivedAt: at(2026, 3, 3),
    });
    await eraseSubject(db, ctx, {
      subjectId: erased.subjectId,
      reason: 'request',
      requestId: erased.id,
      suppress: false,
    });
    const board = await dashboardRequests(db, '2026-03-20');
    expect(board.later.items.map((r) => r.id)).toEqual([kept.id, erased.id]);
    expect(board.people[kept.subjectId]).toEqual({ name: 'Zoé Martin' });
    expect(board.people[erased.subjectId]).toBeNull();
  });
});

describe('dashboard at scale', () => {
  it('lists only the most urgent of a group and says there are more', async () => {
    await write(db, ctx, async (w) => {
      const subject = await w.create('subject', { lastName: 'Nombreux' });
      for (let i = 0; i < DASHBOARD_ITEMS + 20; i += 1) {
        await logRequest(w, {
          subject: { id: subject.id },
          rights: ['access'],
          channel: 'email',
          receivedAt: at(2026, 1, 1 + (i % 28)),
        });
      }
    });
    const board = await dashboardRequests(db, '2026-03-20');
    expect(board.overdue.more).toBe(true);
    expect(board.overdue.items).toHaveLength(DASHBOARD_ITEMS);
    const due = board.overdue.items.map((r) => r.dueOn);
    expect(due).toEqual([...due].sort());
  });
});
