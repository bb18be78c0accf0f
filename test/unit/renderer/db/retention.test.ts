import { beforeEach, describe, expect, it } from 'vitest';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { createRequest } from '../../../../renderer/src/db/requests';
import {
  addDefaultRetentionRules,
  listRetentionRules,
  retentionReview,
  saveRetentionRule,
  setRetentionRuleActive,
} from '../../../../renderer/src/db/retention';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, ValidationError } from '../../../../renderer/src/db/write';
import { NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';

let db: DeskDb;
const noon = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12, 0, 0).getTime();
const clock = new TestClock(noon(2020, 1, 2));
const ctx = clock.as('clerk');
let newsletter: string;
let notice: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter },
    noticeId: notice,
  } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER }, now: clock.now }));
  return test.cleanup;
});

async function person(on: number, data: { lastName: string; customerRef?: string }) {
  clock.set(on);
  return (await createRecord(db, ctx, 'subject', data)).id;
}

async function consent(subjectId: string, on: number, decision: 'granted' | 'withdrawn' = 'granted') {
  clock.set(on);
  await recordConsents(db, ctx, {
    subject: { id: subjectId },
    decisions: [{ purposeId: newsletter, decision }],
    channel: 'phone',
    decidedAt: new Date(on).toISOString(),
    noticeId: notice,
  });
}

describe('retention rules', () => {
  it('stores a rule through the write path, with an audit entry naming its fields', async () => {
    const rule = await saveRetentionRule(db, ctx, null, {
      scope: 'category',
      category: 'prospect',
      anchor: 'last_contact',
      months: 36,
      reference: 'CNIL',
    });
    expect(rule).toMatchObject({ months: 36, active: true, createdBy: 'clerk' });
    const audit = await db.audit.where('entityId').equals(rule.id).toArray();
    expect(audit.map((entry) => [entry.action, entry.fields])).toEqual([
      ['retentionRule.create', ['active', 'anchor', 'category', 'months', 'purposeId', 'reference', 'scope']],
    ]);
    await saveRetentionRule(db, ctx, rule.id, { ...rule, months: 24 });
    expect((await listRetentionRules(db))[0]?.months).toBe(24);
  });

  it('refuses a second active rule for the same category, and a rule about an unknown purpose, writing nothing', async () => {
    await addDefaultRetentionRules(db, ctx, 'fr');
    const before = await db.audit.count();
    const duplicate = saveRetentionRule(db, ctx, null, {
      scope: 'category',
      category: 'prospect',
      anchor: 'last_contact',
      months: 12,
    });
    await expect(duplicate).rejects.toBeInstanceOf(ValidationError);
    await expect(duplicate).rejects.toMatchObject({ fields: { category: 'retention.errors.duplicate' } });
    await expect(
      saveRetentionRule(db, ctx, null, {
        scope: 'purpose',
        purposeId: 'nope',
        anchor: 'last_decision',
        months: 12,
      }),
    ).rejects.toMatchObject({ fields: { purposeId: 'validation.purposeRequired' } });
    await expect(
      saveRetentionRule(db, ctx, null, {
        scope: 'category',
        category: 'customer',
        anchor: 'last_contact',
        months: 0,
      }),
    ).rejects.toMatchObject({ fields: { months: 'validation.invalid' } });
    expect(await db.retentionRules.count()).toBe(2);
    expect(await db.audit.count()).toBe(before);
  });

  it('adds the CNIL rules only for categories without one, and switches rules off and on', async () => {
    const [prospect] = await addDefaultRetentionRules(db, ctx, 'en');
    expect(await addDefaultRetentionRules(db, ctx, 'en')).toEqual([]);
    await setRetentionRuleActive(db, ctx, prospect!.id, false);
    const replacement = await saveRetentionRule(db, ctx, null, {
      scope: 'category',
      category: 'prospect',
      anchor: 'last_contact',
      months: 24,
    });
    await expect(setRetentionRuleActive(db, ctx, prospect!.id, true)).rejects.toMatchObject({
      fields: { category: 'retention.errors.duplicate' },
    });
    const rules = await listRetentionRules(db);
    expect(rules.map((rule) => [rule.category, rule.months, rule.active])).toEqual([
      ['prospect', 24, true],
      ['customer', 36, true],
      ['prospect', 36, false],
    ]);
    expect(rules[0]?.id).toBe(replacement.id);
    const actions = (await db.audit.where('entityId').equals(prospect!.id).toArray()).map((e) => e.action);
    expect(actions).toEqual(['retentionRule.create', 'retentionRule.deactivate']);
  });
});

describe('retention review', () => {
  it('lists the people past their period, with the rule and the day it ended', async () => {
    const quiet = await person(noon(2021, 1, 10), { lastName: 'Ancien' });
    const subscriber = await person(noon(2021, 1, 10), { lastName: 'Abonné' });
    await consent(subscriber, noon(2024, 6, 1));
    const customer = await person(noon(2021, 1, 10), { lastName: 'Client', customerRef: 'CLI-1' });
    clock.set(noon(2022, 1, 5));
    await createRequest(db, ctx, {
      subject: { id: customer },
      rights: ['access'],
      channel: 'email',
      receivedAt: new Date(noon(2022, 1, 5)).toISOString(),
    });
    await person(noon(2025, 1, 10), { lastName: 'Récent' });
    clock.set(noon(2026, 3, 20));

    expect(await retentionReview(db, '2026-03-20')).toEqual({ rows: [], uncovered: 4, activeRules: 0 });
    await addDefaultRetentionRules(db, ctx, 'fr');
    const review = await retentionReview(db, '2026-03-20');
    expect(review.uncovered).toBe(0);
    expect(
      review.rows.map((row) => [row.subject.id, row.finding.reason.category, row.finding.endsOn]),
    ).toEqual([
      [quiet, 'prospect', '2024-01-10'],
      [customer, 'customer', '2025-01-05'],
    ]);
    expect(review.rows[1]?.finding.reason).toMatchObject({
      anchor: 'relationship_end',
      startedOn: '2022-01-05',
    });
  });

  it('reads the decisions of the few people no category rule keeps already, with the same answer', async () => {
    const recent: string[] = [];
    for (let i = 0; i < 8; i += 1)
      recent.push(await person(noon(2025, 6, 1 + i), { lastName: `Récent ${i}` }));
    const quiet = await person(noon(2021, 1, 10), { lastName: 'Ancien' });
    const answered = await person(noon(2021, 1, 10), { lastName: 'Abonné' });
    await consent(answered, noon(2025, 12, 1));
    clock.set(noon(2026, 3, 20));
    await addDefaultRetentionRules(db, ctx, 'fr');
    const review = await retentionReview(db, '2026-03-20');
    expect(review.rows.map((row) => row.subject.id)).toEqual([quiet]);
    expect(review.uncovered).toBe(0);
    // Once most people are candidates the decisions are read in one go: the same people come out.
    clock.set(noon(2030, 1, 1));
    expect((await retentionReview(db, '2030-01-01')).rows.map((row) => row.subject.id)).toEqual([
      quiet,
      ...recent,
      answered,
    ]);
  });

  it('takes a person off the list once they answer again, and applies purpose rules to their decisions', async () => {
    const subscriber = await person(noon(2020, 2, 1), { lastName: 'Abonné' });
    await consent(subscriber, noon(2020, 2, 1));
    clock.set(noon(2026, 3, 20));
    await saveRetentionRule(db, ctx, null, {
      scope: 'purpose',
      purposeId: newsletter,
      anchor: 'last_decision',
      months: 24,
    });
    const [row] = (await retentionReview(db, '2026-03-20')).rows;
    expect(row?.finding.reason).toMatchObject({
      scope: 'purpose',
      purposeId: newsletter,
      endsOn: '2022-02-01',
    });

    await consent(subscriber, noon(2026, 3, 20));
    expect((await retentionReview(db, '2026-03-20')).rows).toEqual([]);
    await consent(subscriber, noon(2026, 3, 20) + 60_000, 'withdrawn');
    expect((await retentionReview(db, '2026-03-21')).rows[0]?.finding.reason).toMatchObject({
      cause: 'withdrawn',
      endsOn: '2026-03-20',
    });
  });
});
