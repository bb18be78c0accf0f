/**
 * Small facts kept beside the audit log so that nothing has to walk it to answer them: today the
 * instant of the latest archive export, which the compliance check asks on every run. Kept in
 * `meta` (this device's derived state, not a record: it neither syncs nor enters the audit log,
 * each device derives it from the entries it holds), in the same transaction as the entries.
 */
import type { AuditEntry } from '../../../shared/audit/chain';
import type { DeskDb } from './schema';

export const LAST_ARCHIVE_EXPORT_KEY = 'compliance.lastArchiveExport';

/** The stored form: `at` null when the log held no export when it was first derived. */
export type LastArchiveExport = { at: string | null };

export function storedLastExport(value: unknown): LastArchiveExport | null {
  if (typeof value !== 'object' || value === null || !('at' in value)) return null;
  const { at } = value as { at: unknown };
  return typeof at === 'string' || at === null ? { at } : null;
}

/**
 * Fold new audit entries (written here, or brought by sync) into the facts. Call it inside the
 * transaction that adds them. Until the facts were first derived from the whole log
 * (lastArchiveExportOf in compliance.ts) nothing is written: a value from these entries alone could
 * hide a later export already in the log.
 */
export function noteAuditFacts(
  db: DeskDb,
  entries: readonly Pick<AuditEntry, 'action' | 'at'>[],
): Promise<void> | null {
  let latest: string | null = null;
  for (const entry of entries)
    if (entry.action === 'archive.export' && (latest === null || entry.at > latest)) latest = entry.at;
  if (latest === null) return null;
  const at = latest;
  // Dexie's own promises, not an async function: the put must stay inside the caller's transaction.
  return db.meta.get(LAST_ARCHIVE_EXPORT_KEY).then((row) => {
    const stored = row ? storedLastExport(row.value) : null;
    if (!stored || (stored.at !== null && stored.at >= at)) return undefined;
    return db.meta
      .put({ key: LAST_ARCHIVE_EXPORT_KEY, value: { at } satisfies LastArchiveExport })
      .then(() => undefined);
  });
}
