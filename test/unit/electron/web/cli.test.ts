import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  banner,
  CliUsageError,
  defaultDataDir,
  parseCliArgs,
  planPort,
  PortRefusedError,
  portRefusalMessage,
  readRememberedPort,
  readVersion,
  startWebHost,
} from '../../../../electron/web/cli';
import type { WebHost } from '../../../../electron/web/server';
import { claimRecordsHome } from '../../../../electron/services/records-home';

describe('defaultDataDir', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/rgpd-desk/web');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/ana' }, '/home/ana')).toBe(
      '/data/ana/rgpd-desk/web',
    );
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative/ignored' }, '/home/ana')).toBe(
      '/home/ana/.local/share/rgpd-desk/web',
    );
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/RGPD Desk/web',
    );
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\RGPD Desk\\web',
    );
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\RGPD Desk\\web',
    );
  });
});

describe('parseCliArgs', () => {
  it('reads every option', () => {
    const options = parseCliArgs([
      '--port',
      '0',
      '--data',
      'some/dir',
      '--renderer',
      '/r',
      '--expose-test-api',
      '--quiet',
    ]);
    expect(options).toEqual({
      port: 0,
      dataDir: resolve('some/dir'),
      rendererDir: '/r',
      testApi: true,
      quiet: true,
      help: false,
    });
    expect(parseCliArgs(['--port=8123']).port).toBe(8123);
  });

  it('defaults to the per-user data folder and no fixed port', () => {
    const options = parseCliArgs([]);
    expect(options.port).toBeUndefined();
    expect(options.dataDir).toBe(resolve(defaultDataDir()));
    expect(options.rendererDir.endsWith(join('renderer'))).toBe(true);
    expect(options.testApi).toBe(false);
  });

  it('rejects unknown flags and bad ports', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port', '-1'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['stray'])).toThrow(CliUsageError);
  });
});

describe('startWebHost', () => {
  let root: string;
  let rendererDir: string;
  const hosts: WebHost[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'rgpd-web-cli-'));
    rendererDir = join(root, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
    await rm(root, { recursive: true, force: true });
  });

  const start = async (dataDir: string, port?: number) => {
    const host = await startWebHost({
      dataDir,
      rendererDir,
      version: 't',
      ...(port !== undefined ? { port } : {}),
    });
    hosts.push(host);
    return host;
  };
  const stop = async (host: WebHost) => {
    hosts.splice(hosts.indexOf(host), 1);
    await host.close();
  };

  it('reuses the remembered port across restarts, so the browser origin stays the same', async () => {
    const dataDir = join(root, 'data');
    const first = await start(dataDir);
    expect(await readRememberedPort(dataDir)).toBe(first.port);
    expect(JSON.parse(await readFile(join(dataDir, 'web-host.json'), 'utf8'))).toEqual({ port: first.port });
    await stop(first);

    const second = await start(dataDir);
    expect(second.port).toBe(first.port);
    expect(second.origin).toBe(first.origin);
  });

  it('takes another free port when the remembered one is busy, and remembers that one', async () => {
    const dataDir = join(root, 'data');
    const first = await start(dataDir);
    // The first host still holds its port.
    const second = await start(dataDir);
    expect(second.port).not.toBe(first.port);
    expect(await readRememberedPort(dataDir)).toBe(second.port);
  });

  it('ignores a corrupt port file', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'web-host.json'), '{"port": "eighty"}');
    expect(await readRememberedPort(dataDir)).toBeUndefined();
    const host = await start(dataDir);
    expect(await readRememberedPort(dataDir)).toBe(host.port);
  });

  it('uses an explicit port and remembers it for the next start without --port', async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const host = await start(dataDir, port);
    expect(host.port).toBe(port);
    expect(await readRememberedPort(dataDir)).toBe(port);
    await expect(start(dataDir, port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await stop(host);
    expect((await start(dataDir)).port).toBe(port);
  });

  it('once a page holds the records, refuses another port and keeps the home port even when busy', async () => {
    const dataDir = join(root, 'data');
    const first = await start(dataDir);
    await claimRecordsHome(dataDir, {
      origin: first.origin,
      transport: 'web',
      since: '2026-01-01T00:00:00Z',
    });
    const other = await freePort();
    await expect(start(dataDir, other)).rejects.toMatchObject({
      reason: 'other_port',
      homePort: first.port,
      requested: other,
    });
    await expect(start(dataDir, 0)).rejects.toBeInstanceOf(PortRefusedError);
    // The first host still holds the port: no silent move to another origin.
    await expect(start(dataDir)).rejects.toMatchObject({ reason: 'busy', homePort: first.port });
    await stop(first);
    expect((await start(dataDir, first.port)).origin).toBe(first.origin);
  });

  it('follows a home recorded before the remembered port changed', async () => {
    const dataDir = join(root, 'data');
    const home = await freePort();
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'web-host.json'), JSON.stringify({ port: await freePort() }));
    await claimRecordsHome(dataDir, {
      origin: `http://127.0.0.1:${home}`,
      transport: 'web',
      since: '2026-01-01T00:00:00Z',
    });
    const host = await start(dataDir);
    expect(host.port).toBe(home);
    expect(await readRememberedPort(dataDir)).toBe(home);
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await new Promise<number>((done) =>
    probe.listen(0, '127.0.0.1', () => done((probe.address() as AddressInfo).port)),
  );
  await new Promise((done) => probe.close(done));
  return port;
}

describe('planPort', () => {
  it('keeps the home port, else the one asked for, else the remembered one, else any', () => {
    expect(planPort({})).toEqual({ port: 0, anyIfTaken: false });
    expect(planPort({ remembered: 4100 })).toEqual({ port: 4100, anyIfTaken: true });
    expect(planPort({ requested: 4200, remembered: 4100 })).toEqual({ port: 4200, anyIfTaken: false });
    expect(planPort({ requested: 0, remembered: 4100 })).toEqual({ port: 0, anyIfTaken: false });
    expect(planPort({ remembered: 4100, homePort: 4300 })).toEqual({ port: 4300, anyIfTaken: false });
    expect(planPort({ requested: 4300, homePort: 4300 })).toEqual({ port: 4300, anyIfTaken: false });
    expect(() => planPort({ requested: 4200, homePort: 4300 })).toThrow(PortRefusedError);
    expect(() => planPort({ requested: 0, homePort: 4300 })).toThrow(PortRefusedError);
  });
});

describe('portRefusalMessage', () => {
  const otherPort = new PortRefusedError('other_port', 4300, 4200);
  const busy = new PortRefusedError('busy', 4300);

  it('says where the data is and how to reach it, in French for a French system', () => {
    const text = portRefusalMessage(otherPort, '/srv/desk', ['fr-FR', 'en-US']);
    expect(text).toContain('http://127.0.0.1:4300');
    expect(text).toContain('/srv/desk');
    expect(text).toContain('--port 4300');
    expect(text).toContain('navigateur qui l’a ouverte la première fois');
    expect(text).toContain('npm run web -- --data AUTRE_DOSSIER --port 4200');
    expect(portRefusalMessage(busy, '/srv/desk', ['fr-CA'])).toContain('le port 4300 est déjà utilisé');
  });

  it('is in English otherwise, with English punctuation', () => {
    const text = portRefusalMessage(otherPort, '/srv/desk', ['de-DE']);
    expect(text).toContain('does not open on port 4200');
    expect(text).toContain('in the browser that first opened it');
    expect(text).not.toMatch(/ :|«|»/);
    expect(portRefusalMessage(busy, '/srv/desk', [])).toContain('port 4300 is already in use');
  });
});

describe('banner and version', () => {
  it('starts with the line tests parse, and is bilingual', () => {
    const host = { url: 'http://127.0.0.1:51234/?token=abc_DEF-123' };
    const text = banner(host, '/data', { quiet: false, testApi: false });
    const line = text.split('\n').find((l) => l.startsWith('RGPD Desk web host: http://127.0.0.1:'));
    expect(line).toBe('RGPD Desk web host: http://127.0.0.1:51234/?token=abc_DEF-123');
    expect(
      line?.match(/^RGPD Desk web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/)?.slice(2),
    ).toEqual(['51234', 'abc_DEF-123']);
    expect(text).toContain('/data');
    expect(text).toContain('Ctrl+C');
    expect(text).toContain('Dossier de données');
    expect(banner(host, '/data', { quiet: true, testApi: false })).toBe(line);
  });

  it('reads the version from package.json, with a fallback', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rgpd-web-version-'));
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ version: '1.2.3' }));
      expect(readVersion(join(dir, 'package.json'))).toBe('1.2.3');
      expect(readVersion(join(dir, 'missing.json'))).toBe('0.0.0-dev');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
