/**
 * `npm run web`: start the loopback browser host and print the address to open.
 *
 *   node out/main/web-host.js [--port N] [--data DIR] [--renderer DIR] [--expose-test-api] [--quiet]
 *
 * The port is remembered in the data folder because the browser keeps the app's data (IndexedDB) per
 * origin: a new port would look like an empty app to the user. Once a page holds the workspace's
 * records (records-home.json), another port is refused with an explanation.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, posix, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { writeFileAtomic } from '../services/workspace';
import { readRecordsHome, webHomePort } from '../services/records-home';
import { createWebHost, systemLocales, type WebHost, type WebHostOptions } from './server';

/** This file once built: out/main/web-host.js. Everything it needs at runtime is found relative to it. */
const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_RENDERER_DIR = join(HERE, '..', 'renderer');
const PACKAGE_JSON = join(HERE, '..', '..', 'package.json');
const PORT_FILE = 'web-host.json';
const FALLBACK_VERSION = '0.0.0-dev';

const USAGE = `Usage: node out/main/web-host.js [--port N] [--data DIR] [--renderer DIR] [--expose-test-api] [--quiet]
  --port N             port on 127.0.0.1 (0 = any free port), remembered with the data folder; default: the
                       last one used; once the workspace is set up, only its own port is accepted
  --data DIR           data folder (logs, workspace id); default: the per-user folder of RGPD Desk
  --renderer DIR       built renderer (default: out/renderer next to this file)
  --expose-test-api    expose the test API to the page (benchmarks, end-to-end tests)
  --quiet              print only the address line`;

/** Where the browser host keeps its files when --data is not given; one folder per OS convention. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'RGPD Desk', 'web');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'RGPD Desk', 'web');
  // XDG Base Directory: honour XDG_DATA_HOME only when absolute, as the specification says.
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(dataHome, 'rgpd-desk', 'web');
}

export type CliOptions = {
  port?: number;
  dataDir: string;
  rendererDir: string;
  testApi: boolean;
  quiet: boolean;
  help: boolean;
};

export class CliUsageError extends Error {}

const ARG_OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  renderer: { type: 'string' },
  'expose-test-api': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseCliArgs(argv: string[]): CliOptions {
  const values = (() => {
    try {
      return parseArgs({ args: argv, options: ARG_OPTIONS, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
  })();
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new CliUsageError(`--port must be 0-65535, got "${values.port}"`);
  }
  return {
    ...(port !== undefined ? { port } : {}),
    dataDir: resolve(values.data ?? defaultDataDir()),
    rendererDir: resolve(values.renderer ?? DEFAULT_RENDERER_DIR),
    testApi: values['expose-test-api'],
    quiet: values.quiet,
    help: values.help,
  };
}

const portFileSchema = z.object({ port: z.number().int().min(1).max(65535) });

export async function readRememberedPort(dataDir: string): Promise<number | undefined> {
  try {
    const parsed = portFileSchema.safeParse(JSON.parse(await readFile(join(dataDir, PORT_FILE), 'utf8')));
    return parsed.success ? parsed.data.port : undefined;
  } catch {
    return undefined; // missing or unreadable: pick a new port
  }
}

export async function rememberPort(dataDir: string, port: number): Promise<void> {
  await writeFileAtomic(join(dataDir, PORT_FILE), `${JSON.stringify({ port }, null, 2)}\n`);
}

const isPortTaken = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
};

/**
 * The browser host refuses a port that would show this data folder's workspace as empty: its records
 * live in the browser under the origin `http://127.0.0.1:homePort`.
 */
export class PortRefusedError extends Error {
  constructor(
    readonly reason: 'other_port' | 'busy',
    readonly homePort: number,
    readonly requested?: number,
  ) {
    super(`port ${requested ?? homePort} refused: the workspace lives at http://127.0.0.1:${homePort}`);
  }
}

export type PortPlan = {
  /** 0: any free port. */
  port: number;
  /** When `port` is taken: take any free port instead (true), or refuse (false). */
  anyIfTaken: boolean;
};

/**
 * Which port to listen on. `homePort`: where a page already holds the workspace's records (see
 * records-home.json): only that port will do, a different --port (0 included) is refused. Otherwise
 * the port asked for, else the one this folder used last (another when it is taken), else any.
 */
export function planPort(input: { requested?: number; remembered?: number; homePort?: number }): PortPlan {
  const { requested, remembered, homePort } = input;
  if (homePort !== undefined) {
    if (requested !== undefined && requested !== homePort)
      throw new PortRefusedError('other_port', homePort, requested);
    return { port: homePort, anyIfTaken: false };
  }
  if (requested !== undefined) return { port: requested, anyIfTaken: false };
  if (remembered !== undefined) return { port: remembered, anyIfTaken: true };
  return { port: 0, anyIfTaken: false };
}

/**
 * Start the host the way the command line does (planPort), and remember the port it got with the
 * data folder, so that the next start without --port keeps the same origin (and so the same data).
 */
export async function startWebHost(
  options: Omit<WebHostOptions, 'port'> & { port?: number },
): Promise<WebHost> {
  const homePort = webHomePort(await readRecordsHome(options.dataDir));
  const remembered = await readRememberedPort(options.dataDir);
  const plan = planPort({
    ...(options.port !== undefined ? { requested: options.port } : {}),
    ...(remembered !== undefined ? { remembered } : {}),
    ...(homePort !== undefined ? { homePort } : {}),
  });
  let host: WebHost;
  try {
    host = await createWebHost({ ...options, port: plan.port });
  } catch (error) {
    if (!isPortTaken(error)) throw error;
    if (homePort !== undefined) throw new PortRefusedError('busy', homePort);
    if (!plan.anyIfTaken) throw error;
    host = await createWebHost({ ...options, port: 0 });
  }
  if (host.port !== remembered) await rememberPort(options.dataDir, host.port);
  return host;
}

/** What to print when a port is refused: French when the system speaks it, else English. */
export function portRefusalMessage(error: PortRefusedError, dataDir: string, locales: string[]): string {
  const french = locales[0]?.toLowerCase().startsWith('fr') ?? false;
  const home = `http://127.0.0.1:${error.homePort}`;
  if (error.reason === 'busy')
    return french
      ? [
          `RGPD Desk : le port ${error.homePort} est déjà utilisé.`,
          `  Les données de l’espace de travail de ce dossier (${dataDir}) sont gardées par le navigateur sous l’adresse ${home} : RGPD Desk a besoin de ce port.`,
          `  Si RGPD Desk tourne déjà pour ce dossier, ouvrez son adresse ; sinon fermez le programme qui utilise le port ${error.homePort} et relancez.`,
        ].join('\n')
      : [
          `RGPD Desk: port ${error.homePort} is already in use.`,
          `  The workspace of this data folder (${dataDir}) keeps its data in the browser under ${home}: RGPD Desk needs that port.`,
          `  If RGPD Desk is already running for this folder, open its address; otherwise close the program using port ${error.homePort} and start again.`,
        ].join('\n');
  return french
    ? [
        `RGPD Desk : ce dossier de données (${dataDir}) ne s’ouvre pas sur le port ${error.requested}.`,
        `  Le navigateur garde les données de son espace de travail sous l’adresse ${home} (chaque adresse a ses propres données) : ailleurs, l’espace paraîtrait vide.`,
        `  Lancez sans --port (ou avec --port ${error.homePort}) et ouvrez l’adresse affichée dans le navigateur qui l’a ouverte la première fois.`,
        `  Pour un autre espace de travail, vide, sur le port ${error.requested} : npm run web -- --data AUTRE_DOSSIER --port ${error.requested}`,
      ].join('\n')
    : [
        `RGPD Desk: this data folder (${dataDir}) does not open on port ${error.requested}.`,
        `  The browser keeps its workspace's data under ${home} (each address has data of its own): anywhere else the workspace would look empty.`,
        `  Start without --port (or with --port ${error.homePort}) and open the address printed, in the browser that first opened it.`,
        `  For another, empty workspace on port ${error.requested}: npm run web -- --data OTHER_FOLDER --port ${error.requested}`,
      ].join('\n');
}

export function readVersion(packageJsonPath: string = PACKAGE_JSON): string {
  try {
    const version: unknown = JSON.parse(readFileSync(packageJsonPath, 'utf8')).version;
    return typeof version === 'string' && version !== '' ? version : FALLBACK_VERSION;
  } catch {
    return FALLBACK_VERSION;
  }
}

/** The first line is parsed by tests and scripts: keep `RGPD Desk web host: <url>` stable. */
export function banner(
  host: Pick<WebHost, 'url'>,
  dataDir: string,
  options: { quiet: boolean; testApi: boolean },
): string {
  const lines = [`RGPD Desk web host: ${host.url}`];
  if (options.quiet) return lines.join('\n');
  lines.push(
    '  Open this address in your browser. / Ouvrez cette adresse dans votre navigateur.',
    `  Data folder / Dossier de données : ${dataDir}`,
  );
  if (options.testApi) lines.push('  Test API exposed. / API de test exposée.');
  lines.push('  Ctrl+C to stop. / Ctrl+C pour arrêter.');
  return lines.join('\n');
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const indexHtml = join(options.rendererDir, 'index.html');
  if (!existsSync(indexHtml)) {
    console.error(
      [
        `RGPD Desk: the interface is not built (${indexHtml} is missing): run \`npm run build\` first.`,
        `RGPD Desk : l'interface n'est pas compilée (${indexHtml} manquant) : lancez d'abord \`npm run build\`.`,
      ].join('\n'),
    );
    process.exit(1);
  }

  // Whatever this process creates (data folder, sync state, exports) is for this user only,
  // including files written by code that gives no mode of its own.
  if (process.platform !== 'win32') process.umask(0o077);

  // Listen for signals before starting, so a Ctrl+C during start-up is not lost.
  let host: WebHost | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!host) process.exit(0);
    // Do not wait forever on a stuck socket; the user asked to stop.
    setTimeout(() => process.exit(0), 3000).unref();
    host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    host = await startWebHost({
      dataDir: options.dataDir,
      rendererDir: options.rendererDir,
      testApi: options.testApi,
      version: readVersion(),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
  } catch (error) {
    if (error instanceof PortRefusedError) {
      console.error(portRefusalMessage(error, options.dataDir, systemLocales()));
      process.exit(1);
    }
    console.error(
      `RGPD Desk: the web host could not start / l'hôte web n'a pas pu démarrer: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
  console.log(banner(host, options.dataDir, options));
}

const isEntryPoint = (): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
