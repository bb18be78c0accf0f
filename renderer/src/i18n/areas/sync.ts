/**
 * Messages of the sync area, French then English (keys must match; a unit test checks it).
 * Merged into fr.ts / en.ts under the top-level key 'sync'.
 */
import type { DeepStrings } from './types';

export const syncFr = {
  title: 'Synchronisation',
  panel: {
    intro:
      'Partagez cet espace de travail entre plusieurs ordinateurs grâce à un dossier que votre service de synchronisation copie déjà (NAS, Syncthing, Nextcloud, Dropbox, OneDrive). Tout ce qui y est écrit est chiffré ; seule la phrase secrète permet de le lire.',
    otherDevice:
      'Le dossier de données de cet hôte synchronise déjà la base d’un autre navigateur. Ici, la synchronisation est arrêtée.',
    folder: 'Dossier partagé',
    folderHint: 'Le dossier que votre service de synchronisation réplique entre les ordinateurs.',
    chooseFolder: 'Choisir…',
    label: 'Nom de cet ordinateur',
    labelHint: 'Affiché aux autres appareils, par exemple « Comptoir » ou « Portable de Marie ».',
    passphrase: 'Phrase secrète',
    confirm: 'Confirmez la phrase secrète',
    mismatch: 'Les deux phrases secrètes ne sont pas identiques.',
    createHeading: 'Créer un espace de synchronisation',
    createIntro:
      'Choisissez une longue phrase secrète et notez-la en lieu sûr : elle sera demandée sur chaque autre ordinateur et ne peut pas être retrouvée.',
    create: 'Créer l’espace',
    joinHeading: 'Rejoindre l’espace',
    joinIntro:
      'Cet ordinateur a quitté un espace de synchronisation ; il peut rejoindre ce même espace avec sa phrase secrète.',
    join: 'Rejoindre',
    working: 'Un instant… (calcul de la clé)',
    strength: 'Robustesse : {{label}}',
    strengthLabels: {
      '0': 'très faible',
      '1': 'faible',
      '2': 'correcte',
      '3': 'bonne',
      '4': 'excellente',
    },
    on: 'Synchronisation active',
    paused: 'Synchronisation en pause',
    folderIs: 'Dossier : {{folder}}',
    lastSync: 'Dernière synchronisation : {{date}}',
    never: 'Pas encore synchronisé.',
    pending_one: '{{count}} modification de cet ordinateur en attente d’envoi.',
    pending_other: '{{count}} modifications de cet ordinateur en attente d’envoi.',
    nothingPending: 'Toutes les modifications de cet ordinateur sont dans le dossier.',
    devices: 'Appareils',
    thisDevice: 'cet ordinateur',
    unnamed: 'Appareil sans nom',
    lastActivity: 'Dernière activité : {{date}}',
    noActivity: 'Pas encore d’activité',
    hasLeft: 'a quitté l’espace',
    problems: 'À vérifier',
    syncNow: 'Synchroniser maintenant',
    syncing: 'Synchronisation…',
    pause: 'Mettre en pause',
    resume: 'Reprendre',
    changePassphrase: 'Changer la phrase secrète',
    currentPassphrase: 'Phrase secrète actuelle',
    newPassphrase: 'Nouvelle phrase secrète',
    changed:
      'Phrase secrète changée, avec une nouvelle clé de chiffrement. Les autres ordinateurs de l’espace la reçoivent d’eux-mêmes ; la nouvelle phrase servira pour en ajouter d’autres.',
    removeDevice: 'Retirer cet appareil',
    removeTitle: 'Retirer « {{label}} » de l’espace',
    removeIntro:
      'Cet appareil ne pourra plus rien lire de ce qui sera écrit ensuite, et ce qu’il écrirait serait refusé. Ce qu’il a déjà reçu reste sur lui : s’il a été perdu ou volé, prévenez aussi votre responsable.',
    removeNewPassphraseHint:
      'L’appareil retiré connaît la phrase secrète actuelle : choisissez-en une nouvelle. Les autres ordinateurs de l’espace n’auront rien à saisir.',
    removeConfirm: 'Retirer l’appareil',
    removedNotice: 'L’appareil a été retiré ; une nouvelle clé protège désormais l’espace.',
    hasBeenRemoved: 'retiré',
    lockedHeading: 'Synchronisation verrouillée',
    lockedIntro:
      'Sur cet ordinateur, les clés de synchronisation sont protégées par la phrase secrète. Saisissez la phrase secrète utilisée la dernière fois sur cet ordinateur pour reprendre la synchronisation.',
    unlock: 'Déverrouiller',
    unlocked: 'Synchronisation déverrouillée.',
    unlockWrong: 'Ce n’est pas la phrase secrète utilisée la dernière fois sur cet ordinateur.',
    leave: 'Quitter l’espace',
    leaveConfirm:
      'Quitter l’espace sur cet ordinateur ? Ses données restent ici et dans le dossier, mais il ne recevra plus les modifications des autres.',
    left: 'Cet ordinateur a quitté l’espace de synchronisation.',
    cancel: 'Annuler',
    created:
      'Espace créé. Sur chaque autre ordinateur, choisissez « Rejoindre un espace de travail existant » au premier lancement.',
  },
  setup: {
    joinExisting: 'Rejoindre un espace de travail existant',
    joinHeading: 'Rejoindre un espace de travail existant',
    joinIntro:
      'Un autre ordinateur partage déjà cet espace de travail dans un dossier synchronisé ? Indiquez ce dossier et la phrase secrète : l’organisation, l’équipe et les données arriveront ici.',
    receiving: 'Réception de l’espace de travail…',
    waiting:
      'L’espace est rejoint, mais l’organisation n’est pas encore arrivée dans le dossier. Elle apparaîtra dès que l’autre ordinateur l’aura envoyée.',
    back: 'Créer un nouvel espace de travail à la place',
  },
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
    paused: 'La synchronisation est en pause.',
    deviceUnknown: 'Cet appareil ne fait pas partie de l’espace.',
    locked: 'La synchronisation attend la phrase secrète de cet ordinateur.',
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
    unknownEntity:
      'Des données viennent d’une version plus récente de RGPD Desk et n’ont pas pu être lues ici. Mettez l’application à jour.',
    fileRefused:
      'Un élément du dossier de synchronisation n’est pas un fichier ordinaire (dossier, raccourci ou lien) ; il a été ignoré.',
    fileTooLarge:
      'Un fichier du dossier de synchronisation est bien trop gros pour être un des nôtres ; il a été ignoré.',
    rollback:
      'Un autre appareil paraît revenu en arrière dans le dossier (ancien fichier remis ou modifications supprimées). Des modifications peuvent manquer : vérifiez le dossier partagé et la synchronisation de cet appareil.',
    signatureInvalid:
      'Un fichier n’est pas signé par l’appareil dont il porte le nom (fichier contrefait ?) ; il a été refusé.',
    chainBroken:
      'Un fichier ne suit pas le précédent du même appareil (fichier remplacé ou disque cloné ?) ; il a été refusé.',
    deviceRemoved:
      'Un appareil retiré de l’espace a continué d’écrire ; ses nouveaux fichiers ont été refusés.',
    removedFromSpace:
      'Cet ordinateur a été retiré de l’espace, ou n’a pas reçu la nouvelle clé. Pour le réintégrer, quittez l’espace puis rejoignez-le avec la phrase secrète actuelle.',
    awaitingRegistration:
      'Cet ordinateur attend d’être enregistré par un autre appareil de l’espace ; ses modifications seront acceptées dès la prochaine synchronisation de celui-ci.',
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
  panel: {
    intro:
      'Share this workspace between several computers through a folder your file-sync service already replicates (NAS, Syncthing, Nextcloud, Dropbox, OneDrive). Everything written there is encrypted; only the passphrase can read it.',
    otherDevice: 'This host’s data folder already syncs another browser’s database. Sync is off here.',
    folder: 'Shared folder',
    folderHint: 'The folder your file-sync service replicates between computers.',
    chooseFolder: 'Choose…',
    label: 'Name of this computer',
    labelHint: 'Shown to the other devices, e.g. “Counter” or “Marie’s laptop”.',
    passphrase: 'Passphrase',
    confirm: 'Confirm the passphrase',
    mismatch: 'The two passphrases differ.',
    createHeading: 'Create a sync space',
    createIntro:
      'Choose a long passphrase and keep it somewhere safe: every other computer will ask for it, and it cannot be recovered.',
    create: 'Create the space',
    joinHeading: 'Join the space',
    joinIntro: 'This computer left a sync space; it can join that same space again with its passphrase.',
    join: 'Join',
    working: 'One moment… (deriving the key)',
    strength: 'Strength: {{label}}',
    strengthLabels: {
      '0': 'very weak',
      '1': 'weak',
      '2': 'fair',
      '3': 'good',
      '4': 'excellent',
    },
    on: 'Sync is on',
    paused: 'Sync is paused',
    folderIs: 'Folder: {{folder}}',
    lastSync: 'Last sync: {{date}}',
    never: 'Not synced yet.',
    pending_one: '{{count}} change of this computer waiting to go out.',
    pending_other: '{{count}} changes of this computer waiting to go out.',
    nothingPending: 'All of this computer’s changes are in the folder.',
    devices: 'Devices',
    thisDevice: 'this computer',
    unnamed: 'Unnamed device',
    lastActivity: 'Last activity: {{date}}',
    noActivity: 'No activity yet',
    hasLeft: 'has left the space',
    problems: 'To check',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    pause: 'Pause',
    resume: 'Resume',
    changePassphrase: 'Change the passphrase',
    currentPassphrase: 'Current passphrase',
    newPassphrase: 'New passphrase',
    changed:
      'Passphrase changed, with a new encryption key. The other computers in the space receive it by themselves; the new passphrase is the one to use for new ones.',
    removeDevice: 'Remove this device',
    removeTitle: 'Remove “{{label}}” from the space',
    removeIntro:
      'This device will not be able to read anything written from now on, and whatever it writes will be refused. What it has already received stays on it: if it was lost or stolen, tell your manager too.',
    removeNewPassphraseHint:
      'The removed device knows the current passphrase: choose a new one. The other computers in the space will not have to type anything.',
    removeConfirm: 'Remove the device',
    removedNotice: 'The device has been removed; a new key now protects the space.',
    hasBeenRemoved: 'removed',
    lockedHeading: 'Sync is locked',
    lockedIntro:
      'On this computer, the sync keys are protected by the passphrase. Type the passphrase last used on this computer to resume syncing.',
    unlock: 'Unlock',
    unlocked: 'Sync unlocked.',
    unlockWrong: 'That is not the passphrase last used on this computer.',
    leave: 'Leave the space',
    leaveConfirm:
      'Leave the space on this computer? Its data stays here and in the folder, but it will no longer receive the others’ changes.',
    left: 'This computer has left the sync space.',
    cancel: 'Cancel',
    created: 'Space created. On each other computer, choose “Join an existing workspace” at first start.',
  },
  setup: {
    joinExisting: 'Join an existing workspace',
    joinHeading: 'Join an existing workspace',
    joinIntro:
      'Another computer already shares this workspace in a synced folder? Give that folder and the passphrase: the organisation, the team and the data will arrive here.',
    receiving: 'Receiving the workspace…',
    waiting:
      'The space is joined, but the organisation has not reached the folder yet. It will appear as soon as the other computer has sent it.',
    back: 'Create a new workspace instead',
  },
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
    paused: 'Sync is paused.',
    deviceUnknown: 'This device is not part of the space.',
    locked: 'Sync is waiting for this computer’s passphrase.',
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
    unknownEntity:
      'Some data comes from a newer version of RGPD Desk and cannot be read here. Please update the app.',
    fileRefused:
      'Something in the sync folder is not an ordinary file (a folder, shortcut or link); it was ignored.',
    fileTooLarge: 'A file in the sync folder is far too large to be one of ours; it was ignored.',
    rollback:
      'Another device seems to have gone back in time in the folder (an old file put back or changes deleted). Changes may be missing: check the shared folder and that device’s sync.',
    signatureInvalid:
      'A file is not signed by the device whose name it bears (a forged file?); it was refused.',
    chainBroken:
      'A file does not follow the previous one of the same device (a replaced file or a cloned disk?); it was refused.',
    deviceRemoved: 'A device removed from the space kept writing; its new files were refused.',
    removedFromSpace:
      'This computer was removed from the space, or did not receive the new key. To bring it back, leave the space and join it again with the current passphrase.',
    awaitingRegistration:
      'This computer is waiting to be registered by another device of the space; its changes will be accepted at that device’s next sync.',
  },
  passphrase: {
    common: 'Too common a passphrase.',
    repeated: 'Avoid repeating one character.',
    sequence: 'Avoid runs (abcd, 1234, qwerty).',
    tooShort: 'At least 10 characters.',
    oneClass: 'Add capitals, digits or symbols, or make it longer.',
  },
};
