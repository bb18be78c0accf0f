import { useDbMutation, useDbQuery } from '../../app/queries';
import {
  listNotices,
  listPurposes,
  recordConsents,
  subjectConsentEvents,
  withdrawConsent,
  type ConsentCapture,
} from '../../db/consents';
import type { ConsentChannel } from '../../../../shared/consent/model';
import { formatDateTime, formatDay } from '../../i18n';
import { usedNotices } from '../../db/used-notices';

export const usePurposes = () => useDbQuery(['consents', 'purposes'], listPurposes);
export const useNotices = () => useDbQuery(['consents', 'notices'], listNotices);
export const useUsedNotices = () => useDbQuery(['consents', 'usedNotices'], usedNotices);
export const useSubjectConsents = (subjectId: string) =>
  useDbQuery(['consents', 'subject', subjectId], (db) => subjectConsentEvents(db, subjectId));

export const useRecordConsents = () =>
  useDbMutation((db, ctx, capture: ConsentCapture) => recordConsents(db, ctx, capture));
export const useWithdrawConsent = () =>
  useDbMutation(
    (db, ctx, input: { subjectId: string; purposeId: string; channel: ConsentChannel; note?: string }) =>
      withdrawConsent(db, ctx, input),
  );

/** When a decision was made: its day alone when only the day is known (imported), else day and time. */
export function decidedText(event: { decidedAt: string; decidedOn?: string }, language: string): string {
  return event.decidedOn ? formatDay(event.decidedOn, language) : formatDateTime(event.decidedAt, language);
}

/** A purpose's or notice's name in the UI's language, falling back to the other. */
export function localisedName(value: { fr: string; en: string }, language: string): string {
  return (language === 'en' ? value.en || value.fr : value.fr || value.en) || '';
}
