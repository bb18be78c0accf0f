import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addPerson, captureConsents, openSetUpApp, seedPurposes } from './pages';

async function download(page: Page, testId: string): Promise<Buffer> {
  const file = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  return readFile((await (await file).path()) as string);
}

test('the access package of a person with a consent and a request: JSON with details, consents and the request; noted on the timeline', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);

  // The person, and their consent to the newsletter given on the phone.
  await addPerson(page, 'Héloïse', 'Lefèvre', 'heloise@exemple.fr');
  await captureConsents(page, 'Lefèvre', { 'Lettre d’information par e-mail': 'granted' });

  // Her access request, by email.
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('subject-picker').fill('Lefèvre');
  await page.getByRole('option', { name: /Héloïse Lefèvre/ }).click();
  await page.getByTestId('right-access').check();
  await page.getByTestId('right-portability').check();
  await page.getByTestId('intake-save').click();
  const reference = (await page.getByTestId('request-reference').textContent()) ?? '';
  expect(reference).toMatch(/^DSR-\d{4}-[A-Z2-7]{3}-\d{4}$/);
  const requestPage = page.url();

  // From her page: the package, made for her open request.
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Héloïse' }).click();
  await page.getByTestId('access-open').click();
  await expect(page.getByTestId('access-request')).toHaveValue(/.+/);
  await page.getByTestId('access-make').click();
  await expect(page.getByTestId('access-made')).toContainText(reference);

  const json = JSON.parse((await download(page, 'access-save-json')).toString('utf8'));
  expect(json).toMatchObject({
    format: 'rgpd-desk/access-package',
    language: 'fr',
    request: reference,
    person: { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' },
  });
  expect(json.consents).toHaveLength(1);
  expect(json.consents[0]).toMatchObject({
    purpose: 'Lettre d’information par e-mail',
    decision: 'granted',
    channel: 'phone',
    notice: { number: 1, title: 'Information sur vos données personnelles' },
  });
  expect(Date.parse(json.consents[0].decidedAt)).not.toBeNaN();
  expect(json.requests).toHaveLength(1);
  expect(json.requests[0]).toMatchObject({
    reference,
    rights: ['access', 'portability'],
    status: 'received',
  });

  const pdf = await download(page, 'access-save-pdf');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const csv = (await download(page, 'access-save-csv')).toString('utf8');
  expect(csv.startsWith('\ufeffsection;record;field;value\r\n')).toBe(true);
  expect(csv).toContain('person;;email;heloise@exemple.fr');

  // The request's timeline says the package was prepared, with the files' SHA-256.
  await page.goto(requestPage);
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
  const item = page
    .getByTestId('timeline-item')
    .filter({ hasText: 'Dossier d’accès et de portabilité préparé' });
  await expect(item).toContainText(/\.json — SHA-256 [0-9a-f]{64}/);
});

test('retention rules in Settings: the CNIL rules in one click, one active rule per category, periods edited', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-retention').click();
  await page.getByTestId('retention-seed').click();
  const rules = page.getByTestId('retention-rule');
  await expect(rules).toHaveCount(2);
  await expect(rules.nth(0)).toContainText('Prospects — 36 mois après le dernier contact');
  await expect(rules.nth(1)).toContainText('Clients — 36 mois après la fin de la relation');

  // A second rule for prospects is refused with a clear message; nothing is written.
  await page.getByTestId('retention-rule-new').click();
  await page.getByTestId('retention-months').fill('24');
  await page.getByTestId('retention-rule-save').click();
  await expect(page.getByTestId('retention-rule-form')).toContainText(
    'Une règle active existe déjà pour cette catégorie ou cette finalité',
  );
  await page.getByRole('button', { name: 'Annuler' }).click();
  await expect(rules).toHaveCount(2);

  // The customer period is the business's to set.
  await rules.nth(1).getByRole('button', { name: 'Modifier' }).click();
  await page.getByTestId('retention-months').fill('0');
  await page.getByTestId('retention-rule-save').click();
  await expect(page.getByText('Indiquez une durée entière, de 1 à 1200 mois.')).toBeVisible();
  await page.getByTestId('retention-months').fill('60');
  await page.getByTestId('retention-rule-save').click();
  await expect(page.getByTestId('retention-rule-form')).toBeHidden();
  await expect(rules.nth(1)).toContainText('Clients — 60 mois après la fin de la relation');
});
