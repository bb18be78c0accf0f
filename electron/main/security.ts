import type { App, Session } from 'electron';
import { isAllowedRequestUrl } from './app-origin';
import { guardWebContents } from './guards';

export type SessionPolicy = {
  /** The Vite dev server origin under `electron-vite dev`, else null (see app-origin.ts). */
  devOrigin: string | null;
  log?: (message: string) => void;
};

/**
 * The renderer is offline by design: every permission is refused (camera, notifications,
 * geolocation, USB/HID/serial devices…) and every request that is not for the app itself is
 * cancelled before it leaves the machine.
 */
export function hardenSession(session: Session, { devOrigin, log = () => {} }: SessionPolicy): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  // Absent on some older Electron builds; guarded so a mismatched runtime still gets the rest.
  if (typeof session.setDevicePermissionHandler === 'function')
    session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, devOrigin);
    if (!allowed) log(`cancelled request to ${details.url}`);
    callback({ cancel: !allowed });
  });
}

/** Every webContents (windows, DevTools, anything a dependency might open) gets the navigation guards. */
export function guardAllWebContents(app: Pick<App, 'on'>, log: (message: string) => void = () => {}): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}
