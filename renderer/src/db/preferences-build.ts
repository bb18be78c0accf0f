/**
 * Building the derived `preferences` table of versions 7–21 from the whole ledger: the upgrades of
 * those versions (version 22 turns the table into the per-person `facts`, facts.ts). Kept out of
 * the schema module, which imports it.
 */
import type { Collection, Table } from 'dexie';
import {
  compareConsentEvents,
  isCorrection,
  preferenceOf,
  type Preference,
} from '../../../shared/consent/derive';
import type { ConsentEvent } from '../../../shared/consent/model';

/**
 * Every person's latest uncorrected decision per purpose, in two passes over the events (the
 * corrected ids first, then one best event per person and purpose), so memory holds one row per
 * person and purpose, never the ledger.
 */
export async function rebuildAllPreferences(
  events: Pick<Collection<ConsentEvent>, 'each'>,
  preferences: Table<Preference, [string, string]>,
): Promise<void> {
  const corrected = new Set<string>();
  await events.each((event) => {
    if (isCorrection(event)) corrected.add(event.correctsEventId);
  });
  const best = new Map<string, Preference>();
  await events.each((event) => {
    if (corrected.has(event.id)) return;
    const key = `${event.subjectId}\u0000${event.purposeId}`;
    const current = best.get(key);
    if (!current || compareConsentEvents(event, current) > 0) best.set(key, preferenceOf(event));
  });
  await preferences.clear();
  await preferences.bulkPut([...best.values()]);
}
