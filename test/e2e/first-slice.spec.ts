import { expect, openApp, test } from './fixtures';
import { completeSetup } from './pages';
import type { Page } from '@playwright/test';

async function addSubject(page: Page, fields: Record<string, string>) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  for (const [name, value] of Object.entries(fields)) await page.getByTestId(`field-${name}`).fill(value);
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId('subject-name')).toBeVisible();
}

async function search(page: Page, query: string) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-search').fill(query);
}

test('first run, two people, accent-free search, reload, audit chain verifies', async ({ page, host }) => {
  await openApp(page, host.url);
  await completeSetup(page, { region: /Moselle/ });

  await addSubject(page, {
    firstName: 'Héloïse',
    lastName: 'Lefèvre',
    email: 'heloise.lefevre@exemple.fr',
    phone: '06 12 34 56 78',
  });
  await addSubject(page, {
    firstName: 'Jean',
    lastName: 'Dupont',
    email: 'jean.dupont@poste.fr',
    customerRef: 'CLI-0042',
  });

  await search(page, 'heloise');
  await expect(page.getByTestId('subject-row')).toHaveCount(1);
  await expect(page.getByTestId('subject-row')).toContainText('Héloïse Lefèvre');
  await search(page, 'Héloïse');
  await expect(page.getByTestId('subject-row')).toHaveCount(1);
  await search(page, 'LEFEVRE');
  await expect(page.getByTestId('subject-row')).toContainText('Lefèvre');
  await search(page, 'jean.dup');
  await expect(page.getByTestId('subject-row')).toHaveCount(1);
  await expect(page.getByTestId('subject-row')).toContainText('Jean Dupont');
  await search(page, '+33 6 12');
  await expect(page.getByTestId('subject-row')).toContainText('Héloïse');
  await search(page, 'zoé');
  await expect(page.getByTestId('subject-row')).toHaveCount(0);

  // A duplicate email is pointed out before saving.
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-email').fill('JEAN.DUPONT@poste.fr');
  await expect(page.getByTestId('duplicate-email')).toContainText('Jean Dupont');
  await page.getByRole('button', { name: 'Annuler' }).click();

  await page.reload();
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
  await search(page, '');
  await expect(page.getByTestId('subject-row')).toHaveCount(2);
  await expect(page.getByTestId('subject-count')).toHaveText('2 personnes');

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row')).toHaveCount(4); // organisation, staff, two people
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-verify-result')).toContainText('4 entrées vérifiées');
});

test('a bad email shows the error in the UI language and writes nothing', async ({ page, host }) => {
  await openApp(page, host.url);
  await completeSetup(page);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row')).toHaveCount(2);

  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-lastName').fill('Martin');
  await page.getByTestId('field-email').fill('martin@');
  await page.getByTestId('subject-save').click();
  await expect(page.getByText('Adresse e-mail invalide.')).toBeVisible();
  await page.getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByText('Personne n’est encore enregistré')).toBeVisible();

  // Same mistake in English.
  await page.getByTestId('lang-en').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-lastName').fill('Martin');
  await page.getByTestId('field-email').fill('not an email');
  await page.getByTestId('subject-save').click();
  await expect(page.getByText('Invalid email address.')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
});
