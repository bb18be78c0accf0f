import { beforeEach, describe, expect, it } from 'vitest';
import { preferenceMatrix } from '../../../../shared/consent/derive';
import {
  reconsentListOf,
  recordConsents,
  segmentOf,
  subjectConsentEvents,
  withdrawConsent,
} from '../../../../renderer/src/db/consents';
import { preferencesOf } from '../../../../renderer/src/db/facts';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { updateRecord, ValidationError, write } from '../../../../renderer/src/db/write';
import { countEvents, eventById, NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 10, 0, 0).toISOString();
let newsletter: string;
let sms: string;
let post: string;
let notice1: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter, sms, post },
    noticeId: notice1,
  } = await seedWorkspace(db, {
    purposes: {
      newsletter: { ...NEWSLETTER, reconsentMonths: 36 },
      sms: SMS,
      post: { name: { fr: 'Courrier', en: 'Post' }, channel: 'post', lawfulBasis: 'legitimate_interest' },
    },
    notice: { text: 'Texte v1' },
  }));
  return test.cleanup;
});

describe('consent events', () => {
  it('records several decisions of a new person at once, with who, when, how and under which notice', async () => {
    const events = await recordConsents(db, ctx, {
      subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre', phone: '06 12 34 56 78' } },
      decisions: [
        { purposeId: newsletter, decision: 'granted' },
        { purposeId: sms, decision: 'refused' },
      ],
      channel: 'phone',
      decidedAt: at(2026, 3, 19),
      noticeId: notice1,
      evidence: { callReference: 'APPEL-42' },
    });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      channel: 'phone',
      noticeId: notice1,
      createdBy: 'clerk',
      evidence: { callReference: 'APPEL-42' },
    });
    const matrix = preferenceMatrix(
      await subjectConsentEvents(db, events[0]!.subjectId),
      await db.purposes.toArray(),
    );
    expect(matrix.map((row) => `${row.purpose.name.en}:${row.state}`)).toEqual([
      'Newsletter:granted',
      'SMS:refused',
      'Post:none',
    ]);
  });

  it('are never edited nor deleted: the data layer refuses it', async () => {
    const [event] = await recordConsents(db, ctx, {
      subject: { create: { lastName: 'Martin' } },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      channel: 'counter',
      decidedAt: at(2026, 3, 1),
      noticeId: notice1,
    });
    await expect(updateRecord(db, ctx, 'consentEvent', event!.id, { decision: 'refused' })).rejects.toThrow(
      'errors.appendOnly',
    );
    // The row holding it (keyed by its first event's id): neither the row nor the events in it.
    const row = await db.consentRows.get(event!.id);
    expect(row?.events.map((stored) => stored.id)).toEqual([event!.id]);
    await expect(db.consentRows.update(event!.id, { events: [] })).rejects.toThrow();
    await expect(
      db.consentRows.put({ ...row!, events: [{ ...event!, decision: 'refused' }] }),
    ).rejects.toThrow();
    await expect(db.consentRows.delete(event!.id)).rejects.toThrow();
    await expect(db.consentRows.bulkDelete([event!.id])).rejects.toThrow();
    expect((await eventById(db, event!.id))?.decision).toBe('granted');
  });

  it('refuses a future decision, an inactive purpose and a notice not yet in force without an explicit note', async () => {
    const base = { subject: { create: { lastName: 'Petit' } }, channel: 'phone' as const, noticeId: notice1 };
    const future = await recordConsents(db, ctx, {
      ...base,
      decisions: [{ purposeId: sms, decision: 'granted' }],
      decidedAt: at(2026, 3, 21),
    }).catch((e) => e);
    expect(future.fields).toEqual({ decidedAt: 'validation.futureDate' });
    await updateRecord(db, ctx, 'purpose', sms, { active: false });
    const inactive = await recordConsents(db, ctx, {
      ...base,
      decisions: [{ purposeId: sms, decision: 'granted' }],
      decidedAt: at(2026, 3, 1),
    }).catch((e) => e);
    expect(inactive.fields).toEqual({ 'decisions.0': 'consent.inactivePurpose' });
    const v2 = await write(db, ctx, (w) =>
      w.create('notice', { number: 2, title: 'Notice', text: 'Texte v2', effectiveOn: '2026-04-01' }),
    );
    const early = {
      ...base,
      decisions: [{ purposeId: newsletter, decision: 'granted' as const }],
      decidedAt: at(2026, 3, 1),
      noticeId: v2.id,
    };
    await expect(recordConsents(db, ctx, early)).rejects.toBeInstanceOf(ValidationError);
    await expect(
      recordConsents(db, ctx, { ...early, noticeNotInForceAcknowledged: true }),
    ).rejects.toBeInstanceOf(ValidationError);
    await recordConsents(db, ctx, {
      ...early,
      noticeNotInForceAcknowledged: true,
      note: 'Nouveau formulaire déjà imprimé',
    });
    expect(await db.subjects.count()).toBe(1);
    expect(await countEvents(db)).toBe(1);
  });

  it('freezes a notice once a consent refers to it', async () => {
    await updateRecord(db, ctx, 'notice', notice1, { text: 'Texte v1 corrigé avant usage' });
    await recordConsents(db, ctx, {
      subject: { create: { lastName: 'Blanc' } },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      channel: 'email',
      decidedAt: at(2026, 3, 1),
      noticeId: notice1,
    });
    const error = await updateRecord(db, ctx, 'notice', notice1, { text: 'réécrit' }).catch((e) => e);
    expect(error.fields).toEqual({ _: 'errors.noticeInUse' });
    expect((await db.notices.get(notice1))?.text).toBe('Texte v1 corrigé avant usage');
  });
});

describe('corrections', () => {
  it('are new events naming the corrected one, need a note, and replace it in the preferences', async () => {
    const [wrong] = await recordConsents(db, ctx, {
      subject: { create: { lastName: 'Faure' } },
      decisions: [{ purposeId: sms, decision: 'refused' }],
      channel: 'phone',
      decidedAt: at(2026, 3, 10),
      noticeId: notice1,
    });
    const correction = {
      subject: { id: wrong!.subjectId },
      decisions: [{ purposeId: sms, decision: 'granted' as const, corrects: wrong!.id }],
      channel: 'phone' as const,
      decidedAt: wrong!.decidedAt,
      noticeId: notice1,
    };
    await expect(recordConsents(db, ctx, correction)).rejects.toMatchObject({
      fields: { note: 'consent.correctionNote' },
    });
    await recordConsents(db, ctx, { ...correction, note: 'Erreur de saisie' });
    const events = await subjectConsentEvents(db, wrong!.subjectId);
    expect(events).toHaveLength(2);
    expect(
      preferenceMatrix(events, await db.purposes.toArray()).find((row) => row.purpose.id === sms)?.state,
    ).toBe('granted');
    expect((await segmentOf(db, sms, { today: '2026-03-20' })).map((row) => row.subject.lastName)).toEqual([
      'Faure',
    ]);
  });
});

describe('derived preferences, segments and re-consent', () => {
  async function consent(
    lastName: string,
    purposeId: string,
    decision: 'granted' | 'refused',
    decidedAt: string,
  ) {
    const existing = await db.subjects.where('sortKey').startsWith(lastName.toLowerCase()).first();
    return recordConsents(db, ctx, {
      subject: existing ? { id: existing.id } : { create: { lastName } },
      decisions: [{ purposeId, decision }],
      channel: 'counter',
      decidedAt,
      noticeId: notice1,
    });
  }

  it('grant → withdraw → grant leaves the person in the segment; withdrawal takes effect at once', async () => {
    const [granted] = await consent('Alpha', newsletter, 'granted', at(2026, 1, 5));
    await consent('Bravo', newsletter, 'granted', at(2026, 2, 1));
    await consent('Charlie', newsletter, 'refused', at(2026, 2, 2));
    const names = async () =>
      (await segmentOf(db, newsletter, { today: '2026-03-20' })).map((row) => row.subject.lastName);
    expect(await names()).toEqual(['Alpha', 'Bravo']);
    await withdrawConsent(db, ctx, {
      subjectId: granted!.subjectId,
      purposeId: newsletter,
      channel: 'phone',
    });
    expect(await names()).toEqual(['Bravo']);
    clock.advance(60_000);
    await consent('Alpha', newsletter, 'granted', new Date(clock.now() - 1000).toISOString());
    expect(await names()).toEqual(['Alpha', 'Bravo']);
    expect(await preferencesOf(db, newsletter)).toHaveLength(3);
    // Filters: the channel the consent was given through and its age.
    expect((await segmentOf(db, newsletter, { today: '2026-03-20', channel: 'phone' })).length).toBe(0);
    expect(
      (await segmentOf(db, newsletter, { today: '2026-03-20', minAgeMonths: 1 })).map(
        (r) => r.subject.lastName,
      ),
    ).toEqual(['Bravo']);
  });

  it('legitimate interest: everyone who has not objected', async () => {
    await consent('Delta', post, 'granted', at(2026, 1, 5));
    const [objected] = await consent('Echo', post, 'granted', at(2026, 1, 6));
    await withdrawConsent(db, ctx, { subjectId: objected!.subjectId, purposeId: post, channel: 'counter' });
    expect((await segmentOf(db, post, { today: '2026-03-20' })).map((r) => r.subject.lastName)).toEqual([
      'Delta',
    ]);
  });

  it('lists consents older than the re-consent period and consents under a replaced notice', async () => {
    await consent('Old', newsletter, 'granted', at(2022, 12, 1));
    await consent('Recent', newsletter, 'granted', at(2026, 1, 1));
    expect(
      (await reconsentListOf(db, newsletter, '2026-03-20')).map((r) => `${r.subject.lastName}:${r.reason}`),
    ).toEqual(['Old:expired']);
    await write(db, ctx, (w) =>
      w.create('notice', { number: 2, title: 'Notice', text: 'Texte v2', effectiveOn: '2026-03-01' }),
    );
    const list = await reconsentListOf(db, newsletter, '2026-03-20');
    expect(list.map((r) => `${r.subject.lastName}:${r.reason}`).sort()).toEqual([
      'Old:expired',
      'Recent:notice_replaced',
    ]);
  });
});
