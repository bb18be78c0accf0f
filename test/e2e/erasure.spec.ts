import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { captureConsents, openSetUpApp, seedPurposes } from './pages';

const NEWSLETTER = 'Lettre d’information par e-mail';

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const file = page.waitForEvent('download');
  await click();
  return readFile(await (await file).path(), 'utf8');
}

test('erase a person with consents, a request and an attachment: nothing reveals them, the proof stays, the suppression list holds', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);

  // An erasure request from a new person, with a signed letter attached.
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await page.getByTestId('field-firstName').fill('Héloïse');
  await page.getByTestId('field-lastName').fill('Lefèvre');
  await page.getByTestId('field-email').fill('heloise@exemple.fr');
  await page.getByTestId('right-erasure').check();
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
  await page
    .getByTestId('intake-files')
    .setInputFiles({ name: 'lettre Lefèvre.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('timeline')).toContainText('lettre Lefèvre.pdf');
  const hash = createHash('sha256').update(pdf).digest('hex');
  const stored = join(host.dataDir, 'attachments', hash.slice(0, 2), hash);
  await access(stored);

  // She had consented to the newsletter, then withdrew: she objected to marketing.
  await captureConsents(page, 'Héloïse', { [NEWSLETTER]: 'granted' });
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Héloïse' }).click();
  await page.getByTestId('preference-row').filter({ hasText: NEWSLETTER }).getByTestId('withdraw').click();
  await expect(page.getByTestId('preference-row').filter({ hasText: NEWSLETTER })).toContainText('Retiré');

  // Erase from the request.
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-row').filter({ hasText: 'Lefèvre' }).click();
  await page.getByTestId('erase-person').click();
  await expect(page.getByTestId('erasure-counts')).toContainText(
    '2 décision(s) de consentement, 1 demande(s)',
  );
  await expect(page.getByRole('checkbox', { name: /liste d’opposition/ })).toBeChecked();
  await page.getByRole('button', { name: 'Effacer définitivement' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();

  // The request and its timeline prove the erasure; the name is gone from them.
  await expect(page.getByTestId('erased-person')).toContainText('Personne effacée le');
  await expect(page.getByTestId('timeline')).toContainText('Données de la personne effacées');
  await expect(page.getByTestId('timeline')).not.toContainText('Lefèvre');
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-/);

  // No search, export or attachment reveals her.
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByText('Personne n’est encore enregistré')).toBeVisible();
  await expect(access(stored)).rejects.toThrow();
  await page.getByTestId('nav-requests').click();
  await expect(page.getByTestId('request-row')).toHaveCount(1);
  await expect(page.getByTestId('request-row')).not.toContainText('Lefèvre');
  await page.getByTestId('requests-export').click();
  const register = await download(page, () => page.getByTestId('export-semicolon').click());
  expect(register).not.toMatch(/Lefèvre|Héloïse|heloise/);
  await page.getByTestId('nav-consents').click();
  await expect(page.getByTestId('ledger-row')).toHaveCount(2);
  for (const row of await page.getByTestId('ledger-row').all())
    await expect(row).toContainText('Personne effacée');
  await expect(page.getByTestId('ledger-rows')).not.toContainText('Lefèvre');

  // The audit chain still verifies.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');

  // The suppression list blocks the same email on a later import.
  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-import').click();
  const csv = [
    'Prénom;Nom;Courriel;Finalité;Consentement;Date',
    `Héloïse;Lefèvre;HELOISE@exemple.fr;${NEWSLETTER};oui;12/01/2026`,
    `Jean;Dupont;jean@exemple.fr;${NEWSLETTER};oui;12/01/2026`,
  ].join('\r\n');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-invalid-row')).toHaveCount(1);
  await expect(page.getByTestId('import-invalid-row')).toContainText(
    'Personne effacée qui s’est opposée à la prospection',
  );
});
