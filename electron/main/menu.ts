import { Menu, type MenuItemConstructorOptions } from 'electron';
import { SECTIONS, type Section } from '../../shared/ipc/contract';
import type { MenuLabels } from './menu-labels';

export type MenuActions = {
  labels: MenuLabels;
  isMac: boolean;
  /** Reload and DevTools only when running unpackaged. */
  isDev: boolean;
  /** Sends `menu:navigate` to the focused window (see ipc.ts `send`). */
  navigate: (section: Section) => void;
  openDataFolder: () => void;
  showAbout: () => void;
};

/** The whole menu as data, so it is tested without Electron. */
export function buildMenuTemplate({
  labels: l,
  isMac,
  isDev,
  navigate,
  openDataFolder,
  showAbout,
}: MenuActions): MenuItemConstructorOptions[] {
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          role: 'appMenu',
          submenu: [
            { label: l.about, click: showAbout },
            { type: 'separator' },
            { role: 'hide', label: l.hide },
            { role: 'hideOthers', label: l.hideOthers },
            { role: 'unhide', label: l.showAll },
            { type: 'separator' },
            { role: 'quit', label: l.quit },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: l.file,
    submenu: [
      { label: l.openDataFolder, click: openDataFolder },
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: l.quit } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: l.edit,
    submenu: [
      { role: 'undo', label: l.undo },
      { role: 'redo', label: l.redo },
      { type: 'separator' },
      { role: 'cut', label: l.cut },
      { role: 'copy', label: l.copy },
      { role: 'paste', label: l.paste },
      { role: 'selectAll', label: l.selectAll },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: l.view,
    submenu: [
      ...(isDev
        ? [
            { role: 'reload', label: l.reload } as const,
            { role: 'toggleDevTools', label: l.toggleDevTools } as const,
            { type: 'separator' } as const,
          ]
        : []),
      { role: 'resetZoom', label: l.resetZoom },
      { role: 'zoomIn', label: l.zoomIn },
      { role: 'zoomOut', label: l.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: l.toggleFullScreen },
    ],
  };

  const go: MenuItemConstructorOptions = {
    label: l.go,
    submenu: SECTIONS.map((section, index) => ({
      label: l.sections[section],
      accelerator: `CmdOrCtrl+${index + 1}`,
      click: () => navigate(section),
    })),
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: l.help,
    submenu: isMac ? [] : [{ label: l.about, click: showAbout }],
  };

  return [...appMenu, file, edit, view, go, help];
}

export function installApplicationMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions)));
}
