import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { completeSetup } from './pages';

async function seedPurposes(page: Page) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('purposes-seed').click();
  await expect(page.getByTestId('purposes')).toContainText('Lettre d’information par e-mail');
  await expect(page.getByTestId('notices')).toContainText('v1 — Information sur vos données personnelles');
}

async function addPerson(page: Page, firstName: string, lastName: string, email: string) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-firstName').fill(firstName);
  await page.getByTestId('field-lastName').fill(lastName);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId('subject-name')).toHaveText(`${firstName} ${lastName}`);
}

test('a phone consent captured with the keyboard only', async ({ page, host }) => {
  await openApp(page, host.url);
  await completeSetup(page);
  await seedPurposes(page);
  await addPerson(page, 'Héloïse', 'Lefèvre', 'heloise@exemple.fr');
  await page.getByTestId('nav-dashboard').click();

  // From here on, only the keyboard.
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('quick-capture')).toBeVisible();
  await expect(page.getByTestId('subject-picker')).toBeFocused();
  await page.keyboard.type('helo');
  await expect(page.getByRole('option', { name: /Héloïse Lefèvre/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab'); // newsletter by email: no answer → granted
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab'); // SMS offers: no answer → granted → refused
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('quick-capture')).toBeHidden();
  await expect(page.getByTestId('capture-saved')).toContainText('2 décisions enregistrées.');

  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Héloïse' }).click();
  const matrix = page.getByTestId('preference-matrix');
  await expect(matrix.getByTestId('preference-row').filter({ hasText: 'Lettre d’information par e-mail' })).toContainText('Accepté');
  await expect(matrix.getByTestId('preference-row').filter({ hasText: 'Offres par SMS' })).toContainText('Refusé');
  await expect(page.getByTestId('consent-history')).toContainText('Téléphone');

  // Withdrawal is as easy as consent, effective at once, and the matching request is one click away.
  await matrix.getByTestId('preference-row').filter({ hasText: 'Lettre d’information par e-mail' }).getByTestId('withdraw').click();
  await expect(matrix.getByTestId('preference-row').filter({ hasText: 'Lettre d’information par e-mail' })).toContainText('Retiré');
  await page.getByTestId('open-matching-request').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-/);
  await expect(page.getByText('Retrait du consentement (art. 7(3))')).toBeVisible();
});
