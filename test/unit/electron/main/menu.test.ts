import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { SECTIONS } from '../../../../shared/ipc/contract';
import { fakeElectron, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { buildMenuTemplate, installApplicationMenu } = await import('../../../../electron/main/menu');
const { menuLabels, menuLocaleFor } = await import('../../../../electron/main/menu-labels');

function template(locale: string, isMac = false, isDev = false) {
  const actions = { navigate: vi.fn(), openDataFolder: vi.fn(), showAbout: vi.fn() };
  return { actions, menu: buildMenuTemplate({ labels: menuLabels(locale), isMac, isDev, ...actions }) };
}

const items = (entry: MenuItemConstructorOptions | undefined) =>
  (entry?.submenu ?? []) as MenuItemConstructorOptions[];

describe('menu labels', () => {
  it('picks French for French locales and English otherwise', () => {
    expect(menuLocaleFor('fr')).toBe('fr');
    expect(menuLocaleFor('fr-FR')).toBe('fr');
    expect(menuLocaleFor('FR_ca')).toBe('fr');
    expect(menuLocaleFor('en-US')).toBe('en');
    expect(menuLocaleFor('de-DE')).toBe('en');
    expect(menuLocaleFor('')).toBe('en');
  });

  it('labels every section in both languages', () => {
    for (const locale of ['fr', 'en']) {
      for (const section of SECTIONS) expect(menuLabels(locale).sections[section]).toMatch(/\S/);
    }
  });
});

describe('application menu', () => {
  beforeEach(resetFakeElectron);

  it('has File, Edit, View, Go and Help, in French for a French system', () => {
    expect(template('fr-FR').menu.map((entry) => entry.label)).toEqual([
      'Fichier',
      'Édition',
      'Affichage',
      'Aller',
      'Aide',
    ]);
    expect(template('en-GB').menu.map((entry) => entry.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Go',
      'Help',
    ]);
  });

  it('puts the app menu first on macOS', () => {
    const { menu } = template('en-US', true);
    expect(menu[0]?.role).toBe('appMenu');
    expect(menu.slice(1).map((entry) => entry.label)).toEqual(['File', 'Edit', 'View', 'Go', 'Help']);
  });

  it('navigates to each section from the Go menu', () => {
    const { menu, actions } = template('en-US');
    const go = items(menu.find((entry) => entry.label === 'Go'));
    expect(go).toHaveLength(SECTIONS.length);
    go.forEach((item, index) => {
      (item.click as () => void)();
      expect(actions.navigate).toHaveBeenLastCalledWith(SECTIONS[index]);
      expect(item.accelerator).toBe(`CmdOrCtrl+${index + 1}`);
    });
  });

  it('shows reload and DevTools only in development', () => {
    const roles = (isDev: boolean) => items(template('en', false, isDev).menu[2]).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('opens the data folder from File', () => {
    const { menu, actions } = template('en');
    const open = items(menu[0]).find((item) => item.label === 'Open Data Folder');
    (open?.click as () => void)();
    expect(actions.openDataFolder).toHaveBeenCalledOnce();
  });

  it('installs the built menu', () => {
    installApplicationMenu({
      labels: menuLabels('fr'),
      isMac: false,
      isDev: false,
      navigate: vi.fn(),
      openDataFolder: vi.fn(),
      showAbout: vi.fn(),
    });
    expect(fakeElectron.Menu.buildFromTemplate).toHaveBeenCalledOnce();
    expect(fakeElectron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });
});
