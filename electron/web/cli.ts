/**
 * `npm run web`: start the loopback browser host and print the address to open.
 *
 *   node out/main/web-host.js [--port N] [--data DIR] [--renderer DIR] [--expose-test-api] [--quiet]
 *
 * The port is remembered in the data folder because the browser keeps the app's data (IndexedDB) per
 * origin: a new port would look like an empty app to the user.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, posix, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { writeFileAtomic } from '../services/workspace';
import { createWebHost, type WebHost, type WebHostOptions } from './server';

/** This file once built: out/main/web-host.js. Everything it needs at runtime is found relative to it. */
const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_RENDERER_DIR = join(HERE, '..', 'renderer');
const PACKAGE_JSON = join(HERE, '..', '..', 'package.json');
const PORT_FILE = 'web-host.json';
const FALLBACK_VERSION = '0.0.0-dev';

const USAGE = `Usage: node out/main/web-host.js [--port N] [--data DIR] [--renderer DIR] [--expose-test-api] [--quiet]
  --port N             port on 127.0.0.1 (0 = any free port); default: the last one used with this data folder
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
 * Start the host the way the command line does. With an explicit port, use it as is (and do not
 * remember it: `--port 0` in tests must not move the user's origin). Otherwise reuse the port this
 * data folder used last if it is free, else take any free port and remember it.
 */
export async function startWebHost(
  options: Omit<WebHostOptions, 'port'> & { port?: number },
): Promise<WebHost> {
  if (options.port !== undefined) return createWebHost(options);
  const remembered = await readRememberedPort(options.dataDir);
  let host: WebHost | undefined;
  if (remembered !== undefined) {
    try {
      host = await createWebHost({ ...options, port: remembered });
    } catch (error) {
      if (!isPortTaken(error)) throw error;
    }
  }
  host ??= await createWebHost({ ...options, port: 0 });
  if (host.port !== remembered) await rememberPort(options.dataDir, host.port);
  return host;
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
