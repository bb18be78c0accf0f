/**
 * The 72-hour clock of Art. 33(1) GDPR: the supervisory authority is notified "without undue delay
 * and, where feasible, not later than 72 hours after having become aware" of the breach. The hours
 * are real elapsed hours — unlike the one-month period of Art. 12(3), Regulation 1182/71 does not
 * roll them over weekends or holidays here, and a daylight-saving change does not add or remove one.
 */

export const NOTIFICATION_HOURS = 72;
const HOUR_MS = 3_600_000;
export const NOTIFICATION_WINDOW_MS = NOTIFICATION_HOURS * HOUR_MS;
/** Reminders start when this little is left. */
export const NEARING_MS = 24 * HOUR_MS;

export type BreachClock = {
  /** The deadline, as an ISO instant. */
  dueAt: string;
  dueMs: number;
  /** Until the deadline; negative once it has passed. */
  remainingMs: number;
  overdue: boolean;
  /** 24 hours or less left, not yet overdue. */
  nearing: boolean;
};

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  return ms;
}

/** The instant the notification is due: awareness plus 72 real hours. */
export function notificationDueMs(awareAt: string): number {
  return instantMs(awareAt) + NOTIFICATION_WINDOW_MS;
}

export function breachClock(awareAt: string, nowMs: number): BreachClock {
  const dueMs = notificationDueMs(awareAt);
  const remainingMs = dueMs - nowMs;
  return {
    dueAt: new Date(dueMs).toISOString(),
    dueMs,
    remainingMs,
    overdue: remainingMs < 0,
    nearing: remainingMs >= 0 && remainingMs <= NEARING_MS,
  };
}

/** A notification made after the 72 hours; it must give the reasons for the delay (Art. 33(1)). */
export function isLateNotification(awareAt: string, notifiedAt: string): boolean {
  return instantMs(notifiedAt) > notificationDueMs(awareAt);
}

/** A duration as whole hours, minutes and seconds (of its absolute value), for a countdown. */
export function durationParts(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.floor(Math.abs(ms) / 1000);
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}
