/**
 * Messages of the retention area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'retention'.
 */
import type { DeepStrings } from './types';

export const retentionFr = {
  title: 'Conservation',
};

export const retentionEn: DeepStrings<typeof retentionFr> = {
  title: 'Retention',
};
