/**
 * Plain words everywhere: the audit log says who did what to whom without one internal field name,
 * the archive report shows no raw code and no ISO date, Settings is reached section by section by
 * URL and by keyboard, and the letter template editor never shows the `{{…}}` syntax.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ENTITY_TABLES, type EntityName } from '../../renderer/src/db/schema';
import { entityFieldNames } from '../../renderer/src/db/write';
import { RIGHTS, STATUSES } from '../../shared/requests/model';
import { expect, test } from './fixtures';
import { addPerson, captureConsents, openSetUpApp, seedPurposes } from './pages';

/**
 * Every field name of every stored record that reads as code (camelCase or snake_case): plain words
 * such as "email" or "notes" are also ordinary words of a sentence.
 */
const INTERNAL_NAMES = [
  ...new Set((Object.keys(ENTITY_TABLES) as EntityName[]).flatMap((entity) => entityFieldNames(entity))),
].filter((name) => /[A-Z_]/.test(name));

const SETTINGS_SECTIONS = ['organisation', 'team', 'requests', 'consents', 'retention', 'archive', 'sync'];

/** Changes the address's hash in the page, as following a link to it would (no reload). */
async function goToHash(page: Page, hash: string) {
  await page.evaluate((next) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = next;
  }, hash);
}

async function expectNoSeriousAxeViolations(page: Page, what: string) {
  // The screen itself; the app bar and navigation around it are checked with the shell.
  const results = await new AxeBuilder({ page }).include('main').analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious, what).toEqual([]);
}

function internalWordsIn(text: string): string[] {
  return INTERNAL_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
}

test('the audit log tells who did what in sentences, and the archive report has no code or ISO date', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  expect(INTERNAL_NAMES).toEqual(expect.arrayContaining(['correctsEventId', 'noticeId', 'lawfulBasis']));
  await openSetUpApp(page, host.url, { operator: 'Claire Moreau' });
  await seedPurposes(page);
  await addPerson(page, 'Hélène', 'Garçon', 'h.garcon@exemple.fr');
  await captureConsents(page, 'Hélène', { 'Offres par SMS': 'granted' });

  // The SMS consent withdrawn from the person's page, then the matching request.
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Hélène' }).click();
  const sms = page
    .getByTestId('preference-matrix')
    .getByTestId('preference-row')
    .filter({ hasText: 'Offres par SMS' });
  await sms.getByTestId('withdraw').click();
  await expect(sms).toContainText('Retiré');
  await page.getByTestId('open-matching-request').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-/);
  const reference = (await page.getByTestId('request-reference').textContent()) ?? '';

  await page.getByTestId('nav-audit').click();
  const sentences = page.getByTestId('audit-sentence');
  await expect(
    sentences.filter({ hasText: 'le retrait du consentement « Offres par SMS » de H. Garçon' }),
  ).toHaveText('Claire Moreau a enregistré le retrait du consentement « Offres par SMS » de H. Garçon');
  await expect(
    sentences.filter({ hasText: `Claire Moreau a enregistré la demande ${reference} de H. Garçon` }),
  ).toHaveCount(1);
  await expect(sentences.filter({ hasText: 'Le système a créé l’organisation' })).toHaveCount(1);
  const frText = await page.locator('main').innerText();
  expect(internalWordsIn(frText)).toEqual([]);
  expect(frText).not.toMatch(/\{\{|\b\w+\.(create|update)\b/);
  await expectNoSeriousAxeViolations(page, 'audit screen, French');

  // The archive report, in French: rights and statuses in words, dates in words.
  const work = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-plain-'));
  try {
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-passphrase').fill('une phrase de passe solide');
    await page.getByTestId('archive-passphrase-confirm').fill('une phrase de passe solide');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('archive-start').click();
    const file = await download;
    const zip = join(work, file.suggestedFilename());
    await file.saveAs(zip);
    expect(spawnSync('unzip', ['-q', zip, '-d', 'bag'], { cwd: work }).status).toBe(0);
    const bag = join(work, 'bag', file.suggestedFilename().replace(/\.zip$/, ''));
    const report = spawnSync('pdftotext', ['data/report.pdf', '-'], { cwd: bag, encoding: 'utf8' }).stdout;
    expect(report).toContain(reference);
    // Table cells wrap over several lines in the PDF.
    expect(report.replace(/\s+/g, ' ')).toContain('Retrait du consentement (art. 7(3))');
    expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    for (const code of [...RIGHTS, ...STATUSES]) expect(report).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(internalWordsIn(report)).toEqual([]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  // The same log in English, in English words and punctuation.
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-audit').click();
  await expect(
    sentences.filter({ hasText: /^Claire Moreau recorded the withdrawal of “.+” consent by H\. Garçon$/ }),
  ).toHaveCount(1);
  await expect(
    sentences.filter({ hasText: `Claire Moreau recorded request ${reference} from H. Garçon` }),
  ).toHaveCount(1);
  const enText = await page.locator('main').innerText();
  expect(internalWordsIn(enText)).toEqual([]);
  expect(enText).not.toMatch(/ :|«|»/);
  await expectNoSeriousAxeViolations(page, 'audit screen, English');
});

test('Settings: each section at its own address and by keyboard; templates edited with named fields', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await openSetUpApp(page, host.url);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-tab-organisation')).toHaveAttribute('aria-selected', 'true');

  // By URL: the address of a section opens it, and a reload keeps it.
  await goToHash(page, '#/settings/sync');
  await expect(page.getByTestId('sync-panel')).toBeVisible();
  await expect(page.getByTestId('settings-tab-sync')).toHaveAttribute('aria-selected', 'true');
  await page.goto(`${host.url}#/settings/retention`);
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('retention-seed')).toBeVisible();

  // By keyboard: arrows between the sections, Enter opens one; the address follows.
  await page.getByTestId('settings-tab-retention').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('settings-tab-consents')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('purposes-seed')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/settings/consents');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings-tab-requests')).toHaveAttribute('aria-selected', 'true');
  expect(new URL(page.url()).hash).toBe('#/settings/requests');

  // The letter template editor: fields by name, a menu to insert one, a filled preview.
  const editor = page.getByTestId('letter-template-editor');
  const body = page.getByTestId('letter-template-body');
  await expect(body).toHaveValue(/\[Date limite de réponse\]/);
  expect(await body.inputValue()).not.toContain('{{');
  expect(await page.getByTestId('letter-template-subject').inputValue()).not.toContain('{{');
  await body.focus();
  await page.keyboard.press('Control+End');
  await page.getByTestId('letter-insert-field').click();
  await page.getByRole('menuitem', { name: /^Signataire/ }).click();
  await expect(body).toHaveValue(/\[Signataire\]$/);
  const preview = page.getByTestId('letter-template-preview');
  await expect(preview).toContainText('Boulangerie Héloïse SARL');
  await expect(preview).not.toContainText('{{');
  await expect(preview).not.toContainText('[');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editor).toContainText('Enregistré');
  await page.reload();
  await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
  await expect(body).toHaveValue(/\[Signataire\]$/);
  expect(await page.locator('main').innerText()).not.toContain('{{');

  // The key panel, before any key exists, does not speak of an old key.
  await page.getByTestId('settings-tab-archive').click();
  await expect(page.getByTestId('archive-new-key')).toHaveText('Créer la clé maintenant');
  await expect(page.getByTestId('archive-keys')).not.toContainText('ancienne clé');

  // Every section, in both languages: no serious accessibility problem, no syntax, English punctuation.
  for (const language of ['fr', 'en'] as const) {
    await page.getByTestId(`lang-${language}`).click();
    for (const section of SETTINGS_SECTIONS) {
      await goToHash(page, `#/settings/${section}`);
      await expect(page.getByTestId(`settings-tab-${section}`)).toHaveAttribute('aria-selected', 'true');
      await expect(page.locator('[role="tabpanel"]')).toBeVisible();
      const text = await page.locator('main').innerText();
      expect(text, section).not.toContain('{{');
      // The screens' own words; a French letter being edited may rightly use French typography.
      const ownWords = await page.locator('main').evaluate((main) => {
        const copy = main.cloneNode(true) as typeof main;
        copy.querySelector('[data-testid="letter-template-editor"]')?.remove();
        return copy.textContent ?? '';
      });
      if (language === 'en') expect(ownWords, section).not.toMatch(/ :|«|»/);
      await expectNoSeriousAxeViolations(page, `settings ${section}, ${language}`);
    }
  }
});
