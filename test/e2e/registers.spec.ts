import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { openSetUpApp, fillDate } from './pages';

// The browser's clock is fixed so the 72 hours are known: Friday 20 March 2026, 09:00 local time.
const TODAY = new Date('2026-03-20T09:00:00');
const HOUR = 3_600_000;

test('the record of processing activities: from a ready-made entry to its history and a CSV', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url, { time: TODAY });

  await page.getByTestId('nav-registers').click();
  await expect(page.getByTestId('registers-tab-activities')).toHaveAttribute('aria-selected', 'true');

  // A ready-made entry, in French, with every heading filled in.
  await page.getByTestId('register-new').click();
  await page.getByTestId('template-customers').check();
  await page.getByTestId('template-continue').click();
  await expect(page.getByTestId('field-name')).toHaveValue('Gestion de la clientèle');
  await expect(page.getByTestId('field-controller.name')).toHaveValue('Boulangerie Héloïse SARL');
  await expect(page.getByTestId('basis-contract')).toBeChecked();
  await page.getByTestId('register-save').click();
  await expect(page.getByTestId('register-form')).toBeHidden();
  await expect(page.getByTestId('register-row')).toHaveCount(1);
  await expect(page.getByTestId('register-row')).toContainText('Gestion de la clientèle');

  // A blank entry without purpose or lawful basis is refused, and nothing is written.
  await page.getByTestId('register-new').click();
  await page.getByTestId('template-blank').check();
  await page.getByTestId('template-continue').click();
  await page.getByTestId('field-name').fill('Fichier des bénévoles');
  await page.getByTestId('register-save').click();
  await expect(page.getByText('Indiquez la ou les finalités du traitement.')).toBeVisible();
  await expect(page.getByTestId('lawfulBases-error')).toHaveText('Cochez au moins une base légale.');
  await page.getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByTestId('register-row')).toHaveCount(1);

  // Edit it an hour later.
  await page.clock.fastForward(HOUR);
  await page.getByTestId('register-row').click();
  await page.getByTestId('field-purposes').fill('Commandes, livraisons et factures.');
  await page.getByTestId('register-save').click();
  await expect(page.getByTestId('register-form')).toBeHidden();

  // The history: who changed what, when, with the values.
  await page.getByTestId('register-history').click();
  const versions = page.getByTestId('register-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('Version 2 — modifiée le');
  await expect(versions.first()).toContainText('10:00 par Claire Martin');
  const change = versions.first().getByTestId('change-purposes');
  await expect(change).toContainText('Prise et suivi des commandes');
  await expect(change).toContainText('Commandes, livraisons et factures.');
  await expect(versions.last()).toContainText('Version 1 — créée le');
  await expect(versions.last()).toContainText('par Claire Martin');
  await page.getByRole('button', { name: 'Fermer' }).click();

  // The record as CSV for French Excel.
  await page.getByTestId('register-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('register-export-semicolon').click();
  const file = await (await download).path();
  const csv = await readFile(file, 'utf8');
  expect(csv.startsWith('\ufeff')).toBe(true);
  const [header] = csv.slice(1).split('\r\n');
  expect(header).toContain('Activité de traitement;Responsable du traitement;Finalités;Base légale');
  expect(csv).toContain('Gestion de la clientèle');
  expect(csv).toContain('Commandes, livraisons et factures.');
  await expect(page.getByTestId('register-export-message')).toContainText('1 activité exportée.');

  // The export is in the audit log.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByText(/a exporté le registre des traitements \(CSV\)/)).toBeVisible();
});

test('a breach: awareness before the breach refused, then a live 72-hour countdown on the dashboard', async ({
  page,
  host,
}) => {
  // Four date-times typed key by key, as a person does, and an hour of clock run through.
  test.slow();
  await openSetUpApp(page, host.url, { time: TODAY });

  await page.getByTestId('nav-registers').click();
  await page.getByTestId('registers-tab-breaches').click();
  await page.getByTestId('breach-new').click();
  await page.getByTestId('field-title').fill('Ordinateur portable volé');
  await fillDate(page, 'field-occurredAt', '2026-03-19T10:00');
  await fillDate(page, 'field-awareAt', '2026-03-19T08:00');
  await page
    .getByTestId('field-description')
    .fill('Le portable du magasin, avec le fichier clients, a été volé dans la voiture.');
  await page.getByTestId('breach-save').click();
  await expect(page.getByText('La prise de connaissance ne peut pas précéder la violation.')).toBeVisible();
  await fillDate(page, 'field-awareAt', '2026-03-19T11:00');
  await page.getByTestId('breach-save').click();
  await expect(page.getByTestId('breach-form')).toBeHidden();
  await expect(page.getByTestId('breach-row')).toHaveCount(1);

  // Due Sunday 22 March at 11:00: 72 hours, the weekend counted. Fifty hours left.
  const row = page.getByTestId('breach-row');
  await expect(row.getByTestId('breach-countdown')).toContainText(/reste (50 h 00|49 h 59) min/);
  await expect(row.getByTestId('breach-countdown')).toContainText('22 mars 2026');

  await page.getByTestId('nav-dashboard').click();
  const card = page.getByTestId('dashboard-breaches');
  await expect(card).toContainText('Ordinateur portable volé');
  await expect(card.getByTestId('breach-countdown')).toContainText(/reste (50 h 00|49 h 59) min/);
  // Live: an hour later it says so without reloading.
  await page.clock.runFor(HOUR);
  await expect(card.getByTestId('breach-countdown')).toContainText(/reste (49 h 00|48 h 59) min/);
  // Within the last 24 hours, a reminder (a banner in the browser).
  await page.clock.fastForward(27 * HOUR);
  await expect(page.getByTestId('breach-reminder')).toContainText(
    'Violation « Ordinateur portable volé » : moins de 24 heures pour notifier la CNIL',
  );

  // Notified after the 72 hours: the reasons for the delay are required; then it leaves the dashboard.
  await page.clock.fastForward(24 * HOUR);
  await card.getByTestId('dashboard-breach').click();
  await expect(page.getByTestId('registers-tab-breaches')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('breach-countdown')).toContainText('délai dépassé de');
  await page.getByTestId('breach-row').click();
  await page.getByRole('combobox', { name: 'Décision' }).first().click();
  await page.getByRole('option', { name: 'Notifiée' }).click();
  await fillDate(page, 'field-authority.notifiedAt', '2026-03-22T12:30');
  await page.getByTestId('field-authority.reference').fill('CNIL-2026-000123');
  await expect(page.getByTestId('late-notification')).toBeVisible();
  await page.getByTestId('breach-save').click();
  await expect(page.getByText('Notification après 72 heures : indiquez les motifs du retard')).toBeVisible();
  await page
    .getByTestId('field-authority.delayReasons')
    .fill('Étendue de la fuite connue seulement après l’audit du prestataire informatique.');
  await page.getByTestId('breach-save').click();
  await expect(page.getByTestId('breach-form')).toBeHidden();
  await expect(page.getByTestId('breach-row')).toContainText('En retard');
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('dashboard-breaches')).toHaveCount(0);
});
