/**
 * Messages of the access area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'access'.
 */
import type { DeepStrings } from './types';

export const accessFr = {
  title: 'Droit d’accès et portabilité',
  open: 'Dossier d’accès et portabilité',
  intro:
    'Tout ce que l’application détient sur cette personne : un résumé lisible en PDF, et les mêmes données en JSON et en CSV, lisibles par machine (articles 15 et 20 du RGPD). À joindre à la lettre de réponse.',
  request: 'Pour la demande',
  noRequest: 'Aucune demande (dossier remis hors demande)',
  closed: 'close',
  language: 'Langue du dossier',
  make: 'Préparer le dossier',
  made: 'Dossier préparé : enregistrez les trois fichiers et joignez-les à la réponse.',
  madeForRequest:
    'Dossier préparé et noté sur la demande {{reference}} : enregistrez les trois fichiers et joignez-les à la réponse.',
  savePdf: 'Enregistrer le PDF',
  saveJson: 'Enregistrer le JSON',
  saveCsv: 'Enregistrer le CSV',
  saved: 'Fichier enregistré.',
  fileBase: 'donnees-personnelles',
  errors: {
    requestNotTheirs: 'Cette demande ne concerne pas cette personne.',
  },
  pdf: {
    categories: {
      prospect: 'Vos données de prospect',
      customer: 'Vos données de client',
    },
    anchors: {
      last_contact: 'notre dernier contact',
      relationship_end: 'la fin de notre relation',
      last_decision: 'votre dernière décision',
    },
  },
};

export const accessEn: DeepStrings<typeof accessFr> = {
  title: 'Access and portability',
  open: 'Access and portability package',
  intro:
    'Everything the application holds about this person: a readable PDF summary, and the same data as JSON and CSV, machine-readable (Articles 15 and 20 GDPR). To send with the response letter.',
  request: 'For the request',
  noRequest: 'No request (package given outside a request)',
  closed: 'closed',
  language: 'Language of the package',
  make: 'Prepare the package',
  made: 'Package prepared: save the three files and send them with the response.',
  madeForRequest:
    'Package prepared and noted on request {{reference}}: save the three files and send them with the response.',
  savePdf: 'Save the PDF',
  saveJson: 'Save the JSON',
  saveCsv: 'Save the CSV',
  saved: 'File saved.',
  fileBase: 'personal-data',
  errors: {
    requestNotTheirs: 'This request is not about this person.',
  },
  pdf: {
    categories: {
      prospect: 'Your data as a prospect',
      customer: 'Your data as a customer',
    },
    anchors: {
      last_contact: 'our last contact',
      relationship_end: 'the end of our relationship',
      last_decision: 'your latest decision',
    },
  },
};
