/**
 * Messages of the erasure area (Art. 17, the suppression list), French then English (keys must
 * match; a unit test checks it). Merged into fr.ts / en.ts under the top-level key 'erasure'.
 */
import type { DeepStrings } from './types';

export const erasureFr = {
  title: 'Effacer les données de la personne',
  erase: 'Effacer…',
  eraseForRequest: 'Effacer les données de la personne…',
  intro:
    'Les coordonnées, l’historique de recherche, les notes, les courriers et les pièces jointes de {{name}} seront supprimés définitivement. Les demandes, leur historique et les décisions de consentement (finalité, décision, dates) sont conservés sans identité, pour prouver que la demande a été traitée.',
  counts:
    '{{events}} décision(s) de consentement, {{requests}} demande(s), {{attachments}} pièce(s) jointe(s).',
  openRequests:
    'Cette personne a encore {{count}} demande(s) en cours ({{references}}) qui peuvent avoir besoin de ses données.',
  confirmOpenRequests: 'Je confirme l’effacement malgré les demandes en cours',
  suppress: 'Garder sur la liste d’opposition (elle ne sera plus jamais sollicitée)',
  suppressHint:
    'Seule une empreinte chiffrée (hachage salé) de l’e-mail et du téléphone est conservée. Conseillé lorsque la personne s’est opposée à la prospection.',
  objectedHint:
    'Cette personne a refusé ou retiré un consentement, ou s’est opposée : la liste d’opposition est cochée.',
  confirm: 'Effacer définitivement',
  cancel: 'Annuler',
  close: 'Fermer',
  done: 'Données effacées. La preuve de l’effacement est conservée.',
  filesLeft:
    'Les données sont effacées ; {{count}} fichier(s) joint(s) n’ont pas pu être supprimés du dossier de données et le seront au prochain démarrage.',
  erasedPerson: 'Personne effacée',
  erasedOn: 'Personne effacée le {{date}}',
  requestNotTheirs: 'Cette demande ne concerne pas cette personne.',
  openRequestsError: 'Confirmez l’effacement malgré les demandes en cours.',
};

export const erasureEn: DeepStrings<typeof erasureFr> = {
  title: 'Erase the person’s data',
  erase: 'Erase…',
  eraseForRequest: 'Erase the person’s data…',
  intro:
    '{{name}}’s contact details, search entries, notes, letters and attachments will be deleted for good. Requests, their timelines and the consent decisions (purpose, decision, dates) are kept without identity, to prove the request was honoured.',
  counts: '{{events}} consent decision(s), {{requests}} request(s), {{attachments}} attachment(s).',
  openRequests: 'This person still has {{count}} open request(s) ({{references}}) that may need their data.',
  confirmOpenRequests: 'I confirm the erasure despite the open requests',
  suppress: 'Keep on the suppression list (they will never be contacted again)',
  suppressHint:
    'Only a salted hash of the email and phone number is kept. Advised when the person objected to marketing.',
  objectedHint: 'This person refused or withdrew a consent, or objected: the suppression list is ticked.',
  confirm: 'Erase for good',
  cancel: 'Cancel',
  close: 'Close',
  done: 'Data erased. The proof of the erasure is kept.',
  filesLeft:
    'The data is erased; {{count}} attached file(s) could not be deleted from the data folder and will be at the next start.',
  erasedPerson: 'Erased person',
  erasedOn: 'Person erased on {{date}}',
  requestNotTheirs: 'This request is not about this person.',
  openRequestsError: 'Confirm the erasure despite the open requests.',
};
