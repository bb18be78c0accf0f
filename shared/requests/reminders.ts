/**
 * Deadline reminders: at D-7, at D-2 and when overdue, at most once a day per request. Pure: the
 * caller keeps what was sent (per device) and shows the reminders (desktop notification, or an
 * in-app banner where there is none).
 */
import { breachClock } from '../breaches/clock';
import { addDays } from '../deadlines';

export type ReminderStage = 'd7' | 'd2' | 'overdue';
/** Breaches not yet notified: when 24 hours or less are left of the 72, then once they have passed. */
export type BreachReminderStage = 'breach_nearing' | 'breach_overdue';
export type SentReminder = { on: string; stage: ReminderStage | BreachReminderStage };

export function reminderStage(dueOn: string, today: string): ReminderStage | null {
  if (!dueOn) return null;
  if (today > dueOn) return 'overdue';
  if (addDays(today, 2) >= dueOn) return 'd2';
  if (addDays(today, 7) >= dueOn) return 'd7';
  return null;
}

/**
 * Which requests to remind about today: those that reached a new stage, and overdue ones once a
 * day. Requests waiting for proof of identity are skipped (their clock is stopped).
 */
export function dueReminders<R extends { id: string; dueOn: string; waiting?: boolean }>(
  requests: readonly R[],
  today: string,
  sent: Readonly<Record<string, SentReminder>>,
): { request: R; stage: ReminderStage }[] {
  const due: { request: R; stage: ReminderStage }[] = [];
  for (const request of requests) {
    if (request.waiting) continue;
    const stage = reminderStage(request.dueOn, today);
    if (!stage) continue;
    const last = sent[request.id];
    if (last?.on === today) continue;
    if (last && last.stage === stage && stage !== 'overdue') continue;
    due.push({ request, stage });
  }
  return due;
}

/**
 * Which open breaches to remind about now: when one enters its last 24 hours and when it passes
 * the 72 (the clock counts hours, so a new stage is reminded even on a day already reminded), then
 * once a day while overdue. The caller passes only breaches still waiting for a decision.
 */
export function dueBreachReminders<B extends { id: string; awareAt: string }>(
  breaches: readonly B[],
  nowMs: number,
  today: string,
  sent: Readonly<Record<string, SentReminder>>,
): { breach: B; stage: BreachReminderStage; dueAt: string }[] {
  const due: { breach: B; stage: BreachReminderStage; dueAt: string }[] = [];
  for (const breach of breaches) {
    const clock = breachClock(breach.awareAt, nowMs);
    const stage = clock.overdue ? 'breach_overdue' : clock.nearing ? 'breach_nearing' : null;
    if (!stage) continue;
    const last = sent[breach.id];
    if (last && last.stage === stage && (stage === 'breach_nearing' || last.on === today)) continue;
    due.push({ breach, stage, dueAt: clock.dueAt });
  }
  return due;
}
