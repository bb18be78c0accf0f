import { describe, expect, it } from 'vitest';
import {
  consentSeries,
  lastMonths,
  requestSeries,
  retentionSeries,
  tallyDecisions,
} from '../../../../shared/dashboard/series';
import type { RuleOutcome } from '../../../../shared/retention';

describe('lastMonths', () => {
  it('ends with the month of today and crosses the year', () => {
    const months = lastMonths('2026-03-20');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-04');
    expect(months.at(-1)).toBe('2026-03');
    expect(lastMonths('2026-01-05', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});

describe('requestSeries', () => {
  const months = ['2026-01', '2026-02', '2026-03'];
  it('counts receipts by month received and answers by month answered, on time against the deadline', () => {
    const series = requestSeries(
      [
        { receivedOn: '2026-01-10', respondedOn: '2026-02-05', dueOn: '2026-02-10' },
        { receivedOn: '2026-01-20', respondedOn: '2026-02-25', dueOn: '2026-02-20' },
        { receivedOn: '2026-02-01', respondedOn: '', dueOn: '2026-03-02' },
        // Received before the window, answered in it.
        { receivedOn: '2025-12-15', respondedOn: '2026-01-15', dueOn: '2026-01-15' },
      ],
      months,
    );
    expect(series).toEqual([
      { month: '2026-01', received: 2, answered: 1, onTime: 1, onTimeShare: 1 },
      { month: '2026-02', received: 1, answered: 2, onTime: 1, onTimeShare: 0.5 },
      { month: '2026-03', received: 0, answered: 0, onTime: 0, onTimeShare: null },
    ]);
  });
});

describe('consentSeries', () => {
  it('sums the months of each purpose; refusals count with withdrawals', () => {
    const tallies = new Map([
      ['p1', [tallyDecisions(['granted', 'granted', 'withdrawn']), tallyDecisions(['refused', 'granted'])]],
    ]);
    expect(consentSeries(['p1', 'p2'], tallies)).toEqual([
      { purposeId: 'p1', given: 3, withdrawn: 2 },
      { purposeId: 'p2', given: 0, withdrawn: 0 },
    ]);
  });
});

describe('retentionSeries', () => {
  const rule = (ruleId: string) => ({ ruleId }) as RuleOutcome;
  it('groups people by the rule that kept them longest, largest first', () => {
    const bars = retentionSeries([{ reason: rule('a') }, { reason: rule('b') }, { reason: rule('b') }]);
    expect(bars.map((bar) => [bar.rule.ruleId, bar.people])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});
