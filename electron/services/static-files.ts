/**
 * The pure half of serving the built renderer (out/renderer): map a URL path to a file inside the
 * root folder, and name its MIME type. Both hosts use it — the Electron `app://` protocol handler and
 * the loopback browser host — so neither can be talked into reading a file outside the renderer.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const INDEX_FILE = 'index.html';

/**
 * The absolute path of the file `urlPathname` names inside `rootDir`, or null when the path is
 * malformed or would leave `rootDir` (`..`, `%2e%2e`, backslashes, drive letters, NUL bytes).
 * `urlPathname` is the raw pathname of a parsed URL, still percent-encoded; it is decoded once here.
 * A path ending in '/' names that folder's index.html.
 */
export function resolveStaticPath(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) decoded = `/${decoded}`;
  // A backslash is a separator on Windows and ':' starts a drive or stream name there; no built
  // renderer file needs either, so refuse them on every platform rather than reason about each.
  if (/[\\:\0]/.test(decoded)) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..')) return null;
  if (decoded.endsWith('/')) decoded += INDEX_FILE;

  const root = resolve(rootDir);
  const file = resolve(root, `.${decoded}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The Content-Type to send for a file; unknown extensions are opaque bytes (with nosniff, never run). */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
