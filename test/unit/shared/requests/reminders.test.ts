import { describe, expect, it } from 'vitest';
import { dueReminders, reminderStage } from '../../../../shared/requests';

describe('deadline reminders', () => {
  it('fire at D-7, D-2 and when overdue', () => {
    expect(reminderStage('2026-04-20', '2026-04-12')).toBeNull();
    expect(reminderStage('2026-04-20', '2026-04-13')).toBe('d7');
    expect(reminderStage('2026-04-20', '2026-04-18')).toBe('d2');
    expect(reminderStage('2026-04-20', '2026-04-20')).toBe('d2');
    expect(reminderStage('2026-04-20', '2026-04-21')).toBe('overdue');
  });

  it('at most once a day per request, once per stage, daily when overdue, never while waiting', () => {
    const requests = [
      { id: 'a', dueOn: '2026-04-20' },
      { id: 'b', dueOn: '2026-04-01' },
      { id: 'c', dueOn: '2026-04-15', waiting: true },
    ];
    const first = dueReminders(requests, '2026-04-14', {});
    expect(first.map((r) => `${r.request.id}:${r.stage}`)).toEqual(['a:d7', 'b:overdue']);
    const sent = {
      a: { on: '2026-04-14', stage: 'd7' as const },
      b: { on: '2026-04-14', stage: 'overdue' as const },
    };
    expect(dueReminders(requests, '2026-04-14', sent)).toEqual([]);
    expect(dueReminders(requests, '2026-04-15', sent).map((r) => r.request.id)).toEqual(['b']);
    expect(dueReminders(requests, '2026-04-18', sent).map((r) => `${r.request.id}:${r.stage}`)).toEqual([
      'a:d2',
      'b:overdue',
    ]);
  });
});
