/**
 * Messages of the archive area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'archive'.
 */
import type { DeepStrings } from './types';

export const archiveFr = {
  title: 'Archive',
};

export const archiveEn: DeepStrings<typeof archiveFr> = {
  title: 'Archive',
};
