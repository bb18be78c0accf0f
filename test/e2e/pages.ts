/** Page helpers shared by the end-to-end tests (Joplin's habit: one place per screen). */
import { expect, type Page } from '@playwright/test';

export async function completeSetup(
  page: Page,
  options: { region?: RegExp; operator?: string } = {},
): Promise<void> {
  await expect(page.getByTestId('setup')).toBeVisible();
  await page.getByTestId('field-legalName').fill('Boulangerie Héloïse SARL');
  await page.getByTestId('field-address').fill('12 rue des Lilas\n57000 Metz');
  await page.getByTestId('field-contactEmail').fill('contact@boulangerie-heloise.fr');
  if (options.region) {
    await page.getByLabel(/Région/).click();
    await page.getByRole('option', { name: options.region }).click();
  }
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByTestId('field-name').fill(options.operator ?? 'Claire Martin');
  await page.getByRole('button', { name: 'Terminer' }).click();
  await expect(page.getByTestId('operator')).toContainText(options.operator ?? 'Claire Martin');
}
