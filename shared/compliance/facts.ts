/**
 * What the compliance checks look at: small facts the renderer gathers from indexes (open requests,
 * a capped list of unproven consents, the handful of purposes, notices, register entries, breaches
 * and staff), never the ledgers whole. Everything here is plain data, so the checks stay pure.
 */
import type { RegisterEntryData } from '../registers/model';
import type { NotificationDecision } from '../breaches/model';
import type { RequestClock, RequestStatus } from '../requests/model';

export type OpenRequestFact = {
  id: string;
  reference: string;
  receivedOn: string;
  status: RequestStatus;
  clock: RequestClock;
  dueOn: string;
  noticeDueOn: string;
  extended: boolean;
};

/** A letter recorded as sent for one of the open requests. */
export type LetterFact = { requestId: string; kind: string; on: string };

export type ComplianceFacts = {
  /** The local day the checks run on. */
  today: string;
  openRequests: OpenRequestFact[];
  letters: LetterFact[];
  /** People's current consents (their latest decision is "granted") recorded without any proof. */
  unprovenConsents: { count: number; first: { subjectId: string; name: string }[] };
  purposes: { id: string; active: boolean; createdAt: string }[];
  notices: { id: string; number: number; effectiveOn: string; createdAt: string }[];
  registerEntries: (Pick<
    RegisterEntryData,
    | 'name'
    | 'controller'
    | 'purposes'
    | 'lawfulBases'
    | 'subjectCategories'
    | 'dataCategories'
    | 'recipients'
    | 'retention'
    | 'security'
    | 'active'
    | 'reviewedOn'
  > & {
    id: string;
    /** When the entry's content last changed (its latest version): a review changes none of it. */
    changedAt: string;
  })[];
  breaches: {
    id: string;
    title: string;
    authority: { decision: NotificationDecision };
    people: { decision: NotificationDecision };
  }[];
  retention: {
    activeRules: number;
    pastRetention: number;
    first: { subjectId: string; name: string }[];
  };
  /** ISO instant of the latest archive export known, or null. */
  lastArchiveExport: string | null;
  archiveEveryMonths: number;
  /** This device belongs to a sync space (the other devices hold a copy). */
  syncConfigured: boolean;
  /** `hasCode`: the member has an app-lock PIN or passphrase (only whether, never the secret). */
  staff: { id: string; name: string; active: boolean; hasCode: boolean }[];
  /** Minutes without use before the app locks by itself; 0 when it never does. */
  lockAfterMinutes: number;
  /** Each staff member's latest training completion. */
  trainings: { staffId: string; moduleVersion: number; completedAt: string }[];
  trainingModuleVersion: number;
};
