import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';
import { guardWebContents } from './guards';

/** The renderer gets no Node, no Electron, and a sandboxed process; it reaches Node only via `window.desk`. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** webContents ids of the windows this process created; IPC answers only their main frames. */
const ownWebContentsIds = new Set<number>();

export function isOwnWebContents(contents: WebContents): boolean {
  return ownWebContentsIds.has(contents.id);
}

export type MainWindowOptions = {
  preloadPath: string;
  /** app://desk/index.html, or the dev server URL under `electron-vite dev`. */
  url: string;
  log?: (message: string) => void;
};

export function createMainWindow({ preloadPath, url, log = () => {} }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'RGPD Desk',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f5f7fb',
    webPreferences: secureWebPreferences(preloadPath),
  });
  const { webContents } = window;
  const id = webContents.id;
  ownWebContentsIds.add(id);
  webContents.once('destroyed', () => ownWebContentsIds.delete(id));
  guardWebContents(webContents, log);

  window.once('ready-to-show', () => window.show());
  webContents.on('did-fail-load', (_event, code, description, failedUrl) => {
    log(`renderer failed to load ${failedUrl}: ${code} ${description}`);
    // A hidden window that never shows looks like a hang; show it so the failure is visible.
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  });
  webContents.on('render-process-gone', (_event, details) => log(`renderer process gone: ${details.reason}`));

  void window.loadURL(url).catch((error: unknown) => log(`loadURL(${url}) failed: ${String(error)}`));
  return window;
}
