import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fillDate, openSetUpApp } from './pages';

// Friday 20 March 2026, France: the legal dates are known.
const TODAY = new Date('2026-03-20T09:00:00');

async function logRequest(page: Page, lastName: string, receivedAt: string, right: string) {
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await page.getByTestId('field-firstName').fill('Jeanne');
  await page.getByTestId('field-lastName').fill(lastName);
  await page.getByTestId(`right-${right}`).check();
  await fillDate(page, 'field-receivedAt', receivedAt);
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-2026-/);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`)).toEqual([]);
}

test('each dashboard row shows the person, the right, the days in words, and opens its next step', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url, { time: TODAY });
  await logRequest(page, 'Retard', '2026-02-10T10:00', 'access'); // due Tuesday 10 March
  await logRequest(page, 'Bientôt', '2026-02-23T10:00', 'erasure'); // due Monday 23 March
  await logRequest(page, 'Plus-Tard', '2026-03-02T10:00', 'objection'); // due Thursday 2 April

  await page.getByTestId('nav-dashboard').click();
  const overdue = page.getByTestId('dashboard-overdue').getByTestId('dashboard-request');
  await expect(overdue.getByTestId('dashboard-person')).toHaveText('Jeanne Retard');
  await expect(overdue.getByTestId('dashboard-rights')).toHaveText('Accès (art. 15)');
  await expect(overdue.getByTestId('dashboard-days')).toHaveText('en retard de 10 jours');
  const soon = page.getByTestId('dashboard-due-soon').getByTestId('dashboard-request');
  await expect(soon.getByTestId('dashboard-person')).toHaveText('Jeanne Bientôt');
  await expect(soon.getByTestId('dashboard-rights')).toHaveText('Effacement (art. 17)');
  await expect(soon.getByTestId('dashboard-days')).toHaveText('dans 3 jours');
  // Not urgent, still listed: every open request is reachable from the dashboard.
  const later = page.getByTestId('dashboard-later').getByTestId('dashboard-request');
  await expect(later.getByTestId('dashboard-person')).toHaveText('Jeanne Plus-Tard');
  await expect(later.getByTestId('dashboard-days')).toHaveText('dans 13 jours');
  // The audit log is not a headline figure any more.
  await expect(page.getByTestId('figure-audit')).toHaveCount(0);
  await expect(page.getByTestId('figure-requests')).toHaveText('3');

  // The charts' text equivalent: two requests received in February, one in March.
  const table = page.getByTestId('chart-requests-table');
  await expect(table.locator('tr', { hasText: 'févr. 26' }).locator('td').first()).toHaveText('2');
  await expect(table.locator('tr', { hasText: 'mars 26' }).locator('td').first()).toHaveText('1');

  // The next step opens the request at that step.
  await overdue.getByTestId('dashboard-step').click();
  await expect(page.getByTestId('action-dialog')).toBeVisible();
  await expect(page.getByTestId('action-dialog')).toContainText('Commencer le traitement');
  await page.getByTestId('action-confirm').click();
  await expect(page.getByTestId('action-dialog')).toBeHidden();
  await expect(page.getByTestId('request-status')).toHaveText('En traitement');
  await page.getByTestId('nav-dashboard').click();
  await expect(
    page.getByTestId('dashboard-overdue').getByTestId('dashboard-request').getByTestId('dashboard-step'),
  ).toHaveText('Répondre');

  // In English: the same rows in English words.
  await page.getByTestId('lang-en').click();
  await expect(overdue.getByTestId('dashboard-days')).toHaveText('10 days overdue');
  await expect(soon.getByTestId('dashboard-days')).toHaveText('in 3 days');
  await expect(overdue.getByTestId('dashboard-rights')).toHaveText('Access (Art. 15)');
});

test('the dashboard passes axe in both languages and both themes', async ({ page, host }) => {
  // Four full-page analyses on a shared machine.
  test.setTimeout(180_000);
  await openSetUpApp(page, host.url, { time: TODAY });
  await logRequest(page, 'Retard', '2026-02-10T10:00', 'access');
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('chart-requests')).toBeVisible();
  for (const language of ['fr', 'en'] as const) {
    await page.getByTestId(`lang-${language}`).click();
    for (let flip = 0; flip < 2; flip += 1) {
      await expect(page.getByTestId('dashboard-request')).toHaveCount(1);
      await expectNoSeriousViolations(page);
      await page.getByTestId('theme-toggle').click();
      // The button's tooltip, fading in under the pointer, is not part of the screen being checked.
      await page.mouse.move(0, 0);
      await expect(page.getByRole('tooltip')).toHaveCount(0);
    }
  }
});
