/**
 * The yearly review of the record of processing: an entry left alone for over a year fails the
 * compliance check; "Mark as reviewed" on the entry records the day, shows it, is in the audit log,
 * and the check passes again.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { openSetUpApp } from './pages';

// The browser's clock is fixed: Friday 20 March 2026, 09:00 local time; 400 days later is 24 April 2027.
const TODAY = new Date('2026-03-20T09:00:00');
const DAY = 86_400_000;

test('an entry not reviewed for a year fails the check; marking it as reviewed passes it', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url, { time: TODAY });
  await page.getByTestId('nav-registers').click();
  await page.getByTestId('register-new').click();
  await page.getByTestId('template-customers').check();
  await page.getByTestId('template-continue').click();
  // A new entry has nothing to review yet: the action is on saved entries only.
  await expect(page.getByTestId('register-review')).toHaveCount(0);
  await page.getByTestId('register-save').click();
  await expect(page.getByTestId('register-form')).toBeHidden();

  await page.getByTestId('nav-compliance').click();
  const check = page.getByTestId('check-register_review');
  await expect(check).toHaveAttribute('data-passed', 'true');

  // Over a year later, nobody has looked at it.
  await page.clock.fastForward(400 * DAY);
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('nav-compliance').click();
  await expect(check).toHaveAttribute('data-passed', 'false');
  await expect(check).toContainText('n’a pas été revu depuis 12 mois');
  await expect(check).toContainText('Gestion de la clientèle');

  await page.getByTestId('fix-register_review').click();
  await expect(page).toHaveURL(/#\/registers\/activities$/);
  await page.getByTestId('register-row').filter({ hasText: 'Gestion de la clientèle' }).click();
  const review = page.getByTestId('register-review');
  await expect(review.getByTestId('register-reviewed-on')).toHaveText('Pas encore marquée comme revue.');
  await page.getByTestId('register-mark-reviewed').click();
  await expect(review.getByTestId('register-reviewed-on')).toHaveText('Revu le 24 avril 2027');
  await expect(page.getByTestId('register-mark-reviewed')).toBeDisabled();
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByTestId('register-form')).toBeHidden();

  await page.getByTestId('nav-compliance').click();
  await expect(check).toHaveAttribute('data-passed', 'true');

  // Reopened, the entry says when it was reviewed; in English too.
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-registers').click();
  await page.getByTestId('register-row').first().click();
  await expect(page.getByTestId('register-reviewed-on')).toHaveText('Reviewed on 24 April 2027');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-entries')).toContainText(
    'read the activity “Gestion de la clientèle” of the record through and marked it as reviewed',
  );
});
