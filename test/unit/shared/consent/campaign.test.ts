import { describe, expect, it } from 'vitest';
import {
  CampaignNoNoticeError,
  campaignFileName,
  campaignInputSchema,
  planCampaign,
  type CampaignNotice,
  type CampaignPerson,
} from '../../../../shared/consent/campaign';
import { consentFormReference } from '../../../../shared/consent/form-reference';

const NOTICES: CampaignNotice[] = [
  { id: 'fr1', number: 1, language: 'fr', effectiveOn: '2020-01-01' },
  { id: 'en2', number: 2, language: 'en', effectiveOn: '2021-01-01' },
  { id: 'fr3', number: 3, language: 'fr', effectiveOn: '2026-01-01' },
  // Not in force yet on the campaign's day: never sent.
  { id: 'fr4', number: 4, language: 'fr', effectiveOn: '2026-09-01' },
];

function person(
  id: string,
  lastName: string,
  options: { email?: string; address?: string; noticeId?: string; firstName?: string } = {},
): CampaignPerson {
  return {
    subject: {
      id,
      firstName: options.firstName ?? '',
      lastName,
      email: options.email ?? '',
      postalAddress: options.address ?? '',
    },
    latest: { noticeId: options.noticeId ?? 'fr1', decidedAt: '2023-03-01T23:30:00.000Z' },
  };
}

const OPTIONS = {
  purposeId: 'newsletter',
  today: '2026-04-07',
  lettersFor: 'everyone',
  fallbackLanguage: 'fr',
} as const;

describe('who a campaign reaches', () => {
  const people = [
    person('a', 'Martin', { email: 'a@x.fr', address: '1 rue A' }),
    person('b', 'Durand', { address: '2 rue B' }),
    person('c', 'Smith', { email: 'c@x.uk', noticeId: 'en2' }),
  ];

  it('gives everyone a letter, and everyone with an e-mail address a line of the e-mail list', () => {
    const plan = planCampaign(people, NOTICES, OPTIONS);
    expect(plan.letters.map((letter) => letter.person.subject.id)).toEqual(['a', 'b', 'c']);
    expect(plan.emails.map((row) => row.subject.id)).toEqual(['a', 'c']);
    expect(plan.withoutEmail).toBe(1);
    // Smith has no postal address: the letter is still made, and counted apart.
    expect(plan.withoutAddress).toBe(1);
  });

  it('can write only to the people the e-mail list cannot reach', () => {
    const plan = planCampaign(people, NOTICES, { ...OPTIONS, lettersFor: 'without_email' });
    expect(plan.letters.map((letter) => letter.person.subject.id)).toEqual(['b']);
    expect(plan.letters[0]!.fileName).toBe('001-Durand.pdf');
    expect(plan.emails).toHaveLength(2);
    expect(plan.withoutAddress).toBe(0);
  });

  it('writes in the language of the notice the person last decided under, with the notice in force today', () => {
    const plan = planCampaign(people, NOTICES, OPTIONS);
    const [martin, , smith] = plan.letters;
    expect(martin).toMatchObject({ language: 'fr', notice: { id: 'fr3' } });
    expect(martin!.formReference).toBe(consentFormReference(3, ['newsletter']));
    expect(smith).toMatchObject({ language: 'en', notice: { id: 'en2' } });
    expect(smith!.formReference).toBe(consentFormReference(2, ['newsletter']));
    expect(plan.notices.map((entry) => [entry.language, entry.notice.number])).toEqual([
      ['fr', 3],
      ['en', 2],
    ]);
  });

  it('falls back to the screen language for an unknown notice, and to the other language when one has no notice', () => {
    const unknown = person('d', 'Dupont', { noticeId: 'gone' });
    expect(planCampaign([unknown], NOTICES, { ...OPTIONS, fallbackLanguage: 'en' }).letters[0]).toMatchObject(
      {
        language: 'en',
      },
    );
    const frenchOnly = NOTICES.filter((notice) => notice.language === 'fr');
    const english = planCampaign([people[2]!], frenchOnly, OPTIONS).letters[0]!;
    expect(english).toMatchObject({ language: 'fr', notice: { id: 'fr3' } });
  });

  it('refuses when no notice at all is in force', () => {
    expect(() =>
      planCampaign(people, [{ id: 'x', number: 1, language: 'fr', effectiveOn: '2030-01-01' }], OPTIONS),
    ).toThrow(CampaignNoNoticeError);
  });

  it('takes the day of the last decision in the given time zone, or the day it was known by', () => {
    const paris = planCampaign([people[0]!], NOTICES, { ...OPTIONS, timeZone: 'Europe/Paris' });
    expect(paris.letters[0]!.lastDecidedOn).toBe('2023-03-02');
    const dayOnly = { ...people[0]!, latest: { ...people[0]!.latest, decidedOn: '2022-05-06' } };
    expect(planCampaign([dayOnly], NOTICES, OPTIONS).letters[0]!.lastDecidedOn).toBe('2022-05-06');
  });

  it('records counts, never people', () => {
    const parsed = campaignInputSchema.parse({
      purposeId: 'newsletter',
      lettersFor: 'everyone',
      mailingPreset: 'brevo',
      people: 3,
      letters: 3,
      emails: 2,
      withoutEmail: 1,
      notices: [{ noticeId: 'fr3', number: 3, language: 'fr', formReference: 'F-N3-ABCD' }],
    });
    expect(parsed.kind).toBe('reconsent');
    expect(Object.keys(parsed).sort()).not.toContain('subjectIds');
    expect(campaignInputSchema.safeParse({ ...parsed, letters: -1 }).success).toBe(false);
  });
});

describe('letter file names', () => {
  it('are numbered in list order, in plain ASCII, and never empty', () => {
    expect(campaignFileName(6, 12, { firstName: 'Héloïse', lastName: 'Lœwy' })).toBe('007-Loewy-Heloise.pdf');
    expect(campaignFileName(0, 3, { firstName: '', lastName: 'O’Brien / Ça' })).toBe('001-O-Brien-Ca.pdf');
    expect(campaignFileName(0, 1, { firstName: '', lastName: '李' })).toBe('001.pdf');
    expect(campaignFileName(1233, 1500, { firstName: 'A', lastName: 'B' })).toBe('1234-B-A.pdf');
    expect(campaignFileName(0, 1, { firstName: 'x'.repeat(80), lastName: 'CON' })).toMatch(
      /^001-CON-x{40}\.pdf$/,
    );
  });

  it('are accepted by the ZIP channel and unique within a campaign', async () => {
    const { zipEntryNameSchema } = await import('../../../../shared/ipc/contract');
    const names = ['Martin', 'Martin', 'Éloïse', '..', 'a/b\\c'].map((lastName, index) =>
      campaignFileName(index, 5, { firstName: '', lastName }),
    );
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(zipEntryNameSchema.safeParse(name).success, name).toBe(true);
  });
});
