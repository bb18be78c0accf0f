/**
 * The sync engine through a real file-sync engine: two browser hosts, each with its own data
 * folder, browser profile and sync folder; two Syncthing instances replicate the two sync folders
 * over loopback. Started and stopped here; everything lives in one temporary folder, removed after.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { openApp, openProfile, startWebHost, stopWebHost, type WebHost } from '../e2e/fixtures';
import { completeSetup } from '../e2e/pages';
import { startPair, stopPair, SYNCTHING, type SyncthingNode } from './syncthing';

const PASSPHRASE = 'Deux boutiques, un seul registre 2026';

function syncthingVersion(): string {
  try {
    return execFileSync(SYNCTHING, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `Syncthing was not found (${SYNCTHING}). Install it (Debian: apt-get install syncthing) or set SYNCTHING_BIN.`,
    );
  }
}

type Device = { host: WebHost; context: BrowserContext; page: Page };

async function person(page: Page, name: RegExp) {
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByTestId('subject-row').filter({ hasText: name })).toBeVisible();
  await page.getByTestId('subject-row').filter({ hasText: name }).click();
  await expect(page.getByTestId('subject-name')).toBeVisible();
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('two instances sync through two folders replicated by Syncthing', async () => {
  console.log(`using ${syncthingVersion()}`);
  const root = await mkdtemp(join(tmpdir(), 'rgpd-desk-syncthing-'));
  const problems: string[] = [];
  const nodes: SyncthingNode[] = [];
  const devices: Device[] = [];
  try {
    nodes.push(...(await startPair(root)));
    const [nodeA, nodeB] = nodes as [SyncthingNode, SyncthingNode];
    for (const name of ['a', 'b']) {
      const host = await startWebHost(join(root, `data-${name}`));
      const context = await openProfile(join(root, `profile-${name}`), problems);
      const page = context.pages()[0] ?? (await context.newPage());
      devices.push({ host, context, page });
      await openApp(page, host.url);
    }
    const [a, b] = devices as [Device, Device];

    // A: set up, then create the space in its Syncthing folder.
    await completeSetup(a.page);
    await a.page.getByTestId('nav-settings').click();
    await a.page.getByTestId('settings-tab-sync').click();
    await a.page.getByTestId('sync-folder').fill(nodeA.folder);
    await a.page.getByTestId('sync-label').fill('Boutique');
    await a.page.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await a.page.getByTestId('sync-passphrase-confirm').fill(PASSPHRASE);
    await a.page.getByTestId('sync-create').click();
    await expect(a.page.getByTestId('sync-state')).toHaveText('Synchronisation active');

    // Syncthing carries the space to B's folder; B joins it there.
    await expect
      .poll(() => existsSync(join(nodeB.folder, 'RGPD-Desk', 'space.json')), { timeout: 60_000 })
      .toBe(true);
    await b.page.getByTestId('setup-join').click();
    await b.page.getByTestId('sync-folder').fill(nodeB.folder);
    await b.page.getByTestId('sync-label').fill('Atelier');
    await b.page.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await b.page.getByTestId('sync-join').click();
    await expect(b.page.getByTestId('operator-picker')).toBeVisible();
    await b.page.getByRole('button', { name: /Claire Martin/ }).click();

    // A person added on A reaches B; B's edit reaches A.
    await a.page.getByTestId('nav-subjects').click();
    await a.page.getByTestId('subject-new').click();
    await a.page.getByTestId('field-firstName').fill('Zoé');
    await a.page.getByTestId('field-lastName').fill('Marchand');
    await a.page.getByTestId('field-email').fill('zoe.marchand@exemple.fr');
    await a.page.getByTestId('subject-save').click();
    await expect(a.page.getByTestId('subject-name')).toHaveText('Zoé Marchand');

    await person(b.page, /Zoé Marchand/);
    await b.page.getByTestId('subject-edit').click();
    await b.page.getByTestId('field-phone').fill('06 98 76 54 32');
    await b.page.getByTestId('subject-save').click();
    await expect(b.page.getByTestId('subject-phone')).toHaveText('06 98 76 54 32');

    await person(a.page, /Zoé Marchand/);
    await expect(a.page.getByTestId('subject-phone')).toHaveText('06 98 76 54 32');
    await expect(a.page.getByTestId('subject-email')).toHaveText('zoe.marchand@exemple.fr');

    // Both devices seen on both sides; Syncthing never had to merge a file.
    for (const { page } of devices) {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('settings-tab-sync').click();
      await expect(page.getByTestId('sync-device')).toHaveCount(2);
    }
    for (const node of nodes) {
      const files = await filesUnder(join(node.folder, 'RGPD-Desk'));
      expect(files.filter((file) => /sync-conflict/.test(file))).toEqual([]);
      for (const file of files) {
        // Syncthing's own temporaries (.syncthing.*.tmp) may be renamed away between listing and reading.
        const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return Buffer.alloc(0);
          throw error;
        });
        expect(bytes.includes(Buffer.from('Marchand')), file).toBe(false);
      }
    }
    expect(problems).toEqual([]);
  } catch (error) {
    for (const node of nodes) console.log(`--- syncthing ${node.name} ---\n${node.output.slice(-4000)}`);
    throw error;
  } finally {
    for (const device of devices) {
      await device.context.close();
      await stopWebHost(device.host);
    }
    await stopPair(nodes);
    await rm(root, { recursive: true, force: true });
  }
});
