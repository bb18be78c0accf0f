/**
 * Messages of the app lock and the Security settings, French then English (keys must match; a unit
 * test checks it). Merged into fr.ts / en.ts under the top-level key 'lock'.
 */
import type { DeepStrings } from './types';

export const lockFr = {
  lockNow: 'Verrouiller (Ctrl+L)',
  screen: {
    locked: 'Application verrouillée',
    who: 'Qui déverrouille ?',
    pin: 'Code PIN',
    passphrase: 'Phrase secrète',
    unlock: 'Déverrouiller',
    checking: 'Vérification…',
    wrong_one: 'Code incorrect. Encore {{count}} essai avant une attente.',
    wrong_other: 'Code incorrect. Encore {{count}} essais avant une attente.',
    wrongWait: 'Code incorrect.',
    wait: 'Trop d’essais manqués : réessayez dans {{seconds}} s.',
    nobody: 'Aucun membre actif n’a de code. Redémarrez l’application.',
  },
  kinds: {
    pin: 'Code PIN',
    passphrase: 'Phrase secrète',
  },
  errors: {
    pinFormat: 'Le code PIN doit compter de 4 à 12 chiffres.',
    passphraseShort: 'La phrase secrète doit compter au moins 8 caractères.',
    passphraseLong: 'La phrase secrète doit compter au plus 200 caractères.',
    mismatch: 'Les deux saisies ne correspondent pas.',
  },
  security: {
    title: 'Sécurité',
    protects:
      'Le verrouillage cache l’application quand le poste reste sans surveillance : tant qu’elle est verrouillée, l’écran ne montre que le nom de l’organisation, et seul un membre de l’équipe qui connaît son code peut la rouvrir. Celui qui déverrouille devient l’opérateur : ses actions sont inscrites à son nom au journal d’audit.',
    stores:
      'Les codes ne sont jamais enregistrés : seule une empreinte lente et salée l’est, et elle suit la synchronisation, pour que chacun déverrouille tous les postes de l’espace de travail. Après cinq codes faux, chaque nouvel essai demande d’attendre plus longtemps.',
    doesNot:
      'Le verrouillage ne chiffre pas les données. Quelqu’un qui emporte le disque de ce PC, ou qui ouvre une session sur son compte, peut les lire. Activez donc le chiffrement complet du disque dans les réglages du système : BitLocker sous Windows, FileVault sous macOS, LUKS sous Linux (souvent proposé à l’installation). Verrouillez aussi la session de l’ordinateur quand vous partez (Windows+L, Ctrl+Cmd+Q).',
    folder:
      'Le dossier de données de cet ordinateur (journal, pièces jointes, clés, état de la synchronisation) n’est lisible que par votre compte utilisateur.',
    idle: 'Verrouiller après une inactivité de',
    idleOff: 'Jamais',
    idleMinutes_one: '{{count}} minute',
    idleMinutes_other: '{{count}} minutes',
    idleSaved: 'Délai enregistré.',
    unavailable:
      'Le verrouillage est indisponible : aucun membre actif de l’équipe n’a de code. Donnez un code PIN ou une phrase secrète à au moins une personne ci-dessous.',
    withoutCode:
      'Dès qu’une personne a un code, seuls les membres qui en ont un peuvent déverrouiller l’application : donnez-en un à chacun.',
    staff: 'Codes de l’équipe',
    none: 'Aucun code',
    set: 'Définir un code',
    change: 'Changer',
    remove: 'Retirer',
    removed: 'Code retiré.',
    dialogTitle: 'Code de {{name}}',
    kind: 'Type de code',
    value: 'Nouveau code',
    confirm: 'Confirmez le code',
    pinHint: 'De 4 à 12 chiffres.',
    passphraseHint: 'Au moins 8 caractères.',
    saved: 'Code enregistré.',
  },
};

export const lockEn: DeepStrings<typeof lockFr> = {
  lockNow: 'Lock (Ctrl+L)',
  screen: {
    locked: 'Application locked',
    who: 'Who is unlocking?',
    pin: 'PIN',
    passphrase: 'Passphrase',
    unlock: 'Unlock',
    checking: 'Checking…',
    wrong_one: 'Wrong code. {{count}} more attempt before a wait.',
    wrong_other: 'Wrong code. {{count}} more attempts before a wait.',
    wrongWait: 'Wrong code.',
    wait: 'Too many failed attempts: try again in {{seconds}} s.',
    nobody: 'No active team member has a code. Restart the application.',
  },
  kinds: {
    pin: 'PIN',
    passphrase: 'Passphrase',
  },
  errors: {
    pinFormat: 'The PIN must have 4 to 12 digits.',
    passphraseShort: 'The passphrase must have at least 8 characters.',
    passphraseLong: 'The passphrase must have at most 200 characters.',
    mismatch: 'The two entries do not match.',
  },
  security: {
    title: 'Security',
    protects:
      'The lock hides the application when the computer is left unattended: while it is locked, the screen shows only the organisation’s name, and only a team member who knows their code can open it again. Whoever unlocks becomes the operator: their actions are recorded under their name in the audit log.',
    stores:
      'Codes are never stored: only a slow, salted fingerprint of each is, and it follows sync, so that everyone can unlock every computer of the workspace. After five wrong codes, each new attempt means waiting longer.',
    doesNot:
      'The lock does not encrypt the data. Someone who takes this PC’s disk, or who signs in to its user account, can read it. So turn on full-disk encryption in the system settings: BitLocker on Windows, FileVault on macOS, LUKS on Linux (often offered at installation). Also lock the computer’s session when you walk away (Windows+L, Ctrl+Cmd+Q).',
    folder:
      'This computer’s data folder (log, attachments, keys, sync state) can be read by your user account only.',
    idle: 'Lock after being idle for',
    idleOff: 'Never',
    idleMinutes_one: '{{count}} minute',
    idleMinutes_other: '{{count}} minutes',
    idleSaved: 'Delay saved.',
    unavailable:
      'Locking is unavailable: no active team member has a code. Give at least one person below a PIN or a passphrase.',
    withoutCode:
      'Once anyone has a code, only members who have one can unlock the application: give everyone one.',
    staff: 'Team codes',
    none: 'No code',
    set: 'Set a code',
    change: 'Change',
    remove: 'Remove',
    removed: 'Code removed.',
    dialogTitle: 'Code for {{name}}',
    kind: 'Kind of code',
    value: 'New code',
    confirm: 'Confirm the code',
    pinHint: '4 to 12 digits.',
    passphraseHint: 'At least 8 characters.',
    saved: 'Code saved.',
  },
};
