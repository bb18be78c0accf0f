/** Page helpers shared by the end-to-end tests (Joplin's habit: one place per screen). */
import { expect, type Page } from '@playwright/test';
import { openApp } from './fixtures';

export async function completeSetup(
  page: Page,
  options: { region?: RegExp; operator?: string } = {},
): Promise<void> {
  await expect(page.getByTestId('setup')).toBeVisible();
  await page.getByTestId('field-legalName').fill('Boulangerie Héloïse SARL');
  await page.getByTestId('field-address').fill('12 rue des Lilas\n57000 Metz');
  await page.getByTestId('field-contactEmail').fill('contact@boulangerie-heloise.fr');
  if (options.region) {
    await page.getByLabel(/Région/).click();
    await page.getByRole('option', { name: options.region }).click();
  }
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByTestId('field-name').fill(options.operator ?? 'Claire Martin');
  await page.getByRole('button', { name: 'Terminer' }).click();
  await expect(page.getByTestId('operator')).toContainText(options.operator ?? 'Claire Martin');
}

/**
 * The app opened on a fresh workspace and set up, ready for the test's own steps. `time` fixes the
 * browser's clock first, for tests whose dates or deadlines must be known.
 */
export async function openSetUpApp(
  page: Page,
  url: string,
  options: Parameters<typeof completeSetup>[1] & { time?: Date } = {},
): Promise<void> {
  if (options.time) await page.clock.install({ time: options.time });
  await openApp(page, url);
  await completeSetup(page, options);
}

/** The ready-made purposes and the first notice, from Settings. */
export async function seedPurposes(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-consents').click();
  await page.getByTestId('purposes-seed').click();
  await expect(page.getByTestId('purposes')).toContainText('Lettre d’information par e-mail');
  await expect(page.getByTestId('notices')).toContainText('v1 — Information sur vos données personnelles');
}

/** A new person, created from the People screen; their page is left open. */
export async function addPerson(
  page: Page,
  firstName: string,
  lastName: string,
  email: string,
): Promise<void> {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-firstName').fill(firstName);
  await page.getByTestId('field-lastName').fill(lastName);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId('subject-name')).toHaveText(`${firstName} ${lastName}`);
}

/** Decisions for one person recorded with quick capture, a purpose by its name. */
export async function captureConsents(
  page: Page,
  person: string,
  choices: Record<string, 'granted' | 'refused'>,
): Promise<void> {
  await page.getByTestId('quick-capture-open').click();
  await page.getByTestId('subject-picker').fill(person);
  await page.getByRole('option', { name: new RegExp(person) }).click();
  for (const [purpose, decision] of Object.entries(choices)) {
    await page
      .getByRole('radiogroup', { name: purpose })
      .getByRole('radio', { name: decision === 'granted' ? 'Accepté' : 'Refusé' })
      .check();
  }
  await page.getByTestId('capture-save').click();
  await expect(page.getByTestId('quick-capture')).toBeHidden();
}

/**
 * Type a date ('YYYY-MM-DD') or a date and time ('YYYY-MM-DDTHH:mm') into one of the app's date
 * fields as a person does: from the day section, in the French order (dd/mm/yyyy hh:mm); each
 * section full moves on to the next, replacing what was there.
 */
export async function fillDate(page: Page, testId: string, value: string): Promise<void> {
  const [date = '', time] = value.split('T');
  const [year, month, day] = date.split('-');
  const digits = `${day}${month}${year}${time ? time.replace(':', '') : ''}`;
  await page.getByTestId(testId).getByRole('spinbutton').first().click();
  await page.keyboard.type(digits);
}

/** Give a staff member a lock code in Settings → Security (the Security section open). */
export async function setLockCode(
  page: Page,
  name: string,
  code: string,
  kind: 'PIN' | 'passphrase' = 'PIN',
): Promise<void> {
  await page.getByTestId('lock-staff-row').filter({ hasText: name }).getByTestId('code-edit').click();
  if (kind === 'passphrase') await page.getByRole('radio', { name: 'Phrase secrète' }).check();
  await page.getByTestId('code-value').fill(code);
  await page.getByTestId('code-confirm').fill(code);
  await page.getByTestId('code-save').click();
  await expect(page.getByTestId('code-form')).toBeHidden();
  // Its backdrop fades out after the form: axe would read the page's colours through it.
  await expect(page.locator('.MuiDialog-root')).toHaveCount(0);
  await expect(page.getByTestId('lock-staff-row').filter({ hasText: name })).toContainText(
    kind === 'PIN' ? 'Code PIN' : 'Phrase secrète',
  );
}

/** Staff take the screen back from the counter kiosk: hold the exit button, then confirm. */
export async function leaveKiosk(page: Page): Promise<void> {
  await page.getByTestId('kiosk-hold-exit').hover();
  await page.mouse.down();
  await page.waitForTimeout(2_500);
  await page.mouse.up();
  await page.getByTestId('kiosk-exit-confirm').click();
  await expect(page.getByTestId('kiosk')).toHaveCount(0);
}
