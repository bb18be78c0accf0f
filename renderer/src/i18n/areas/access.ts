/**
 * Messages of the access area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'access'.
 */
import type { DeepStrings } from './types';

export const accessFr = {
  title: 'Droit d’accès et portabilité',
};

export const accessEn: DeepStrings<typeof accessFr> = {
  title: 'Access and portability',
};
