/**
 * Messages of the "records elsewhere" screen (a data folder whose workspace exists, opened where the
 * browser holds none of its records), French then English. Merged under the top-level key 'home'.
 */
import type { DeepStrings } from './types';

export const homeFr = {
  title: 'Les données de cet espace de travail ne sont pas dans ce navigateur',
  where:
    'Cet espace de travail a été créé le {{since}}. Ses fiches (demandes, consentements, personnes, registres) sont gardées par le navigateur qui l’a ouvert à l’adresse {{origin}}, dans ce même profil de navigateur.',
  whereDesktop:
    'Cet espace de travail a été créé le {{since}} dans l’application de bureau RGPD Desk, qui garde ses fiches : ouvrez-le avec elle.',
  sameAddress:
    'Vous êtes bien à cette adresse, mais dans un autre navigateur ou un autre profil, ou les données de ce site ont été effacées de ce navigateur.',
  otherAddress:
    'Vous l’avez ouvert à l’adresse {{current}} : le navigateur garde des données distinctes pour chaque adresse.',
  how: 'Pour retrouver vos fiches : ouvrez {{origin}} dans le navigateur et le profil utilisés la première fois (relancez RGPD Desk sans --port pour qu’il reprenne cette adresse).',
  dataFolder: 'Dossier de données : {{dataDir}}',
  newWorkspace:
    'Pour créer un autre espace de travail, vide, lancez RGPD Desk avec un autre dossier de données : npm run web -- --data AUTRE_DOSSIER',
};

export const homeEn: DeepStrings<typeof homeFr> = {
  title: 'This workspace’s data is not in this browser',
  where:
    'This workspace was created on {{since}}. Its records (requests, consents, people, registers) are kept by the browser that opened it at {{origin}}, in that same browser profile.',
  whereDesktop:
    'This workspace was created on {{since}} in the RGPD Desk desktop app, which keeps its records: open it there.',
  sameAddress:
    'You are at that address, but in another browser or browser profile, or this site’s data was cleared from this browser.',
  otherAddress: 'You opened it at {{current}}: the browser keeps separate data for each address.',
  how: 'To get your records back: open {{origin}} in the browser and profile used the first time (start RGPD Desk without --port so that it uses that address again).',
  dataFolder: 'Data folder: {{dataDir}}',
  newWorkspace:
    'To create another, empty workspace, start RGPD Desk with another data folder: npm run web -- --data OTHER_FOLDER',
};
