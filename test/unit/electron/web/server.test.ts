import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../../electron/services/csp';
import { createWebHost, systemLocales, type WebHost } from '../../../../electron/web/server';
import {
  DEFAULT_MAX_BODY_BYTES,
  maxBodyBytesOf,
  WEB_API_PREFIX,
  WEB_EVENTS_PATH,
  WEB_TOKEN_HEADER,
} from '../../../../shared/ipc/contract';

const INDEX_HTML =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="./assets/app.js"></script></body></html>';
const APP_JS = 'console.log("app");';
const SECRET = 'TOP-SECRET-PACKAGE-JSON';

type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };

/** http.request, not fetch: fetch normalises `..` away and forbids setting Host. */
function raw(
  host: WebHost,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('createWebHost', () => {
  let root: string;
  let dataDir: string;
  let host: WebHost;

  const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.origin}${WEB_API_PREFIX}${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: host.token, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rgpd-web-host-'));
    dataDir = join(root, 'data');
    const rendererDir = join(root, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), INDEX_HTML);
    await writeFile(join(rendererDir, 'assets', 'app.js'), APP_JS);
    // Right next to the renderer, where a traversal would land.
    await writeFile(join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
    host = await createWebHost({ dataDir, rendererDir, port: 0, version: '9.9.9-test', heartbeatMs: 50 });
  });

  afterAll(async () => {
    await host?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and prints a tokenised URL', () => {
    const address = host.address();
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(address.port).toBe(host.port);
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  describe('IPC', () => {
    it('answers app:info with the web transport and the workspace id', async () => {
      const response = await post('app:info', {});
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      const workspace = JSON.parse(await readFile(join(dataDir, 'workspace.json'), 'utf8')) as {
        workspaceId: string;
      };
      expect(await response.json()).toMatchObject({
        ok: true,
        value: {
          name: 'RGPD Desk',
          version: '9.9.9-test',
          transport: 'web',
          dataDir,
          workspaceId: workspace.workspaceId,
          testApi: false,
          // The browser host has no save dialog, no notifications, no file manager.
          capabilities: { saveDialog: false, notifications: false, openFolder: false },
        },
      });
    });

    it('accepts the localhost name and a same-origin Origin', async () => {
      const response = await raw(host, {
        method: 'POST',
        path: `${WEB_API_PREFIX}app:info`,
        headers: {
          host: `localhost:${host.port}`,
          origin: `http://localhost:${host.port}`,
          'content-type': 'application/json; charset=utf-8',
          [WEB_TOKEN_HEADER]: host.token,
        },
        body: '{}',
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ ok: true });
    });

    it('refuses a missing or wrong token with 401', async () => {
      const missing = await fetch(`${host.origin}${WEB_API_PREFIX}app:info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual({
        ok: false,
        error: { code: 'unauthorized', message: 'errors.unauthorized' },
      });

      const wrong = await post('app:info', {}, { [WEB_TOKEN_HEADER]: `${host.token.slice(0, -1)}x` });
      expect(wrong.status).toBe(401);

      // The query string is for EventSource only; a POST must use the header.
      const inQuery = await fetch(`${host.origin}${WEB_API_PREFIX}app:info?token=${host.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(inQuery.status).toBe(401);
    });

    it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
      for (const badHost of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1']) {
        const response = await raw(host, {
          method: 'POST',
          path: `${WEB_API_PREFIX}app:info`,
          headers: { host: badHost, 'content-type': 'application/json', [WEB_TOKEN_HEADER]: host.token },
          body: '{}',
        });
        expect(response.status, badHost).toBe(403);
        expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'forbidden_origin' } });
      }
      const page = await raw(host, { path: '/', headers: { host: `evil.example:${host.port}` } });
      expect(page.status).toBe(403);
    });

    it('refuses a cross-origin POST with 403', async () => {
      for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null']) {
        const response = await post('app:info', {}, { origin });
        expect(response.status, origin).toBe(403);
        expect(await response.json()).toMatchObject({ ok: false, error: { code: 'forbidden_origin' } });
      }
    });

    it('returns invalid_payload as a 200 Result', async () => {
      const response = await post('log:write', { level: 'loud', message: 'hello' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        ok: boolean;
        error: { code: string; fields?: Record<string, string> };
      };
      expect(body.ok).toBe(false);
      expect(body.error.code).toBe('invalid_payload');
      expect(body.error.fields).toHaveProperty('level');
    });

    it('runs a real handler (log:write) and treats an empty body as {}', async () => {
      const written = await post('log:write', { level: 'info', message: 'from the browser' });
      expect(await written.json()).toEqual({ ok: true, value: { written: true } });
      expect(await readFile(join(dataDir, 'logs', 'app.log'), 'utf8')).toContain(
        '[renderer] from the browser',
      );
      const empty = await post('app:info', '');
      expect(await empty.json()).toMatchObject({ ok: true });
    });

    it('answers 404 for an unknown channel, 405 for a wrong method, 415 for a wrong content type', async () => {
      const unknown = await post('nope:never', {});
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

      const inherited = await post('__proto__', {});
      expect(inherited.status).toBe(404);

      const get = await fetch(`${host.origin}${WEB_API_PREFIX}app:info`, {
        headers: { [WEB_TOKEN_HEADER]: host.token },
      });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect(await get.json()).toMatchObject({ ok: false, error: { code: 'method_not_allowed' } });

      const text = await post('app:info', '{}', { 'content-type': 'text/plain' });
      expect(text.status).toBe(415);
      expect(await text.json()).toMatchObject({ ok: false, error: { code: 'unsupported_media_type' } });

      const otherApi = await fetch(`${host.origin}/api/other`, {
        headers: { [WEB_TOKEN_HEADER]: host.token },
      });
      expect(otherApi.status).toBe(404);
    });

    it('answers 400 invalid_json for a malformed body', async () => {
      for (const body of ['{"level":', Buffer.from([0x7b, 0xff, 0x7d])]) {
        const response = await raw(host, {
          method: 'POST',
          path: `${WEB_API_PREFIX}app:info`,
          headers: {
            host: `127.0.0.1:${host.port}`,
            'content-type': 'application/json',
            [WEB_TOKEN_HEADER]: host.token,
          },
          body,
        });
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
      }
    });

    it('answers 413 for a body over the limit', async () => {
      const message = 'x'.repeat(DEFAULT_MAX_BODY_BYTES);
      const response = await post('log:write', { level: 'info', message });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });

      // Without Content-Length (chunked), the limit is enforced while reading.
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            method: 'POST',
            path: `${WEB_API_PREFIX}log:write`,
            headers: {
              'content-type': 'application/json',
              [WEB_TOKEN_HEADER]: host.token,
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('"');
        req.write('y'.repeat(DEFAULT_MAX_BODY_BYTES));
        req.end('"');
      });
      expect(chunked).toBe(413);

      // The host is still fine afterwards.
      expect((await post('app:info', {})).status).toBe(200);
    });

    it('sizes the body limit per channel: 2 MiB is fine for an attachment, too much for a log line', async () => {
      const twoMiB = 2 * 1024 * 1024;
      expect(maxBodyBytesOf('log:write')).toBe(DEFAULT_MAX_BODY_BYTES);
      expect(maxBodyBytesOf('attachments:put')).toBeGreaterThan(twoMiB);

      // A PDF whose JSON body is just over 2 MiB: base64 turns 3 bytes into 4 characters.
      const pdf = Buffer.alloc(Math.ceil((twoMiB * 3) / 4), 0x20);
      pdf.write('%PDF-1.7\n');
      const putBody = JSON.stringify({ mediaType: 'application/pdf', dataBase64: pdf.toString('base64') });
      expect(Buffer.byteLength(putBody)).toBeGreaterThan(twoMiB);
      const put = await post('attachments:put', putBody);
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({
        ok: true,
        value: { hash: createHash('sha256').update(pdf).digest('hex'), size: pdf.length },
      });

      const logBody = JSON.stringify({ level: 'info', message: 'x'.repeat(twoMiB) });
      const log = await post('log:write', logBody);
      expect(log.status).toBe(413);
      expect(await log.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    });

    it('answers file:save and notification:show with the browser fallbacks', async () => {
      const save = await post('file:save', {
        suggestedName: 'registre.csv',
        mediaType: 'text/csv',
        dataBase64: Buffer.from('a;b\n').toString('base64'),
      });
      expect(await save.json()).toEqual({ ok: true, value: { saved: false, reason: 'unsupported' } });
      const notification = await post('notification:show', { title: 'Échéance', body: 'Demande 42' });
      expect(await notification.json()).toEqual({ ok: true, value: { shown: false } });
    });

    it('logs failed requests without the token', async () => {
      await fetch(`${host.origin}${WEB_API_PREFIX}app:info?token=${host.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: 'wrong' },
        body: '{}',
      });
      // The log is written in the background, after the answer.
      const log = await vi.waitFor(async () => {
        const text = await readFile(join(dataDir, 'logs', 'app.log'), 'utf8');
        expect(text).toMatch(/WARN \[web-host\] POST \/api\/ipc\/app:info → 401 unauthorized/);
        return text;
      });
      expect(log).not.toContain(host.token);
    });
  });

  describe('static files', () => {
    it('serves index.html at / with the security headers and no-store', async () => {
      const response = await fetch(`${host.origin}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toBe(INDEX_HTML);
    });

    it('serves assets without a token, and the app shell for client-side routes', async () => {
      const asset = await fetch(`${host.origin}/assets/app.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await asset.text()).toBe(APP_JS);

      const route = await fetch(`${host.origin}/requests/42?tab=history`);
      expect(route.status).toBe(200);
      expect(route.headers.get('cache-control')).toBe('no-store');
      expect(await route.text()).toBe(INDEX_HTML);

      expect((await fetch(`${host.origin}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${host.origin}/favicon.ico`)).status).toBe(404);

      const head = await raw(host, { method: 'HEAD', path: '/' });
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
      expect(head.body).toBe('');

      expect((await fetch(`${host.origin}/`, { method: 'DELETE' })).status).toBe(405);
    });

    it('never serves a file outside the renderer folder', async () => {
      const attempts = [
        '/../package.json',
        '/%2e%2e/package.json',
        '/%2E%2E/package.json',
        '/..%2fpackage.json',
        '/%2e%2e%2fpackage.json',
        '/assets/..%2f..%2fpackage.json',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/..%5cpackage.json',
        '/%00/../package.json',
        '/assets/app.js%00.html',
      ];
      for (const path of attempts) {
        const response = await raw(host, { path });
        expect(response.body, path).not.toContain(SECRET);
        expect([200, 404], path).toContain(response.status);
        if (response.status === 200) expect(response.body, path).toBe(INDEX_HTML);
      }
    });
  });

  describe('events (SSE)', () => {
    const connect = (path: string): Promise<IncomingMessage> =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path, headers: { accept: 'text/event-stream' } },
          resolve,
        );
        req.on('error', reject);
        req.end();
      });

    const readUntil = (res: IncomingMessage, needle: string): Promise<string> =>
      new Promise((resolve, reject) => {
        let text = '';
        const onData = (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes(needle)) {
            res.off('data', onData);
            resolve(text);
          }
        };
        res.on('data', onData);
        res.on('error', reject);
      });

    it('pushes contract events to a client that has the token', async () => {
      const res = await connect(`${WEB_EVENTS_PATH}?token=${encodeURIComponent(host.token)}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(res.headers['cache-control']).toBe('no-store');
      const received = readUntil(res, '"audit"}\n\n');
      host.emit('menu:navigate', { section: 'audit' });
      expect(await received).toContain('\n\nevent: menu:navigate\ndata: {"section":"audit"}\n\n');
      res.destroy();
    });

    it('sends heartbeats as comments', async () => {
      const res = await connect(`${WEB_EVENTS_PATH}?token=${encodeURIComponent(host.token)}`);
      await readUntil(res, ': heartbeat\n\n');
      res.destroy();
    });

    it('refuses a missing or wrong token with 401', async () => {
      const missing = await connect(WEB_EVENTS_PATH);
      expect(missing.statusCode).toBe(401);
      missing.resume();
      const wrong = await connect(`${WEB_EVENTS_PATH}?token=nope`);
      expect(wrong.statusCode).toBe(401);
      wrong.resume();
    });

    it('throws when emitting an invalid payload or an unknown event', () => {
      expect(() => host.emit('menu:navigate', { section: 'nowhere' } as never)).toThrow();
      expect(() => host.emit('menu:navigate', { section: 'audit', extra: 1 } as never)).toThrow();
      expect(() => host.emit('no:such-event' as never, {} as never)).toThrow(/Unknown event/);
    });

    it('survives clients that disconnect', async () => {
      const res = await connect(`${WEB_EVENTS_PATH}?token=${encodeURIComponent(host.token)}`);
      res.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(() => host.emit('menu:navigate', { section: 'dashboard' })).not.toThrow();
    });
  });
});

describe('createWebHost lifecycle', () => {
  it('closes promptly even with an events stream open, and honours a given token', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rgpd-web-host-'));
    try {
      await mkdir(join(root, 'renderer'));
      await writeFile(join(root, 'renderer', 'index.html'), INDEX_HTML);
      const host = await createWebHost({
        dataDir: join(root, 'data'),
        rendererDir: join(root, 'renderer'),
        token: 'fixed-token',
        version: '1',
      });
      expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=fixed-token`);
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        request({ host: '127.0.0.1', port: host.port, path: `${WEB_EVENTS_PATH}?token=fixed-token` }, resolve)
          .on('error', reject)
          .end();
      });
      expect(res.statusCode).toBe(200);
      const ended = new Promise((resolve) => res.on('close', resolve));
      res.resume();
      await host.close();
      await ended;
      await expect(fetch(`${host.origin}/`)).rejects.toThrow();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('systemLocales', () => {
  it('turns POSIX locale variables into BCP 47 tags, best first, without duplicates', () => {
    expect(systemLocales({ LANG: 'fr_FR.UTF-8' }, 'fr-FR')).toEqual(['fr-FR']);
    expect(systemLocales({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'fr_BE.UTF-8@euro' }, 'en-US')).toEqual([
      'en-US',
      'fr-BE',
      'de-DE',
    ]);
    expect(systemLocales({ LANG: 'C.UTF-8', LC_ALL: 'POSIX' }, 'en-US')).toEqual(['en-US']);
    expect(systemLocales({ LANG: '!!bad' }, 'en-US')).toEqual(['en-US']);
  });
});
