/**
 * Progress of a schema upgrade, reported from inside Dexie's upgrade functions (which run before
 * `db.open()` resolves, so before React has the database) to whoever shows the opening screen.
 * A plain listener set: the upgrade runs in the renderer's one thread, so no queue is needed.
 */

/** Which part of an upgrade is running; the opening screen has a sentence for each. */
export type UpgradeStep =
  'audit' | 'consents' | 'preferences' | 'contacts' | 'facts' | 'oplog' | 'subjects' | 'other';

export type UpgradeProgress = { step: UpgradeStep; done: number; total: number };

type Listener = (progress: UpgradeProgress) => void;

const listeners = new Set<Listener>();
/** The latest report, for a screen that subscribes after the upgrade began. */
let latest: UpgradeProgress | null = null;

export function lastUpgradeProgress(): UpgradeProgress | null {
  return latest;
}

/** Subscribe; returns the unsubscribe function. */
export function onUpgradeProgress(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by upgrade functions as they go (every few thousand rows, not every row). */
export function reportUpgradeProgress(step: UpgradeStep, done: number, total: number): void {
  latest = { step, done, total };
  for (const listener of listeners) listener({ step, done, total });
}
