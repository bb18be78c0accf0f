/**
 * `sync:choose-folder` on the desktop: the native folder dialog (the shared folder of a NAS,
 * Syncthing, Nextcloud, Dropbox or OneDrive), opened in the user's home folder. The dialog is
 * injected so the outcome rules are tested without Electron.
 */
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { menuLocaleFor } from './menu-labels';

const TITLES = { fr: 'Dossier de synchronisation', en: 'Sync folder' } as const;

export type ChooseFolderDeps = {
  /** app.getPath('home'); may throw where the system has no such folder. */
  homeDir: () => string;
  locale: string;
  showOpenDialog: (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;
};

/** The chosen folder, or null when the user cancelled. */
export function createChooseFolder(deps: ChooseFolderDeps): () => Promise<string | null> {
  return async () => {
    let defaultPath: string | undefined;
    try {
      defaultPath = deps.homeDir();
    } catch {
      defaultPath = undefined;
    }
    const answer = await deps.showOpenDialog({
      title: TITLES[menuLocaleFor(deps.locale)],
      properties: ['openDirectory', 'createDirectory'],
      ...(defaultPath ? { defaultPath } : {}),
    });
    const path = answer.filePaths[0];
    return answer.canceled || !path ? null : path;
  };
}
