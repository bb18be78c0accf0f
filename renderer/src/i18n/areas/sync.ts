/**
 * Messages of the sync area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'sync'.
 */
import type { DeepStrings } from './types';

export const syncFr = {
  title: 'Synchronisation',
  errors: {
    wrongPassphrase: 'Phrase secrète incorrecte. Rien n’a été importé.',
    weakPassphrase: 'Cette phrase secrète est trop faible : allongez-la ou mélangez davantage de caractères.',
    kdfParams: 'Les paramètres de chiffrement de cet espace ne sont pas acceptés.',
    corrupt: 'Un fichier de l’espace de synchronisation est endommagé.',
    folderMissing:
      'Le dossier de synchronisation est introuvable (disque réseau débranché ?). Vos modifications sont gardées ici et partiront dès son retour.',
    spaceMissing: 'Ce dossier ne contient pas (ou plus) d’espace RGPD Desk.',
    spaceExists: 'Ce dossier contient déjà un espace RGPD Desk : rejoignez-le plutôt.',
    spaceMismatch: 'Ce dossier contient un autre espace que celui de cet appareil.',
    spaceVersion:
      'Cet espace a été créé par une version plus récente de RGPD Desk. Mettez l’application à jour.',
    notJoined: 'Cet appareil n’a rejoint aucun espace de synchronisation.',
    diskFull: 'Le disque est plein : rien n’a été abîmé, libérez de la place puis réessayez.',
    writeFailed: 'Impossible d’écrire dans le dossier de synchronisation.',
    readFailed: 'Impossible de lire le dossier de synchronisation.',
    attachmentMissing: 'Cette pièce jointe n’est pas (encore) arrivée dans le dossier de synchronisation.',
  },
  problems: {
    segmentIncomplete: 'Un fichier d’un autre appareil est en cours de copie ; il sera lu une fois complet.',
    segmentVersion: 'Un fichier vient d’une version plus récente de RGPD Desk et a été laissé de côté.',
    segmentCorrupt: 'Un fichier est endommagé et a été laissé de côté.',
    segmentMismatch: 'Un fichier n’est pas à sa place et a été laissé de côté.',
    segmentMissing:
      'Des modifications d’un autre appareil manquent dans le dossier (fichier supprimé ou pas encore arrivé).',
    segmentRestored: 'Un fichier de cet appareil avait disparu du dossier ; il a été remis.',
    conflictedCopy:
      'Une « copie en conflit » créée par le service de synchronisation a été ignorée ; vous pouvez la supprimer.',
    unexpectedFile: 'Un fichier inconnu se trouve dans le dossier de synchronisation ; il a été ignoré.',
    duplicateDevice:
      'Deux installations utilisent le même identifiant d’appareil (disque cloné ?). Sur l’une d’elles, quittez puis rejoignez l’espace.',
    clockSkew: 'L’horloge d’un appareil est décalée de plus de 5 minutes ; corrigez son heure.',
    deviceUnreadable: 'La fiche d’un appareil est illisible.',
    snapshotUnreadable:
      'Un instantané de l’espace est illisible ; les fichiers de modifications sont utilisés à la place.',
  },
  passphrase: {
    common: 'Phrase secrète trop courante.',
    repeated: 'Évitez de répéter le même caractère.',
    sequence: 'Évitez les suites (abcd, 1234, azerty).',
    tooShort: 'Au moins 10 caractères.',
    oneClass: 'Ajoutez des majuscules, des chiffres ou des symboles, ou allongez la phrase.',
  },
};

export const syncEn: DeepStrings<typeof syncFr> = {
  title: 'Sync',
  errors: {
    wrongPassphrase: 'Wrong passphrase. Nothing was imported.',
    weakPassphrase: 'This passphrase is too weak: make it longer or mix more kinds of characters.',
    kdfParams: 'This space’s encryption parameters are not accepted.',
    corrupt: 'A file in the sync space is damaged.',
    folderMissing:
      'The sync folder cannot be found (network drive disconnected?). Your changes are kept here and will go out when it is back.',
    spaceMissing: 'This folder holds no RGPD Desk space (any more).',
    spaceExists: 'This folder already holds an RGPD Desk space: join it instead.',
    spaceMismatch: 'This folder holds a different space from this device’s.',
    spaceVersion: 'This space was made by a newer version of RGPD Desk. Please update the app.',
    notJoined: 'This device has not joined a sync space.',
    diskFull: 'The disk is full: nothing was damaged; free some space and try again.',
    writeFailed: 'Cannot write to the sync folder.',
    readFailed: 'Cannot read the sync folder.',
    attachmentMissing: 'This attachment has not (yet) arrived in the sync folder.',
  },
  problems: {
    segmentIncomplete: 'A file from another device is still being copied; it will be read once complete.',
    segmentVersion: 'A file comes from a newer version of RGPD Desk and was set aside.',
    segmentCorrupt: 'A file is damaged and was set aside.',
    segmentMismatch: 'A file is not where it belongs and was set aside.',
    segmentMissing:
      'Changes from another device are missing from the folder (file deleted or not arrived yet).',
    segmentRestored: 'A file of this device had disappeared from the folder; it has been put back.',
    conflictedCopy: 'A “conflicted copy” made by the sync service was ignored; you may delete it.',
    unexpectedFile: 'An unknown file is in the sync folder; it was ignored.',
    duplicateDevice:
      'Two installations use the same device id (cloned disk?). On one of them, leave the space and join it again.',
    clockSkew: 'A device’s clock is more than 5 minutes off; please correct its time.',
    deviceUnreadable: 'A device’s information file cannot be read.',
    snapshotUnreadable: 'A snapshot of the space cannot be read; the change files are used instead.',
  },
  passphrase: {
    common: 'Too common a passphrase.',
    repeated: 'Avoid repeating one character.',
    sequence: 'Avoid runs (abcd, 1234, qwerty).',
    tooShort: 'At least 10 characters.',
    oneClass: 'Add capitals, digits or symbols, or make it longer.',
  },
};
