/**
 * What the dashboard says about one open request: how far its deadline is, in calendar days (what a
 * shop owner counts, the legal date itself is shown beside it), and the one step that moves it on.
 */
import { parseIsoDate } from '../deadlines/calendar';
import type { DsRequest } from './model';
import type { WorkflowActionType } from './workflow';

export type DueInWords =
  /** Waiting for proof of identity: the clock is stopped, no day counts. */
  | { kind: 'stopped' }
  | { kind: 'today' }
  | { kind: 'left'; days: number }
  | { kind: 'overdue'; days: number };

/** Calendar days from `today` to the request's due date, or why none count. */
export function dueInWords(request: Pick<DsRequest, 'clock' | 'dueOn'>, today: string): DueInWords | null {
  if (request.clock === 'closed') return null;
  if (request.clock === 'stopped') return { kind: 'stopped' };
  const due = parseIsoDate(request.dueOn);
  const now = parseIsoDate(today);
  if (due === undefined || now === undefined) return null;
  if (due === now) return { kind: 'today' };
  return due > now ? { kind: 'left', days: due - now } : { kind: 'overdue', days: now - due };
}

/**
 * The step that moves a request on, among those its workflow allows: answer the proof of identity
 * when it is awaited or arrived, begin work on a new request, otherwise answer the person.
 */
export function nextStep(request: Pick<DsRequest, 'status' | 'identity'>): WorkflowActionType | null {
  switch (request.status) {
    case 'received':
      return 'start';
    case 'identity_check':
      if (request.identity === 'requested') return 'receive_identity';
      if (request.identity === 'received') return 'verify_identity';
      return 'respond';
    case 'in_progress':
    case 'extended':
      return 'respond';
    default:
      return null;
  }
}
