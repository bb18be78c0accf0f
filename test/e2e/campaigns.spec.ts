/**
 * Re-consent campaigns and the way from quick capture to the kiosk. Three people consented in
 * 2022; in 2026 their consent is due again: a campaign gives a ZIP with one letter (and its paper
 * form) per person and the Brevo e-mail list, is listed on the re-consent tab and told in the audit
 * log. Quick capture hands the screen to the customer it has found, with Alt+K or its button.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addPerson, captureConsents, leaveKiosk, openSetUpApp, seedPurposes } from './pages';

const NEWSLETTER = 'Lettre d’information par e-mail';
const PEOPLE = [
  ['Gwendoline', 'Quéméneur', 'gwendoline.q@exemple.fr'],
  ['Loïc', 'Le Bihan', ''],
  ['Anaïs', 'Œhmichen', 'anais@exemple.fr'],
] as const;

async function expectAccessible(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a campaign of 3 people produces 3 letters and an audit entry', async ({ page, host }) => {
  test.setTimeout(180_000);
  await openSetUpApp(page, host.url, { time: new Date('2022-03-01T10:00:00') });
  await seedPurposes(page);
  for (const [first, last, email] of PEOPLE) {
    await addPerson(page, first, last, email);
    await captureConsents(page, `${first} ${last}`, { [NEWSLETTER]: 'granted' });
  }

  // Four years later: three years is the newsletter's re-consent period.
  await page.clock.setSystemTime(new Date('2026-04-07T10:00:00'));

  // The letter's wording is the organisation's: its own fields in the menu, a filled preview.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-requests').click();
  await page.getByLabel('Courrier', { exact: true }).click();
  await page.getByRole('option', { name: 'Relance de consentement (campagne)' }).click();
  const body = page.getByTestId('letter-template-body');
  await expect(body).toHaveValue(/\[Référence du formulaire\]/);
  expect(await body.inputValue()).not.toContain('{{');
  await body.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nÀ bientôt en boutique, réf. ');
  await page.getByTestId('letter-insert-field').click();
  await expect(page.getByRole('menuitem', { name: /^Référence de la demande/ })).toHaveCount(0);
  await page.getByRole('menuitem', { name: /^Référence du formulaire/ }).click();
  await expect(body).toHaveValue(/réf\. \[Référence du formulaire\]$/);
  const preview = page.getByTestId('letter-template-preview');
  await expect(preview).toContainText('À bientôt en boutique, réf. F-N2-7K2Q');
  await expect(preview).not.toContainText('{{');
  await expect(preview).not.toContainText('[');
  await page.getByTestId('letter-template-editor').getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('letter-template-editor')).toContainText('Enregistré');

  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-reconsent').click();
  await expect(page.getByTestId('reconsent-row')).toHaveCount(3);
  await expect(page.getByTestId('campaigns-empty')).toBeVisible();
  // Nobody ticked: the campaign is for the whole list (a box per person lets staff narrow it).
  await expect(page.getByTestId('reconsent-selected')).toContainText('elle vaut pour toute la liste');
  await expect(
    page.getByRole('checkbox', { name: 'Choisir Loïc Le Bihan pour la campagne' }),
  ).not.toBeChecked();

  await page.getByTestId('campaign-open').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Campagne de relance : ${NEWSLETTER}`);
  await expect(page.getByTestId('campaign-letters')).toHaveText(
    '3 courriers (un PDF par personne, avec le formulaire)',
  );
  await expect(page.getByTestId('campaign-emails')).toHaveText('2 adresses e-mail dans la liste Brevo');
  await expect(dialog).toContainText('1 personne sans adresse e-mail');
  await expect(dialog).not.toContainText('{{');
  await expectAccessible(page, '[role="dialog"]');

  const download = page.waitForEvent('download');
  await page.getByTestId('campaign-run').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^campagne-Lettre-d-information-par-e-mail-2026-04-07\.zip$/);
  await expect(page.getByTestId('campaign-outcome')).toHaveText(
    'Campagne enregistrée : 3 courriers, 2 e-mails.',
  );

  const dir = await mkdtemp(join(tmpdir(), 'rgpd-desk-campaign-'));
  try {
    const zip = join(dir, 'campaign.zip');
    await file.saveAs(zip);
    expect(spawnSync('unzip', ['-q', zip, '-d', join(dir, 'out')]).status).toBe(0);
    const names = (await readdir(join(dir, 'out'))).sort();
    expect(names.filter((name) => name.endsWith('.pdf'))).toEqual([
      '001-Le-Bihan-Loic.pdf',
      '002-OEhmichen-Anais.pdf',
      '003-Quemeneur-Gwendoline.pdf',
    ]);
    expect(names).toContain('emails-brevo.csv');
    const letter = spawnSync(
      'pdftotext',
      ['-enc', 'UTF-8', join(dir, 'out', '003-Quemeneur-Gwendoline.pdf'), '-'],
      {
        encoding: 'utf8',
      },
    );
    expect(letter.status).toBe(0);
    const text = letter.stdout.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Gwendoline Quéméneur');
    expect(text).toContain(NEWSLETTER);
    expect(text).toMatch(/version 1 du \d{1,2}(er)? mars 2022/);
    const reference = /F-N1-[2-9A-Z]{4}/.exec(text)?.[0];
    expect(reference).toBeTruthy();
    // The paper form follows the letter, with the same reference.
    expect(text).toContain(`Réf. formulaire : ${reference} — page 1/1`);
    expect(text).toContain(`À bientôt en boutique, réf. ${reference}`);
    expect(text).not.toContain('{{');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  await page.getByRole('button', { name: 'Fermer' }).click();
  await expect(page.getByTestId('campaign-row')).toHaveCount(1);
  await expect(page.getByTestId('campaign-row')).toContainText('Claire Martin');
  await expect(page.getByTestId('campaign-row')).toContainText('v1 (Français)');

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-sentence').filter({ hasText: 'campagne de relance' })).toHaveText(
    `Claire Martin a préparé une campagne de relance pour « ${NEWSLETTER} » : 3 courriers, 2 e-mails (notice v1)`,
  );
});

test('quick capture hands the screen to the customer it found', async ({ page, host }) => {
  test.setTimeout(120_000);
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  await addPerson(page, 'Gwendoline', 'Quéméneur', 'gwendoline.q@exemple.fr');

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('quick-capture')).toBeVisible();
  // Nobody found yet: nothing to hand over.
  await expect(page.getByTestId('capture-kiosk')).toHaveCount(0);
  await page.getByTestId('subject-picker').fill('Quéméneur');
  await page.getByRole('option', { name: /Gwendoline Quéméneur/ }).click();
  const button = page.getByTestId('capture-kiosk');
  await expect(button).toHaveText(/Montrer au client\s*Alt\+K/);
  await expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+K');
  await button.hover();
  await expect(page.getByRole('tooltip')).toContainText('Alt+K : l’écran passe en mode client');
  await expectAccessible(page, '[role="dialog"]');

  await page.keyboard.press('Alt+k');
  const kiosk = page.getByTestId('kiosk');
  await expect(kiosk).toBeVisible();
  await expect(kiosk).toContainText('Bonjour Gwendoline Quéméneur');
  await expect(page.getByTestId('quick-capture')).toHaveCount(0);
  await expect(page.getByTestId('nav-settings')).toHaveCount(0);

  // The person page's way: staff take the screen back; then the button of quick capture does the same.
  await leaveKiosk(page);
  await page.keyboard.press('Control+k');
  await page.getByTestId('subject-picker').fill('Quéméneur');
  await page.getByRole('option', { name: /Gwendoline Quéméneur/ }).click();
  await page.getByTestId('capture-kiosk').click();
  await expect(kiosk).toContainText('Bonjour Gwendoline Quéméneur');
});
