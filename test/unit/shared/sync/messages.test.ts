import { describe, expect, it } from 'vitest';
import { syncEn, syncFr } from '../../../../renderer/src/i18n/areas/sync';
import { SYNC_ERROR_CODES, SYNC_PROBLEM_CODES, SyncError, syncProblem } from '../../../../shared/sync/errors';
import { estimatePassphrase } from '../../../../shared/sync/passphrase';

function lookup(messages: unknown, key: string): unknown {
  return key
    .replace(/^sync\./, '')
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe('sync messages', () => {
  it('every error, problem and passphrase warning has its message in French and English', () => {
    const keys = [
      ...SYNC_ERROR_CODES.map((code) => new SyncError(code).message),
      ...SYNC_PROBLEM_CODES.map((code) => syncProblem(code).message),
      ...['azerty', 'aaaaaaaaaaaa', 'abcdefghijkl', 'bonjourbonjour'].flatMap(
        (p) => estimatePassphrase(p).warnings,
      ),
    ];
    expect(keys).toContain('sync.errors.wrongPassphrase');
    expect(keys).toContain('sync.passphrase.sequence');
    for (const key of keys) {
      expect(lookup(syncFr, key), key).toBeTypeOf('string');
      expect(lookup(syncEn, key), key).toBeTypeOf('string');
    }
  });
});
