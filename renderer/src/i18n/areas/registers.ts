/**
 * Messages of the registers area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'registers'.
 */
import type { DeepStrings } from './types';

export const registersFr = {
  title: 'Registres',
};

export const registersEn: DeepStrings<typeof registersFr> = {
  title: 'Registers',
};
