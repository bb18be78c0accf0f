import { computeDeadline, type DeadlineResult, type PausePolicy } from '../deadlines';
import { OPEN_STATUSES, type RequestClock, type RequestData, type RequestIndexes } from './model';
import { effectivePauses } from './workflow';

/** Where the organisation is (its public holidays) and how it treats waiting for identity. */
export type DeadlinePlace = { country: string; region: string; pausePolicy: PausePolicy };

/** The legal deadlines of a request as of `today` (an open wait for identity counts up to today). */
export function requestDeadline(
  request: Pick<RequestData, 'receivedOn' | 'extended' | 'pauses' | 'identity' | 'identityRequestedOn'>,
  place: DeadlinePlace,
  today: string,
): DeadlineResult {
  return computeDeadline({
    receivedOn: request.receivedOn,
    country: place.country,
    region: place.region || undefined,
    extended: request.extended,
    pauses: effectivePauses(request, today),
    pausePolicy: place.pausePolicy,
  });
}

export function requestIndexes(data: RequestData, place: DeadlinePlace, today: string): RequestIndexes {
  const deadline = requestDeadline(data, place, today);
  return {
    clock: requestClock(data),
    dueOn: deadline.dueOn,
    noticeDueOn: deadline.noticeDueOn,
  };
}

export function requestClock(data: Pick<RequestData, 'status' | 'identity'>): RequestClock {
  if (!OPEN_STATUSES.includes(data.status)) return 'closed';
  return data.status === 'identity_check' && data.identity === 'requested' ? 'stopped' : 'running';
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A three-letter code for a device, from its id. References carry it, so two devices creating
 * requests offline never hand out the same reference.
 */
export function deviceCode(deviceId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < deviceId.length; i += 1) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return [0, 5, 10].map((shift) => BASE32[(hash >>> shift) & 31]).join('');
}

/** DSR-2026-K7Q-0042: year of receipt, device code, per-device counter for that year. */
export function requestReference(year: number, code: string, sequence: number): string {
  return `DSR-${year}-${code}-${String(sequence).padStart(4, '0')}`;
}
