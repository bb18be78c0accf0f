/**
 * Removing a device from a sync space: A and B share a folder; A removes B ("Retirer cet
 * appareil", a new passphrase); what A writes afterwards never reaches B, and B's Sync panel says
 * it was removed. Also: a host restarted without an OS keystore is locked until its passphrase is
 * typed, and the folder's hostile entries are reported, not fatal.
 */
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, startWebHost, stopWebHost, test } from './fixtures';
import { completeSetup } from './pages';
import {
  createSpace,
  finishJoin,
  openSyncSettings,
  PASSPHRASE,
  startJoin,
  SYNC_TIMEOUT,
  withTwoHosts,
} from './two-hosts';

const NEXT = 'Les croissants de Toul à 6 h 30 ?';

async function addPerson(page: Page, firstName: string, lastName: string) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-firstName').fill(firstName);
  await page.getByTestId('field-lastName').fill(lastName);
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId('subject-name')).toHaveText(`${firstName} ${lastName}`);
}

test('a removed device receives nothing written after; a restarted host waits for its passphrase', async () => {
  test.setTimeout(300_000);
  await withTwoHosts('sync-remove', async ({ a, b, shared, problems }) => {
    await completeSetup(a.page);
    await createSpace(a.page, shared);
    await startJoin(b.page, shared);
    await finishJoin(b.page);

    // Before the removal, A's changes reach B.
    await addPerson(a.page, 'Héloïse', 'Lefèvre');
    await b.page.getByTestId('nav-subjects').click();
    await expect(b.page.getByTestId('subject-row').filter({ hasText: 'Héloïse' })).toBeVisible(SYNC_TIMEOUT);

    // Hostile entries in the folder: reported in plain words, sync goes on.
    await mkdir(join(shared, 'RGPD-Desk', 'devices', 'intrus', 'seg-1-1.rgs'), { recursive: true });
    await symlink('/dev/zero', join(shared, 'RGPD-Desk', 'devices', 'intrus', 'seg-2-2.rgs'));

    // A removes B: confirmation, a new passphrase; the dialog is accessible.
    await openSyncSettings(a.page);
    const portable = a.page.getByTestId('sync-device').filter({ hasText: 'Portable' });
    await expect(portable).toBeVisible(SYNC_TIMEOUT);
    await portable.getByTestId('sync-remove-device').click();
    const dialog = a.page.getByTestId('sync-remove-dialog');
    await expect(dialog).toContainText('Retirer « Portable » de l’espace');
    const axe = await new AxeBuilder({ page: a.page })
      .include('[data-testid="sync-remove-dialog"]')
      .analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await a.page.getByTestId('sync-remove-passphrase').fill(NEXT);
    await a.page.getByTestId('sync-remove-passphrase-confirm').fill(NEXT);
    await a.page.getByTestId('sync-remove-confirm').click();
    await expect(a.page.getByTestId('sync-notice')).toHaveText(
      'L’appareil a été retiré ; une nouvelle clé protège désormais l’espace.',
    );
    await expect(portable).toContainText('retiré');
    await expect(a.page.getByTestId('sync-problems')).toContainText(
      'n’est pas un fichier ordinaire',
      SYNC_TIMEOUT,
    );
    const keys = await readdir(join(shared, 'RGPD-Desk', 'keys'));
    expect(keys.sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^epoch-2-/)]));

    // What A writes now never reaches B; B's panel says it was removed.
    await addPerson(a.page, 'Firmin', 'Roussel');
    await a.page.getByTestId('nav-settings').click();
    await a.page.getByTestId('settings-tab-sync').click();
    await a.page.getByTestId('sync-now').click();
    await expect(a.page.getByTestId('sync-pending')).toHaveText(
      'Toutes les modifications de cet ordinateur sont dans le dossier.',
      SYNC_TIMEOUT,
    );
    await openSyncSettings(b.page);
    await b.page.getByTestId('sync-now').click();
    await expect(b.page.getByTestId('sync-problems')).toContainText(
      'Cet ordinateur a été retiré de l’espace',
      SYNC_TIMEOUT,
    );
    await b.page.getByTestId('nav-subjects').click();
    await expect(b.page.getByTestId('subject-row').filter({ hasText: 'Héloïse' })).toBeVisible();
    await expect(b.page.getByTestId('subject-row').filter({ hasText: 'Firmin' })).toHaveCount(0);

    // A's host restarts (the browser host has no OS keystore): locked until the passphrase.
    const port = new URL(a.host.url).port;
    await stopWebHost(a.host);
    // The same port, so the same origin and the same browser database.
    a.host = await startWebHost(a.dataDir, ['--port', port]);
    await openApp(a.page, a.host.url);
    await openSyncSettings(a.page);
    const unlock = a.page.getByTestId('sync-unlock');
    await expect(unlock).toContainText('Synchronisation verrouillée');
    await a.page.getByTestId('sync-unlock-passphrase').fill(PASSPHRASE);
    await unlock.getByRole('button', { name: 'Déverrouiller' }).click();
    await expect(a.page.getByTestId('sync-notice')).toHaveText(
      'Ce n’est pas la phrase secrète utilisée la dernière fois sur cet ordinateur.',
    );
    await a.page.getByTestId('sync-unlock-passphrase').fill(NEXT);
    await unlock.getByRole('button', { name: 'Déverrouiller' }).click();
    await expect(a.page.getByTestId('sync-state')).toHaveText('Synchronisation active', SYNC_TIMEOUT);
    expect(problems).toEqual([]);
  });
});
