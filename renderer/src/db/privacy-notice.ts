/**
 * The privacy notice's facts, read from the workspace (organisation, record of processing
 * activities, retention rules, purposes), and the record of its generation on the organisation
 * (through the write path, so it is audited and travels with sync).
 */
import {
  buildPrivacyNotice,
  noticeSourceHash,
  type NoticeLanguage,
  type PrivacyNotice,
  type PrivacyNoticeFacts,
} from '../../../shared/notice/privacy';
import type { DeskDb } from './schema';
import { NotFoundError, write, type WriteContext } from './write';

export async function privacyNoticeFacts(db: DeskDb): Promise<PrivacyNoticeFacts> {
  const organisation = await db.organisation.toCollection().first();
  if (!organisation) throw new NotFoundError('organisation', '');
  const entries = (await db.registerEntries.toArray())
    .filter((entry) => entry.active)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const rules = (await db.retentionRules.toArray())
    .filter((rule) => rule.active)
    .sort((a, b) => a.id.localeCompare(b.id));
  const purposes = (await db.purposes.toArray())
    .filter((purpose) => purpose.active)
    .sort((a, b) => a.id.localeCompare(b.id));
  const lastChange = entries.reduce(
    (latest, entry) => (entry.updatedAt > latest ? entry.updatedAt : latest),
    '',
  );
  return {
    organisation: {
      legalName: organisation.legalName,
      address: organisation.address,
      registrationNumber: organisation.registrationNumber,
      contactEmail: organisation.contactEmail,
      dpoEmail: organisation.dpoEmail,
    },
    activities: entries.map((entry) => ({
      name: entry.name,
      purposes: entry.purposes,
      lawfulBases: entry.lawfulBases,
      lawfulBasisDetails: entry.lawfulBasisDetails,
      subjectCategories: entry.subjectCategories,
      dataCategories: entry.dataCategories.map((category) => ({ name: category.name })),
      recipients: entry.recipients,
      transfers: entry.transfers,
      retention: entry.retention,
      sources: entry.sources,
      consentPurposeIds: entry.consentPurposeIds,
    })),
    retentionRules: rules.map(({ scope, category, purposeId, anchor, months, reference }) => ({
      scope,
      category,
      purposeId,
      anchor,
      months,
      reference,
    })),
    purposes: purposes.map(({ id, name, description, lawfulBasis }) => ({
      id,
      name,
      description,
      lawfulBasis,
    })),
    registerUpdatedOn: (lastChange || organisation.updatedAt).slice(0, 10),
  };
}

export type PrivacyNoticeState = {
  /** The last generation, or null when the notice was never generated. */
  generatedOn: string | null;
  /** True when the facts changed since the last generation (or there was none). */
  outdated: boolean;
};

export async function privacyNoticeState(db: DeskDb): Promise<PrivacyNoticeState> {
  const organisation = await db.organisation.toCollection().first();
  const last = organisation?.privacyNotice ?? null;
  if (!last) return { generatedOn: null, outdated: true };
  return {
    generatedOn: last.generatedOn,
    outdated: noticeSourceHash(await privacyNoticeFacts(db)) !== last.sourceHash,
  };
}

/** Write the notice from the workspace as it is now, and record that it was generated. */
export async function generatePrivacyNotice(
  db: DeskDb,
  ctx: WriteContext,
  lang: NoticeLanguage,
  today: string,
): Promise<PrivacyNotice> {
  return write(db, ctx, async (w) => {
    const facts = await privacyNoticeFacts(db);
    const notice = buildPrivacyNotice(facts, lang, today);
    const organisation = (await db.organisation.toCollection().first())!;
    await w.update(
      'organisation',
      organisation.id,
      { privacyNotice: { generatedOn: today, sourceHash: notice.sourceHash } },
      'organisation.privacyNotice',
    );
    return notice;
  });
}
