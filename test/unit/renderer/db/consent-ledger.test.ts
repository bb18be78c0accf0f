import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import {
  exportReconsent,
  e164Of,
  exportSegment,
  localDateTimeText,
  recentConsentEvents,
} from '../../../../renderer/src/db/consent-ledger';
import { recordConsents } from '../../../../renderer/src/db/consents';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { write } from '../../../../renderer/src/db/write';
import type { Decision } from '../../../../shared/consent/model';
import { frenchMessage as t, NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';
import { allEntries, countEntries } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
// Local noon, so the local date is the same in any time zone the tests run in.
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
const at = (y: number, m: number, d: number, h = 10) => new Date(y, m - 1, d, h, 0, 0).toISOString();
let newsletter: string;
let post: string;
let notice1: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  const noDescription = { fr: '', en: '' };
  ({
    purposes: { newsletter, post },
    noticeId: notice1,
  } = await seedWorkspace(db, {
    purposes: {
      newsletter: { ...NEWSLETTER, description: noDescription, reconsentMonths: 36 },
      post: {
        name: { fr: 'Courrier', en: 'Post' },
        description: noDescription,
        channel: 'post',
        lawfulBasis: 'legitimate_interest',
      },
    },
    notice: { text: 'Texte v1' },
  }));
  return test.cleanup;
});

/** One decision, recorded at the current `clock`; a new person when `person` is a name. */
async function decide(
  person: string | { lastName: string; firstName?: string; email?: string; phone?: string },
  purposeId: string,
  decision: Decision,
  decidedAt: string,
  noticeId = notice1,
): Promise<string> {
  const [event] = await recordConsents(db, ctx, {
    subject: typeof person === 'string' ? { id: person } : { create: person },
    decisions: [{ purposeId, decision }],
    channel: 'phone',
    decidedAt,
    noticeId,
  });
  return event!.subjectId;
}

const dataLines = (csv: string) => csv.slice(1).trimEnd().split('\r\n').slice(1);

describe('the ledger', () => {
  it('lists the most recently recorded events first, whatever the decision dates, with a page size', async () => {
    const alice = await decide(
      { lastName: 'Martin', firstName: 'Alice' },
      newsletter,
      'granted',
      at(2026, 3, 1),
    );
    clock.advance(60_000);
    // Typed in later, decided earlier (a paper form from last year): it is the newer ledger entry.
    await decide({ lastName: 'Durand' }, newsletter, 'refused', at(2025, 6, 1));
    clock.advance(60_000);
    // Two decisions of one capture share their recording time: last written first.
    const both = await recordConsents(db, ctx, {
      subject: { id: alice },
      decisions: [
        { purposeId: newsletter, decision: 'withdrawn' },
        { purposeId: post, decision: 'refused' },
      ],
      channel: 'counter',
      decidedAt: at(2026, 3, 19),
      noticeId: notice1,
    });

    const page = await recentConsentEvents(db);
    expect(page.total).toBe(4);
    expect(page.hasMore).toBe(false);
    expect(
      page.rows.map(
        (row) =>
          `${row.subject?.lastName}:${row.event.purposeId === post ? 'post' : 'nl'}:${row.event.decision}`,
      ),
    ).toEqual(['Martin:post:refused', 'Martin:nl:withdrawn', 'Durand:nl:refused', 'Martin:nl:granted']);
    expect(page.rows[0]!.event.id).toBe(both[1]!.id);
    expect(page.rows[0]!.event.createdBy).toBe('clerk');

    const first = await recentConsentEvents(db, 3);
    expect(first.rows).toHaveLength(3);
    expect(first).toMatchObject({ total: 4, hasMore: true });
  });
});

describe('segment export', () => {
  it('offers the Brevo and Mailchimp contact import columns, with E.164 phones left as they are', async () => {
    await decide(
      { lastName: 'Martin', firstName: 'Alice', email: 'alice@exemple.fr', phone: '06 12 34 56 78' },
      newsletter,
      'granted',
      at(2026, 3, 1),
    );
    await decide(
      { lastName: '=1+2', firstName: '＝cmd', email: 'x@exemple.fr' },
      newsletter,
      'granted',
      at(2026, 3, 2),
    );
    const brevo = await exportSegment(db, ctx, newsletter, { today: '2026-03-20' }, t, 'brevo');
    expect(brevo.csv.split('\r\n')).toEqual([
      'EMAIL,FIRSTNAME,LASTNAME,SMS',
      `x@exemple.fr,"'＝cmd","'=1+2",`,
      'alice@exemple.fr,Alice,Martin,+33612345678',
      '',
    ]);
    const mailchimp = await exportSegment(db, ctx, newsletter, { today: '2026-03-20' }, t, 'mailchimp');
    expect(mailchimp.csv.split('\r\n')[0]).toBe('Email Address,First Name,Last Name,Phone Number');
    expect(mailchimp.csv).toContain('alice@exemple.fr,Alice,Martin,+33612345678');
    expect(mailchimp.csv.startsWith('\uFEFF')).toBe(false);
  });

  it('writes phones in E.164 form when it can tell the country', () => {
    expect(e164Of('06 12 34 56 78')).toBe('+33612345678');
    expect(e164Of('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(e164Of('0044 20 7946 0018')).toBe('+442079460018');
    expect(e164Of('612 34')).toBe('612 34');
    expect(e164Of('')).toBe('');
  });

  it('writes exactly the people who may be contacted, neutralises formulas, adds a BOM and one audit entry', async () => {
    // Granted, withdrawn, granted again: in the segment once, with the latest decision.
    const alice = await decide(
      { lastName: 'Martin', firstName: 'Alice', email: 'alice@exemple.fr', phone: '06 12 34 56 78' },
      newsletter,
      'granted',
      at(2025, 1, 10),
    );
    await decide(alice, newsletter, 'withdrawn', at(2025, 6, 10));
    await decide(alice, newsletter, 'granted', at(2026, 3, 19));
    // Refused: out. Granted then withdrawn: out.
    await decide({ lastName: 'Refus' }, newsletter, 'refused', at(2026, 3, 1));
    const carole = await decide({ lastName: 'Retrait' }, newsletter, 'granted', at(2026, 1, 5));
    await decide(carole, newsletter, 'withdrawn', at(2026, 2, 5));
    // A name a spreadsheet would run as a formula.
    await decide(
      { lastName: '=HYPERLINK("http://x","clic")', firstName: 'Mallory' },
      newsletter,
      'granted',
      at(2026, 2, 1),
    );
    const before = await countEntries(db);

    const { csv, count } = await exportSegment(db, ctx, newsletter, { today: '2026-03-20' }, t, ';');

    expect(count).toBe(2);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header] = csv.slice(1).split('\r\n');
    expect(header).toBe('Nom;Prénom;E-mail;Téléphone;Décision prise le;Recueilli par;Notice');
    const lines = dataLines(csv);
    expect(lines).toHaveLength(2);
    expect(lines).toContain('Martin;Alice;alice@exemple.fr;06 12 34 56 78;2026-03-19 10:00;Téléphone;v1');
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|;|")=HYPERLINK/m);
    expect(csv).not.toMatch(/Refus|Retrait/);

    expect(await countEntries(db)).toBe(before + 1);
    const entries = await allEntries(db).then((all) =>
      all.filter((entry) => entry.action === 'consent.segment.export'),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'consent.segment.export',
      entity: 'purpose',
      entityId: newsletter,
      fields: [],
      count: 2,
      operatorId: 'clerk',
    });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('applies the channel and age filters, and a comma separator', async () => {
    await decide({ lastName: 'Ancien' }, newsletter, 'granted', at(2025, 1, 10));
    await decide({ lastName: 'Recent' }, newsletter, 'granted', at(2026, 3, 10));
    const old = await exportSegment(db, ctx, newsletter, { today: '2026-03-20', minAgeMonths: 6 }, t, ',');
    expect(old.count).toBe(1);
    expect(dataLines(old.csv)[0]).toMatch(/^Ancien,,/);
    const byEmail = await exportSegment(
      db,
      ctx,
      newsletter,
      { today: '2026-03-20', channel: 'email' },
      t,
      ',',
    );
    expect(byEmail.count).toBe(0);
    expect(dataLines(byEmail.csv)).toEqual([]);
    // Empty exports are audited too: the log says what left the application, even nothing.
    expect(
      await allEntries(db).then(
        (all) => all.filter((entry) => entry.action === 'consent.segment.export').length,
      ),
    ).toBe(2);
  });

  it('for legitimate interest, lists people with a decision and no objection — never people the ledger has not seen', async () => {
    // segmentOf reads the ledger only: a customer with no consent event for the purpose is not in it,
    // even though legitimate interest would allow contacting them.
    await write(db, ctx, (w) => w.create('subject', { lastName: 'Jamais', firstName: 'Vu' }));
    await decide({ lastName: 'Accord' }, post, 'granted', at(2026, 1, 1));
    await decide({ lastName: 'Opposé' }, post, 'refused', at(2026, 1, 1));
    const { csv, count } = await exportSegment(db, ctx, post, { today: '2026-03-20' }, t, ';');
    expect(count).toBe(1);
    expect(dataLines(csv).map((line) => line.split(';')[0])).toEqual(['Accord']);
  });
});

describe('re-consent export', () => {
  it('lists expired consents and those given under a replaced notice, with the reason in words, and audits it', async () => {
    await decide({ lastName: 'Ancien' }, newsletter, 'granted', at(2022, 1, 10));
    await decide({ lastName: 'Notice' }, newsletter, 'granted', at(2025, 12, 1));
    await decide({ lastName: 'Refus' }, newsletter, 'refused', at(2022, 1, 10));
    await write(db, ctx, (w) =>
      w.create('notice', { number: 2, title: 'Notice', text: 'Texte v2', effectiveOn: '2026-01-01' }),
    );
    await decide(
      { lastName: 'Recent' },
      newsletter,
      'granted',
      at(2026, 3, 1),
      (await db.notices.where('number').equals(2).first())!.id,
    );

    const { csv, count } = await exportReconsent(db, ctx, newsletter, '2026-03-20', t, ';');
    expect(count).toBe(2);
    expect(csv.slice(1).split('\r\n')[0]).toMatch(/;Motif$/);
    expect(dataLines(csv)).toEqual([
      'Ancien;;;;2022-01-10 10:00;Téléphone;v1;Consentement trop ancien',
      'Notice;;;;2025-12-01 10:00;Téléphone;v1;Notice remplacée depuis',
    ]);
    const entries = await allEntries(db).then((all) =>
      all.filter((entry) => entry.action === 'consent.reconsent.export'),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'purpose', entityId: newsletter, count: 2 });
  });
});

describe('dates in CSV', () => {
  it('writes the local date and time, sortable as text', () => {
    expect(localDateTimeText(at(2026, 3, 9, 8))).toBe('2026-03-09 08:00');
  });
});
