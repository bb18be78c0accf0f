/**
 * Messages for an edit form whose record was changed elsewhere while it was open (sync, another
 * window), French then English (keys must match; a unit test checks it). Merged into fr.ts / en.ts
 * under the top-level key 'edits'.
 */
import type { DeepStrings } from './types';

export const editsFr = {
  conflictTitle: 'Modifié ailleurs pendant que vous écriviez',
  conflictIntro:
    'Ces champs ont été changés sur un autre poste depuis l’ouverture du formulaire. Choisissez la valeur à garder pour chacun, puis enregistrez. Les autres champs que vous n’avez pas touchés gardent les valeurs les plus récentes.',
  theirs: 'Valeur enregistrée ailleurs : {{value}}',
  mine: 'Votre valeur : {{value}}',
  keepTheirs: 'Garder la valeur enregistrée ailleurs',
  keepMine: 'Garder ma valeur',
  empty: '(vide)',
  yes: 'oui',
  no: 'non',
};

export const editsEn: DeepStrings<typeof editsFr> = {
  conflictTitle: 'Changed elsewhere while you were typing',
  conflictIntro:
    'These fields were changed on another computer since the form was opened. Choose which value to keep for each, then save. The fields you did not touch keep their latest values.',
  theirs: 'Value saved elsewhere: {{value}}',
  mine: 'Your value: {{value}}',
  keepTheirs: 'Keep the value saved elsewhere',
  keepMine: 'Keep my value',
  empty: '(empty)',
  yes: 'yes',
  no: 'no',
};
