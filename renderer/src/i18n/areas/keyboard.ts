/**
 * Messages for keyboard use and the UI's language: quick capture's shortcuts, the texts MUI's own
 * components show, the first-run language switch. French then English (keys must match; a unit
 * test checks it). Merged into fr.ts / en.ts under the top-level key 'keyboard'.
 */
import type { DeepStrings } from './types';

export const keyboardFr = {
  noOptions: 'Aucun résultat',
  loading: 'Chargement…',
  newPersonShortcut: 'Alt+N',
  newPersonShortcutHint: 'Alt+N : nouvelle personne · Ctrl+Entrée : enregistrer',
  kioskShortcut: 'Alt+K',
  kioskShortcutHint:
    'Alt+K : l’écran passe en mode client pour cette personne (ce qui n’est pas enregistré ici est abandonné)',
  setupLanguage: 'Langue de l’application',
};

export const keyboardEn: DeepStrings<typeof keyboardFr> = {
  noOptions: 'No results',
  loading: 'Loading…',
  newPersonShortcut: 'Alt+N',
  newPersonShortcutHint: 'Alt+N: new person · Ctrl+Enter: save',
  kioskShortcut: 'Alt+K',
  kioskShortcutHint:
    'Alt+K: hand the screen to this person in customer mode (anything not saved here is left behind)',
  setupLanguage: 'App language',
};
