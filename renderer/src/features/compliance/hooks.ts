import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { runChecks, type CheckResult } from '../../../../shared/compliance';
import { useDesk, useWriteContext } from '../../app/context';
import { useDbQuery } from '../../app/queries';
import { call } from '../../app/transport';
import { useToday } from '../../app/useToday';
import { complianceHistory, gatherComplianceFacts, recordComplianceRun } from '../../db/compliance';
import { deviceIdOf } from '../../db/write';

export type ComplianceView = { results: CheckResult[]; archiveEveryMonths: number };

/**
 * The checks as of today. Under the 'db' key, so a fix made anywhere re-runs them. Sync lives on
 * the Node side: its status says whether this device shares the workspace with another.
 */
export function useComplianceChecks() {
  const { db, desk } = useDesk();
  const today = useToday();
  return useQuery({
    queryKey: ['db', 'compliance', today],
    queryFn: async (): Promise<ComplianceView> => {
      const deviceId = await deviceIdOf(db);
      const status = await call(desk, 'sync:status', { deviceId });
      const facts = await gatherComplianceFacts(db, { today, syncConfigured: status.joined });
      return { results: runChecks(facts), archiveEveryMonths: facts.archiveEveryMonths };
    },
  });
}

export function useComplianceHistory() {
  return useDbQuery(['compliance-history'], (db) => complianceHistory(db));
}

/**
 * Keep a run in the history. Only the history is refreshed after it: refreshing every query would
 * re-run the checks, which would record again.
 */
export function useRecordRun() {
  const { db } = useDesk();
  const ctx = useWriteContext();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (results: readonly CheckResult[]) => recordComplianceRun(db, ctx, results),
    onSuccess: (run) => {
      if (run) void client.invalidateQueries({ queryKey: ['db', 'compliance-history'] });
    },
  });
}
