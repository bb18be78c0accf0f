import { beforeEach, describe, expect, it } from 'vitest';
import { consentActivity, requestActivity } from '../../../../renderer/src/db/activity';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { applyRequestAction, createRequest } from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 10, 0, 0).toISOString();
let newsletter: string;
let sms: string;
let noticeId: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter, sms },
    noticeId,
  } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER, sms: SMS }, notice: { text: 'Texte' } }));
  return test.cleanup;
});

const decide = (
  lastName: string,
  decidedAt: string,
  decisions: { purposeId: string; decision: 'granted' | 'refused' | 'withdrawn' }[],
) =>
  recordConsents(db, ctx, {
    subject: { create: { lastName } },
    decisions,
    channel: 'counter',
    decidedAt,
    noticeId,
    evidence: {},
  });

describe('consentActivity', () => {
  it('tallies each purpose per month of the last 12, and sees a decision added to a month already tallied', async () => {
    await decide('Avril', at(2025, 4, 2), [{ purposeId: newsletter, decision: 'granted' }]);
    await decide('Mars', at(2026, 3, 10), [
      { purposeId: newsletter, decision: 'granted' },
      { purposeId: sms, decision: 'refused' },
    ]);
    // Thirteen months ago: outside the window.
    await decide('Vieux', at(2025, 3, 2), [{ purposeId: newsletter, decision: 'granted' }]);

    const first = await consentActivity(db, '2026-03-20', [newsletter, sms]);
    expect(first.get(newsletter)).toHaveLength(12);
    expect(first.get(newsletter)?.[0]).toEqual({ granted: 1, refused: 0, withdrawn: 0 }); // April 2025
    expect(first.get(newsletter)?.[11]).toEqual({ granted: 1, refused: 0, withdrawn: 0 }); // March 2026
    expect(first.get(sms)?.[11]).toEqual({ granted: 0, refused: 1, withdrawn: 0 });

    // A month already tallied gets a new decision (a back-dated capture, or one a sync brings).
    await decide('Tard', at(2026, 3, 12), [{ purposeId: newsletter, decision: 'withdrawn' }]);
    const again = await consentActivity(db, '2026-03-20', [newsletter, sms]);
    expect(again.get(newsletter)?.[11]).toEqual({ granted: 1, refused: 0, withdrawn: 1 });
    expect(again.get(sms)?.[11]).toEqual({ granted: 0, refused: 1, withdrawn: 0 });
  });
});

describe('requestActivity', () => {
  it('counts requests received and answered per month, on time against the deadline', async () => {
    const request = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Martin' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 1, 5),
    });
    await applyRequestAction(db, ctx, request.id, { type: 'respond', on: '2026-02-02', outcome: 'granted' });
    await createRequest(db, ctx, {
      subject: { create: { lastName: 'Durand' } },
      rights: ['erasure'],
      channel: 'letter',
      receivedAt: at(2026, 3, 2),
    });
    const months = await requestActivity(db, '2026-03-20');
    expect(months).toHaveLength(12);
    expect(months.find((m) => m.month === '2026-01')).toMatchObject({ received: 1, answered: 0 });
    expect(months.find((m) => m.month === '2026-02')).toMatchObject({
      received: 0,
      answered: 1,
      onTime: 1,
      onTimeShare: 1,
    });
    expect(months.find((m) => m.month === '2026-03')).toMatchObject({
      received: 1,
      answered: 0,
      onTimeShare: null,
    });
  });
});
