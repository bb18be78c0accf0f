/**
 * Re-consent campaigns on the data: who the re-consent list of a purpose reaches (the plan), the
 * files of a campaign (one PDF per letter, with the paper form, and the mailing tool's e-mail
 * list), and the campaign in the audit log once the files have left the app.
 */
import {
  planCampaign,
  type Campaign,
  type CampaignLanguage,
  type CampaignLettersFor,
  type CampaignPlan,
  type MailingPreset,
} from '../../../shared/consent/campaign';
import type { Purpose } from '../../../shared/consent/model';
import { formHeaderOf } from '../../../shared/consent/paper-form';
import type { Organisation } from '../../../shared/domain/organisation';
import { buildLetterFields, defaultTemplate, formatLongDate, renderLetter } from '../../../shared/letters';
import { mailingCsv, reconsentRows } from './consent-ledger';
import { localTimeZone, type ReconsentRow } from './consents';
import { loadSuppressionChecker } from './erasure';
import { getOrganisation } from './organisation';
import type { DeskDb } from './schema';
import { NotFoundError, write, type WriteContext } from './write';

export type CampaignChoice = {
  purposeId: string;
  today: string;
  lettersFor: CampaignLettersFor;
  fallbackLanguage: CampaignLanguage;
  /** The people ticked on the list; absent or null: the whole list. */
  subjectIds?: readonly string[] | null;
};

/**
 * The plan for a purpose's current re-consent list. People on the suppression list (erased after
 * objecting, entered again since) are left out, as from every other list that contacts people.
 */
export async function campaignPlan(db: DeskDb, choice: CampaignChoice): Promise<CampaignPlan<ReconsentRow>> {
  const [rows, notices, suppressed] = await Promise.all([
    reconsentRows(db, choice.purposeId, choice.today),
    db.notices.toArray(),
    loadSuppressionChecker(db),
  ]);
  // Only people still on the list can be in it: a tick made before a decision changed is not enough.
  const chosen = choice.subjectIds ? new Set(choice.subjectIds) : null;
  return planCampaign(
    rows.filter((row) => !suppressed(row.subject) && (!chosen || chosen.has(row.subject.id))),
    notices,
    {
      purposeId: choice.purposeId,
      today: choice.today,
      lettersFor: choice.lettersFor,
      fallbackLanguage: choice.fallbackLanguage,
      timeZone: localTimeZone(),
    },
  );
}

export type CampaignFile = { name: string; bytes: Uint8Array };

const localised = (text: { fr: string; en: string }, lang: CampaignLanguage) =>
  text[lang] || text.fr || text.en;

/**
 * The campaign's files: each letter merged from the organisation's template of its language (or
 * the built-in one) with the paper form appended, then the e-mail list (`emailsName`) when anyone
 * has an address. jsPDF is loaded here only, keeping it out of the app's first load.
 */
export async function campaignFiles(
  db: DeskDb,
  plan: CampaignPlan<ReconsentRow>,
  args: {
    purposeId: string;
    today: string;
    operatorName: string;
    mailingPreset: MailingPreset;
    emailsName: string;
  },
): Promise<CampaignFile[]> {
  const [organisation, purpose] = await Promise.all([getOrganisation(db), db.purposes.get(args.purposeId)]);
  if (!organisation) throw new NotFoundError('organisation', '');
  if (!purpose) throw new NotFoundError('purpose', args.purposeId);
  const { campaignLetterPdf, consentFormFontSize } = await import('../../../shared/pdf/campaign-letter');
  const files: CampaignFile[] = [];
  const forms = new Map<string, { form: Parameters<typeof campaignLetterPdf>[1]; size: number }>();
  const templates = new Map<CampaignLanguage, { subject: string; body: string }>();
  for (const letter of plan.letters) {
    const lang = letter.language;
    let template = templates.get(lang);
    if (!template) {
      const custom = await db.letterTemplates.where('[kind+language]').equals(['reconsent', lang]).first();
      template = custom ?? defaultTemplate('reconsent', lang);
      templates.set(lang, template);
    }
    let form = forms.get(letter.notice.id);
    if (!form) {
      const notice = await db.notices.get(letter.notice.id);
      if (!notice) throw new NotFoundError('notice', letter.notice.id);
      const input = formInput(organisation, notice, purpose, lang, letter.formReference, args.today);
      form = { form: input, size: consentFormFontSize(input) };
      forms.set(letter.notice.id, form);
    }
    const subject = letter.person.subject;
    const fields = buildLetterFields({
      organisation,
      subject,
      campaign: {
        purposeName: localised(purpose.name, lang),
        lastDecidedOn: letter.lastDecidedOn,
        noticeNumber: letter.notice.number,
        noticeEffectiveOn: letter.notice.effectiveOn,
        formReference: letter.formReference,
      },
      operatorName: args.operatorName,
      today: args.today,
      lang,
    });
    const rendered = renderLetter(template, fields, lang);
    const today = formatLongDate(args.today, lang);
    const bytes = campaignLetterPdf(
      {
        senderLines: [
          organisation.legalName,
          ...organisation.address.split(/\r?\n/),
          organisation.contactEmail,
        ].filter(Boolean),
        recipientLines: [fields['subject.fullName'], ...subject.postalAddress.split(/\r?\n/)].filter(Boolean),
        placeDate: lang === 'fr' ? `Le ${today}` : today,
        subject: rendered.subject,
        body: rendered.body,
        reference: letter.formReference,
        lang,
        issuedOn: args.today,
      },
      form.form,
      form.size,
    );
    files.push({ name: letter.fileName, bytes });
  }
  if (plan.emails.length > 0)
    files.push({
      name: args.emailsName,
      bytes: new TextEncoder().encode(mailingCsv(plan.emails, args.mailingPreset)),
    });
  return files;
}

function formInput(
  organisation: Organisation,
  notice: { number: number; title: string; text: string; effectiveOn: string },
  purpose: Purpose,
  lang: CampaignLanguage,
  formReference: string,
  today: string,
) {
  return {
    ...formHeaderOf(organisation, notice),
    purposes: [
      {
        id: purpose.id,
        name: localised(purpose.name, lang),
        description: localised(purpose.description, lang),
        lawfulBasis: purpose.lawfulBasis,
      },
    ],
    lang,
    formReference,
    issuedOn: today,
  };
}

/** The campaign in the campaigns list and, in the same transaction, the audit log. */
export function recordCampaign(
  db: DeskDb,
  ctx: WriteContext,
  plan: CampaignPlan<ReconsentRow>,
  args: { purposeId: string; lettersFor: CampaignLettersFor; mailingPreset: MailingPreset },
): Promise<Campaign> {
  return write(db, ctx, (w) =>
    w.create(
      'campaign',
      {
        kind: 'reconsent',
        purposeId: args.purposeId,
        lettersFor: args.lettersFor,
        mailingPreset: args.mailingPreset,
        people: plan.emails.length + plan.withoutEmail,
        letters: plan.letters.length,
        emails: plan.emails.length,
        withoutEmail: plan.withoutEmail,
        notices: plan.notices.map(({ notice, language, formReference }) => ({
          noticeId: notice.id,
          number: notice.number,
          language,
          formReference,
        })),
      },
      { action: 'consent.campaign' },
    ),
  );
}

/** Campaigns of a purpose, newest first. */
export async function campaignsOf(db: DeskDb, purposeId: string): Promise<Campaign[]> {
  const rows = await db.campaigns.where('purposeId').equals(purposeId).toArray();
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
