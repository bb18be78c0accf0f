import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { createMainWindow, isOwnWebContents, secureWebPreferences } =
  await import('../../../../electron/main/window');
const { guardWebContents } = await import('../../../../electron/main/guards');

function openWindow(): FakeBrowserWindow {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: 'app://desk/index.html' });
  const window = FakeBrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window created');
  return window;
}

describe('main window', () => {
  beforeEach(resetFakeElectron);

  it('uses locked-down webPreferences with the bundled CJS preload', () => {
    const window = openWindow();
    expect(window.options.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
  });

  it('starts hidden, loads the app URL and shows on ready-to-show', () => {
    const window = openWindow();
    expect(window.options.show).toBe(false);
    expect(window.loadURL).toHaveBeenCalledWith('app://desk/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('prevents navigation, redirects and <webview> attachment', () => {
    const { webContents } = openWindow();
    expect(webContents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(webContents.fire('will-navigate', 'app://desk/other.html').defaultPrevented).toBe(true);
    expect(webContents.fire('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(
      webContents.fire('will-attach-webview', '', {}, { src: 'https://evil.example/' }).defaultPrevented,
    ).toBe(true);
  });

  it('denies every new window', () => {
    const { webContents } = openWindow();
    expect(webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler?.({ url: 'app://desk/index.html' })).toEqual({ action: 'deny' });
  });

  it('remembers its own webContents until destroyed', () => {
    const { webContents } = openWindow();
    const stranger = new FakeWebContents();
    expect(isOwnWebContents(webContents as never)).toBe(true);
    expect(isOwnWebContents(stranger as never)).toBe(false);
    webContents.emit('destroyed');
    expect(isOwnWebContents(webContents as never)).toBe(false);
  });

  it('guards a webContents only once', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    guardWebContents(contents as never);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});
