/**
 * Each person's latest decision per purpose, derived from their consent events. Since schema v20
 * they are kept in the person's ledger row (ledger.ts), written with the events in the same
 * transaction by derived-bulk.ts and rebuilt from them whenever the row is; read them through
 * `preferencesOfSubject` and `preferencesOf`.
 */
import type { Preference } from '../../../shared/consent/derive';
import type { DeskDb } from './schema';

export { preferencesOf, preferencesOfSubject } from './ledger';

/**
 * The number of current consents without proof (the ledger rows' `unproven` purposes), kept in
 * `meta` so the compliance check reads one row instead of counting an index that grows with the
 * shop. Every write of ledger rows (derived-bulk.ts, erasure.ts) keeps it in step in the same
 * transaction; it is counted from the index once (compliance.ts), and until then not kept.
 */
export const UNPROVEN_COUNT_KEY = 'compliance.unprovenConsents';

export const unprovenIn = (rows: readonly (Preference | undefined)[]): number =>
  rows.reduce((count, row) => count + (row?.unproven === 1 ? 1 : 0), 0);

export async function noteUnprovenChange(db: DeskDb, delta: number): Promise<void> {
  if (delta === 0) return;
  const row = await db.meta.get(UNPROVEN_COUNT_KEY);
  if (typeof row?.value !== 'number') return;
  await db.meta.put({ key: UNPROVEN_COUNT_KEY, value: Math.max(0, row.value + delta) });
}
