/**
 * Failures of the sync engine: a stable code, and a message key the UI translates
 * (renderer/src/i18n/areas/sync.ts, under sync.errors).
 */
export const SYNC_ERROR_CODES = [
  'wrong_passphrase',
  'weak_passphrase',
  'kdf_params',
  'corrupt',
  'folder_missing',
  'space_missing',
  'space_exists',
  'space_mismatch',
  'space_version',
  'not_joined',
  'disk_full',
  'write_failed',
  'read_failed',
  'attachment_missing',
  'device_unknown',
  'locked',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** Problems a sync pass reports while it carries on (translated under sync.problems). */
export const SYNC_PROBLEM_CODES = [
  'segment_incomplete',
  'segment_version',
  'segment_corrupt',
  'segment_mismatch',
  'segment_missing',
  'segment_restored',
  'conflicted_copy',
  'unexpected_file',
  'duplicate_device',
  'clock_skew',
  'device_unreadable',
  'snapshot_unreadable',
  'file_refused',
  'file_too_large',
  'rollback',
  'signature_invalid',
  'chain_broken',
  'device_removed',
  'removed_from_space',
  'awaiting_registration',
] as const;
export type SyncProblemCode = (typeof SYNC_PROBLEM_CODES)[number];

/**
 * A problem found in the folder. Names only device ids, sequence numbers and file names (which
 * carry nothing else), never personal data.
 */
export type SyncProblem = {
  code: SyncProblemCode;
  /** Message key, e.g. 'sync.problems.conflictedCopy'. */
  message: string;
  deviceId?: string;
  /** Path inside the space folder, e.g. 'devices/3f…/seg-1-10 (conflicted copy).rgs'. */
  file?: string;
  from?: number;
  to?: number;
  skewMs?: number;
  version?: number;
};

export function syncProblem(
  code: SyncProblemCode,
  facts: Omit<SyncProblem, 'code' | 'message'> = {},
): SyncProblem {
  return { code, message: syncMessageKey('problems', code), ...facts };
}

/** 'wrong_passphrase' → 'sync.errors.wrongPassphrase' */
export function syncMessageKey(group: 'errors' | 'problems', code: string): string {
  return `sync.${group}.${code.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())}`;
}

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    /** Technical detail for the log (never shown to users, never personal data). */
    readonly detail = '',
  ) {
    super(syncMessageKey('errors', code));
  }
}
