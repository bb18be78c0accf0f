import type { WorkflowAction } from '../../../../shared/requests';
import { useDbMutation, useDbQuery } from '../../app/queries';
import {
  addRequestAttachment,
  addRequestNote,
  applyRequestAction,
  createRequest,
  dashboardRequests,
  getRequest,
  listRequests,
  recordLetterSent,
  requestTimeline,
  setChecklistItem,
  type RequestIntake,
  type SentLetter,
} from '../../db/requests';
import type { AttachmentRef } from '../../../../shared/requests';
import { useOrganisationQuery } from '../settings/hooks';
import type { DeadlinePlace } from '../../../../shared/requests';

export const useRequests = (scope: 'open' | 'all') =>
  useDbQuery(['requests', 'list', scope], (db) => listRequests(db, { scope }));
export const useSubjectRequests = (subjectId: string) =>
  useDbQuery(['requests', 'subject', subjectId], (db) => listRequests(db, { scope: 'all', subjectId }));
export const useRequest = (id: string) => useDbQuery(['requests', 'one', id], (db) => getRequest(db, id));
export const useTimeline = (id: string) =>
  useDbQuery(['requests', 'timeline', id], (db) => requestTimeline(db, id));
export const useDashboard = (today: string) =>
  useDbQuery(['requests', 'dashboard', today], (db) => dashboardRequests(db, today));

/** The organisation's calendar for deadlines, once set up. */
export function usePlace(): DeadlinePlace | null {
  const organisation = useOrganisationQuery().data;
  return organisation
    ? {
        country: organisation.country,
        region: organisation.region,
        pausePolicy: organisation.pausePolicy ?? 'suspend',
      }
    : null;
}

export const useCreateRequest = () =>
  useDbMutation((db, ctx, intake: RequestIntake) => createRequest(db, ctx, intake));
export const useRequestAction = (id: string) =>
  useDbMutation((db, ctx, vars: { action: WorkflowAction; note?: string }) =>
    applyRequestAction(db, ctx, id, vars.action, vars.note),
  );
export const useAddNote = (id: string) =>
  useDbMutation((db, ctx, note: string) => addRequestNote(db, ctx, id, note));
export const useAddAttachment = (id: string) =>
  useDbMutation((db, ctx, attachment: AttachmentRef) => addRequestAttachment(db, ctx, id, attachment));
export const useRecordLetter = (id: string) =>
  useDbMutation((db, ctx, letter: SentLetter) => recordLetterSent(db, ctx, id, letter));
export const useChecklistItem = (id: string) =>
  useDbMutation((db, ctx, vars: { itemId: string; doneOn: string }) =>
    setChecklistItem(db, ctx, id, vars.itemId, vars.doneOn),
  );
