import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { addPerson, captureConsents, openSetUpApp, seedPurposes } from './pages';

test('a phone consent captured with the keyboard only', async ({ page, host }) => {
  await openSetUpApp(page, host.url);
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
  await page.keyboard.press('Tab'); // the new-person button (Alt+N)
  await expect(page.getByTestId('capture-toggle-person')).toBeFocused();
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
  await expect(
    matrix.getByTestId('preference-row').filter({ hasText: 'Lettre d’information par e-mail' }),
  ).toContainText('Accepté');
  await expect(matrix.getByTestId('preference-row').filter({ hasText: 'Offres par SMS' })).toContainText(
    'Refusé',
  );
  await expect(page.getByTestId('consent-history')).toContainText('Téléphone');

  // A decision recorded by mistake is corrected by a new event; the original stays in the history.
  await page
    .getByTestId('consent-history')
    .getByRole('listitem')
    .filter({ hasText: 'Offres par SMS' })
    .getByTestId('correct-event')
    .click();
  await page.getByTestId('correction-save').click();
  await expect(page.getByText('Expliquez la correction dans la note.')).toBeVisible();
  await page.getByTestId('correction-note').fill('La cliente avait dit oui, erreur de saisie.');
  await page.getByTestId('correction-save').click();
  await expect(matrix.getByTestId('preference-row').filter({ hasText: 'Offres par SMS' })).toContainText(
    'Accepté',
  );
  await expect(
    page.getByTestId('consent-history').getByRole('listitem').filter({ hasText: 'Offres par SMS' }),
  ).toHaveCount(2);

  // Withdrawal is as easy as consent, effective at once, and the matching request is one click away.
  await matrix
    .getByTestId('preference-row')
    .filter({ hasText: 'Lettre d’information par e-mail' })
    .getByTestId('withdraw')
    .click();
  await expect(
    matrix.getByTestId('preference-row').filter({ hasText: 'Lettre d’information par e-mail' }),
  ).toContainText('Retiré');
  await page.getByTestId('open-matching-request').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-/);
  await expect(page.getByText('Retrait du consentement (art. 7(3))')).toBeVisible();
});

test('grant → withdraw → grant: the segment export holds exactly the right people; the paper form shows the notice', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  await addPerson(page, 'Alice', 'Aubert', 'alice@exemple.fr');
  await addPerson(page, 'Bruno', 'Barbier', 'bruno@exemple.fr');
  await addPerson(page, 'Chloé', 'Caron', 'chloe@exemple.fr');
  const newsletter = 'Lettre d’information par e-mail';
  await captureConsents(page, 'Alice', { [newsletter]: 'granted' });
  await captureConsents(page, 'Bruno', { [newsletter]: 'granted' });
  await captureConsents(page, 'Chloé', { [newsletter]: 'refused' });

  // Alice withdraws, then consents again; Bruno withdraws for good.
  for (const [name, again] of [
    ['Alice', true],
    ['Bruno', false],
  ] as const) {
    await page.getByTestId('nav-subjects').click();
    await page.getByTestId('subject-row').filter({ hasText: name }).click();
    await page.getByTestId('preference-row').filter({ hasText: newsletter }).getByTestId('withdraw').click();
    await expect(page.getByTestId('preference-row').filter({ hasText: newsletter })).toContainText('Retiré');
    if (again) await captureConsents(page, name, { [newsletter]: 'granted' });
  }

  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-segments').click();
  await page.getByRole('combobox', { name: 'Finalité' }).click();
  await page.getByRole('option', { name: newsletter }).click();
  await expect(page.getByTestId('segment-row')).toHaveCount(1);
  await expect(page.getByTestId('segment-row')).toContainText('Alice');
  const download = page.waitForEvent('download');
  await page.getByTestId('segment-export').click();
  const exported = await readFile(await (await download).path(), 'utf8');
  expect(exported.startsWith('\ufeff')).toBe(true);
  expect(exported).toContain('alice@exemple.fr');
  expect(exported).not.toContain('bruno@exemple.fr');
  expect(exported).not.toContain('chloe@exemple.fr');
  expect(exported.trim().split('\r\n')).toHaveLength(2); // header + Alice

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-entries')).toContainText('a exporté une liste de 1 personne pour');

  // The paper form carries the notice text and a reference.
  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-paper').click();
  await expect(page.getByTestId('paper-reference')).toHaveText(/F-N1-[2-9A-HJ-NP-Z]{4}/);
  await expect(page.getByTestId('paper-preview')).toContainText('utilise vos coordonnées');
  const pdf = page.waitForEvent('download');
  await page.getByTestId('paper-pdf').click();
  const bytes = await readFile(await (await pdf).path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});

test('an import with two bad rows reports them and stores nothing until confirmed', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-import').click();
  const csv = [
    'Prénom;Nom;Courriel;Finalité;Consentement;Date',
    'Héloïse;Lefèvre;heloise@exemple.fr;Offres par SMS;oui;12/01/2026',
    'Jean;Dupont;jean@exemple.fr;Offres par SMS;peut-être;12/01/2026',
    'Zoé;Roux;zoe@exemple.fr;Lettre d’information par e-mail;non;31/02/2026',
    'Marc;Petit;marc@exemple.fr;Courrier postal;non;2026-01-15',
  ].join('\r\n');
  // Windows-1252, as Excel on Windows saves "CSV (séparateur : point-virgule)".
  const bytes = Buffer.from(
    [...csv].map((char) => ({ é: 0xe9, ï: 0xef, è: 0xe8, '’': 0x92 })[char] ?? char.charCodeAt(0)),
  );
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'consentements.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(page.getByTestId('import-loaded')).toContainText('windows-1252');
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-report')).toContainText(
    '2 décision(s) lisible(s) sur 2 ligne(s) ; 2 ligne(s) refusée(s)',
  );
  await expect(page.getByTestId('import-invalid-row')).toHaveCount(2);
  await expect(page.getByTestId('import-invalid-row').nth(0)).toContainText('3');
  await expect(page.getByTestId('import-invalid-row').nth(0)).toContainText('Décision illisible');
  await expect(page.getByTestId('import-invalid-row').nth(1)).toContainText('31/02/2026 n’existe pas.');

  // Nothing stored yet.
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByText('Personne n’est encore enregistré')).toBeVisible();

  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-import').click();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'consentements.csv', mimeType: 'text/csv', buffer: bytes });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText(
    '2 décision(s) importée(s) : 2 personne(s) créée(s), 0 retrouvée(s)',
  );
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByTestId('subject-row')).toHaveCount(2);
  await page.getByTestId('subject-row').filter({ hasText: 'Héloïse' }).click();
  await expect(page.getByTestId('preference-row').filter({ hasText: 'Offres par SMS' })).toContainText(
    'Accepté',
  );
  await expect(page.getByTestId('consent-history')).toContainText('Import');
});
