import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HandlerError } from '../../../../electron/services/dispatch';
import {
  createSaveFile,
  defaultSavePath,
  saveDialogFilters,
  type SaveFileDeps,
} from '../../../../electron/main/save-file';

describe('saveDialogFilters', () => {
  it('offers the extension of the media type, named in the UI language', () => {
    expect(saveDialogFilters('text/csv', 'fr-FR')).toEqual([{ name: 'Tableau CSV', extensions: ['csv'] }]);
    expect(saveDialogFilters('application/pdf', 'en-GB')).toEqual([
      { name: 'PDF document', extensions: ['pdf'] },
    ]);
    expect(saveDialogFilters('application/zip', 'de')).toEqual([
      { name: 'ZIP archive', extensions: ['zip'] },
    ]);
    expect(saveDialogFilters('application/json', 'fr')[0]?.extensions).toEqual(['json']);
  });
});

describe('defaultSavePath', () => {
  it('puts the suggested name in the documents folder', () => {
    expect(defaultSavePath('/home/marie/Documents', 'registre.csv', 'text/csv')).toBe(
      join('/home/marie/Documents', 'registre.csv'),
    );
  });

  it('adds the extension when the name lacks it, whatever its case', () => {
    expect(defaultSavePath('/docs', 'registre', 'text/csv')).toBe(join('/docs', 'registre.csv'));
    expect(defaultSavePath('/docs', 'Lettre.PDF', 'application/pdf')).toBe(join('/docs', 'Lettre.PDF'));
    expect(defaultSavePath('/docs', 'archive.2025', 'application/zip')).toBe(
      join('/docs', 'archive.2025.zip'),
    );
  });

  it('never proposes a name that leaves the folder or that Windows would mangle', () => {
    expect(defaultSavePath('/docs', '..', 'text/csv')).toBe(join('/docs', 'rgpd-desk.csv'));
    expect(defaultSavePath('/docs', '.', 'text/csv')).toBe(join('/docs', 'rgpd-desk.csv'));
    expect(defaultSavePath('/docs', '   ', 'application/json')).toBe(join('/docs', 'rgpd-desk.json'));
    expect(defaultSavePath('/docs', 'export. . ', 'text/csv')).toBe(join('/docs', 'export.csv'));
  });

  it('proposes the bare name when there is no documents folder', () => {
    expect(defaultSavePath(null, 'registre.csv', 'text/csv')).toBe('registre.csv');
  });
});

describe('createSaveFile', () => {
  const bytes = new TextEncoder().encode('a;b\n');

  function setup(answer: { canceled: boolean; filePath: string }, overrides: Partial<SaveFileDeps> = {}) {
    const deps = {
      showSaveDialog: vi.fn<SaveFileDeps['showSaveDialog']>(async () => answer),
      write: vi.fn<SaveFileDeps['write']>(async () => {}),
      log: vi.fn(),
    };
    return {
      deps,
      saveFile: createSaveFile({ documentsDir: () => '/docs', locale: 'fr-FR', ...deps, ...overrides }),
    };
  }

  it('opens the dialog in Documents with the type filter, then writes where the user chose', async () => {
    const { deps, saveFile } = setup({ canceled: false, filePath: '/elsewhere/mon-registre.csv' });
    expect(await saveFile('registre.csv', 'text/csv', bytes)).toBe('saved');
    expect(deps.showSaveDialog).toHaveBeenCalledWith({
      defaultPath: join('/docs', 'registre.csv'),
      filters: [{ name: 'Tableau CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(deps.write).toHaveBeenCalledWith('/elsewhere/mon-registre.csv', bytes);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    for (const answer of [
      { canceled: true, filePath: '' },
      { canceled: true, filePath: '/docs/x.csv' },
      { canceled: false, filePath: '' },
    ]) {
      const { deps, saveFile } = setup(answer);
      expect(await saveFile('registre.csv', 'text/csv', bytes)).toBe('cancelled');
      expect(deps.write).not.toHaveBeenCalled();
    }
  });

  it('still opens the dialog when the system has no documents folder', async () => {
    const { deps, saveFile } = setup(
      { canceled: true, filePath: '' },
      {
        documentsDir: () => {
          throw new Error("Failed to get 'documents' path");
        },
      },
    );
    await saveFile('lettre.pdf', 'application/pdf', bytes);
    expect(deps.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({ defaultPath: 'lettre.pdf' });
  });

  it('turns a failed write into save_failed, and logs why', async () => {
    const { deps, saveFile } = setup(
      { canceled: false, filePath: '/read-only/x.csv' },
      {
        write: async () => {
          throw new Error('EACCES: permission denied');
        },
      },
    );
    const error = await saveFile('x.csv', 'text/csv', bytes).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HandlerError);
    expect(error).toMatchObject({ code: 'save_failed', message: 'errors.saveFailed' });
    expect(deps.log).toHaveBeenCalledWith(expect.stringContaining('EACCES'));
  });
});
