/**
 * What `npm start` runs after the build (`node out/main/start.js`): find the Electron runtime the
 * `electron` npm package should have downloaded and start the app with it. Never load the `electron` package
 * here: that package downloads a missing binary synchronously with no time limit, which looks like a
 * hang on an offline machine. Instead: read path.txt + dist/, try the package's installer once with
 * a timeout, and otherwise explain in one paragraph (English and French) what to do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_INSTALL_TIMEOUT_MS = 120_000;
/** Overrides the installer time limit (a slow link may need more, tests need less). */
export const INSTALL_TIMEOUT_ENV = 'RGPD_DESK_ELECTRON_INSTALL_TIMEOUT_MS';

export type ElectronLocation = { found: true; binaryPath: string } | { found: false; reason: string };

export type LocateInput = {
  /** Folder of the `electron` npm package, or null when it is not installed. */
  packageDir: string | null;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  fileExists: (path: string) => boolean;
  readText: (path: string) => string | null;
};

/** The executable inside an Electron dist folder, as the `electron` package's install.js names it. */
export function platformExecutable(platform: NodeJS.Platform): string | null {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return null;
  }
}

/** Same resolution as `node_modules/electron/index.js`, minus its unbounded download. */
export function locateElectronBinary({
  packageDir,
  env,
  platform,
  fileExists,
  readText,
}: LocateInput): ElectronLocation {
  const recorded = packageDir ? readText(join(packageDir, 'path.txt'))?.trim() || null : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binaryPath = join(override, recorded ?? platformExecutable(platform) ?? 'electron');
    return fileExists(binaryPath)
      ? { found: true, binaryPath }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${binaryPath} does not exist` };
  }
  if (!packageDir)
    return { found: false, reason: 'the "electron" npm package is not installed (run npm install)' };
  if (!recorded)
    return {
      found: false,
      reason: `${join(packageDir, 'path.txt')} is missing: the Electron binary was never downloaded`,
    };
  const binaryPath = join(packageDir, 'dist', recorded);
  return fileExists(binaryPath)
    ? { found: true, binaryPath }
    : { found: false, reason: `${binaryPath} is missing: the Electron binary was never downloaded` };
}

/** The one paragraph printed when Electron cannot be found nor downloaded. Plain text, no stack. */
export function electronMissingMessage(electronVersion: string, reason: string): string {
  const version = electronVersion ? ` ${electronVersion}` : '';
  return [
    `RGPD Desk cannot start: the Electron${version} runtime is not installed and could not be downloaded on this machine (offline, or is the network blocked?).`,
    `To fix it, connect to the internet and run "npm start" again, or set ELECTRON_MIRROR to a reachable mirror, or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron${version} build for this system.`,
    `Meanwhile, "npm run web" runs the same app in your browser.`,
    `— RGPD Desk ne peut pas démarrer : le moteur Electron${version} n'est pas installé et n'a pas pu être téléchargé sur cette machine (hors ligne, ou réseau bloqué ?).`,
    `Pour corriger, connectez-vous à Internet et relancez « npm start », ou indiquez un miroir accessible dans ELECTRON_MIRROR, ou faites pointer ELECTRON_OVERRIDE_DIST_PATH vers un dossier contenant Electron${version} pour ce système.`,
    `En attendant, « npm run web » lance la même application dans votre navigateur.`,
    `(Detail / détail : ${reason})`,
  ].join('\n');
}

export function installTimeoutMs(env: Record<string, string | undefined>): number {
  const value = Number(env[INSTALL_TIMEOUT_ENV]);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_INSTALL_TIMEOUT_MS;
}

export type InstallOutcome = { ok: true } | { ok: false; detail: string };

export type LauncherDeps = {
  locate: () => ElectronLocation;
  /** Runs the `electron` package's own installer once, bounded by `timeoutMs`. */
  install: (timeoutMs: number) => Promise<InstallOutcome>;
  /** Starts Electron on the project and resolves with its exit code. */
  launch: (binaryPath: string) => Promise<number>;
  info: (text: string) => void;
  error: (text: string) => void;
  electronVersion: string;
  timeoutMs: number;
};

/** The whole decision: launch, or install then launch, or explain and return 1. Returns the exit code. */
export async function runLauncher(deps: LauncherDeps): Promise<number> {
  let location = deps.locate();
  if (!location.found) {
    deps.info(
      `Electron runtime missing; trying to download it (at most ${Math.round(deps.timeoutMs / 1000)} s)… / ` +
        `Moteur Electron absent ; tentative de téléchargement (${Math.round(deps.timeoutMs / 1000)} s max)…`,
    );
    const outcome = await deps.install(deps.timeoutMs);
    location = deps.locate();
    if (!location.found) {
      deps.error(electronMissingMessage(deps.electronVersion, outcome.ok ? location.reason : outcome.detail));
      return 1;
    }
  }
  return deps.launch(location.binaryPath);
}

// ---- Real dependencies (Node only) -------------------------------------------------------------

/** `node_modules/electron`, found without executing it. */
export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Where the installed Electron binary is, for this machine (also used by the e2e test to skip). */
export function locateInstalledElectron(
  env: Record<string, string | undefined> = process.env,
): ElectronLocation {
  return locateElectronBinary({
    packageDir: electronPackageDir(),
    env,
    platform: process.platform,
    fileExists: existsSync,
    readText: readTextOrNull,
  });
}

function installElectron(packageDir: string | null, timeoutMs: number): Promise<InstallOutcome> {
  if (!packageDir)
    return Promise.resolve({ ok: false, detail: 'the "electron" npm package is not installed' });
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < 16_384) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, detail: `installer could not run: ${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut)
        return done({ ok: false, detail: `download timed out after ${Math.round(timeoutMs / 1000)} s` });
      if (code === 0) return done({ ok: true });
      // install.js prints a stack; its first line ("TypeError: fetch failed") is the useful part.
      const firstLine =
        output
          .split('\n')
          .find((line) => line.trim() !== '')
          ?.trim() ?? `exit code ${code}`;
      done({ ok: false, detail: `installer failed: ${firstLine}` });
    });
  });
}

function launchElectron(binaryPath: string, projectRoot: string, args: string[]): Promise<number> {
  const env = { ...process.env };
  // Would turn Electron into plain Node and run the project folder as a script.
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((done) => {
    const child = spawn(binaryPath, [projectRoot, ...args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (error) => {
      console.error(`Could not start Electron (${binaryPath}): ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // out/main/start.js → the project root, whose package.json "main" points at out/main/index.js.
  const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const packageDir = electronPackageDir();
  const electronVersion = packageDir
    ? String(
        (JSON.parse(readTextOrNull(join(packageDir, 'package.json')) ?? '{}') as { version?: string })
          .version ?? '',
      )
    : '';
  runLauncher({
    locate: () => locateInstalledElectron(),
    install: (timeoutMs) => installElectron(packageDir, timeoutMs),
    launch: (binaryPath) => launchElectron(binaryPath, projectRoot, process.argv.slice(2)),
    info: (text) => console.log(text),
    error: (text) => console.error(text),
    electronVersion,
    timeoutMs: installTimeoutMs(process.env),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`RGPD Desk launcher failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
