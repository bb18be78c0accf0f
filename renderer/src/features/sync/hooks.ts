import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SyncStatusView } from '../../../../shared/ipc/contract';
import { useDesk } from '../../app/context';
import { call } from '../../app/transport';
import { rememberSpace, SYNC_META, unpushedCount } from '../../db/sync';
import { deviceIdOf } from '../../db/write';

/** This device's place in its space, from the Node side; refreshed after every pass. */
export function useSyncStatus() {
  const { desk, db } = useDesk();
  return useQuery({
    queryKey: ['sync', 'status'],
    queryFn: async (): Promise<SyncStatusView & { unpushed: number; previousSpace: string | null }> => {
      const deviceId = await deviceIdOf(db);
      const status = await call(desk, 'sync:status', { deviceId });
      const previous = (await db.meta.get(SYNC_META.spaceId))?.value;
      return {
        ...status,
        unpushed: await unpushedCount(db, deviceId),
        previousSpace: typeof previous === 'string' ? previous : null,
      };
    },
    // Devices' last activity changes without any pass here.
    refetchInterval: 15_000,
  });
}

export type SpaceInput = { folder: string; passphrase: string; label: string; expectedSpaceId?: string };

/** Create or join a space; the space id is remembered so this device can only rejoin that one. */
export function useStartSpace(kind: 'create' | 'join') {
  const { desk, db } = useDesk();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SpaceInput) => {
      const deviceId = await deviceIdOf(db);
      const { spaceId } =
        kind === 'create'
          ? await call(desk, 'sync:create', {
              deviceId,
              folder: input.folder,
              passphrase: input.passphrase,
              label: input.label,
            })
          : await call(desk, 'sync:join', { deviceId, ...input });
      await rememberSpace(db, spaceId, kind);
      return spaceId;
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['sync'] }),
  });
}

/** Pause, resume, change the passphrase, unlock, remove another device or leave. */
export function useSyncCommand() {
  const { desk, db } = useDesk();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (
      command:
        | { kind: 'pause'; paused: boolean }
        | { kind: 'passphrase'; current: string; next: string }
        | { kind: 'unlock'; passphrase: string }
        | { kind: 'remove'; target: string; passphrase: string }
        | { kind: 'leave' },
    ) => {
      const deviceId = await deviceIdOf(db);
      if (command.kind === 'pause') await call(desk, 'sync:pause', { deviceId, paused: command.paused });
      else if (command.kind === 'unlock')
        await call(desk, 'sync:unlock', { deviceId, passphrase: command.passphrase });
      else if (command.kind === 'remove')
        await call(desk, 'sync:remove-device', {
          deviceId,
          target: command.target,
          passphrase: command.passphrase,
        });
      else if (command.kind === 'passphrase')
        await call(desk, 'sync:change-passphrase', {
          deviceId,
          current: command.current,
          next: command.next,
        });
      else await call(desk, 'sync:leave', { deviceId });
      return command.kind;
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['sync'] }),
  });
}
