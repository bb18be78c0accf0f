import { readFile, stat } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../services/csp';
import { contentTypeFor, resolveStaticPath } from '../services/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Must run before `app.ready`. `standard` + `secure` give the scheme a real origin (app://desk), so
 * IndexedDB, fetch and CSP 'self' behave as on https; no CORS, no service workers, CSP not bypassed.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: false,
        allowServiceWorkers: false,
        bypassCSP: false,
        stream: false,
        codeCache: true,
      },
    },
  ]);
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * Serves the built renderer from `rootDir` with the CSP and security headers of
 * electron/services/csp.ts. Only GET/HEAD on app://desk/, only files inside `rootDir`.
 */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
    const file = resolveStaticPath(rootDir, url.pathname);
    if (!file) return plain(403, 'Forbidden');

    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return plain(404, 'Not found');
      body = await readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeFor(file),
        // Files change with every build while the app:// URLs stay the same.
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** Call after `app.ready`: answers app://desk/* from the built renderer folder. */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
