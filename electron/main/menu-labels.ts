import type { Section } from '../../shared/ipc/contract';

/**
 * The native menu is drawn before the renderer (and its i18n) exists, so its few labels live here,
 * in the same two languages as the UI.
 */
export type MenuLocale = 'fr' | 'en';

export type MenuLabels = {
  file: string;
  openDataFolder: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  reload: string;
  toggleDevTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  toggleFullScreen: string;
  go: string;
  sections: Record<Section, string>;
  help: string;
  about: string;
  hide: string;
  hideOthers: string;
  showAll: string;
  startupFailedTitle: string;
  startupFailed: string;
};

const LABELS: Record<MenuLocale, MenuLabels> = {
  fr: {
    file: 'Fichier',
    openDataFolder: 'Ouvrir le dossier de données',
    quit: 'Quitter',
    edit: 'Édition',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    selectAll: 'Tout sélectionner',
    view: 'Affichage',
    reload: 'Recharger',
    toggleDevTools: 'Outils de développement',
    resetZoom: 'Taille réelle',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    toggleFullScreen: 'Plein écran',
    go: 'Aller',
    sections: {
      dashboard: 'Tableau de bord',
      requests: 'Demandes',
      consents: 'Consentements',
      subjects: 'Personnes concernées',
      registers: 'Registres',
      archive: 'Archives',
      audit: "Journal d'audit",
      settings: 'Paramètres',
      compliance: 'Conformité',
    },
    help: 'Aide',
    about: 'À propos de RGPD Desk',
    hide: 'Masquer RGPD Desk',
    hideOthers: 'Masquer les autres',
    showAll: 'Tout afficher',
    startupFailedTitle: 'RGPD Desk ne peut pas démarrer',
    startupFailed: 'Le démarrage a échoué (dossier de données inaccessible ?). Détail :',
  },
  en: {
    file: 'File',
    openDataFolder: 'Open Data Folder',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    toggleDevTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Full Screen',
    go: 'Go',
    sections: {
      dashboard: 'Dashboard',
      requests: 'Requests',
      consents: 'Consents',
      subjects: 'Data Subjects',
      registers: 'Registers',
      archive: 'Archive',
      audit: 'Audit Log',
      settings: 'Settings',
      compliance: 'Compliance',
    },
    help: 'Help',
    about: 'About RGPD Desk',
    hide: 'Hide RGPD Desk',
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    startupFailedTitle: 'RGPD Desk cannot start',
    startupFailed: 'Startup failed (data folder not accessible?). Detail:',
  },
};

/** French for any French locale ('fr', 'fr-FR', 'fr_CA'…), English otherwise. */
export function menuLocaleFor(locale: string): MenuLocale {
  return locale.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function menuLabels(locale: string): MenuLabels {
  return LABELS[menuLocaleFor(locale)];
}
