/**
 * A stand-in for the 'electron' module: just enough of BrowserWindow, app, session, protocol,
 * ipcMain/ipcRenderer, contextBridge, Menu, shell, dialog and Notification for the composition root and the preload
 * to run in Node. Each test file wires it with
 *   vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);
 * and calls resetFakeElectron() between tests.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** An Electron-style event: preventDefault() is observable. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextFrameTreeNodeId = 1;

export class FakeFrame {
  parent: FakeFrame | null = null;
  readonly frameTreeNodeId = nextFrameTreeNodeId++;
  constructor(public url: string) {}
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly send = vi.fn();
  constructor(url = 'app://desk/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits like Electron: returns the event so a test can look at defaultPrevented. */
  fire(name: string, url = '', ...rest: unknown[]): FakeEvent {
    const event = new FakeEvent(url);
    this.emit(name, event, ...rest);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused;
  }

  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.show.mock.calls.length > 0;
  }
  isMinimized(): boolean {
    return false;
  }
}

function createFakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  };
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  locale = 'fr-FR';
  singleInstance = true;
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly setAppUserModelId = vi.fn();
  readonly setAboutPanelOptions = vi.fn();
  readonly showAboutPanel = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstance);
  readonly whenReady = vi.fn(async () => {});
  getLocale(): string {
    return this.locale;
  }
  getName(): string {
    return 'RGPD Desk';
  }
  getVersion(): string {
    return '0.1.0';
  }
  getPath(name: string): string {
    return name === 'documents' ? '/nonexistent/documents' : '/nonexistent/user-data';
  }
  getPreferredSystemLanguages(): string[] {
    return ['fr-FR', 'en-US'];
  }
}

/** Records what was shown; `supported` is what Notification.isSupported() answers. */
export class FakeNotification {
  static supported = true;
  static instances: FakeNotification[] = [];
  static readonly isSupported = vi.fn(() => FakeNotification.supported);
  readonly show = vi.fn();
  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {
    FakeNotification.instances.push(this);
  }
}

type SaveDialogAnswer = { canceled: boolean; filePath: string };

function createDialog() {
  return {
    showErrorBox: vi.fn(),
    /** Electron's overloads: (options) or (window, options). Cancelled unless a test says otherwise. */
    showSaveDialog: vi.fn(
      async (_windowOrOptions: unknown, _options?: unknown): Promise<SaveDialogAnswer> => ({
        canceled: true,
        filePath: '',
      }),
    ),
  };
}

function createIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

function createIpcRenderer() {
  const emitter = new EventEmitter();
  return {
    emitter,
    invoke: vi.fn(async (_channel: string, _payload?: unknown): Promise<unknown> => ({
      ok: true,
      value: 'from-main',
    })),
    on: vi.fn((channel: string, listener: Listener) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: Listener) => emitter.removeListener(channel, listener)),
    send: vi.fn(),
    sendSync: vi.fn(),
  };
}

export const fakeElectron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession: createFakeSession() },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  ipcMain: createIpcMain(),
  ipcRenderer: createIpcRenderer(),
  contextBridge: { exposeInMainWorld: vi.fn() },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
  shell: { openPath: vi.fn(async (_path: string) => ''), openExternal: vi.fn() },
  dialog: createDialog(),
  Notification: FakeNotification,
  /** Linux without a keyring: safeStorage would only obfuscate, so the archive key asks for a passphrase. */
  safeStorage: {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => 'basic_text'),
    encryptString: vi.fn((plain: string) => Buffer.from(plain)),
    decryptString: vi.fn((sealed: Buffer) => sealed.toString()),
  },
};

export function resetFakeElectron(): void {
  vi.clearAllMocks();
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.focused = null;
  fakeElectron.app.removeAllListeners();
  fakeElectron.app.isPackaged = false;
  fakeElectron.app.locale = 'fr-FR';
  fakeElectron.app.singleInstance = true;
  fakeElectron.session.defaultSession = createFakeSession();
  fakeElectron.ipcMain.handlers.clear();
  fakeElectron.ipcRenderer.emitter.removeAllListeners();
  // Back to the original implementation (cancelled), dropping any mockResolvedValueOnce left over.
  fakeElectron.dialog.showSaveDialog.mockReset();
  FakeNotification.supported = true;
  FakeNotification.instances = [];
}
