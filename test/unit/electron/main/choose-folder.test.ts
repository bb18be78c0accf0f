import { describe, expect, it, vi } from 'vitest';
import { createChooseFolder } from '../../../../electron/main/choose-folder';

describe('sync folder dialog', () => {
  it('opens a folder picker in the home folder, titled in the app language, and returns the folder', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: ['/mnt/nas/partage'] }));
    const choose = createChooseFolder({ homeDir: () => '/home/claire', locale: 'fr-FR', showOpenDialog });
    expect(await choose()).toBe('/mnt/nas/partage');
    expect(showOpenDialog).toHaveBeenCalledWith({
      title: 'Dossier de synchronisation',
      properties: ['openDirectory', 'createDirectory'],
      defaultPath: '/home/claire',
    });
  });

  it('returns null when cancelled, and opens without a default folder when there is none', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    const choose = createChooseFolder({
      homeDir: () => {
        throw new Error('no home');
      },
      locale: 'en-GB',
      showOpenDialog,
    });
    expect(await choose()).toBeNull();
    expect(showOpenDialog).toHaveBeenCalledWith({
      title: 'Sync folder',
      properties: ['openDirectory', 'createDirectory'],
    });
  });
});
