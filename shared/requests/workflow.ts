/**
 * The request workflow as a pure state machine: received → identity check (requested / received /
 * verified / failed) → in progress → extended → responded, or withdrawn at any open stage. Every
 * action returns the fields it changes, or is refused with a WorkflowError whose message is an
 * i18n key.
 */
import type { IdentityState, Outcome, RefusalReason, RequestData, RequestStatus } from './model';
import { OPEN_STATUSES } from './model';

export type WorkflowAction =
  | { type: 'request_identity'; on: string }
  | { type: 'receive_identity'; on: string }
  | { type: 'verify_identity'; on: string }
  | { type: 'fail_identity'; on: string }
  | { type: 'start'; on: string }
  | { type: 'extend'; on: string; reasons: string }
  | { type: 'respond'; on: string; outcome: Outcome; refusalReason?: RefusalReason | '' }
  | { type: 'withdraw'; on: string };
export type WorkflowActionType = WorkflowAction['type'];

export const WORKFLOW_ACTIONS: readonly WorkflowActionType[] = [
  'request_identity',
  'receive_identity',
  'verify_identity',
  'fail_identity',
  'start',
  'extend',
  'respond',
  'withdraw',
];

export class WorkflowError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type State = Pick<
  RequestData,
  'status' | 'identity' | 'identityRequestedOn' | 'pauses' | 'receivedOn' | 'extended' | 'outcome'
>;

/** Which actions make sense now, for the buttons a screen offers. */
export function allowedActions(state: Pick<State, 'status' | 'identity'>): WorkflowActionType[] {
  const { status, identity } = state;
  if (!OPEN_STATUSES.includes(status)) return [];
  const actions: WorkflowActionType[] = [];
  if ((status === 'received' || status === 'in_progress') && identity !== 'verified')
    actions.push('request_identity');
  if (status === 'identity_check' && identity === 'requested') actions.push('receive_identity');
  if (status === 'identity_check' && identity === 'received') actions.push('verify_identity');
  if (status === 'identity_check' && (identity === 'requested' || identity === 'received'))
    actions.push('fail_identity');
  if (status === 'received') actions.push('start');
  if (status === 'in_progress') actions.push('extend');
  if (canRespond(status, identity)) actions.push('respond');
  actions.push('withdraw');
  return actions;
}

function canRespond(status: RequestStatus, identity: IdentityState): boolean {
  if (status === 'identity_check') return identity === 'failed';
  return status === 'received' || status === 'in_progress' || status === 'extended';
}

export type WorkflowContext = {
  /** The controller's local date today ('YYYY-MM-DD'). */
  today: string;
  /** When the extension notice is due (the first deadline, rolled). */
  noticeDueOn: string;
};

/** The fields an action changes. Throws WorkflowError when the action makes no sense now. */
export function applyAction(
  state: State,
  action: WorkflowAction,
  ctx: WorkflowContext,
): Partial<RequestData> {
  if (!OPEN_STATUSES.includes(state.status)) throw new WorkflowError('closed', 'workflow.closed');
  if (!allowedActions(state).includes(action.type)) {
    throw new WorkflowError('not_allowed', 'workflow.notAllowed');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(action.on))
    throw new WorkflowError('invalid_date', 'validation.date', 'on');
  if (action.on > ctx.today) throw new WorkflowError('future_date', 'validation.futureDate', 'on');
  if (action.on < state.receivedOn) throw new WorkflowError('before_receipt', 'workflow.beforeReceipt', 'on');

  switch (action.type) {
    case 'request_identity':
      return { status: 'identity_check', identity: 'requested', identityRequestedOn: action.on };
    case 'receive_identity':
      return { identity: 'received', ...closePause(state, action.on) };
    case 'verify_identity':
      return { status: 'in_progress', identity: 'verified' };
    case 'fail_identity':
      return { identity: 'failed', ...(state.identity === 'requested' ? closePause(state, action.on) : {}) };
    case 'start':
      return { status: 'in_progress' };
    case 'extend': {
      const reasons = action.reasons.trim();
      if (reasons.length < 10)
        throw new WorkflowError('reasons_required', 'workflow.reasonsRequired', 'reasons');
      if (action.on > ctx.noticeDueOn)
        throw new WorkflowError('extend_too_late', 'workflow.extendTooLate', 'on');
      return { status: 'extended', extended: true, extensionReasons: reasons, extendedOn: action.on };
    }
    case 'respond': {
      const reason = action.refusalReason ?? '';
      if (action.outcome === 'refused' && reason === '') {
        throw new WorkflowError('refusal_reason_required', 'workflow.refusalReasonRequired', 'refusalReason');
      }
      if (action.outcome !== 'refused' && reason !== '') {
        throw new WorkflowError('reason_without_refusal', 'workflow.reasonWithoutRefusal', 'refusalReason');
      }
      if (state.identity === 'failed' && action.outcome !== 'refused') {
        throw new WorkflowError('identity_failed', 'workflow.identityFailed', 'outcome');
      }
      if (reason === 'identity_not_established' && state.identity !== 'failed') {
        throw new WorkflowError('identity_not_failed', 'workflow.identityNotFailed', 'refusalReason');
      }
      return { status: 'responded', outcome: action.outcome, refusalReason: reason, respondedOn: action.on };
    }
    case 'withdraw': {
      const pending = state.identity === 'requested' ? closePause(state, action.on) : {};
      return { status: 'withdrawn', withdrawnOn: action.on, ...pending };
    }
  }
}

function closePause(state: State, on: string): Pick<RequestData, 'pauses' | 'identityRequestedOn'> {
  const from = state.identityRequestedOn || on;
  return { pauses: [...state.pauses, { from, to: on < from ? from : on }], identityRequestedOn: '' };
}

/**
 * The pauses the deadline counts: the closed ones and, while proof of identity is awaited, the
 * open one up to today (the clock is stopped).
 */
export function effectivePauses(
  state: Pick<State, 'pauses' | 'identityRequestedOn' | 'identity'>,
  today: string,
) {
  if (state.identity === 'requested' && state.identityRequestedOn && state.identityRequestedOn <= today) {
    return [...state.pauses, { from: state.identityRequestedOn, to: today }];
  }
  return state.pauses;
}
