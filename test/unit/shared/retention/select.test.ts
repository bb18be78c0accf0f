import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsToDate } from '../../../../shared/consent/segments';
import {
  collectFacts,
  categoryOf,
  contactOf,
  lastContactBound,
  withContact,
  keptAnyway,
  defaultRetentionRules,
  retentionRuleInputSchema,
  ruleOutcome,
  selectPastRetention,
  type DecisionFact,
  type PersonFacts,
  type RetentionRule,
} from '../../../../shared/retention';

type Rule = Pick<RetentionRule, 'id' | 'scope' | 'category' | 'purposeId' | 'anchor' | 'months' | 'active'>;

const prospectRule: Rule = {
  id: 'r-prospect',
  scope: 'category',
  category: 'prospect',
  purposeId: '',
  anchor: 'last_contact',
  months: 36,
  active: true,
};
const customerRule: Rule = {
  id: 'r-customer',
  scope: 'category',
  category: 'customer',
  purposeId: '',
  anchor: 'relationship_end',
  months: 60,
  active: true,
};
const newsletterRule: Rule = {
  id: 'r-newsletter',
  scope: 'purpose',
  category: '',
  purposeId: 'newsletter',
  anchor: 'last_decision',
  months: 24,
  active: true,
};

function person(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    subjectId: 's1',
    category: 'prospect',
    lastContactOn: '2023-03-31',
    relationshipEndedOn: '',
    decisions: new Map(),
    ...overrides,
  };
}

describe('selectPastRetention', () => {
  it('selects a prospect three years after the last contact, from the day after the period ends', () => {
    const people = [person()];
    expect(selectPastRetention([prospectRule], '2026-03-31', people).findings).toEqual([]);
    const [finding] = selectPastRetention([prospectRule], '2026-04-01', people).findings;
    expect(finding?.subjectId).toBe('s1');
    expect(finding?.endsOn).toBe('2026-03-31');
    expect(finding?.reason).toMatchObject({
      ruleId: 'r-prospect',
      cause: 'period',
      startedOn: '2023-03-31',
      endsOn: '2026-03-31',
    });
  });

  it('clamps to the end of the month', () => {
    const rule = { ...prospectRule, months: 1 };
    const people = [person({ lastContactOn: '2023-01-31' })];
    expect(selectPastRetention([rule], '2023-02-28', people).findings).toHaveLength(0);
    expect(selectPastRetention([rule], '2023-03-01', people).findings[0]?.endsOn).toBe('2023-02-28');
  });

  it('runs a customer period from the end of the relationship, or from the last contact when unknown', () => {
    const known = person({
      category: 'customer',
      relationshipEndedOn: '2020-06-15',
      lastContactOn: '2024-01-10',
    });
    const unknown = person({ subjectId: 's2', category: 'customer', lastContactOn: '2020-06-15' });
    const review = selectPastRetention([customerRule, prospectRule], '2025-06-16', [known, unknown]);
    expect(review.findings.map((f) => [f.subjectId, f.reason.startedOn, f.endsOn])).toEqual([
      ['s1', '2020-06-15', '2025-06-15'],
      ['s2', '2020-06-15', '2025-06-15'],
    ]);
    expect(selectPastRetention([customerRule], '2025-06-15', [known, unknown]).findings).toEqual([]);
  });

  it('keeps the data while any rule still keeps it, and names the one that kept it longest', () => {
    const granted: DecisionFact = { decision: 'granted', decidedOn: '2024-05-01' };
    const subscriber = person({ decisions: new Map([['newsletter', granted]]) });
    // Prospect period ended 2026-03-31; the newsletter consent keeps the data until 2026-05-01.
    expect(selectPastRetention([prospectRule, newsletterRule], '2026-04-15', [subscriber]).findings).toEqual(
      [],
    );
    const [finding] = selectPastRetention([prospectRule, newsletterRule], '2026-05-02', [
      subscriber,
    ]).findings;
    expect(finding?.reason.ruleId).toBe('r-newsletter');
    expect(finding?.outcomes.map((o) => [o.ruleId, o.endsOn])).toEqual([
      ['r-newsletter', '2026-05-01'],
      ['r-prospect', '2026-03-31'],
    ]);
  });

  it('ends what a purpose justifies on the day the person refused or withdrew', () => {
    const withdrawn = person({
      lastContactOn: '2025-01-10',
      decisions: new Map([['newsletter', { decision: 'withdrawn', decidedOn: '2025-01-10' }]]),
    });
    const [finding] = selectPastRetention([newsletterRule], '2025-01-11', [withdrawn]).findings;
    expect(finding?.reason).toMatchObject({
      cause: 'withdrawn',
      startedOn: '2025-01-10',
      endsOn: '2025-01-10',
    });
    // The prospect rule still keeps the person for three years after that contact.
    expect(selectPastRetention([newsletterRule, prospectRule], '2025-01-11', [withdrawn]).findings).toEqual(
      [],
    );
  });

  it('applies a purpose rule only to people with a decision about the purpose', () => {
    const review = selectPastRetention([newsletterRule], '2030-01-01', [person()]);
    expect(review).toEqual({ findings: [], uncovered: 1 });
  });

  it('ignores switched-off rules and counts the people no rule applies to', () => {
    const customer = person({ subjectId: 'c', category: 'customer', lastContactOn: '2000-01-01' });
    const prospect = person({ subjectId: 'p', lastContactOn: '2000-01-01' });
    const review = selectPastRetention([{ ...customerRule, active: false }, prospectRule], '2026-01-01', [
      customer,
      prospect,
    ]);
    expect(review.findings.map((f) => f.subjectId)).toEqual(['p']);
    expect(review.uncovered).toBe(1);
  });

  it('lists the longest overdue first', () => {
    const people = [
      person({ subjectId: 'b', lastContactOn: '2021-05-01' }),
      person({ subjectId: 'a', lastContactOn: '2019-05-01' }),
      person({ subjectId: 'c', lastContactOn: '2021-05-01' }),
    ];
    const review = selectPastRetention([prospectRule], '2026-01-01', people);
    expect(review.findings.map((f) => f.subjectId)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a day that is not a date', () => {
    expect(() => selectPastRetention([prospectRule], '01/02/2026', [])).toThrow(RangeError);
  });
});

describe('ruleOutcome', () => {
  it('runs a purpose rule anchored on the last contact from that contact', () => {
    const rule = { ...newsletterRule, anchor: 'last_contact' as const };
    const facts = person({
      lastContactOn: '2024-02-29',
      decisions: new Map([['newsletter', { decision: 'granted', decidedOn: '2020-01-01' }]]),
    });
    expect(ruleOutcome(rule, facts)).toMatchObject({ startedOn: '2024-02-29', endsOn: '2026-02-28' });
  });
});

// ---- Property tests against an independent oracle (Date.UTC month arithmetic) ----

const DAY_MS = 86_400_000;
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function addMonthsOracle(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + n + 1, 0)).getUTCDate();
  return toIso(Date.UTC(y, m + n, Math.min(d, lastDay)));
}

const START = Date.UTC(2015, 0, 1);
const day = fc.integer({ min: 0, max: 365 * 15 }).map((n) => toIso(START + n * DAY_MS));
const decision = fc.record({
  decision: fc.constantFrom('granted' as const, 'refused' as const, 'withdrawn' as const),
  decidedOn: day,
});
const purposes = ['p1', 'p2', 'p3'];
const facts = fc.record({
  subjectId: fc.uuid(),
  category: fc.constantFrom('prospect' as const, 'customer' as const),
  lastContactOn: day,
  relationshipEndedOn: fc.oneof(fc.constant(''), day),
  decisions: fc
    .array(fc.tuple(fc.constantFrom(...purposes), decision), { maxLength: 3 })
    .map((entries) => new Map(entries) as ReadonlyMap<string, DecisionFact>),
});
const rule = fc
  .record({
    id: fc.uuid(),
    scope: fc.constantFrom('category' as const, 'purpose' as const),
    category: fc.constantFrom('prospect' as const, 'customer' as const),
    purposeId: fc.constantFrom(...purposes),
    anchor: fc.constantFrom('last_contact' as const, 'relationship_end' as const, 'last_decision' as const),
    months: fc.integer({ min: 1, max: 120 }),
    active: fc.boolean(),
  })
  .map((r): Rule =>
    r.scope === 'category'
      ? { ...r, purposeId: '', anchor: r.anchor === 'last_decision' ? 'last_contact' : r.anchor }
      : { ...r, category: '' },
  );

/** When each applicable rule stops keeping the person, computed without the code under test. */
function oracleEnds(rules: readonly Rule[], p: PersonFacts): string[] {
  return rules.flatMap((r) => {
    if (!r.active) return [];
    if (r.scope === 'category' && r.category !== p.category) return [];
    const d = r.scope === 'purpose' ? p.decisions.get(r.purposeId) : undefined;
    if (r.scope === 'purpose' && !d) return [];
    if (d && d.decision !== 'granted') return [d.decidedOn];
    const start =
      r.anchor === 'last_contact'
        ? p.lastContactOn
        : r.anchor === 'relationship_end'
          ? p.relationshipEndedOn || p.lastContactOn
          : (d as DecisionFact).decidedOn;
    return [addMonthsOracle(start, r.months)];
  });
}

describe('selectPastRetention (properties)', () => {
  it('selects exactly the people every applicable rule has stopped keeping, with the latest end', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 5 }),
        fc.array(facts, { maxLength: 20 }),
        day,
        (rules, people, today) => {
          const review = selectPastRetention(rules, today, people);
          const byId = new Map(review.findings.map((f) => [f.subjectId, f]));
          let uncovered = 0;
          for (const p of people) {
            const ends = oracleEnds(rules, p);
            if (ends.length === 0) uncovered += 1;
            const last = ends.sort().at(-1);
            const past = last !== undefined && last < today;
            expect(byId.has(p.subjectId)).toBe(past);
            if (past) {
              const finding = byId.get(p.subjectId)!;
              expect(finding.endsOn).toBe(last);
              expect(finding.reason.endsOn).toBe(last);
              expect(finding.outcomes).toHaveLength(ends.length);
            }
          }
          expect(review.uncovered).toBe(uncovered);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('once past, stays past on every later day; a contact today takes a prospect off the list', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 5 }),
        facts,
        day,
        fc.integer({ min: 1, max: 2000 }),
        (rules, p, today, later) => {
          const laterDay = toIso(Date.parse(today) + later * DAY_MS);
          if (selectPastRetention(rules, today, [p]).findings.length === 1) {
            expect(selectPastRetention(rules, laterDay, [p]).findings).toHaveLength(1);
          }
          const prospectRules = [{ ...prospectRule, months: 1 + (later % 60) }];
          const contacted = { ...p, category: 'prospect' as const, lastContactOn: today };
          expect(selectPastRetention(prospectRules, today, [contacted]).findings).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never drops a person kept on partial facts once more is known (the review reads decisions only for the others)', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 5 }),
        facts,
        day,
        fc.integer({ min: 0, max: 3000 }),
        (rules, full, today, earlier) => {
          const partial = {
            ...full,
            lastContactOn: toIso(Date.parse(full.lastContactOn) - earlier * DAY_MS),
            decisions: new Map(),
          };
          if (keptAnyway(rules, today, partial))
            expect(selectPastRetention(rules, today, [full]).findings).toEqual([]);
          // And the shortcut is exact for people no purpose rule concerns.
          if (full.decisions.size === 0 && earlier === 0)
            expect(keptAnyway(rules, today, full)).toBe(
              selectPastRetention(rules, today, [full]).findings.length === 0 &&
                selectPastRetention(rules, today, [full]).uncovered === 0 &&
                rules.some((r) => r.active && r.scope === 'category' && r.category === full.category),
            );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of rules or people', () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 5 }),
        fc.array(facts, { maxLength: 15 }),
        day,
        (rules, people, today) => {
          const forward = selectPastRetention(rules, today, people);
          const backward = selectPastRetention([...rules].reverse(), today, [...people].reverse());
          expect(backward).toEqual(forward);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('collectFacts', () => {
  const utcDay = (iso: string) => iso.slice(0, 10);

  it('takes the latest of recording, requests and decisions as the last contact', () => {
    const [facts] = collectFacts({
      subjects: [{ id: 's1', createdAt: '2021-01-05T10:00:00.000Z', customerRef: '' }],
      requests: [
        { subjectId: 's1', receivedAt: '2022-03-01T09:00:00.000Z' },
        { subjectId: 'other', receivedAt: '2025-01-01T09:00:00.000Z' },
      ],
      decisions: [
        { subjectId: 's1', purposeId: 'p1', decision: 'granted', decidedAt: '2023-07-14T12:00:00.000Z' },
        { subjectId: 's1', purposeId: 'p2', decision: 'refused', decidedAt: '2021-02-01T12:00:00Z' },
      ],
      purposeIds: new Set(['p1']),
      dayOf: utcDay,
    });
    expect(facts).toEqual({
      subjectId: 's1',
      category: 'prospect',
      lastContactOn: '2023-07-14',
      relationshipEndedOn: '',
      decisions: new Map([['p1', { decision: 'granted', decidedOn: '2023-07-14' }]]),
    });
  });

  it('keeps the recording day when nothing happened since', () => {
    const [facts] = collectFacts({
      subjects: [{ id: 's1', createdAt: '2024-02-01T23:30:00.000Z', customerRef: 'CLI-1' }],
      requests: [],
      decisions: [
        { subjectId: 's1', purposeId: 'p1', decision: 'granted', decidedAt: '2019-01-01T00:00:00.000Z' },
      ],
      purposeIds: new Set(),
      dayOf: (iso) => utcDay(new Date(Date.parse(iso) + 3_600_000).toISOString()),
    });
    expect(facts?.lastContactOn).toBe('2024-02-02');
    expect(facts?.category).toBe('customer');
    expect(facts?.decisions.size).toBe(0);
  });

  it('throws for a person without a readable creation date, as the review would', () => {
    expect(() =>
      collectFacts({
        subjects: [{ id: 's1', createdAt: '', customerRef: '' }],
        requests: [],
        decisions: [],
        purposeIds: new Set(),
        dayOf: utcDay,
      }),
    ).toThrow(RangeError);
  });

  it('calls a person with a customer reference a customer', () => {
    expect(categoryOf({ customerRef: 'CLI-000123' })).toBe('customer');
    expect(categoryOf({ customerRef: '' })).toBe('prospect');
  });
});

describe('contacts rows', () => {
  const subject = { id: 's1', createdAt: '2021-01-05T10:00:00Z', customerRef: 'CLI-1' };

  it('take the latest readable contact, in one ISO form whatever the input form', () => {
    expect(
      contactOf(subject, ['2022-03-01T09:00:00+00:00', 'not a date', '2020-01-01T00:00:00.000Z']),
    ).toEqual({ subjectId: 's1', category: 'customer', lastContactAt: '2022-03-01T09:00:00.000Z' });
    expect(contactOf(subject, [])?.lastContactAt).toBe('2021-01-05T10:00:00.000Z');
    expect(contactOf({ ...subject, createdAt: 'unknown' }, ['2022-03-01T09:00:00Z'])).toBeNull();
  });

  it('move only forward with one more contact', () => {
    const row = contactOf(subject, [])!;
    expect(withContact(row, '2020-01-01T00:00:00.000Z')).toBe(row);
    expect(withContact(row, 'soon')).toBe(row);
    expect(withContact(row, '2023-07-14T12:00:00Z')).toEqual({
      ...row,
      lastContactAt: '2023-07-14T12:00:00.000Z',
    });
  });

  it('agree with collectFacts on the last contact, contact by contact or all at once', () => {
    const instant = fc
      .integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2027, 0, 1) })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        instant,
        fc.array(instant, { maxLength: 6 }),
        fc.boolean(),
        (createdAt, contacts, customer) => {
          const person = { id: 's1', createdAt, customerRef: customer ? 'C' : '' };
          const [facts] = collectFacts({
            subjects: [person],
            requests: contacts.map((receivedAt) => ({ subjectId: 's1', receivedAt })),
            decisions: [],
            purposeIds: new Set(),
            dayOf: (iso) => iso,
          });
          const row = contactOf(person, contacts)!;
          expect(row.lastContactAt).toBe(facts!.lastContactOn);
          expect(row.category).toBe(facts!.category);
          expect(contacts.reduce(withContact, contactOf(person, [])!)).toEqual(row);
        },
      ),
    );
  });
});

describe('lastContactBound', () => {
  it('is today minus the months without clamping, plus two days', () => {
    expect(lastContactBound('2026-03-20', 36)).toBe('2023-03-22T00:00:00.000Z');
    expect(lastContactBound('2026-03-31', 1)).toBe('2026-03-05T00:00:00.000Z');
    expect(lastContactBound('2024-01-15', 13)).toBe('2022-12-17T00:00:00.000Z');
    expect(() => lastContactBound('20/03/2026', 1)).toThrow(RangeError);
  });

  it('never excludes a person a period has ended for, in any time zone', () => {
    const dayMs = 86_400_000;
    const day = fc
      .integer({ min: Date.UTC(2015, 0, 1) / dayMs, max: Date.UTC(2030, 11, 31) / dayMs })
      .map((n) => new Date(n * dayMs).toISOString().slice(0, 10));
    const plusDays = (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 120 }),
        // Today: the first days after the period ended (month ends, clamping), or any day.
        fc.oneof(fc.integer({ min: 1, max: 5 }), day),
        (lastContactOn, months, after) => {
          const ended = addMonthsToDate(lastContactOn, months);
          const today = typeof after === 'number' ? plusDays(ended, after) : after;
          fc.pre(ended < today);
          // The latest instant whose local date is lastContactOn anywhere (UTC-12 ends it 12 h late).
          const latest = Date.parse(`${lastContactOn}T00:00:00.000Z`) + 36 * 3_600_000 - 1;
          expect(new Date(latest).toISOString() < lastContactBound(today, months)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('retention rules', () => {
  it('offers the CNIL rules in both languages, valid as they are', () => {
    for (const language of ['fr', 'en'] as const) {
      const rules = defaultRetentionRules(language);
      expect(rules.map((r) => [r.category, r.anchor, r.months])).toEqual([
        ['prospect', 'last_contact', 36],
        ['customer', 'relationship_end', 36],
      ]);
      for (const r of rules) expect(retentionRuleInputSchema.safeParse(r).success).toBe(true);
    }
  });

  it('refuses a rule without its target, a mixed target, a decision anchor for a category, or a bad period', () => {
    const problems = (input: object) => {
      const parsed = retentionRuleInputSchema.safeParse(input);
      return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(problems({ scope: 'category', anchor: 'last_contact', months: 36 })).toEqual([
      ['category', 'validation.required'],
    ]);
    expect(problems({ scope: 'purpose', anchor: 'last_decision', months: 36 })).toEqual([
      ['purposeId', 'validation.purposeRequired'],
    ]);
    expect(
      problems({
        scope: 'category',
        category: 'prospect',
        purposeId: 'p',
        anchor: 'last_contact',
        months: 3,
      }),
    ).toEqual([['purposeId', 'validation.invalid']]);
    expect(problems({ scope: 'category', category: 'prospect', anchor: 'last_decision', months: 3 })).toEqual(
      [['anchor', 'validation.invalid']],
    );
    for (const months of [0, 1.5, 1201]) {
      expect(
        problems({ scope: 'category', category: 'prospect', anchor: 'last_contact', months })[0]?.[0],
      ).toBe('months');
    }
  });
});
