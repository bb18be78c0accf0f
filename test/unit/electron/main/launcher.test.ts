import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_INSTALL_TIMEOUT_MS,
  electronMissingMessage,
  installTimeoutMs,
  locateElectronBinary,
  runLauncher,
  type ElectronLocation,
  type LauncherDeps,
} from '../../../../electron/launcher/start';

const pkg = '/proj/node_modules/electron';

function locate(
  files: Record<string, string>,
  env: Record<string, string> = {},
  platform: NodeJS.Platform = 'linux',
) {
  return locateElectronBinary({
    packageDir: pkg,
    env,
    platform,
    fileExists: (path) => path in files,
    readText: (path) => files[path] ?? null,
  });
}

describe('locateElectronBinary', () => {
  it('finds the binary recorded in path.txt under dist/', () => {
    const binary = join(pkg, 'dist', 'electron');
    expect(locate({ [join(pkg, 'path.txt')]: 'electron', [binary]: '' })).toEqual({
      found: true,
      binaryPath: binary,
    });
  });

  it('reports a never-downloaded binary (no path.txt, or path.txt without dist/)', () => {
    expect(locate({})).toMatchObject({ found: false, reason: expect.stringContaining('path.txt') });
    expect(locate({ [join(pkg, 'path.txt')]: 'electron' })).toMatchObject({ found: false });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const binary = join('/opt/electron', 'electron.exe');
    expect(locate({ [binary]: '' }, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, 'win32')).toEqual({
      found: true,
      binaryPath: binary,
    });
    expect(locate({}, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' })).toMatchObject({
      found: false,
      reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH'),
    });
  });

  it('reports a missing electron package', () => {
    const location = locateElectronBinary({
      packageDir: null,
      env: {},
      platform: 'linux',
      fileExists: () => false,
      readText: () => null,
    });
    expect(location).toMatchObject({ found: false, reason: expect.stringContaining('npm install') });
  });
});

describe('installTimeoutMs', () => {
  it('defaults to 120 s and accepts a positive override', () => {
    expect(installTimeoutMs({})).toBe(DEFAULT_INSTALL_TIMEOUT_MS);
    expect(DEFAULT_INSTALL_TIMEOUT_MS).toBe(120_000);
    expect(installTimeoutMs({ RGPD_DESK_ELECTRON_INSTALL_TIMEOUT_MS: '5000' })).toBe(5000);
    expect(installTimeoutMs({ RGPD_DESK_ELECTRON_INSTALL_TIMEOUT_MS: 'soon' })).toBe(
      DEFAULT_INSTALL_TIMEOUT_MS,
    );
    expect(installTimeoutMs({ RGPD_DESK_ELECTRON_INSTALL_TIMEOUT_MS: '-1' })).toBe(
      DEFAULT_INSTALL_TIMEOUT_MS,
    );
  });
});

describe('electronMissingMessage', () => {
  it('is one paragraph, in English and French, with the fixes and the web fallback', () => {
    const text = electronMissingMessage('45.5.0', 'installer failed: TypeError: fetch failed');
    expect(text).not.toMatch(/\n\s*\n/);
    expect(text).toContain('could not be downloaded');
    expect(text).toContain("n'a pas pu être téléchargé");
    for (const needle of [
      'ELECTRON_MIRROR',
      'ELECTRON_OVERRIDE_DIST_PATH',
      'npm run web',
      '45.5.0',
      'fetch failed',
    ]) {
      expect(text).toContain(needle);
    }
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

function deps(locations: ElectronLocation[], overrides: Partial<LauncherDeps> = {}) {
  const queue = [...locations];
  const spies = {
    locate: vi.fn(() => queue.shift() ?? { found: false as const, reason: 'still missing' }),
    install: vi.fn(async () => ({ ok: false as const, detail: 'installer failed: TypeError: fetch failed' })),
    launch: vi.fn(async () => 0),
    info: vi.fn(),
    error: vi.fn(),
  };
  return {
    spies,
    deps: { ...spies, electronVersion: '45.5.0', timeoutMs: 1000, ...overrides } satisfies LauncherDeps,
  };
}

describe('runLauncher', () => {
  it('launches an installed binary and forwards its exit code', async () => {
    const { spies, deps: d } = deps([{ found: true, binaryPath: '/bin/electron' }], {
      launch: vi.fn(async () => 7),
    });
    expect(await runLauncher(d)).toBe(7);
    expect(d.launch).toHaveBeenCalledWith('/bin/electron');
    expect(spies.install).not.toHaveBeenCalled();
  });

  it('tries the installer once when the binary is missing, then launches', async () => {
    const { spies, deps: d } = deps(
      [
        { found: false, reason: 'missing' },
        { found: true, binaryPath: '/bin/electron' },
      ],
      { install: vi.fn(async () => ({ ok: true as const })) },
    );
    expect(await runLauncher(d)).toBe(0);
    expect(d.install).toHaveBeenCalledWith(1000);
    expect(spies.launch).toHaveBeenCalledWith('/bin/electron');
  });

  it('prints the paragraph and exits 1 when there is no binary and the download fails', async () => {
    const { spies, deps: d } = deps([{ found: false, reason: 'missing' }]);
    expect(await runLauncher(d)).toBe(1);
    expect(spies.install).toHaveBeenCalledOnce();
    expect(spies.launch).not.toHaveBeenCalled();
    expect(spies.error).toHaveBeenCalledOnce();
    expect(spies.error.mock.calls[0]?.[0]).toBe(
      electronMissingMessage('45.5.0', 'installer failed: TypeError: fetch failed'),
    );
  });
});
