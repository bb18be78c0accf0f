import { describe, expect, it } from 'vitest';
import { dueBreachReminders, type SentReminder } from '../../../../shared/requests';

const HOUR = 3_600_000;
const aware = '2026-03-20T08:00:00.000Z';
const at = (hours: number) => Date.parse(aware) + hours * HOUR;

describe('breach reminders', () => {
  const breaches = [{ id: 'b1', awareAt: aware }];

  it('say nothing while more than 24 hours are left', () => {
    expect(dueBreachReminders(breaches, at(47), '2026-03-22', {})).toEqual([]);
  });

  it('remind once when the last 24 hours start, with the deadline', () => {
    const due = dueBreachReminders(breaches, at(48), '2026-03-22', {});
    expect(due).toEqual([
      { breach: breaches[0], stage: 'breach_nearing', dueAt: '2026-03-23T08:00:00.000Z' },
    ]);
    const sent: Record<string, SentReminder> = { b1: { on: '2026-03-22', stage: 'breach_nearing' } };
    expect(dueBreachReminders(breaches, at(60), '2026-03-23', sent)).toEqual([]);
  });

  it('remind again when the 72 hours pass, even on a day already reminded, then once a day', () => {
    const nearing: Record<string, SentReminder> = { b1: { on: '2026-03-23', stage: 'breach_nearing' } };
    expect(dueBreachReminders(breaches, at(72) + 1, '2026-03-23', nearing).map((r) => r.stage)).toEqual([
      'breach_overdue',
    ]);
    const overdue: Record<string, SentReminder> = { b1: { on: '2026-03-23', stage: 'breach_overdue' } };
    expect(dueBreachReminders(breaches, at(80), '2026-03-23', overdue)).toEqual([]);
    expect(dueBreachReminders(breaches, at(90), '2026-03-24', overdue).map((r) => r.stage)).toEqual([
      'breach_overdue',
    ]);
  });
});
