import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, openProfile, test } from './fixtures';
import { fillDate, openSetUpApp, seedPurposes } from './pages';

const TODAY = new Date('2026-03-20T09:00:00');

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`)).toEqual([]);
}

test('the first keystroke after the first Ctrl+K of a page load is kept', async ({ page, host }) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  for (let round = 0; round < 4; round += 1) {
    // A fresh page each round: the purposes are not read yet when the dialog opens.
    await page.reload();
    await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Hélo');
    await expect(page.getByTestId('subject-picker')).toHaveValue('Hélo');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('quick-capture')).toBeHidden();
  }
});

test('quick capture of a new person by keyboard only, in French', async ({ page, host }) => {
  await openSetUpApp(page, host.url, { time: TODAY });
  await seedPurposes(page);
  await page.getByTestId('nav-dashboard').click();

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('capture-shortcuts')).toContainText('Alt+N');
  // Nobody matches: the list says so in French.
  await page.keyboard.type('Zzyzx');
  await expect(page.getByRole('presentation').getByText('Aucun résultat')).toBeVisible();
  // The date of the decision in the French order, whatever the browser's locale.
  await expect(page.getByTestId('capture-decided-at').locator('input')).toHaveValue('20/03/2026 09:00');
  // The new-person button is the next stop of Tab.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('capture-toggle-person')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('field-firstName')).toBeFocused();
  // Alt+N goes back and forth.
  await page.keyboard.press('Alt+n');
  await expect(page.getByTestId('subject-picker')).toBeFocused();
  await page.keyboard.press('Alt+n');
  await expect(page.getByTestId('field-firstName')).toBeFocused();
  await page.keyboard.type('Agathe');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Rousseau');
  await page.keyboard.press('Tab');
  await page.keyboard.type('agathe@exemple.fr');
  await page.keyboard.press('Tab'); // phone
  await page.keyboard.press('Tab'); // the person toggle
  await page.keyboard.press('Tab'); // the first purpose's choices, on "Pas de réponse"
  await page.keyboard.press('ArrowRight');
  const first = page.getByTestId('capture-purposes').getByRole('radiogroup').first();
  await expect(first.getByRole('radio', { name: 'Accepté' })).toBeChecked();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('quick-capture')).toBeHidden();
  await expect(page.getByTestId('capture-saved')).toContainText('1');

  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-search').fill('Rousseau');
  await expect(page.getByTestId('subject-row')).toContainText('Agathe Rousseau');
});

test('quick capture passes axe in French and English', async ({ page, host }) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  for (const language of ['fr', 'en'] as const) {
    await page.getByTestId(`lang-${language}`).click();
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('capture-purposes')).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('quick-capture')).toBeHidden();
  }
});

test('the first-run screen speaks the browser’s language and switches', async ({ host, problems }) => {
  const profile = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-profile-en-'));
  const context = await openProfile(profile, problems, { locale: 'en-US' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.clock.install({ time: TODAY });
    await openApp(page, host.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to RGPD Desk');
    await page.getByTestId('setup-lang-fr').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue dans RGPD Desk');
    await expectNoSeriousViolations(page);
    // The choice is remembered over a reload.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bienvenue dans RGPD Desk');
    await page.getByTestId('setup-lang-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to RGPD Desk');
    await expectNoSeriousViolations(page);
    await page.getByTestId('field-legalName').fill('Corner Bakery Ltd');
    await page.getByTestId('field-address').fill('1 High Street');
    await page.getByTestId('field-contactEmail').fill('hello@corner.example');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('field-name').fill('Sam Baker');
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByTestId('operator')).toContainText('Sam Baker');
    await expect(page.getByTestId('nav-dashboard')).toContainText('Dashboard');
    // Dates in American English for an American browser.
    await page.getByTestId('nav-requests').click();
    await page.getByTestId('request-new').click();
    await expect(page.getByTestId('field-receivedAt').locator('input')).toHaveValue('03/20/2026 09:00 AM');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a French date field shows dd/mm/yyyy and filters by the day it shows', async ({ page, host }) => {
  await openSetUpApp(page, host.url, { time: TODAY });
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  const from = page.getByTestId('audit-from');
  await from.getByRole('spinbutton').first().click();
  await page.keyboard.type('05032026');
  await expect(from.locator('input')).toHaveValue('05/03/2026');
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  // From the day after today (20 March): nothing. Read as 21 March, not 3 December.
  await fillDate(page, 'audit-from', '2026-03-21');
  await expect(from.locator('input')).toHaveValue('21/03/2026');
  await expect(page.getByTestId('audit-row')).toHaveCount(0);
});
