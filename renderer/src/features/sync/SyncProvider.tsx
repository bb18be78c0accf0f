import { useQueryClient } from '@tanstack/react-query';
import { Dexie } from 'dexie';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useDesk } from '../../app/context';
import { holidaysReady } from '../../db/holidays';
import { createSyncRunner, type PassState, type SyncRunner } from './runner';

const SyncContext = createContext<SyncRunner | null>(null);

/**
 * Runs sync in the background for the whole app (the first-run screen too, so that a joining
 * device receives its workspace): a pass at start, when the Node side says the folder changed or
 * its timer fired, and shortly after local writes. Screens update through the 'db' queries, which
 * App's LiveRefresh invalidates when Dexie reports the merged writes.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const { desk, db } = useDesk();
  const client = useQueryClient();
  const runner = useMemo(() => createSyncRunner(desk, db), [desk, db]);
  useEffect(() => {
    const offEvents = desk.on('sync:changed', () => runner.request());
    // Local writes go out within a second or so; a pass with nothing to do writes nothing.
    const onWrite = () => runner.request(1000);
    Dexie.on('storagemutated', onWrite);
    const offState = runner.subscribe(() => void client.invalidateQueries({ queryKey: ['sync'] }));
    // Merged requests and organisations need the public holidays, which load after the first
    // screen; until then the runner is stopped and ignores requests.
    let unmounted = false;
    void holidaysReady.then(() => {
      if (unmounted) return;
      runner.start();
      runner.request(0);
    });
    return () => {
      unmounted = true;
      offEvents();
      Dexie.on.storagemutated.unsubscribe(onWrite);
      offState();
      runner.stop();
    };
  }, [desk, runner, client]);
  return <SyncContext.Provider value={runner}>{children}</SyncContext.Provider>;
}

export function useSyncRunner(): SyncRunner {
  const runner = useContext(SyncContext);
  if (!runner) throw new Error('useSyncRunner outside SyncProvider');
  return runner;
}

export function usePassState(): PassState {
  const runner = useSyncRunner();
  return useSyncExternalStore(runner.subscribe, runner.state);
}
