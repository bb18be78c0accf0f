import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../../electron/services/csp';
import { fakeElectron, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { createAppRequestHandler, registerAppProtocol, registerAppSchemeAsPrivileged } =
  await import('../../../../electron/main/protocol');

let root: string;
let outside: string;
beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'rgpd-desk-protocol-'));
  root = join(outside, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(outside, 'secret.txt'), 'do not serve');
});
afterAll(() => rm(outside, { recursive: true, force: true }));
beforeEach(resetFakeElectron);

const get = (url: string, method = 'GET') => createAppRequestHandler(root)(new Request(url, { method }));

describe('app:// scheme', () => {
  it('is registered as a standard, secure, fetch-capable scheme without CORS or CSP bypass', () => {
    registerAppSchemeAsPrivileged();
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          bypassCSP: false,
          allowServiceWorkers: false,
        }),
      },
    ]);
  });

  it('is handled by the static file handler', () => {
    registerAppProtocol(root);
    expect(fakeElectron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('app:// request handler', () => {
  it('serves index.html with the CSP and every security header', async () => {
    const response = await get('app://desk/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('id="root"');
  });

  it('serves / as index.html and assets with their MIME types', async () => {
    expect((await get('app://desk/')).headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = await get('app://desk/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://desk/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('refuses paths that escape the renderer folder', async () => {
    // `new URL` already folds literal and %2e%2e segments; the resolver catches what survives.
    for (const url of [
      'app://desk/../secret.txt',
      'app://desk/%2e%2e/secret.txt',
      'app://desk/assets/%2e%2e%2f..%2fsecret.txt',
      'app://desk/..%5csecret.txt',
    ]) {
      const response = await get(url);
      expect([403, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('do not serve');
    }
    expect((await get('app://desk/assets/%2e%2e%2f..%2fsecret.txt')).status).toBe(403);
  });

  it('answers 404 for a missing file, a folder or another host, and 405 for writes', async () => {
    expect((await get('app://desk/nope.js')).status).toBe(404);
    expect((await get('app://desk/assets')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://desk/index.html', 'POST')).status).toBe(405);
    const refused = await get('app://desk/nope.js');
    expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://desk/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
