/**
 * `file:save` on the desktop: the native save dialog, opened in the user's Documents folder with a
 * filter for the file's type, then an atomic write. The dialog and the write are injected, so the
 * rules (filters, default path, outcomes) are tested without Electron.
 */
import { join } from 'node:path';
import type { FileFilter, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { HandlerError } from '../services/dispatch';
import type { SaveMediaType } from '../services/handlers';
import { menuLocaleFor, type MenuLocale } from './menu-labels';

const EXTENSIONS: Record<SaveMediaType, string> = {
  'text/csv': 'csv',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'text/html': 'html',
  'text/plain': 'txt',
};

/** The dialog is native, drawn outside the renderer's i18n, like the menu (menu-labels.ts). */
const FILTER_NAMES: Record<MenuLocale, Record<SaveMediaType, string>> = {
  fr: {
    'text/csv': 'Tableau CSV',
    'application/pdf': 'Document PDF',
    'application/zip': 'Archive ZIP',
    'application/json': 'Fichier JSON',
    'text/html': 'Page web HTML',
    'text/plain': 'Fichier texte',
  },
  en: {
    'text/csv': 'CSV spreadsheet',
    'application/pdf': 'PDF document',
    'application/zip': 'ZIP archive',
    'application/json': 'JSON file',
    'text/html': 'HTML web page',
    'text/plain': 'Text file',
  },
};

/** When the renderer's name is unusable as a file name on some system (".", "..", only spaces). */
const FALLBACK_NAME = 'rgpd-desk';

export function saveDialogFilters(mediaType: SaveMediaType, locale: string): FileFilter[] {
  return [{ name: FILTER_NAMES[menuLocaleFor(locale)][mediaType], extensions: [EXTENSIONS[mediaType]] }];
}

/**
 * The name the dialog proposes: the renderer's suggestion with the type's extension (Linux dialogs do
 * not add it), without the trailing dots and spaces Windows would strip, in `documentsDir` when known.
 * The contract already refuses path separators, so the name cannot leave that folder.
 */
export function defaultSavePath(
  documentsDir: string | null,
  suggestedName: string,
  mediaType: SaveMediaType,
): string {
  const extension = `.${EXTENSIONS[mediaType]}`;
  let name = suggestedName.trim().replace(/[. ]+$/, '');
  if (name === '') name = FALLBACK_NAME;
  if (!name.toLowerCase().endsWith(extension)) name += extension;
  return documentsDir ? join(documentsDir, name) : name;
}

export type SaveFileDeps = {
  /** app.getPath('documents'); may throw where the system has no such folder. */
  documentsDir: () => string;
  /** The UI locale (app.getLocale()), for the filter names. */
  locale: string;
  /** dialog.showSaveDialog, attached to the app window. */
  showSaveDialog: (
    options: SaveDialogOptions,
  ) => Promise<Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>>;
  /** writeFileAtomic (electron/services/workspace.ts). */
  write: (path: string, bytes: Uint8Array) => Promise<void>;
  log?: (message: string) => void;
};

/**
 * Only the question "where?": the native dialog, as for `file:save`, for files written elsewhere
 * (the archive writer streams into the chosen folder, then renames). Null when cancelled.
 */
export function createChooseSavePath({
  documentsDir,
  locale,
  showSaveDialog,
}: Omit<SaveFileDeps, 'write' | 'log'>): (
  suggestedName: string,
  mediaType: SaveMediaType,
) => Promise<string | null> {
  return async (suggestedName, mediaType) => {
    let documents: string | null;
    try {
      documents = documentsDir();
    } catch {
      documents = null;
    }
    const { canceled, filePath } = await showSaveDialog({
      defaultPath: defaultSavePath(documents, suggestedName, mediaType),
      filters: saveDialogFilters(mediaType, locale),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return canceled || !filePath ? null : filePath;
  };
}

export function createSaveFile({
  documentsDir,
  locale,
  showSaveDialog,
  write,
  log = () => {},
}: SaveFileDeps): (
  suggestedName: string,
  mediaType: SaveMediaType,
  bytes: Uint8Array,
) => Promise<'saved' | 'cancelled'> {
  const documents = (): string | null => {
    try {
      return documentsDir();
    } catch {
      return null;
    }
  };
  return async (suggestedName, mediaType, bytes) => {
    const { canceled, filePath } = await showSaveDialog({
      defaultPath: defaultSavePath(documents(), suggestedName, mediaType),
      filters: saveDialogFilters(mediaType, locale),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (canceled || !filePath) return 'cancelled';
    try {
      await write(filePath, bytes);
    } catch (error) {
      // The path is the user's own choice, not data from a record: fine to log.
      log(`saving ${filePath} failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new HandlerError('save_failed', 'errors.saveFailed');
    }
    return 'saved';
  };
}
