/**
 * The first day of build/guide/GUIDE.md, walked in the app: setup, a first request, a first consent, a
 * first archive. With GUIDE_SCREENSHOTS=1 it saves the guide's pictures in build/guide/screenshots
 * (`GUIDE_SCREENSHOTS=1 npx playwright test -c test/e2e/playwright.config.ts test/e2e/guide.spec.ts`);
 * otherwise it checks that every screen the guide shows still renders.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { captureConsents, completeSetup, seedPurposes } from './pages';

const SHOTS = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../build/guide/screenshots');
const saving = process.env.GUIDE_SCREENSHOTS === '1';

/** The guide's picture of what is on screen now (only when GUIDE_SCREENSHOTS=1). */
async function shot(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('screen-loading')).toHaveCount(0);
  if (!saving) return;
  await mkdir(SHOTS, { recursive: true });
  // Small files: CSS pixels, no animation caught half-way, the caret hidden.
  await page.screenshot({
    path: join(SHOTS, `${name}.png`),
    scale: 'css',
    animations: 'disabled',
    caret: 'hide',
  });
}

test('the first day of the guide: setup, first request, first consent, first archive', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1180, height: 720 });
  await openApp(page, host.url);

  // 1. Setup.
  await expect(page.getByTestId('setup')).toBeVisible();
  await page.getByTestId('field-legalName').fill('Boulangerie Héloïse SARL');
  await page.getByTestId('field-address').fill('12 rue des Lilas\n57000 Metz');
  await page.getByTestId('field-contactEmail').fill('contact@boulangerie-heloise.fr');
  await shot(page, '01-setup');
  await page.getByTestId('field-legalName').clear();
  await completeSetup(page);
  await shot(page, '02-dashboard');

  // 2. A first request, taken on the phone.
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await page.getByTestId('field-firstName').fill('Jeanne');
  await page.getByTestId('field-lastName').fill('Garnier');
  await page.getByTestId('field-email').fill('jeanne.garnier@exemple.fr');
  await page.getByTestId('right-access').check();
  await page.getByTestId('field-words').fill('Je voudrais savoir quelles données vous avez sur moi.');
  await shot(page, '03-request-intake');
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-\d{4}-[A-Z2-7]{3}-\d{4}$/);
  await shot(page, '04-request-detail');

  // 3. A first consent: the purposes, then quick capture (Ctrl+K).
  await seedPurposes(page);
  await page.getByTestId('quick-capture-open').click();
  await page.getByTestId('subject-picker').fill('Garnier');
  await page.getByRole('option', { name: /Garnier/ }).click();
  await page
    .getByRole('radiogroup', { name: 'Lettre d’information par e-mail' })
    .getByRole('radio', { name: 'Accepté' })
    .check();
  await shot(page, '05-quick-capture');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('quick-capture')).toBeHidden();
  await captureConsents(page, 'Garnier', { 'Lettre d’information par e-mail': 'granted' });
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Garnier' }).click();
  await expect(page.getByTestId('subject-name')).toHaveText('Jeanne Garnier');
  await shot(page, '06-person');

  // 4. A first archive, signed with a key protected by a passphrase.
  await page.getByTestId('nav-archive').click();
  await page.getByTestId('archive-passphrase').fill('Le pain de Metz sort à 7 h 15 !');
  await page.getByTestId('archive-passphrase-confirm').fill('Le pain de Metz sort à 7 h 15 !');
  await shot(page, '07-archive');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('archive-start').click();
  await download;
  await expect(page.getByTestId('archive-result')).toContainText('Archive téléchargée');
  await shot(page, '08-archive-done');
});
