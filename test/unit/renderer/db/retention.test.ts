import { Dexie } from 'dexie';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportRow } from '../../../../shared/consent/import-rows';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { planImport, storeImport } from '../../../../renderer/src/db/consent-import';
import { writeDerived } from '../../../../renderer/src/db/derived-bulk';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import { contactOfRow, contactsBetween, ledgerRowOf } from '../../../../renderer/src/db/ledger';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { createRequest } from '../../../../renderer/src/db/requests';
import {
  addDefaultRetentionRules,
  listRetentionRules,
  retentionReview,
  saveRetentionRule,
  setRetentionRuleActive,
  type RetentionReviewResult,
} from '../../../../renderer/src/db/retention';
import { databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import {
  createRecord,
  localDate,
  updateRecord,
  ValidationError,
  write,
} from '../../../../renderer/src/db/write';
import { contactOf, type ContactRow } from '../../../../shared/retention/facts';
import {
  categoryOf,
  keptAnyway,
  selectPastRetention,
  type DecisionFact,
  type FactsInput,
  type PersonFacts,
} from '../../../../shared/retention';
import { NEWSLETTER, openTestDb, seedWorkspace, SMS, TestClock } from './fixtures';
import { countEntries, entriesOf } from '../../../../renderer/src/db/audit-store';

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
    const audit = await entriesOf(db, rule.id);
    expect(audit.map((entry) => [entry.action, entry.fields])).toEqual([
      ['retentionRule.create', ['active', 'anchor', 'category', 'months', 'purposeId', 'reference', 'scope']],
    ]);
    await saveRetentionRule(db, ctx, { id: rule.id, opened: rule }, { ...rule, months: 24 });
    expect((await listRetentionRules(db))[0]?.months).toBe(24);
  });

  it('refuses a second active rule for the same category, and a rule about an unknown purpose, writing nothing', async () => {
    await addDefaultRetentionRules(db, ctx, 'fr');
    const before = await countEntries(db);
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
    expect(await countEntries(db)).toBe(before);
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
    const actions = (await entriesOf(db, prospect!.id)).map((e) => e.action);
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

    expect(await retentionReview(db, '2026-03-20')).toEqual({
      rows: [],
      past: 0,
      uncovered: 4,
      activeRules: 0,
    });
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

/**
 * The review as it was before the derived contacts (issue 5), kept as the oracle of
 * `retentionReview`: every person and request read, the last contact computed from them (the
 * decisions read whole, as it did for many candidates; per person gave the same rows).
 */
async function reviewOfEveryone(db: DeskDb, today: string): Promise<RetentionReviewResult> {
  return db.transaction('r', [db.retentionRules, db.subjects, db.requests, db.ledgers], async () => {
    const rules = (await db.retentionRules.toArray()).filter((rule) => rule.active);
    if (rules.length === 0)
      return { rows: [], past: 0, uncovered: await db.subjects.count(), activeRules: 0 };
    const [subjects, requests] = await Promise.all([db.subjects.toArray(), db.requests.toArray()]);
    const dayOf = (iso: string) => localDate(Date.parse(iso));
    const purposeIds = new Set(
      rules.filter((rule) => rule.scope === 'purpose').map((rule) => rule.purposeId),
    );
    const known = factsOfEveryone({ subjects, requests, decisions: [], purposeIds, dayOf });
    const open = new Set(
      known.filter((person) => !keptAnyway(rules, today, person)).map((person) => person.subjectId),
    );
    const candidates = subjects.filter((subject) => open.has(subject.id));
    const facts = factsOfEveryone({
      subjects: candidates,
      requests,
      decisions: (await db.ledgers.toArray()).flatMap((row) => row.preferences),
      purposeIds,
      dayOf,
    });
    const review = selectPastRetention(rules, today, facts);
    const byId = new Map(candidates.map((subject) => [subject.id, subject]));
    const rows = review.findings.flatMap((finding) => {
      const subject = byId.get(finding.subjectId);
      return subject ? [{ subject, finding }] : [];
    });
    return {
      rows,
      past: rows.length,
      uncovered: review.uncovered,
      activeRules: rules.length,
    };
  });
}

/** collectFacts as it was before the derived contacts (the oracle's own copy). */
function factsOfEveryone(input: FactsInput): PersonFacts[] {
  const latest = new Map<string, number>();
  const touch = (subjectId: string, iso: string) => {
    const ms = Date.parse(iso);
    const current = latest.get(subjectId);
    if (current !== undefined && !Number.isNaN(ms) && ms > current) latest.set(subjectId, ms);
  };
  const subjects = [...input.subjects];
  for (const subject of subjects) latest.set(subject.id, Date.parse(subject.createdAt));
  for (const request of input.requests) touch(request.subjectId, request.receivedAt);
  const decisions = new Map<string, Map<string, DecisionFact>>();
  for (const row of input.decisions) {
    touch(row.subjectId, row.decidedAt);
    if (!input.purposeIds.has(row.purposeId) || !latest.has(row.subjectId)) continue;
    let own = decisions.get(row.subjectId);
    if (!own) decisions.set(row.subjectId, (own = new Map()));
    own.set(row.purposeId, { decision: row.decision, decidedOn: input.dayOf(row.decidedAt) });
  }
  const none: ReadonlyMap<string, DecisionFact> = new Map();
  return subjects.map((subject) => ({
    subjectId: subject.id,
    category: categoryOf(subject),
    lastContactOn: input.dayOf(new Date(latest.get(subject.id) as number).toISOString()),
    relationshipEndedOn: '',
    decisions: decisions.get(subject.id) ?? none,
  }));
}

describe('retention review from the derived contacts', () => {
  const HOUR = 3_600_000;
  /** Hours from the day a period ending today started: mostly within days of it, some far. */
  const hours = fc.oneof(
    fc.integer({ min: -24 * 6, max: 24 * 6 }),
    fc.integer({ min: -24 * 800, max: 24 * 800 }),
  );
  const categoryRule = fc.option(
    fc.record({
      delta: fc.integer({ min: -1, max: 1 }),
      anchor: fc.constantFrom('last_contact' as const, 'relationship_end' as const),
    }),
  );
  const purposeRule = fc.option(
    fc.record({
      delta: fc.integer({ min: -1, max: 1 }),
      anchor: fc.constantFrom('last_contact' as const, 'relationship_end' as const, 'last_decision' as const),
    }),
  );
  const scenario = fc.record({
    timeZone: fc.constantFrom(
      'UTC',
      'Europe/Paris',
      'America/New_York',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Australia/Adelaide',
    ),
    year: fc.integer({ min: 2024, max: 2027 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.constantFrom(1, 2, 15, 28, 29, 30, 31),
    months: fc.constantFrom(1, 2, 12, 13, 36),
    prospect: categoryRule,
    customer: categoryRule,
    purposes: fc.tuple(purposeRule, purposeRule),
    people: fc.array(
      fc.record({
        customer: fc.boolean(),
        created: hours,
        requests: fc.array(hours, { maxLength: 2 }),
        decisions: fc.array(
          fc.record({
            purpose: fc.integer({ min: 0, max: 1 }),
            decision: fc.constantFrom('granted' as const, 'refused' as const, 'withdrawn' as const),
            at: hours,
            correct: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
        becomesCustomer: fc.option(fc.boolean()),
        requestMovedTo: fc.option(hours),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    /** People recorded lately, so that candidates are sometimes few (their decisions read per person). */
    recent: fc.integer({ min: 0, max: 30 }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  /** Writes the scenario through the write path (so the contacts are the write path's). */
  async function load(db: DeskDb, s: Scenario): Promise<string> {
    const lastDay = new Date(s.year, s.month, 0).getDate();
    const pad = (n: number) => String(n).padStart(2, '0');
    const today = `${s.year}-${pad(s.month)}-${pad(Math.min(s.day, lastDay))}`;
    const pivot = new Date(s.year, s.month - 1 - s.months, s.day, 12).getTime();
    const at = (h: number) => new Date(pivot + h * HOUR).toISOString();
    const now = pivot + 24 * 900 * HOUR;
    const ctx = { operatorId: 'clerk', now: () => now };
    const {
      purposes: { a, b },
      noticeId,
    } = await seedWorkspace(db, {
      purposes: { a: NEWSLETTER, b: { ...NEWSLETTER, name: { fr: 'SMS', en: 'SMS' } } },
      notice: { effectiveOn: '2010-01-01' },
      now: () => now,
    });
    const purposeIds = [a, b];
    await write(db, ctx, async (w) => {
      for (let i = 0; i < s.recent; i += 1)
        w.createNow('subject', { lastName: `R${i}`, customerRef: i % 3 ? '' : `R-${i}` }, { audit: false });
    });
    for (const [index, person] of s.people.entries()) {
      const id = (
        await createRecord(db, { ...ctx, now: () => pivot + person.created * HOUR }, 'subject', {
          lastName: `P${index}`,
          customerRef: person.customer ? `CLI-${index}` : '',
        })
      ).id;
      const requests: string[] = [];
      for (const h of person.requests) {
        const request = await createRequest(db, ctx, {
          subject: { id },
          rights: ['access'],
          channel: 'email',
          receivedAt: at(h),
        });
        requests.push(request.id);
      }
      const events: string[] = [];
      for (const decision of person.decisions) {
        const corrects = decision.correct ? events[events.length - 1] : undefined;
        const [event] = await recordConsents(db, ctx, {
          subject: { id },
          decisions: [{ purposeId: purposeIds[decision.purpose]!, decision: decision.decision, corrects }],
          channel: 'phone',
          decidedAt: at(decision.at),
          noticeId,
          note: corrects ? 'correction' : '',
        });
        events.push(event!.id);
      }
      if (person.becomesCustomer !== null)
        await updateRecord(db, ctx, 'subject', id, { customerRef: person.becomesCustomer ? 'CLI-X' : '' });
      if (person.requestMovedTo !== null && requests[0])
        await updateRecord(db, ctx, 'request', requests[0], { receivedAt: at(person.requestMovedTo) });
    }
    const rule = (input: Parameters<typeof saveRetentionRule>[3]) => saveRetentionRule(db, ctx, null, input);
    for (const category of ['prospect', 'customer'] as const) {
      const chosen = s[category];
      if (chosen)
        await rule({
          scope: 'category',
          category,
          anchor: chosen.anchor,
          months: s.months + chosen.delta || 1,
        });
    }
    for (const [index, chosen] of s.purposes.entries())
      if (chosen)
        await rule({
          scope: 'purpose',
          purposeId: purposeIds[index]!,
          anchor: chosen.anchor,
          months: s.months + chosen.delta || 1,
        });
    return today;
  }

  it('finds the same people, findings and uncovered count as reading everyone', async () => {
    let found = 0;
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          vi.stubEnv('TZ', s.timeZone);
          const test = await openTestDb();
          try {
            const today = await load(test.db, s);
            const dayAfter = localDate(Date.parse(`${today}T12:00:00`) + 86_400_000);
            for (const day of [today, dayAfter]) {
              const review = await retentionReview(test.db, day);
              expect(review).toEqual(await reviewOfEveryone(test.db, day));
              found += review.rows.length;
              // Naming only the first few (the compliance check) keeps the count and the order.
              const named = await retentionReview(test.db, day, { named: 2 });
              expect(named).toEqual({ ...review, rows: review.rows.slice(0, 2) });
            }
          } finally {
            await test.cleanup();
          }
        }),
        { numRuns: 60 },
      );
    } finally {
      vi.unstubAllEnvs();
    }
    expect(found).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * Each person's category and last contact, kept in their ledger row (ledger.ts, derived-bulk.ts) for
 * the review above: they follow the people, their requests and their decisions as they are written
 * (what the derived `contacts` table's tests proved before schema v20; sync's changes are in
 * sync.test.ts).
 */
describe('contact facts in the ledger rows', () => {
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10)).toISOString();
  let sms: string;

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 2, 20, 12));
    sms = (await createRecord(db, ctx, 'purpose', SMS)).id;
  });

  async function recorded(on: string, data: { lastName: string; customerRef?: string }): Promise<string> {
    return (await createRecord(db, { ...ctx, now: () => Date.parse(on) }, 'subject', data)).id;
  }

  function decide(subjectId: string, decidedAt: string, purposeId = newsletter, corrects?: string) {
    return recordConsents(db, ctx, {
      subject: { id: subjectId },
      decisions: [{ purposeId, decision: 'granted', ...(corrects ? { corrects } : {}) }],
      channel: 'phone',
      decidedAt,
      noticeId: notice,
      note: corrects ? 'wrong date' : '',
    });
  }

  function ask(subjectId: string, receivedAt: string) {
    return createRequest(db, ctx, {
      subject: { id: subjectId },
      rights: ['access'],
      channel: 'email',
      receivedAt,
    });
  }

  /** A person's contact facts, from their ledger row (undefined when it has none). */
  const row = async (subjectId: string): Promise<ContactRow | undefined> =>
    contactOfRow(await db.ledgers.get(subjectId)) ?? undefined;

  const bySubject = (a: ContactRow, b: ContactRow) => a.subjectId.localeCompare(b.subjectId);
  const keptFacts = async () =>
    (await db.ledgers.toArray()).flatMap((ledger) => contactOfRow(ledger) ?? []).sort(bySubject);

  /**
   * The facts as kept by the writes equal the facts rebuilt from the records: every person on file,
   * all their requests and their latest decisions (as the v9 upgrade built the `contacts` table).
   */
  async function expectInStep(): Promise<void> {
    const ledgers = await db.ledgers.toArray();
    const instants = new Map<string, string[]>();
    const add = (subjectId: string, at: string) =>
      instants.set(subjectId, [...(instants.get(subjectId) ?? []), at]);
    for (const request of await db.requests.toArray()) add(request.subjectId, request.receivedAt);
    for (const ledger of ledgers)
      for (const preference of ledger.preferences) add(ledger.subjectId, preference.decidedAt);
    const rebuilt = (await db.subjects.toArray())
      .flatMap((subject) => contactOf(subject, instants.get(subject.id) ?? []) ?? [])
      .sort(bySubject);
    expect(await keptFacts()).toEqual(rebuilt);
  }

  it('a person recorded: their category and the moment they were recorded', async () => {
    const prospect = await recorded(iso(2021, 1, 5), { lastName: 'Prospect' });
    const customer = await recorded(iso(2021, 1, 6), { lastName: 'Client', customerRef: 'CLI-1' });
    expect(await row(prospect)).toEqual({
      subjectId: prospect,
      category: 'prospect',
      lastContactAt: iso(2021, 1, 5),
    });
    expect(await row(customer)).toMatchObject({ category: 'customer', lastContactAt: iso(2021, 1, 6) });
    // The `[category+lastContactAt]` index the review reads from.
    expect(await contactsBetween(db, 'prospect', Dexie.maxKey)).toEqual([await row(prospect)]);
    expect(await contactsBetween(db, 'customer', iso(2021, 1, 6))).toEqual([]);
    expect(await contactsBetween(db, 'customer', iso(2021, 1, 7))).toEqual([await row(customer)]);
  });

  it('a request or a decision received later moves the last contact; an older one does not', async () => {
    const id = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    await ask(id, iso(2022, 3, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await ask(id, iso(2021, 6, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 3, 1));
    await decide(id, iso(2023, 7, 14));
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await decide(id, iso(2022, 1, 1), sms);
    expect((await row(id))?.lastContactAt).toBe(iso(2023, 7, 14));
    await expectInStep();
  });

  it('a correction recomputes the person: the corrected decision no longer counts', async () => {
    const id = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    const [wrong] = await decide(id, iso(2025, 2, 1));
    expect((await row(id))?.lastContactAt).toBe(iso(2025, 2, 1));
    await decide(id, iso(2022, 2, 1), newsletter, wrong!.id);
    expect((await row(id))?.lastContactAt).toBe(iso(2022, 2, 1));
    await expectInStep();
  });

  it('a customer reference added or removed changes the category, not the last contact', async () => {
    const id = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    await decide(id, iso(2023, 7, 14));
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
    const first = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    const second = await recorded(iso(2021, 1, 6), { lastName: 'Durand' });
    const asked = await ask(first, iso(2024, 5, 1));
    expect((await row(first))?.lastContactAt).toBe(iso(2024, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { receivedAt: iso(2022, 5, 1) });
    expect((await row(first))?.lastContactAt).toBe(iso(2022, 5, 1));
    await updateRecord(db, ctx, 'request', asked.id, { subjectId: second });
    expect((await row(first))?.lastContactAt).toBe(iso(2021, 1, 5));
    expect((await row(second))?.lastContactAt).toBe(iso(2022, 5, 1));
    await expectInStep();
  });

  it('an import of new and known people writes their rows with one read and one write', async () => {
    const known = await recorded(iso(2021, 1, 5), { lastName: 'Martin', customerRef: 'CLI-1' });
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
    const bulkGet = vi.spyOn(db.ledgers, 'bulkGet');
    const bulkPut = vi.spyOn(db.ledgers, 'bulkPut');
    const plan = await planImport(db, rows);
    expect(plan.map((group) => group.outcome.kind).filter((kind) => kind !== 'new')).toEqual(['matched']);
    await storeImport(db, ctx, {
      groups: plan.map((group) => ({
        target:
          group.outcome.kind === 'matched'
            ? { subjectId: group.outcome.subjectId }
            : { create: group.subject },
        rows: group.rows,
      })),
      fileHash: 'f'.repeat(64),
      fileName: 'f.csv',
      priorNotice: 'skip',
    });
    // One read, of the known person's row only (nothing about the people the import creates), and
    // every row written in one request.
    const read = bulkGet.mock.calls.map(([keys]) => [...keys]);
    expect(read).toEqual([[known]]);
    expect(bulkPut.mock.calls.map(([put]) => put.length)).toEqual([31]);
    bulkGet.mockRestore();
    bulkPut.mockRestore();
    expect((await row(known))?.lastContactAt).toBe('2024-02-03T00:00:00.000Z');
    expect(await keptFacts()).toHaveLength(31);
    await expectInStep();
  });

  it('an erasure removes the facts, and the row stays erased', async () => {
    const id = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    await decide(id, iso(2023, 7, 14));
    await ask(id, iso(2024, 1, 1));
    expect(await row(id)).toBeDefined();
    await eraseSubject(db, ctx, {
      subjectId: id,
      reason: 'request',
      suppress: false,
      confirmOpenRequests: true,
    });
    expect(await row(id)).toBeUndefined();
    expect(await contactsBetween(db, 'prospect', Dexie.maxKey)).toEqual([]);
    expect((await db.ledgers.get(id))?.erased).toBe(1);
    await expectInStep();
  });

  it('recomputing many people gives the same facts however their rows are read', async () => {
    const purposes = [newsletter, sms];
    for (let i = 0; i < 4; i += 1)
      purposes.push(
        (await createRecord(db, ctx, 'purpose', { ...NEWSLETTER, name: { fr: `P${i}`, en: `P${i}` } })).id,
      );
    // 150 people in id order; the first 60 with a decision about each of the six purposes.
    const ids = await write(db, ctx, async (w) => {
      const made = Array.from({ length: 150 }, (_, i) => w.createNow('subject', { lastName: `P${i}` }).id);
      made.slice(0, 60).forEach((subjectId, i) => {
        for (const purposeId of purposes)
          w.createNow('consentEvent', {
            subjectId,
            purposeId,
            decision: 'granted',
            channel: 'phone',
            decidedAt: new Date(Date.UTC(2026, 3, 1) + i * 3_600_000).toISOString(),
            noticeId: notice,
          });
      });
      return made;
    });
    const want = await keptFacts();
    expect(want).toHaveLength(150);
    expect(want.filter((r) => r.lastContactAt.startsWith('2026-04'))).toHaveLength(60);
    // Many people in a span of few rows (read as one range), everyone, the first 64 (the first
    // to be read as a range), and a few spread out (read one by one).
    for (const people of [ids.slice(60), ids, ids.slice(0, 64), ids.filter((_, i) => i % 5 === 0)]) {
      // Their rows without contact facts, as if their records had not arrived yet.
      const stripped = (await db.ledgers.bulkGet(people)).map((ledger, i) =>
        ledgerRowOf(people[i]!, ledger?.events ?? [], null),
      );
      await db.ledgers.bulkPut(stripped);
      expect(await keptFacts()).toHaveLength(150 - people.length);
      await db.transaction('rw', [db.ledgers, db.subjects, db.requests, db.meta], () =>
        writeDerived(db, { recompute: people }, { existing: 'read' }),
      );
      expect(await keptFacts()).toEqual(want);
    }
  });

  it('a failed write leaves the rows as they were', async () => {
    const id = await recorded(iso(2021, 1, 5), { lastName: 'Martin' });
    const before = await db.ledgers.toArray();
    await expect(
      write(db, ctx, async (w) => {
        await w.create('subject', { lastName: 'Fantôme' });
        await w.update('subject', id, { customerRef: 'CLI-1' });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(await db.ledgers.toArray()).toEqual(before);
    expect(await keptFacts()).toEqual([
      { subjectId: id, category: 'prospect', lastContactAt: iso(2021, 1, 5) },
    ]);
  });
});

/** Version 8's stores, as shipped: the database a workspace has before the upgrade to 9. */
const VERSION_8 = {
  organisation: 'id',
  staff: 'id, name, active',
  subjects: 'id, *terms, sortKey, emailKey, *phoneKeys',
  oplog: 'hlc, deviceId, *keys, [deviceId+hlc]',
  audit: 'id, &[deviceId+seq], at, entityId',
  meta: 'key',
  requests: 'id, &reference, subjectId, status, [clock+dueOn], receivedAt, updatedAt, mandate.hash',
  requestEvents: 'id, requestId, [requestId+hlc], kind, attachment.hash',
  letterTemplates: 'id, &[kind+language]',
  purposes: 'id, active',
  notices: 'id, &number, kind, effectiveOn',
  consentEvents: 'id, subjectId, [purposeId+decidedAt], noticeId, createdAt, evidence.attachment.hash',
  registerEntries: 'id, updatedAt',
  registerVersions: 'id, [entryId+hlc]',
  breaches: 'id, awareAt',
  retentionRules: 'id',
  preferences: '[subjectId+purposeId], [purposeId+decision]',
  erasures: 'id, subjectId',
  suppressions: 'id',
  syncClocks: 'key',
};

describe('schema version 9, then 20', () => {
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 10)).toISOString();

  it('builds the contact facts of a version 8 database from its people, requests and decisions', async () => {
    const workspaceId = crypto.randomUUID();
    const old = new Dexie(databaseName(workspaceId));
    old.version(8).stores(VERSION_8);
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

    // Opened by today's DeskDb: upgraded all the way, the facts in the people's ledger rows (v20).
    const upgraded = await openDeskDb(workspaceId);
    try {
      expect(upgraded.verno).toBeGreaterThanOrEqual(20);
      expect((await upgraded.ledgers.orderBy('subjectId').toArray()).map(contactOfRow)).toEqual([
        { subjectId: 's1', category: 'prospect', lastContactAt: iso(2022, 1, 1) },
        { subjectId: 's2', category: 'customer', lastContactAt: iso(2024, 3, 3) },
        { subjectId: 's3', category: 'prospect', lastContactAt: iso(2021, 1, 7) },
      ]);
      expect(await contactsBetween(upgraded, 'prospect', iso(2021, 12, 31))).toEqual([
        { subjectId: 's3', category: 'prospect', lastContactAt: iso(2021, 1, 7) },
      ]);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });
});
