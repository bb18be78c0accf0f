/**
 * Sync end to end: two browser hosts, each with its own data folder and browser profile, share one
 * folder. A sets up the workspace and creates the sync space; B joins it from its first-run screen.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { completeSetup } from './pages';
import {
  createSpace,
  finishJoin,
  openSyncSettings,
  startJoin,
  SYNC_TIMEOUT,
  withTwoHosts,
} from './two-hosts';

async function setPaused(page: Page, paused: boolean) {
  await openSyncSettings(page);
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-paused', String(!paused));
  await page.getByTestId('sync-pause').click();
  await expect(status).toHaveAttribute('data-paused', String(paused));
}

async function openPerson(page: Page, name: RegExp) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: name }).click();
  await expect(page.getByTestId('subject-name')).toBeVisible();
}

async function editPerson(page: Page, name: RegExp, field: string, value: string) {
  await openPerson(page, name);
  await page.getByTestId('subject-edit').click();
  await page.getByTestId(`field-${field}`).fill(value);
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId(`subject-${field}`)).toHaveText(value);
}

test('two hosts share a workspace through a folder: consents travel, concurrent edits merge', async () => {
  test.setTimeout(240_000);
  await withTwoHosts('sync', async ({ a, b, shared, problems }) => {
    // A: the workspace, its purposes, and a sync space in the shared folder.
    await completeSetup(a.page);
    await a.page.getByTestId('nav-settings').click();
    await a.page.getByTestId('settings-tab-consents').click();
    await a.page.getByTestId('purposes-seed').click();
    await expect(a.page.getByTestId('purposes')).toContainText('Lettre d’information par e-mail');
    await openSyncSettings(a.page);
    await a.page.getByTestId('sync-folder').fill(shared);
    await a.page.getByTestId('sync-label').fill('Comptoir');
    await a.page.getByTestId('sync-passphrase').fill('azerty123');
    await expect(a.page.getByTestId('sync-create')).toBeDisabled(); // too weak
    await createSpace(a.page, shared);

    // B: joins from the first-run screen; a wrong passphrase imports nothing.
    await startJoin(b.page, shared);
    await b.page.getByTestId('sync-passphrase').fill('Le pain de Nancy');
    await b.page.getByTestId('sync-join').click();
    await expect(b.page.getByTestId('sync-form-error')).toHaveText(
      'Phrase secrète incorrecte. Rien n’a été importé.',
    );
    await finishJoin(b.page);
    await expect(b.page.getByTestId('operator')).toContainText('Claire Martin');

    // A consent recorded on A appears on B.
    await a.page.getByTestId('nav-subjects').click();
    await a.page.getByTestId('subject-new').click();
    await a.page.getByTestId('field-firstName').fill('Héloïse');
    await a.page.getByTestId('field-lastName').fill('Lefèvre');
    await a.page.getByTestId('field-email').fill('heloise@exemple.fr');
    await a.page.getByTestId('subject-save').click();
    await expect(a.page.getByTestId('subject-name')).toHaveText('Héloïse Lefèvre');
    await a.page.keyboard.press('Control+k');
    await expect(a.page.getByTestId('subject-picker')).toBeFocused();
    await a.page.keyboard.type('helo');
    await expect(a.page.getByRole('option', { name: /Héloïse Lefèvre/ })).toBeVisible();
    await a.page.keyboard.press('ArrowDown');
    await a.page.keyboard.press('Enter');
    await a.page.keyboard.press('Tab'); // the new-person button (Alt+N)
    await a.page.keyboard.press('Tab'); // newsletter by email → granted
    await a.page.keyboard.press('ArrowRight');
    await a.page.keyboard.press('Control+Enter');
    await expect(a.page.getByTestId('capture-saved')).toContainText('1 décision enregistrée.');

    await b.page.getByTestId('nav-subjects').click();
    await expect(b.page.getByTestId('subject-row').filter({ hasText: 'Héloïse' })).toBeVisible(SYNC_TIMEOUT);
    await openPerson(b.page, /Héloïse/);
    await expect(
      b.page
        .getByTestId('preference-matrix')
        .getByTestId('preference-row')
        .filter({ hasText: 'Lettre d’information par e-mail' }),
    ).toContainText('Accepté', SYNC_TIMEOUT);
    await expect(b.page.getByTestId('consent-history')).toContainText('Téléphone');

    // Concurrent edits of different fields of one person, both offline: both survive.
    await setPaused(a.page, true);
    await setPaused(b.page, true);
    await editPerson(a.page, /Héloïse/, 'email', 'heloise.lefevre@exemple.fr');
    await editPerson(b.page, /Héloïse/, 'phone', '06 12 34 56 78');
    // The same field edited on both: the later edit wins, on both.
    await editPerson(a.page, /Héloïse/, 'customerRef', 'CLI-A');
    await editPerson(b.page, /Héloïse/, 'customerRef', 'CLI-B');
    await setPaused(a.page, false);
    await setPaused(b.page, false);

    for (const { page } of [a, b]) {
      await openPerson(page, /Héloïse/);
      await expect(page.getByTestId('subject-email')).toHaveText('heloise.lefevre@exemple.fr', SYNC_TIMEOUT);
      await expect(page.getByTestId('subject-phone')).toHaveText('06 12 34 56 78', SYNC_TIMEOUT);
      await expect(page.getByTestId('subject-customerRef')).toHaveText('CLI-B', SYNC_TIMEOUT);
    }

    // No lost update: B's edit form is open while A's change of the phone arrives; B changes only
    // the e-mail. A's phone survives on both devices.
    await openPerson(b.page, /Héloïse/);
    await b.page.getByTestId('subject-edit').click();
    await editPerson(a.page, /Héloïse/, 'phone', '07 98 76 54 32');
    // Behind B's dialog, the person's page already shows A's phone.
    await expect(b.page.getByTestId('subject-phone')).toHaveText('07 98 76 54 32', SYNC_TIMEOUT);
    await b.page.getByTestId('field-email').fill('h.lefevre@exemple.fr');
    await b.page.getByTestId('subject-save').click();
    await expect(b.page.getByTestId('subject-email')).toHaveText('h.lefevre@exemple.fr');
    for (const { page } of [a, b]) {
      await openPerson(page, /Héloïse/);
      await expect(page.getByTestId('subject-email')).toHaveText('h.lefevre@exemple.fr', SYNC_TIMEOUT);
      await expect(page.getByTestId('subject-phone')).toHaveText('07 98 76 54 32');
    }
    // The same field changed on A while B's form is open: B is shown both values and chooses.
    await b.page.getByTestId('subject-edit').click();
    await editPerson(a.page, /Héloïse/, 'customerRef', 'CLI-A2');
    await expect(b.page.getByTestId('subject-customerRef')).toHaveText('CLI-A2', SYNC_TIMEOUT);
    await b.page.getByTestId('field-customerRef').fill('CLI-B2');
    await b.page.getByTestId('subject-save').click();
    const conflicts = b.page.getByTestId('edit-conflicts');
    await expect(conflicts).toContainText('Référence client');
    await expect(conflicts).toContainText('CLI-A2');
    await expect(conflicts).toContainText('CLI-B2');
    await expect(b.page.getByTestId('subject-customerRef')).toHaveText('CLI-A2'); // nothing written yet
    await b.page.getByTestId('conflict-customerRef-mine').click();
    await b.page.getByTestId('subject-save').click();
    for (const { page } of [b, a]) {
      await openPerson(page, /Héloïse/);
      await expect(page.getByTestId('subject-customerRef')).toHaveText('CLI-B2', SYNC_TIMEOUT);
      await expect(page.getByTestId('subject-phone')).toHaveText('07 98 76 54 32');
    }

    // Status: both devices seen, nothing pending; the folder holds no personal data in clear.
    await openSyncSettings(a.page);
    await expect(a.page.getByTestId('sync-device')).toHaveCount(2);
    await expect(a.page.getByTestId('sync-devices')).toContainText('Portable');
    await expect(a.page.getByTestId('sync-pending')).toHaveText(
      'Toutes les modifications de cet ordinateur sont dans le dossier.',
      SYNC_TIMEOUT,
    );
    const files = await readdir(join(shared, 'RGPD-Desk'), { recursive: true, withFileTypes: true });
    for (const file of files.filter((entry) => entry.isFile())) {
      const bytes = await readFile(join(file.parentPath, file.name));
      for (const secret of ['heloise@exemple.fr', 'Lefèvre', '06 12 34 56 78', 'Comptoir'])
        expect(bytes.includes(Buffer.from(secret)), `${file.name} holds ${secret}`).toBe(false);
    }
    expect(problems).toEqual([]);
  });
});
