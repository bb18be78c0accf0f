/**
 * Deadline reminders: at D-7, at D-2 and when overdue, at most once a day per request. Pure: the
 * caller keeps what was sent (per device) and shows the reminders (desktop notification, or an
 * in-app banner where there is none).
 */
import { addDays } from '../deadlines';

export type ReminderStage = 'd7' | 'd2' | 'overdue';
export type SentReminder = { on: string; stage: ReminderStage };

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
