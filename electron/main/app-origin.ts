/**
 * Where the renderer lives and which URLs count as "ours". The packaged app is served from the
 * privileged `app://desk/` scheme; during `electron-vite dev` (unpackaged, ELECTRON_RENDERER_URL set)
 * it comes from the loopback Vite server instead, and only then is that origin trusted too.
 * Plain logic, no 'electron' import, so the rules are unit-tested directly.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for `app://desk/...` only (not another host on the same scheme). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * The Vite dev server's origin when running unpackaged under `electron-vite dev`, else null. Anything
 * but an http(s) loopback URL is ignored, so a stray environment variable cannot make the app trust
 * a remote site.
 */
export function devServerOrigin(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  if (isPackaged) return null;
  const raw = env.ELECTRON_RENDERER_URL;
  if (!raw) return null;
  const parsed = parse(raw);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return parsed.origin;
}

/** Pages allowed to talk to the main process: the app scheme, plus the dev server in dev mode. */
export function isTrustedPageUrl(url: string, devOrigin: string | null): boolean {
  if (isAppUrl(url)) return true;
  if (!devOrigin) return false;
  return parse(url)?.origin === devOrigin;
}

/**
 * Whether the session may load `url` at all. Everything leaves through here, so the default is no:
 * the app scheme, inline `data:` and the app's own `blob:` URLs (no network involved), DevTools, and
 * in dev mode the dev server with its hot-reload websocket.
 */
export function isAllowedRequestUrl(url: string, devOrigin: string | null): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  switch (parsed.protocol) {
    case `${APP_SCHEME}:`:
      return parsed.host === APP_HOST;
    case 'devtools:':
    case 'data:':
      return true;
    case 'blob:':
      return isTrustedPageUrl(url.slice('blob:'.length), devOrigin);
    case 'http:':
    case 'https:':
      return devOrigin !== null && parsed.origin === devOrigin;
    case 'ws:':
    case 'wss:': {
      if (!devOrigin) return false;
      return parsed.host === new URL(devOrigin).host;
    }
    default:
      return false;
  }
}
