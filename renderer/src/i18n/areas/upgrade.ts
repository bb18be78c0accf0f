/**
 * Messages of the opening screen while a new version updates the stored data, French then English
 * (keys must match; a unit test checks it). Merged into fr.ts / en.ts under the top-level key
 * 'upgrade'. One sentence per step an upgrade reports (renderer/src/db/upgrade-progress.ts).
 */
import type { DeepStrings } from './types';

export const upgradeFr = {
  title: 'Mise à jour des données pour cette version',
  progress: 'Avancement de la mise à jour',
  between:
    'Réorganisation de la base de données : cela peut prendre une minute, ne fermez pas l’application.',
  steps: {
    audit: 'Mise à jour du journal d’audit : {{done}} sur {{total}}',
    consents: 'Mise à jour du registre des consentements : {{done}} sur {{total}}',
    preferences: 'Mise à jour des choix de chaque personne : {{done}} sur {{total}}',
    contacts: 'Mise à jour des derniers contacts : {{done}} sur {{total}}',
    facts: 'Mise à jour du résumé de chaque personne : {{done}} sur {{total}}',
    oplog: 'Mise à jour du journal de synchronisation : {{done}} sur {{total}}',
    subjects: 'Mise à jour des fiches des personnes : {{done}} sur {{total}}',
    other: 'Mise à jour des données : {{done}} sur {{total}}',
  },
};

export const upgradeEn: DeepStrings<typeof upgradeFr> = {
  title: 'Updating the data for this version',
  progress: 'Update progress',
  between: 'Reorganising the database: this can take a minute, do not close the app.',
  steps: {
    audit: 'Updating the audit log: {{done}} of {{total}}',
    consents: 'Updating the consent ledger: {{done}} of {{total}}',
    preferences: 'Updating each person’s choices: {{done}} of {{total}}',
    contacts: 'Updating the last contacts: {{done}} of {{total}}',
    facts: 'Updating each person’s summary: {{done}} of {{total}}',
    oplog: 'Updating the sync log: {{done}} of {{total}}',
    subjects: 'Updating the people’s records: {{done}} of {{total}}',
    other: 'Updating the data: {{done}} of {{total}}',
  },
};
