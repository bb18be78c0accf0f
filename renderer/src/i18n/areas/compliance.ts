/**
 * Messages of the accountability area (compliance checks, staff training, "Pourquoi ?"), French then
 * English (keys must match; a unit test checks it). Merged into fr.ts / en.ts under 'compliance'.
 * The explanations themselves live in shared/explain/texts.ts.
 */
import type { DeepStrings } from './types';

export const complianceFr = {
  why: {
    button: 'Pourquoi ?',
    label: 'Pourquoi ? {{title}}',
    reference: 'Référence : {{reference}}',
  },
};

export const complianceEn: DeepStrings<typeof complianceFr> = {
  why: {
    button: 'Why?',
    label: 'Why? {{title}}',
    reference: 'Reference: {{reference}}',
  },
};
