/**
 * Messages of the sync area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'sync'.
 */
import type { DeepStrings } from './types';

export const syncFr = {
  title: 'Synchronisation',
};

export const syncEn: DeepStrings<typeof syncFr> = {
  title: 'Sync',
};
