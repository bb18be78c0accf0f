// A re-consent campaign over a real workspace: the plan from the re-consent list, one PDF per
// letter and the e-mail list, and the campaign recorded once, through the write path.
import i18next from 'i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../../../../renderer/src/db/audit';
import {
  campaignFiles,
  campaignPlan,
  campaignsOf,
  recordCampaign,
} from '../../../../renderer/src/db/campaigns';
import { recordConsents } from '../../../../renderer/src/db/consents';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { AppendOnlyError } from '../../../../renderer/src/db/schema';
import { write } from '../../../../renderer/src/db/write';
import { auditSentence, loadAuditNames } from '../../../../renderer/src/features/audit/describe';
import { en } from '../../../../renderer/src/i18n/en';
import { fr } from '../../../../renderer/src/i18n/fr';
import { NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';
import { pdfStreams } from '../../shared/pdf/pdf-bytes';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
let newsletter: string;
let noticeFr: string;
let noticeEn: string;
const TODAY = '2026-03-20';

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter },
    noticeId: noticeFr,
  } = await seedWorkspace(db, {
    purposes: { newsletter: { ...NEWSLETTER, reconsentMonths: 36 } },
    notice: { text: 'Nous vous écrivons une fois par mois.' },
  }));
  noticeEn = await write(
    db,
    ctx,
    async (w) =>
      (
        await w.create('notice', {
          number: 2,
          title: 'Notice',
          language: 'en',
          text: 'We write to you once a month.',
          effectiveOn: '2020-01-01',
        })
      ).id,
  );
  const people = [
    {
      lastName: 'Martin',
      firstName: 'Alice',
      email: 'alice@example.fr',
      postalAddress: '1 rue A\n75001 Paris',
    },
    { lastName: 'Lœwy', firstName: 'Héloïse', postalAddress: '2 rue B\n69001 Lyon' },
    { lastName: 'Smith', firstName: 'John', email: 'john@example.co.uk' },
  ];
  for (const [index, person] of people.entries())
    await recordConsents(db, ctx, {
      subject: { create: person },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      channel: 'paper_form',
      decidedAt: new Date(2022, 0, 10, 10).toISOString(),
      noticeId: index === 2 ? noticeEn : noticeFr,
    });
  // Decided last month: not due, never in the campaign.
  await recordConsents(db, ctx, {
    subject: { create: { lastName: 'Récent', email: 'r@example.fr' } },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'phone',
    decidedAt: new Date(2026, 1, 10, 10).toISOString(),
    noticeId: noticeFr,
  });
  return test.cleanup;
});

const choice = () =>
  ({ purposeId: newsletter, today: TODAY, lettersFor: 'everyone', fallbackLanguage: 'fr' }) as const;

describe('a re-consent campaign', () => {
  it('of 3 people makes 3 letters in their languages and an e-mail list of those with an address', async () => {
    const plan = await campaignPlan(db, choice());
    expect(plan.letters.map((letter) => [letter.fileName, letter.language])).toEqual([
      ['001-Loewy-Heloise.pdf', 'fr'],
      ['002-Martin-Alice.pdf', 'fr'],
      ['003-Smith-John.pdf', 'en'],
    ]);
    expect(plan.withoutEmail).toBe(1);
    expect(plan.withoutAddress).toBe(1);

    const files = await campaignFiles(db, plan, {
      purposeId: newsletter,
      today: TODAY,
      operatorName: 'Claire Moreau',
      mailingPreset: 'brevo',
      emailsName: 'emails-brevo.csv',
    });
    expect(files.map((file) => file.name)).toEqual([
      '001-Loewy-Heloise.pdf',
      '002-Martin-Alice.pdf',
      '003-Smith-John.pdf',
      'emails-brevo.csv',
    ]);
    for (const file of files.slice(0, 3))
      expect(new TextDecoder().decode(file.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(new TextDecoder().decode(files[3]!.bytes).trim().split('\r\n')).toEqual([
      'EMAIL,FIRSTNAME,LASTNAME,SMS',
      'alice@example.fr,Alice,Martin,',
      'john@example.co.uk,John,Smith,',
    ]);
    const english = pdfStreams(files[2]!.bytes).join('\n');
    expect(english).toContain('Dear John Smith');
  });

  it('is only for the people ticked on the list, when some are', async () => {
    const all = await campaignPlan(db, choice());
    const smith = all.letters[2]!.person.subject.id;
    const recent = (await db.subjects.filter((subject) => subject.lastName === 'Récent').first())!.id;
    // Someone not on the list (decided last month) is not added by a tick.
    const plan = await campaignPlan(db, { ...choice(), subjectIds: [smith, recent] });
    expect(plan.letters.map((letter) => letter.fileName)).toEqual(['001-Smith-John.pdf']);
    expect(plan.emails.map((row) => row.subject.id)).toEqual([smith]);
    expect(plan.withoutEmail).toBe(0);
  });

  it('uses the organisation’s own wording of the letter when there is one', async () => {
    await write(db, ctx, (w) =>
      w.create('letterTemplate', {
        kind: 'reconsent',
        language: 'fr',
        subject: 'Redemande {{form.reference}}',
        body: 'Bonjour {{subject.fullName}}, notre formulaire {{form.reference}}.',
      }),
    );
    const plan = await campaignPlan(db, choice());
    const [first] = await campaignFiles(
      db,
      { ...plan, letters: plan.letters.slice(0, 1), emails: [] },
      {
        purposeId: newsletter,
        today: TODAY,
        operatorName: 'Claire Moreau',
        mailingPreset: 'brevo',
        emailsName: 'emails-brevo.csv',
      },
    );
    const text = pdfStreams(first!.bytes).join('\n');
    expect(text).toContain(`Redemande ${plan.letters[0]!.formReference}`);
    expect(text).toContain('Bonjour Héloïse Lœwy, notre formulaire');
  });

  it('is recorded once, in the campaigns list and the audit log, told as a sentence', async () => {
    const plan = await campaignPlan(db, choice());
    await recordCampaign(db, ctx, plan, {
      purposeId: newsletter,
      lettersFor: 'everyone',
      mailingPreset: 'brevo',
    });
    const [campaign, ...others] = await campaignsOf(db, newsletter);
    expect(others).toEqual([]);
    expect(campaign).toMatchObject({
      purposeId: newsletter,
      people: 3,
      letters: 3,
      emails: 2,
      withoutEmail: 1,
      createdBy: 'clerk',
      notices: [
        { noticeId: noticeFr, number: 1, language: 'fr' },
        { noticeId: noticeEn, number: 2, language: 'en' },
      ],
    });
    const entries = (await listAudit(db)).filter((entry) => entry.action === 'consent.campaign');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'campaign', entityId: campaign!.id });
    expect((await verifyAudit(db)).ok).toBe(true);

    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { fr: { translation: fr }, en: { translation: en } },
      lng: 'fr',
      interpolation: { escapeValue: false },
    });
    const names = await loadAuditNames(db, entries);
    expect(auditSentence(entries[0]!, names, i18n.t.bind(i18n), 'fr', 'Claire Moreau')).toBe(
      'Claire Moreau a préparé une campagne de relance pour « Lettre » : 3 courriers, 2 e-mails (notice v1, v2)',
    );
    await i18n.changeLanguage('en');
    expect(auditSentence(entries[0]!, names, i18n.t.bind(i18n), 'en', 'Claire Moreau')).toBe(
      'Claire Moreau prepared a re-consent campaign for “Newsletter”: 3 letters, 2 e-mails (notice v1, v2)',
    );
    // A campaign is a fact of the past: it is never changed.
    await expect(db.campaigns.update(campaign!.id, { letters: 4 })).rejects.toBeInstanceOf(AppendOnlyError);
  });
});
