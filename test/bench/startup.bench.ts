/**
 * Start-up of the browser host as a user lives it: `node out/main/web-host.js` started on a data
 * folder already set up, its printed address opened in a new tab of a browser already running (the
 * same profile every time, so the workspace's IndexedDB is there), until the app sets
 * data-app-state="ready" (the operator choice, the first screen after a start). Also the step after
 * it: the operator chosen → the dashboard shown. Target: ready < 1 s after the address is printed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from '@playwright/test';
import { afterAll, test } from 'vitest';
import { completeSetup } from '../e2e/pages';
import { chromiumArgs, chromiumPath } from '../e2e/playwright.config';
import { fmt, median, percentile } from './stats';

const ROUNDS = Number(process.env.BENCH_STARTS ?? 10);
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const RENDERER = join(ROOT, 'out/renderer');

type Started = { url: string; urlMs: number; stop: () => Promise<void> };

/** The host as `npm run web` starts it (no --port: the one remembered with the data folder). */
function startHost(dataDir: string, t0: number): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web-host.js'), '--data', dataDir, '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  let output = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RGPD Desk web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) done({ url: match[1], urlMs: performance.now() - t0, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`web host exited with ${code}:\n${output}`)));
  });
}

/** What the browser must fetch before the first screen: the entry script and its modulepreloads. */
async function startupChunks(): Promise<{ entry: number; startup: number; all: number; files: number }> {
  const html = await readFile(join(RENDERER, 'index.html'), 'utf8');
  const entryPath = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1] ?? '';
  const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const sizeOf = async (path: string) => (await stat(join(RENDERER, path))).size;
  const { readdir } = await import('node:fs/promises');
  const assets = (await readdir(join(RENDERER, 'assets'))).filter((name) => name.endsWith('.js'));
  const sizes = await Promise.all(assets.map((name) => sizeOf(join('assets', name))));
  return {
    entry: await sizeOf(entryPath),
    startup: (await Promise.all([entryPath, ...preloads].map(sizeOf))).reduce((a, b) => a + b, 0),
    all: sizes.reduce((a, b) => a + b, 0),
    files: assets.length,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

let cleanup: (() => Promise<void>) | undefined;
afterAll(async () => {
  await cleanup?.();
});

test(`browser host start-up to data-app-state="ready", ${ROUNDS} starts (Chromium)`, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-bench-start-data-'));
  const profileDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-bench-start-profile-'));
  const problems: string[] = [];
  const removeFolders = async () => {
    await rm(profileDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
  cleanup = removeFolders;
  // Not the e2e fixtures' profile: its request routing turns Chromium's HTTP cache off, and a user's
  // browser keeps the hashed chunks (immutable) and their compiled code from one start to the next.
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    // The first-run screen follows the browser's language; the set-up helper speaks French.
    locale: 'fr-FR',
  });
  cleanup = async () => {
    await context.close();
    await removeFolders();
  };
  context.on('request', (request) => {
    const { hostname } = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(hostname) && !request.url().startsWith('data:'))
      problems.push(`request to a non-local origin: ${request.url()}`);
  });
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });

  // Once: the workspace set up in this profile, as on the first day.
  const first = await startHost(dataDir, performance.now());
  const setupPage = await context.newPage();
  await setupPage.goto(first.url);
  await setupPage.locator('#root[data-app-state="ready"]').waitFor();
  await completeSetup(setupPage);
  await setupPage.close();
  await first.stop();

  const toUrl: number[] = [];
  const urlToReady: number[] = [];
  const toReady: number[] = [];
  const toDashboard: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const t0 = performance.now();
    const host = await startHost(dataDir, t0);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.locator('#root[data-app-state="ready"]').waitFor();
    const readyMs = performance.now() - t0;
    await page.getByTestId('operator-picker').getByRole('button', { name: 'Claire Martin' }).click();
    const picked = performance.now();
    await page.locator('main [data-testid^="dashboard-"]').first().waitFor();
    toDashboard.push(performance.now() - picked);
    toUrl.push(host.urlMs);
    urlToReady.push(readyMs - host.urlMs);
    toReady.push(readyMs);
    await page.close();
    await host.stop();
  }

  const chunks = await startupChunks();
  const line = (name: string, values: number[]) =>
    `  ${name.padEnd(34)} median ${fmt(median(values))}, p95 ${fmt(percentile(values, 95))}, max ${fmt(Math.max(...values))}`;
  const p95 = percentile(urlToReady, 95);
  console.log(
    [
      `start-up: ${ROUNDS} starts of the browser host on a set-up workspace, Chromium ${context.browser()?.version() ?? ''}`,
      `  main chunk ${kb(chunks.entry)}; loaded before the first screen ${kb(chunks.startup)}; all ${chunks.files} chunks ${kb(chunks.all)}`,
      line('process start → address printed', toUrl),
      line('address printed → ready', urlToReady),
      line('process start → ready', toReady),
      line('operator chosen → dashboard', toDashboard),
      `  target ready < 1 s after the address is printed (p95): ${p95 < 1000 ? 'OK' : 'MISSED'}`,
    ].join('\n'),
  );
  if (problems.length) console.log(`  problems seen: ${problems.join('; ')}`);
});
