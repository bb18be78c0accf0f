/**
 * Accountability: the compliance screen of a set-up workspace, a fix and its check turning green,
 * the staff training answered by keyboard, and the "Pourquoi ?" explanations in both languages.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { EXPLANATIONS, type ExplainTopic } from '../../shared/explain/texts';
import { TRAINING_SCREENS } from '../../shared/training/module';
import { expect, test } from './fixtures';
import { openSetUpApp, setLockCode } from './pages';

async function expectAccessible(page: Page, include: string) {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const check = (page: Page, id: string) => page.getByTestId(`check-${id}`);

test('the compliance screen shows what fails, a fix leads to its screen, and the check passes after it', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await expect(page.getByTestId('compliance-card')).toContainText('6 contrôles à corriger');
  await page.getByTestId('compliance-card').getByRole('button', { name: 'Voir les contrôles' }).click();
  await expect(page).toHaveURL(/#\/compliance$/);
  await expect(page.getByTestId('compliance-summary')).toHaveText('6 contrôles sur 12 réussis');
  for (const id of [
    'archive_export',
    'register_review',
    'retention_review',
    'staff_training',
    'sync_backup',
    'app_lock',
  ])
    await expect(check(page, id)).toHaveAttribute('data-passed', 'false');
  for (const id of [
    'request_deadlines',
    'request_acknowledgement',
    'extension_notice',
    'consent_evidence',
    'notice_current',
    'breach_decision',
  ])
    await expect(check(page, id)).toHaveAttribute('data-passed', 'true');
  await expect(check(page, 'staff_training')).toContainText('1 membre de l’équipe doit suivre la formation.');
  await expect(check(page, 'staff_training')).toContainText('Claire Martin');
  await expect(check(page, 'archive_export')).toContainText('Aucune archive signée exportée depuis 3 mois.');
  await expect(check(page, 'archive_export')).toContainText('RGPD art. 5(2) et 24(1)');
  // The run is kept: the history's table lists it.
  await expect(page.getByTestId('compliance-history').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('compliance-history').locator('tbody tr').first()).toContainText(/6\s*6/);
  await expectAccessible(page, 'main');

  // No retention rule: the fix goes to Settings, where the recommended rules are added.
  await page.getByTestId('fix-retention_review').click();
  await expect(page).toHaveURL(/#\/settings\/retention$/);
  await page.getByTestId('retention-seed').click();
  await expect(page.getByTestId('retention-rules')).not.toBeEmpty();
  await page.getByTestId('nav-compliance').click();
  await expect(check(page, 'retention_review')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('compliance-summary')).toHaveText('7 contrôles sur 12 réussis');
  // A different outcome is a new point of the history.
  await expect(page.getByTestId('compliance-history').locator('tbody tr')).toHaveCount(2);

  // The register's fix opens the record of processing.
  await page.getByTestId('fix-register_review').click();
  await expect(page).toHaveURL(/#\/registers\/activities$/);
});

test('the app lock check leads to Settings → Security and passes once everyone has a code and a delay', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await page.getByTestId('nav-compliance').click();
  const lock = check(page, 'app_lock');
  await expect(lock).toHaveAttribute('data-passed', 'false');
  await expect(lock).toContainText('Verrouillage de l’application');
  await expect(lock).toContainText('Le verrouillage n’est pas en place : personne n’a de code');
  await expect(lock).toContainText('RGPD art. 32(1)(b) et 32(4)');
  await page.getByTestId('fix-app_lock').click();
  await expect(page).toHaveURL(/#\/settings\/security$/);
  await expect(page.getByTestId('security-panel')).toBeVisible();

  await setLockCode(page, 'Claire Martin', '4821');
  // A code alone still leaves the computer open while the clerk is away: the delay is asked next.
  await page.getByTestId('nav-compliance').click();
  await expect(lock).toHaveAttribute('data-passed', 'false');
  await expect(lock).toContainText('L’application ne se verrouille jamais seule');
  await page.getByTestId('fix-app_lock').click();
  await page.getByRole('combobox', { name: 'Verrouiller après une inactivité de' }).click();
  await page.getByRole('option', { name: '5 minutes', exact: true }).click();
  await expect(page.getByText('Délai enregistré.')).toBeVisible();
  await page.getByTestId('nav-compliance').click();
  await expect(lock).toHaveAttribute('data-passed', 'true');
  await expect(lock).toContainText(
    'Chaque membre de l’équipe a un code et l’application se verrouille seule quand elle n’est pas utilisée.',
  );
});

test('a staff member completes the training by keyboard and appears as trained', async ({ page, host }) => {
  // Ten screens answered key by key, on a small shared machine.
  test.setTimeout(180_000);
  await openSetUpApp(page, host.url);
  await page.getByTestId('nav-compliance').click();
  await page.getByTestId('fix-staff_training').click();
  await expect(page).toHaveURL(/#\/settings\/team$/);
  const member = page.getByTestId('training-member').filter({ hasText: 'Claire Martin' });
  await expect(member).toHaveAttribute('data-state', 'due');
  await expect(member).toContainText('Formation à suivre');
  await page.getByTestId('training-start').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('training-dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, '[role="dialog"]');

  for (const [step, screen] of TRAINING_SCREENS.entries()) {
    await expect(dialog).toContainText(`${step + 1} sur ${TRAINING_SCREENS.length}`);
    await expect(dialog).toContainText(screen.title.fr);
    for (const [index, question] of screen.questions.entries()) {
      // The first group has the focus when the screen opens; Tab goes to the next group.
      if (index > 0) await page.keyboard.press('Tab');
      await expect(page.getByTestId(`training-question-${index}`).locator('input:focus')).toHaveCount(1);
      if (question.answer === 0) await page.keyboard.press('Space');
      for (let move = 0; move < question.answer; move += 1) await page.keyboard.press('ArrowDown');
    }
    if (step === 0) {
      // A wrong answer first: the screen stays, with a hint.
      await page.keyboard.press('ArrowDown');
      await tabTo(page, 'training-next');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('training-wrong')).toBeVisible();
      await page.getByTestId('training-question-0').locator('input').first().focus();
      await page.keyboard.press('Space');
      for (let move = 0; move < screen.questions[0]!.answer; move += 1)
        await page.keyboard.press('ArrowDown');
    }
    await tabTo(page, 'training-next');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('training-done')).toContainText('Formation enregistrée pour Claire Martin.');
  await expect(member).toHaveAttribute('data-state', 'trained');
  await expect(member).toContainText('Formé le');
  await page.getByTestId('nav-compliance').click();
  await expect(check(page, 'staff_training')).toHaveAttribute('data-passed', 'true');
  // The completion is in the audit log.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-entries')).toContainText('Formation RGPD suivie');
});

/** Tab forward until the element with this test id has the focus (keyboard only). */
async function tabTo(page: Page, testId: string) {
  for (let presses = 0; presses < 10; presses += 1) {
    if (await page.getByTestId(testId).evaluate((element) => element === element.ownerDocument.activeElement))
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testId} never got the focus`);
}

async function openWhy(page: Page, topic: ExplainTopic, lang: 'fr' | 'en') {
  const text = EXPLANATIONS[topic][lang];
  await page.getByTestId(`why-${topic}`).first().click();
  const dialog = page.getByRole('dialog', { name: text.title });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(text.text);
  await expect(dialog.getByTestId('why-reference')).toContainText(text.reference);
  return dialog;
}

test('every "Pourquoi ?" opens, in French and in English', async ({ page, host }) => {
  test.setTimeout(180_000);
  await openSetUpApp(page, host.url);
  const onCompliance: ExplainTopic[] = [
    'deadline',
    'acknowledgement',
    'extension',
    'consent_proof',
    'information',
    'register',
    'breach_notification',
    'retention',
    'accountability',
    'security',
    'access_lock',
    'training',
  ];
  for (const lang of ['fr', 'en'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await page.getByTestId('nav-compliance').click();
    await expect(page.getByTestId('compliance-summary')).toBeVisible();
    for (const topic of onCompliance) {
      const dialog = await openWhy(page, topic, lang);
      if (topic === 'deadline' && lang === 'fr') await expectAccessible(page, '[role="dialog"]');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
    // Next to the steps themselves: a new person (minimisation), a purpose's lawful basis.
    await page.getByTestId('nav-subjects').click();
    await page.getByTestId('subject-new').click();
    await (await openWhy(page, 'minimisation', lang)).getByRole('button').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: lang === 'fr' ? 'Annuler' : 'Cancel' })
      .click();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-consents').click();
    await page.getByRole('button', { name: lang === 'fr' ? 'Nouvelle finalité' : 'New purpose' }).click();
    await (await openWhy(page, 'legitimate_interest', lang)).getByRole('button').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: lang === 'fr' ? 'Annuler' : 'Cancel' })
      .click();
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});
