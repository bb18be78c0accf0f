import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from '../../../../electron/services/static-files';

const root = resolve('/srv/app/out/renderer');

describe('resolveStaticPath', () => {
  it('maps URL paths to files inside the root', () => {
    expect(resolveStaticPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/')).toBe(join(root, 'assets', 'index.html'));
    expect(resolveStaticPath(root, '/fonts/Inter%20Var.woff2')).toBe(join(root, 'fonts', 'Inter Var.woff2'));
    expect(resolveStaticPath(root, 'index.html')).toBe(join(root, 'index.html'));
  });

  it('refuses traversal', () => {
    expect(resolveStaticPath(root, '/../secret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/assets/../../secret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/..')).toBeNull();
    expect(resolveStaticPath(root, '/.')).toBeNull();
  });

  it('refuses percent-encoded traversal', () => {
    expect(resolveStaticPath(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/%2E%2E/secret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/..%2fsecret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/%2e%2e%5csecret.txt')).toBeNull();
  });

  it('decodes only once: double-encoded dots are a literal file name, still inside the root', () => {
    expect(resolveStaticPath(root, '/%252e%252e/secret.txt')).toBe(join(root, '%2e%2e', 'secret.txt'));
  });

  it('refuses backslashes, drive letters, NUL bytes and malformed escapes', () => {
    expect(resolveStaticPath(root, '/..\\secret.txt')).toBeNull();
    expect(resolveStaticPath(root, '/C:/Windows/win.ini')).toBeNull();
    expect(resolveStaticPath(root, '/index.html%00.js')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app-123.js', 'text/javascript; charset=utf-8'],
    ['worker.mjs', 'text/javascript; charset=utf-8'],
    ['style.CSS', 'text/css; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['icon.png', 'image/png'],
    ['photo.jpeg', 'image/jpeg'],
    ['favicon.ico', 'image/x-icon'],
    ['font.woff2', 'font/woff2'],
    ['sql.wasm', 'application/wasm'],
    ['README', 'application/octet-stream'],
    ['archive.exe', 'application/octet-stream'],
  ])('%s → %s', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });
});
