/**
 * Two browser hosts sharing a sync folder, for the sync specs: each device has its own data folder,
 * browser profile and page; A creates the space, B joins it from its first-run screen.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, openApp, openProfile, startWebHost, stopWebHost, type WebHost } from './fixtures';

export const PASSPHRASE = 'Le pain de Metz sort à 7 h 15 !';
export const SYNC_TIMEOUT = { timeout: 30_000 };

export type Device = {
  host: WebHost;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  profileDir: string;
};

async function openDevice(root: string, name: string, problems: string[]): Promise<Device> {
  const dataDir = join(root, `data-${name}`);
  const profileDir = join(root, `profile-${name}`);
  const host = await startWebHost(dataDir);
  const context = await openProfile(profileDir, problems);
  const page = context.pages()[0] ?? (await context.newPage());
  await openApp(page, host.url);
  return { host, context, page, dataDir, profileDir };
}

/**
 * Runs `body` with devices A and B opened on fresh folders and an empty shared folder; closes both
 * and removes every folder afterwards, whatever happened. `problems` collects console errors and
 * non-local requests of both browsers.
 */
export async function withTwoHosts(
  name: string,
  body: (devices: { a: Device; b: Device; shared: string; problems: string[] }) => Promise<void>,
): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), `rgpd-desk-e2e-${name}-`));
  const shared = join(root, 'shared');
  await mkdir(shared);
  const problems: string[] = [];
  const devices: Device[] = [];
  try {
    const a = await openDevice(root, 'a', problems);
    devices.push(a);
    const b = await openDevice(root, 'b', problems);
    devices.push(b);
    await body({ a, b, shared, problems });
  } finally {
    for (const device of devices) {
      await device.context.close();
      await stopWebHost(device.host);
    }
    await rm(root, { recursive: true, force: true });
  }
}

export async function openSyncSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-sync').click();
  await expect(page.getByTestId('sync-panel')).toBeVisible();
}

/** On A, set up already: the space in the shared folder, device "Comptoir". */
export async function createSpace(page: Page, shared: string): Promise<void> {
  await openSyncSettings(page);
  await page.getByTestId('sync-folder').fill(shared);
  await page.getByTestId('sync-label').fill('Comptoir');
  await page.getByTestId('sync-passphrase').fill(PASSPHRASE);
  await page.getByTestId('sync-passphrase-confirm').fill(PASSPHRASE);
  await page.getByTestId('sync-create').click();
  await expect(page.getByTestId('sync-state')).toHaveText('Synchronisation active', SYNC_TIMEOUT);
}

/** On B's first-run screen: the join form filled but for the passphrase, device "Portable". */
export async function startJoin(page: Page, shared: string): Promise<void> {
  await page.getByTestId('setup-join').click();
  await page.getByTestId('sync-folder').fill(shared);
  await page.getByTestId('sync-label').fill('Portable');
}

/** The right passphrase: B receives the workspace and works as Claire Martin. */
export async function finishJoin(page: Page): Promise<void> {
  await page.getByTestId('sync-passphrase').fill(PASSPHRASE);
  await page.getByTestId('sync-join').click();
  await expect(page.getByTestId('operator-picker')).toBeVisible(SYNC_TIMEOUT);
  await page.getByRole('button', { name: /Claire Martin/ }).click();
}
