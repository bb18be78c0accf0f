import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron, FakeWebContents, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { guardAllWebContents, hardenSession } = await import('../../../../electron/main/security');
const { devServerOrigin, isAllowedRequestUrl, isTrustedPageUrl } =
  await import('../../../../electron/main/app-origin');

type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

function hardened(devOrigin: string | null = null) {
  const session = fakeElectron.session.defaultSession;
  hardenSession(session as never, { devOrigin });
  return session;
}

/** Runs the registered onBeforeRequest listener and tells whether the request was cancelled. */
function cancelled(session: ReturnType<typeof hardened>, url: string): boolean {
  const listener = session.webRequest.onBeforeRequest.mock.calls[0]?.[0] as BeforeRequest;
  const callback = vi.fn();
  listener({ url }, callback);
  expect(callback).toHaveBeenCalledOnce();
  return callback.mock.calls[0]?.[0]?.cancel === true;
}

describe('session hardening', () => {
  beforeEach(resetFakeElectron);

  it('denies every permission request', () => {
    const session = hardened();
    const handler = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      handler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
  });

  it('answers no to every permission check and device request', () => {
    const session = hardened();
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(check(null, 'media', 'app://desk', {})).toBe(false);
    expect(check(null, 'hid', 'app://desk', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as (details: unknown) => boolean;
    expect(device({ deviceType: 'usb', origin: 'app://desk' })).toBe(false);
  });

  it('cancels requests that are not for the app scheme', () => {
    const session = hardened();
    for (const url of [
      'https://example.com/tracker.js',
      'http://127.0.0.1:8080/api',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      'file:///etc/passwd',
      'app://other/index.html',
      'ftp://example.com/',
      'blob:https://example.com/1234',
      'not a url',
    ]) {
      expect(cancelled(session, url), url).toBe(true);
    }
  });

  it('lets the app scheme, DevTools, data: and the app blob: URLs through', () => {
    const session = hardened();
    for (const url of [
      'app://desk/index.html',
      'app://desk/assets/index-abc.js',
      'devtools://devtools/bundled/inspector.html',
      'data:image/png;base64,AAAA',
      'blob:app://desk/2b0c6f6e-7a57-4e5b-a8b2-6e1a2d0c9f11',
    ]) {
      expect(cancelled(session, url), url).toBe(false);
    }
  });

  it('allows the loopback dev server (page and HMR socket) only in dev mode', () => {
    const session = hardened('http://localhost:5173');
    expect(cancelled(session, 'http://localhost:5173/src/main.tsx')).toBe(false);
    expect(cancelled(session, 'ws://localhost:5173/')).toBe(false);
    expect(cancelled(session, 'http://localhost:5174/')).toBe(true);
    expect(cancelled(session, 'https://example.com/')).toBe(true);
  });

  it('applies the navigation guards to every webContents the app creates', () => {
    guardAllWebContents(fakeElectron.app as never);
    const contents = new FakeWebContents('devtools://devtools/bundled/inspector.html');
    fakeElectron.app.emit('web-contents-created', {}, contents);
    expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview').defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('dev server origin', () => {
  it('is trusted only unpackaged, and only on loopback http(s)', () => {
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false)).toBe(
      'http://localhost:5173',
    );
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false)).toBe(
      'http://127.0.0.1:5173',
    );
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true)).toBeNull();
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBeNull();
    expect(devServerOrigin({ ELECTRON_RENDERER_URL: 'file:///tmp/index.html' }, false)).toBeNull();
    expect(devServerOrigin({}, false)).toBeNull();
  });

  it('extends page trust to the dev server only when set', () => {
    expect(isTrustedPageUrl('app://desk/index.html', null)).toBe(true);
    expect(isTrustedPageUrl('http://localhost:5173/', null)).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedRequestUrl('http://localhost:5173/', null)).toBe(false);
  });
});
