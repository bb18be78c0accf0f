/**
 * The Electron composition root: the only place where the app, its windows and the plain Node
 * services (electron/services) meet. Everything security-related is in its own module:
 * protocol.ts (app://desk/), security.ts (session), guards.ts (navigation), ipc.ts (senders).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import { safeStorageSealer } from '../services/archive/keys';
import { createHandlers } from '../services/handlers';
import { createLogger, openWorkspace, writeFileAtomic } from '../services/workspace';
import { APP_ENTRY_URL, APP_ORIGIN, devServerOrigin, isTrustedPageUrl } from './app-origin';
import { createChooseFolder } from './choose-folder';
import { registerIpc, send } from './ipc';
import { installApplicationMenu } from './menu';
import { menuLabels } from './menu-labels';
import { createNotify } from './notify';
import { registerAppProtocol, registerAppSchemeAsPrivileged } from './protocol';
import { createChooseSavePath, createSaveFile } from './save-file';
import { guardAllWebContents, hardenSession } from './security';
import { createMainWindow } from './window';

// Built as out/main/index.js, next to out/preload and out/renderer.
const here = fileURLToPath(new URL('.', import.meta.url));
const PRELOAD_PATH = join(here, '../preload/index.cjs');
const RENDERER_DIR = join(here, '../renderer');

let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  // Whatever this process creates (data folder, sync state, saved exports) is for this user only,
  // including files written by code that gives no mode of its own.
  if (process.platform !== 'win32') process.umask(0o077);
  const devOrigin = devServerOrigin(process.env, app.isPackaged);
  const entryUrl = devOrigin ? (process.env.ELECTRON_RENDERER_URL ?? devOrigin) : APP_ENTRY_URL;
  const labels = menuLabels(app.getLocale());
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('fr.rgpddesk.app');
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Before any webContents exists, so none escapes the guards.
  let log: (message: string) => void = (message) => console.warn(`[rgpd-desk] ${message}`);
  guardAllWebContents(app, (message) => log(message));

  await app.whenReady();
  try {
    const dataDir = process.env.RGPD_DESK_DATA_DIR || join(app.getPath('userData'), 'data');
    const { workspaceId } = await openWorkspace(dataDir);
    const writeLog = createLogger(dataDir);
    log = (message) => void writeLog('warn', `[main] ${message}`).catch(() => {});

    // Attached to the app window (a sheet on macOS); a bare dialog if there is none at the moment.
    const showSaveDialog = (options: Electron.SaveDialogOptions) =>
      mainWindow && !mainWindow.isDestroyed()
        ? dialog.showSaveDialog(mainWindow, options)
        : dialog.showSaveDialog(options);
    const chooseSavePath = createChooseSavePath({
      documentsDir: () => app.getPath('documents'),
      locale: app.getLocale(),
      showSaveDialog,
    });
    const handlers = createHandlers({
      name: app.getName(),
      version: app.getVersion(),
      transport: 'electron',
      dataDir,
      workspaceId,
      systemLocales: app.getPreferredSystemLanguages(),
      origin: () => APP_ORIGIN,
      openPath: (path) => shell.openPath(path),
      setKiosk: (on) => {
        if (!mainWindow || mainWindow.isDestroyed()) return;
        mainWindow.setKiosk(on);
        mainWindow.setMenuBarVisibility(!on);
      },
      saveFile: createSaveFile({
        documentsDir: () => app.getPath('documents'),
        locale: app.getLocale(),
        showSaveDialog,
        write: writeFileAtomic,
        log: (message) => log(message),
      }),
      notify: createNotify(Notification, (message) => log(message)),
      // The archive signing key: sealed by the OS keystore when it really encrypts (after ready).
      keySealer: safeStorageSealer(safeStorage, process.platform),
      chooseArchivePath: (name) => chooseSavePath(name, 'application/zip'),
      chooseFolder: createChooseFolder({
        homeDir: () => app.getPath('home'),
        locale: app.getLocale(),
        showOpenDialog: (options) =>
          mainWindow && !mainWindow.isDestroyed()
            ? dialog.showOpenDialog(mainWindow, options)
            : dialog.showOpenDialog(options),
      }),
      // Background sync: the renderer runs a pass when the folder changes or the timer fires.
      emit: (event, payload) => {
        if (mainWindow && !mainWindow.isDestroyed()) send(mainWindow.webContents, event, payload);
      },
    });

    hardenSession(session.defaultSession, { devOrigin, log });
    registerAppProtocol(RENDERER_DIR);
    registerIpc(ipcMain, handlers, { isTrustedUrl: (url) => isTrustedPageUrl(url, devOrigin), log });

    const openWindow = (): void => {
      const window = createMainWindow({ preloadPath: PRELOAD_PATH, url: entryUrl, log });
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null;
      });
      mainWindow = window;
    };

    app.setAboutPanelOptions({ applicationName: app.getName(), applicationVersion: app.getVersion() });
    installApplicationMenu({
      labels,
      isMac: process.platform === 'darwin',
      isDev: !app.isPackaged,
      navigate: (section) => {
        const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
        if (target && !target.isDestroyed()) send(target.webContents, 'menu:navigate', { section });
      },
      openDataFolder: () => void shell.openPath(dataDir),
      showAbout: () => app.showAboutPanel(),
    });

    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`[rgpd-desk] startup failed: ${error instanceof Error ? (error.stack ?? detail) : detail}`);
    dialog.showErrorBox(labels.startupFailedTitle, `${labels.startupFailed} ${detail}`);
    app.exit(1);
  }
}

// Privileged schemes must be declared before `ready`; the lock keeps one process per profile (userData).
registerAppSchemeAsPrivileged();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}
