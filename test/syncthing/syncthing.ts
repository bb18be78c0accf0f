/**
 * Two real Syncthing instances on loopback only, for the sync test: no global or local discovery,
 * no relays, no NAT traversal, no usage reporting, no upgrades, GUI/REST on 127.0.0.1 with a random
 * API key; each knows the other by device id at tcp://127.0.0.1:<port>, and they share one folder
 * (a different path on each side). Homes live under the caller's temporary root.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SYNCTHING = process.env.SYNCTHING_BIN ?? 'syncthing';
const FOLDER_ID = 'rgpd-desk-sync-test';

export type SyncthingNode = {
  name: string;
  home: string;
  folder: string;
  deviceId: string;
  listenPort: number;
  guiPort: number;
  apiKey: string;
  process: ChildProcess | null;
  output: string;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

async function prepare(root: string, name: string): Promise<SyncthingNode> {
  const home = join(root, `syncthing-${name}`);
  const folder = join(root, `folder-${name}`);
  // Syncthing refuses to sync a folder without its marker (it guards against an unmounted drive).
  await mkdir(join(folder, '.stfolder'), { recursive: true });
  await run(SYNCTHING, ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing']);
  const { stdout } = await run(SYNCTHING, ['serve', `--home=${home}`, '--device-id']);
  return {
    name,
    home,
    folder,
    deviceId: stdout.trim(),
    listenPort: await freePort(),
    guiPort: await freePort(),
    apiKey: randomBytes(24).toString('hex'),
    process: null,
    output: '',
  };
}

function option(config: string, name: string, value: string): string {
  const pattern = new RegExp(`<${name}>[^<]*</${name}>`);
  if (!pattern.test(config)) throw new Error(`syncthing config has no <${name}>`);
  return config.replace(pattern, `<${name}>${value}</${name}>`);
}

/** The generated config, made loopback-only, with the peer and the shared folder. */
async function configure(node: SyncthingNode, peer: SyncthingNode): Promise<void> {
  const path = join(node.home, 'config.xml');
  let config = await readFile(path, 'utf8');
  const options: Record<string, string> = {
    listenAddress: `tcp://127.0.0.1:${node.listenPort}`,
    globalAnnounceEnabled: 'false',
    localAnnounceEnabled: 'false',
    relaysEnabled: 'false',
    natEnabled: 'false',
    urAccepted: '-1',
    startBrowser: 'false',
    autoUpgradeIntervalH: '0',
    crashReportingEnabled: 'false',
    announceLANAddresses: 'false',
    reconnectionIntervalS: '1',
  };
  for (const [name, value] of Object.entries(options)) config = option(config, name, value);
  config = config
    .replace(/<address>127\.0\.0\.1:\d+<\/address>/, `<address>127.0.0.1:${node.guiPort}</address>`)
    .replace(/<apikey>[^<]*<\/apikey>/, `<apikey>${node.apiKey}</apikey>`);
  const device = (id: string, name: string, address: string) => `
    <device id="${id}" name="${xml(name)}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>${address}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>`;
  const folder = `
    <folder id="${FOLDER_ID}" label="RGPD Desk test" path="${xml(node.folder)}" type="sendreceive" rescanIntervalS="5" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${node.deviceId}" introducedBy=""></device>
        <device id="${peer.deviceId}" introducedBy=""></device>
        <markerName>.stfolder</markerName>
    </folder>`;
  config = config.replace(
    /<gui /,
    `${folder}${device(peer.deviceId, peer.name, `tcp://127.0.0.1:${peer.listenPort}`)}\n    <gui `,
  );
  await writeFile(path, config);
}

async function api<T>(node: SyncthingNode, path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${node.guiPort}${path}`, {
    headers: { 'X-API-Key': node.apiKey },
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** A timeout says what the wait last saw and how each node's output ends (the test has no other trace). */
function timedOut(what: string, last: string, nodes: SyncthingNode[]): Error {
  const tails = nodes.map((node) => {
    const exit = node.process?.exitCode ?? node.process?.signalCode;
    const state = exit === null || exit === undefined ? '' : ` (exited: ${exit})`;
    return `--- syncthing ${node.name}${state} ---\n${node.output.slice(-4000)}`;
  });
  return new Error([`timed out waiting for ${what}`, `last seen: ${last}`, ...tails].join('\n'));
}

async function waitFor<T>(
  what: string,
  nodes: SyncthingNode[],
  poll: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const value = await poll();
      if (done(value)) return;
      last = JSON.stringify(value);
    } catch (error) {
      // not up yet
      last = error instanceof Error && error.cause ? `${error} (${String(error.cause)})` : String(error);
    }
    if (Date.now() > deadline) throw timedOut(what, last, nodes);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function start(node: SyncthingNode): void {
  const child = spawn(
    SYNCTHING,
    [
      'serve',
      `--home=${node.home}`,
      '--no-browser',
      '--no-restart',
      '--no-upgrade',
      `--gui-address=http://127.0.0.1:${node.guiPort}`,
      `--gui-apikey=${node.apiKey}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1', HOME: node.home },
    },
  );
  const keep = (chunk: Buffer) => {
    node.output = (node.output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  node.process = child;
}

/** Start both, wait until each answers and they are connected to each other. */
export async function startPair(root: string): Promise<[SyncthingNode, SyncthingNode]> {
  const a = await prepare(root, 'a');
  const b = await prepare(root, 'b');
  await configure(a, b);
  await configure(b, a);
  start(a);
  start(b);
  try {
    await ready(a, b);
  } catch (error) {
    // Nobody else holds these two yet: stop them before the test removes their folders.
    await stopPair([a, b]);
    throw error;
  }
  return [a, b];
}

async function ready(a: SyncthingNode, b: SyncthingNode): Promise<void> {
  for (const node of [a, b]) {
    await waitFor(
      `syncthing ${node.name} REST`,
      [a, b],
      () => api<{ ping: string }>(node, '/rest/system/ping'),
      (ping) => ping.ping === 'pong',
    );
    // Loopback-only, as configured: nothing reaches out.
    const options = await api<Record<string, unknown>>(node, '/rest/config/options');
    for (const [key, value] of Object.entries({
      globalAnnounceEnabled: false,
      localAnnounceEnabled: false,
      relaysEnabled: false,
      natEnabled: false,
      urAccepted: -1,
    })) {
      if (options[key] !== value)
        throw new Error(`syncthing ${node.name}: ${key} is ${String(options[key])}`);
    }
  }
  await waitFor(
    'the two syncthing instances to connect',
    [a, b],
    () => api<{ connections: Record<string, { connected: boolean }> }>(a, '/rest/system/connections'),
    (connections) => connections.connections[b.deviceId]?.connected === true,
  );
}

export async function stopPair(nodes: SyncthingNode[]): Promise<void> {
  await Promise.all(
    nodes.map(
      (node) =>
        new Promise<void>((resolve) => {
          const child = node.process;
          if (!child || child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
