import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { openSetUpApp, seedPurposes } from './pages';

async function download(page: Page, testId: string): Promise<{ path: string; bytes: Buffer }> {
  const file = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const path = (await (await file).path()) as string;
  return { path, bytes: await readFile(path) };
}

async function openNoticePanel(page: Page) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-consents').click();
  await expect(page.getByTestId('privacy-notice-panel')).toBeVisible();
}

test('the privacy notice is written from the registers, in HTML and PDF, and says when it is out of date', async ({
  page,
  context,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);

  // One activity of the record, from a ready-made entry.
  await page.getByTestId('nav-registers').click();
  await page.getByTestId('register-new').click();
  await page.getByTestId('template-customers').check();
  await page.getByTestId('template-continue').click();
  await page.getByTestId('register-save').click();
  await expect(page.getByTestId('register-row')).toHaveCount(1);

  await openNoticePanel(page);
  await expect(page.getByTestId('privacy-notice-state')).toHaveText('Aucune notice générée pour l’instant.');
  const axe = await new AxeBuilder({ page }).include('[data-testid="privacy-notice-panel"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // HTML: parsed by the browser, every heading and purpose there, nothing loaded from outside.
  const html = (await download(page, 'privacy-notice-html')).bytes.toString('utf8');
  const viewer = await context.newPage();
  await viewer.setContent(html);
  await expect(viewer.locator('h1')).toContainText(
    'Informations sur la protection de vos données personnelles',
  );
  await expect(viewer.locator('h3')).toHaveText(['Gestion de la clientèle']);
  const body = await viewer.locator('body').innerText();
  expect(body).toContain('Lettre d’information par e-mail');
  expect(body).toContain('Combien de temps nous les gardons');
  expect(body).toContain('CNIL');
  expect(body).not.toContain('{{');
  await viewer.close();
  await expect(page.getByTestId('privacy-notice-state')).toContainText('elle est à jour');

  // PDF, in English this time.
  await page.getByLabel('Langue de la notice').click();
  await page.getByRole('option', { name: 'English' }).click();
  const pdf = await download(page, 'privacy-notice-pdf');
  const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf.path, '-'], { encoding: 'utf8' });
  expect(text.status).toBe(0);
  const pdfText = text.stdout.replace(/\s+/g, ' ');
  expect(pdfText).toContain('How we protect your personal data');
  expect(pdfText).toContain('Gestion de la clientèle');
  expect(pdfText).toContain('Email newsletter');

  // The register changes: the notice is out of date until it is generated again.
  await page.getByTestId('nav-registers').click();
  await page.getByTestId('register-row').click();
  await page.getByTestId('field-retention').fill('Trois ans après le dernier achat.');
  await page.getByTestId('register-save').click();
  await expect(page.getByTestId('register-form')).toBeHidden();
  await openNoticePanel(page);
  await expect(page.getByTestId('privacy-notice-state')).toContainText(
    'Votre notice d’information n’est plus à jour',
  );
  await download(page, 'privacy-notice-text');
  await expect(page.getByTestId('privacy-notice-state')).toContainText('elle est à jour');
});
