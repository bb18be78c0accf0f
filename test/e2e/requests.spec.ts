import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSetUpApp, fillDate } from './pages';

// The browser's clock is fixed so the legal dates are known: Friday 20 March 2026, France.
const TODAY = new Date('2026-03-20T09:00:00');

async function logRequest(
  page: Page,
  person: { existing: string } | { firstName: string; lastName: string; email?: string },
  receivedAt: string,
  rights: string[],
) {
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  if ('existing' in person) {
    await page.getByTestId('subject-picker').fill(person.existing);
    await page.getByRole('option', { name: new RegExp(person.existing) }).click();
  } else {
    await page.getByTestId('intake-new-person').click();
    if (person.firstName) await page.getByTestId('field-firstName').fill(person.firstName);
    await page.getByTestId('field-lastName').fill(person.lastName);
    if (person.email) await page.getByTestId('field-email').fill(person.email);
  }
  for (const right of rights) await page.getByTestId(`right-${right}`).check();
  await fillDate(page, 'field-receivedAt', receivedAt);
  await page.getByTestId('field-words').fill('Je voudrais savoir quelles données vous avez sur moi.');
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-2026-[A-Z2-7]{3}-\d{4}$/);
}

async function step(page: Page, action: string, on: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await fillDate(page, 'action-date', on);
  if (fill) await fill(page);
  await page.getByTestId('action-confirm').click();
  await expect(page.getByTestId('action-dialog')).toBeHidden();
}

test('a phone request from intake to response, with the legal dates on the dashboard and a safe CSV export', async ({
  page,
  host,
}) => {
  // Three requests and six steps, each date typed key by key as a person does.
  test.slow();
  await openSetUpApp(page, host.url, { time: TODAY });

  // A phone request received on 2 March: one month → Thursday 2 April.
  await logRequest(
    page,
    { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' },
    '2026-03-02T10:00',
    ['access'],
  );
  await expect(page.getByTestId('deadlines')).toContainText('jeudi 2 avril');
  await step(page, 'request_identity', '2026-03-03');
  await expect(page.getByTestId('request-status')).toHaveText('Vérification d’identité');
  await expect(page.getByTestId('deadlines')).toContainText('délai suspendu');
  await step(page, 'receive_identity', '2026-03-10');
  // Seven days waited (suspend): 9 April.
  await expect(page.getByTestId('deadlines')).toContainText('jeudi 9 avril');
  await step(page, 'verify_identity', '2026-03-10');
  // Extending needs reasons.
  await page.getByTestId('action-extend').click();
  await fillDate(page, 'action-date', '2026-03-12');
  await page.getByTestId('action-confirm').click();
  await expect(page.getByText('Indiquez les motifs de la prolongation')).toBeVisible();
  await page
    .getByTestId('action-reasons')
    .fill('Données réparties dans la caisse, le fichier clients et les dossiers papier.');
  await page.getByTestId('action-confirm').click();
  await expect(page.getByTestId('request-status')).toHaveText('Prolongée');
  await expect(page.getByTestId('extended-until')).toContainText('mardi 9 juin 2026');
  // The extension notice letter, merged and recorded as sent.
  await expect(page.getByTestId('letter-preview')).toContainText('Données réparties dans la caisse');
  await expect(page.getByTestId('letter-preview')).toContainText('9 juin 2026');
  await fillDate(page, 'letter-sent-on', '2026-03-12');
  await page.getByTestId('letter-record').click();
  await expect(page.getByTestId('timeline')).toContainText('Avis de prolongation');
  const extended = page.url();

  // Two more: one due within 7 days, one overdue (its person named like a spreadsheet formula).
  await logRequest(
    page,
    { firstName: '', lastName: '=HYPERLINK("http://evil.example","clic")' },
    '2026-02-25T15:30',
    ['erasure'],
  );
  await expect(page.getByTestId('checklist')).toContainText('Logiciel de caisse');
  await logRequest(page, { existing: 'Héloïse' }, '2026-02-10T11:00', ['objection']);

  await page.getByTestId('nav-dashboard').click();
  // Each row: the person, the right, the days in words and the legal date.
  const overdueRow = page.getByTestId('dashboard-overdue').getByTestId('dashboard-request');
  await expect(overdueRow.getByTestId('dashboard-person')).toHaveText('Héloïse Lefèvre');
  await expect(overdueRow.getByTestId('dashboard-rights')).toHaveText(
    'Opposition, y compris à la prospection (art. 21)',
  );
  await expect(overdueRow.getByTestId('dashboard-days')).toHaveText('en retard de 10 jours');
  await expect(overdueRow).toContainText('échéance le mardi 10 mars');
  await expect(page.getByTestId('dashboard-due-soon')).toContainText(
    'dans 5 jours · échéance le mercredi 25 mars',
  );
  await expect(page.getByTestId('dashboard-extended')).toContainText(
    'dans 81 jours · échéance le mardi 9 juin',
  );
  await expect(page.getByTestId('dashboard-extended').getByTestId('notice-missing')).toHaveCount(0);
  // No desktop notifications in the browser: the reminders are a banner.
  await expect(page.getByTestId('reminders-banner')).toContainText('échéance dépassée');

  // Respond to the extended request.
  await page.goto(extended);
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
  await step(page, 'respond', '2026-03-20');
  await expect(page.getByTestId('request-status')).toHaveText('Répondue');
  await expect(page.getByTestId('timeline')).toContainText('Répondre');

  // The register as CSV for French Excel.
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('requests-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-semicolon').click();
  const file = await (await download).path();
  const csv = await readFile(file, 'utf8');
  expect(csv.startsWith('\ufeff')).toBe(true);
  const lines = csv.slice(1).split('\r\n');
  expect(lines[0]).toBe(
    'Référence;Reçue le;Canal;Personne;E-mail;Droits;État;Identité;Échéance;Avis de prolongation ou refus avant le;Prolongée;Décision;Motif du refus;Répondue le;Retirée le',
  );
  expect(lines.filter((line) => line.startsWith('DSR-2026-'))).toHaveLength(3);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
  expect(csv).not.toMatch(/;=HYPERLINK/);
  expect(csv).toContain('2026-06-09');

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-rows').or(page.getByTestId('audit-entries'))).toContainText(
    'a exporté le registre des demandes (3 demandes)',
  );
});

test('attachments: only PDF or images, stored in the data folder under their SHA-256', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await page.getByTestId('field-lastName').fill('Martin');
  await page.getByTestId('right-access').check();
  await page
    .getByTestId('intake-files')
    .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByText('Seuls les fichiers PDF, JPEG et PNG sont acceptés.')).toBeVisible();
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
  await page
    .getByTestId('intake-files')
    .setInputFiles({ name: 'lettre signée.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('timeline')).toContainText('Pièce jointe : lettre signée.pdf');

  const hash = createHash('sha256').update(pdf).digest('hex');
  expect(await readFile(join(host.dataDir, 'attachments', hash.slice(0, 2), hash))).toEqual(pdf);

  const download = page.waitForEvent('download');
  await page
    .getByTestId('timeline-item')
    .filter({ hasText: 'lettre signée.pdf' })
    .getByRole('button')
    .click();
  expect(await readFile(await (await download).path())).toEqual(pdf);
});
