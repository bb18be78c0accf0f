import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decisionKey,
  groupRows,
  matchGroup,
  matchOn,
  namesCompatible,
  noticeInForce,
  type ImportRow,
  type KnownPerson,
  type Notice,
} from '../../../../shared/consent';

const person = (id: string, first: string, last: string, keys: Partial<KnownPerson> = {}): KnownPerson => ({
  id,
  firstName: first,
  lastName: last,
  email: '',
  phone: '',
  customerRef: '',
  ...keys,
});

const row = (line: number, first: string, last: string, keys: Partial<KnownPerson> = {}): ImportRow => ({
  line,
  subject: { firstName: first, lastName: last, email: '', phone: '', customerRef: '', ...keys },
  decisions: [{ purposeId: 'p', decision: 'granted' }],
  decidedOn: '2026-01-01',
  decidedTime: '',
  channel: 'counter',
  note: '',
});

describe('namesCompatible', () => {
  it('forgives case, accents, hyphens and initials; a name known on one side only decides nothing', () => {
    const n = (first: string, last: string) => person('x', first, last);
    expect(namesCompatible(n('Héloïse', 'Dupré'), n('heloise', 'DUPRE'))).toBe(true);
    expect(namesCompatible(n('Jean-Marc', 'Petit'), n('jean marc', 'Petit'))).toBe(true);
    expect(namesCompatible(n('A.', 'Dupont'), n('Anne', 'Dupont'))).toBe(true);
    expect(namesCompatible(n('', 'Dupont'), n('Anne', 'Dupont'))).toBe(true);
    expect(namesCompatible(n('Anne', 'Dupont'), n('Marie', 'Dupont'))).toBe(false);
    expect(namesCompatible(n('Anne', 'Dupont'), n('Anne', 'Gautier'))).toBe(false);
    expect(namesCompatible(n('Anne', ''), n('', 'Dupont'))).toBe(false);
  });
});

describe('matchGroup', () => {
  const marie = person('marie', 'Marie', 'Gautier', { phone: '01 45 67 89 10', email: 'marie@example.fr' });

  it('matches on a strong key with a compatible name, saying what matched', () => {
    expect(matchGroup(row(2, 'Marie', 'Gautier', { email: 'MARIE@example.fr' }).subject, [marie])).toEqual({
      kind: 'matched',
      subjectId: 'marie',
      on: ['email'],
    });
  });

  it('matches on a phone only with a compatible name and no disagreeing email', () => {
    expect(
      matchGroup(row(2, 'M.', 'Gautier', { phone: '+33 1 45 67 89 10' }).subject, [marie]),
    ).toMatchObject({
      kind: 'matched',
      on: ['phone'],
    });
    expect(
      matchGroup(row(2, 'Marie', 'Gautier', { phone: '0145678910', email: 'autre@example.fr' }).subject, [
        marie,
      ]).kind,
    ).toBe('conflict');
  });

  it('makes a conflict of a new person sharing a landline with someone of another name', () => {
    expect(matchGroup(row(2, 'Anne', 'Dupont', { phone: '01 45 67 89 10' }).subject, [marie])).toEqual({
      kind: 'conflict',
      candidates: [{ subjectId: 'marie', shared: ['phone'], compatible: false }],
    });
    expect(matchGroup(row(2, 'Anne', 'Dupont', { email: 'marie@example.fr' }).subject, [marie]).kind).toBe(
      'conflict',
    );
  });

  it('is new when nobody shares a key, and a conflict when two people would match', () => {
    expect(matchGroup(row(2, 'Anne', 'Dupont', { email: 'anne@example.fr' }).subject, [marie])).toEqual({
      kind: 'new',
    });
    const twin = person('twin', 'Marie', 'Gautier', { phone: '01 45 67 89 10' });
    expect(matchGroup(row(2, 'Marie', 'Gautier', { phone: '0145678910' }).subject, [marie, twin]).kind).toBe(
      'conflict',
    );
  });

  const NAMES = ['Anne', 'Marie', 'Jean', 'A.', 'Zoé', 'zoe', ''];
  const LASTS = ['Dupont', 'Gautier', 'DUPONT', 'Roux', ''];
  const EMAILS = ['', 'a@example.fr', 'b@example.fr'];
  const PHONES = ['', '01 45 67 89 10', '06 12 34 56 78'];
  const REFS = ['', 'C-1', 'c-1', 'C-2'];
  const keysArb = fc.record({
    email: fc.constantFrom(...EMAILS),
    phone: fc.constantFrom(...PHONES),
    customerRef: fc.constantFrom(...REFS),
  });
  const personArb = fc.record({
    firstName: fc.constantFrom(...NAMES),
    lastName: fc.constantFrom(...LASTS),
    keys: keysArb,
  });

  it('never attaches a row to a person whose name differs, whatever keys they share (property)', () => {
    fc.assert(
      fc.property(personArb, fc.array(personArb, { maxLength: 6 }), (incoming, onFile) => {
        const known = onFile.map((p, i) => person(`s${i}`, p.firstName, p.lastName, p.keys));
        const subject = { firstName: incoming.firstName, lastName: incoming.lastName, ...incoming.keys };
        const outcome = matchGroup(subject, known);
        if (outcome.kind !== 'matched') return;
        const target = known.find((p) => p.id === outcome.subjectId);
        expect(target).toBeDefined();
        expect(namesCompatible(subject, target!)).toBe(true);
        expect(matchOn(subject, target!)).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('never groups rows of the same file whose names differ (property)', () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 12 }), (people) => {
        const rows = people.map((p, i) => row(i + 2, p.firstName, p.lastName, p.keys));
        const groups = groupRows(rows);
        expect(groups.flatMap((group) => group.rows)).toHaveLength(rows.length);
        for (const group of groups)
          for (const a of group.rows)
            for (const b of group.rows) if (a !== b) expect(namesCompatible(a.subject, b.subject)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('groupRows', () => {
  it('groups the rows of one person and fills blanks from later rows', () => {
    const groups = groupRows([
      row(2, 'Anne', 'Dupont', { email: 'anne@example.fr' }),
      row(3, 'Anne', 'Dupont', { email: 'anne@example.fr', phone: '0612345678' }),
      row(4, 'Marc', 'Dupont', { phone: '0612345678' }),
      row(5, 'A.', 'Dupont', { phone: '06 12 34 56 78' }),
    ]);
    expect(groups.map((group) => group.rows.map((r) => r.line))).toEqual([[2, 3, 5], [4]]);
    expect(groups[0]?.subject.phone).toBe('0612345678');
  });
});

describe('noticeInForce', () => {
  const notice = (id: string, number: number, effectiveOn: string, kind: Notice['kind'] = 'privacy_notice') =>
    ({ id, number, effectiveOn, kind, language: 'fr', title: id, text: id }) as Notice;
  const notices = [
    notice('v1', 1, '2025-01-01'),
    notice('v2', 2, '2026-03-01'),
    notice('paper', 3, '2025-06-01', 'paper_form'),
  ];

  it('takes the version in force on the day, never a later one', () => {
    expect(noticeInForce(notices, '2026-02-28', 'counter')?.id).toBe('v1');
    expect(noticeInForce(notices, '2026-03-01', 'counter')?.id).toBe('v2');
    expect(noticeInForce(notices, '2024-12-31', 'counter')).toBeUndefined();
  });

  it('prefers the version of the channel’s kind', () => {
    expect(noticeInForce(notices, '2026-02-01', 'paper_form')?.id).toBe('paper');
    expect(noticeInForce(notices, '2025-02-01', 'paper_form')?.id).toBe('v1');
  });
});

describe('decisionKey', () => {
  it('tells a date-only decision by its day and a timed one by its instant', () => {
    const base = {
      subjectId: 's',
      purposeId: 'p',
      decision: 'granted' as const,
      channel: 'counter' as const,
    };
    expect(decisionKey({ ...base, decidedAt: '2026-01-01T00:00:00.000Z', decidedOn: '2026-01-01' })).toBe(
      decisionKey({ ...base, decidedAt: 'other', decidedOn: '2026-01-01' }),
    );
    expect(decisionKey({ ...base, decidedAt: '2026-01-01T10:00:00.000Z' })).not.toBe(
      decisionKey({ ...base, decidedAt: '2026-01-01T11:00:00.000Z' }),
    );
  });
});
