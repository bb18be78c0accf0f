/**
 * End-to-end fixtures: every test gets its own browser host (fresh data folder), its own Chromium
 * profile, and fails on any console error or any request to a non-local origin. Tests wait for
 * data-app-state="ready" instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './playwright.config';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const HOST_ENTRY = join(ROOT, 'out/main/web-host.js');

export type WebHost = {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
};

export async function startWebHost(dataDir: string, extraArgs: string[] = []): Promise<WebHost> {
  const child = spawn(process.execPath, [HOST_ENTRY, '--port', '0', '--data', dataDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RGPD Desk web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)));
  });
  return { url, origin: new URL(url).origin, dataDir, process: child, output: () => output };
}

export async function stopWebHost(host: WebHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  await new Promise<void>((done) => {
    host.process.once('exit', () => done());
    host.process.kill('SIGTERM');
  });
}

/**
 * A fresh Chromium profile that reports console errors and blocks (and records) non-local requests.
 * Its browser speaks French unless `locale` says otherwise: the app's first screen follows it.
 */
export async function openProfile(
  profileDir: string,
  problems: string[],
  options: { locale?: string; hasTouch?: boolean } = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    ...options,
    locale: options.locale ?? 'fr-FR',
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local =
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:';
    if (local) return route.continue();
    problems.push(`request to a non-local origin: ${url.href}`);
    return route.abort();
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' || /^(Uncaught|Failed to)/.test(text))
        problems.push(`console ${message.type()}: ${text}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return context;
}

/** Open the app and wait until it says it is usable. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
}

type Fixtures = { host: WebHost; context: BrowserContext; page: Page; problems: string[] };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use, testInfo) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-data-'));
    const host = await startWebHost(dataDir);
    await use(host);
    await stopWebHost(host);
    if (testInfo.status !== testInfo.expectedStatus) {
      const log = await readFile(join(dataDir, 'logs', 'app.log'), 'utf8').catch(() => '(no app log)');
      await testInfo.attach('app.log', { body: log, contentType: 'text/plain' });
      await testInfo.attach('web-host output', { body: host.output(), contentType: 'text/plain' });
    }
    await rm(dataDir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern
  problems: async ({}, use) => {
    await use([]);
  },
  context: async ({ problems }, use) => {
    const profileDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-profile-'));
    const context = await openProfile(profileDir, problems);
    await use(context);
    await context.close();
    await rm(profileDir, { recursive: true, force: true });
  },
  // After the host (it is torn down after the page): a request the page makes while the test ends
  // (a timer fired by a fast-forwarded clock) must not find the host already gone.
  page: async ({ context, problems, host: _host }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
    expect(problems, 'console errors or non-local requests during the test').toEqual([]);
  },
});

export { expect };
