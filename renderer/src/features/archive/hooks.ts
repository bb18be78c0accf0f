import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDesk } from '../../app/context';
import { call } from '../../app/transport';

const KEYS = ['archive', 'keys'] as const;

/** The signing keys as the Node side knows them (current, previous, how a new one is protected). */
export function useArchiveKeys() {
  const { desk } = useDesk();
  return useQuery({ queryKey: KEYS, queryFn: () => call(desk, 'archive:keys', {}) });
}

export function useNewArchiveKey() {
  const { desk } = useDesk();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (passphrase: string | undefined) =>
      call(desk, 'archive:new-key', passphrase ? { passphrase } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: KEYS }),
  });
}

export const invalidateArchiveKeys = (client: ReturnType<typeof useQueryClient>) =>
  client.invalidateQueries({ queryKey: KEYS });
