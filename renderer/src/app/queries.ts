import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { DeskDb } from '../db/schema';
import type { WriteContext } from '../db/write';
import { useDesk, useWriteContext } from './context';

/** A read from the workspace database, cached by React Query and refreshed after every write. */
export function useDbQuery<T>(key: readonly unknown[], read: (db: DeskDb) => Promise<T>): UseQueryResult<T> {
  const { db } = useDesk();
  return useQuery({ queryKey: ['db', ...key], queryFn: () => read(db) });
}

/** A write through the one write path, as the active operator; every db query refreshes after it. */
export function useDbMutation<Vars, Out>(write: (db: DeskDb, ctx: WriteContext, vars: Vars) => Promise<Out>) {
  const { db } = useDesk();
  const ctx = useWriteContext();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: Vars) => write(db, ctx, vars),
    onSuccess: () => client.invalidateQueries({ queryKey: ['db'] }),
  });
}
