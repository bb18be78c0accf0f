/**
 * The app lock: staff codes set in Settings → Security, locking on demand (Ctrl+L) and after the
 * idle delay, a lock screen that shows nothing about the people on file, unlocking as another
 * member (who becomes the operator), and the growing wait after wrong codes. The host exposes the
 * test API so the idle delay's minute can be shortened (renderer/src/app/test-api.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, startWebHost, stopWebHost, test as base, type WebHost } from './fixtures';
import { addPerson, openSetUpApp, setLockCode } from './pages';

const test = base.extend<{ host: WebHost }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use, testInfo) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-data-'));
    const host = await startWebHost(dataDir, ['--expose-test-api']);
    await use(host);
    await stopWebHost(host);
    if (testInfo.status !== testInfo.expectedStatus) {
      const log = await readFile(join(dataDir, 'logs', 'app.log'), 'utf8').catch(() => '(no app log)');
      await testInfo.attach('app.log', { body: log, contentType: 'text/plain' });
    }
    await rm(dataDir, { recursive: true, force: true });
  },
});

const ORGANISATION = 'Boulangerie Héloïse SARL';

/** The part of the test API (renderer/src/app/test-api.ts) these tests use; the page's Dexie db. */
type LockTestApi = {
  setLockMinuteMs(ms: number): void;
  db: { table(name: string): { toArray(): Promise<Record<string, unknown>[]> } };
};

async function expectAccessible(page: Page, selector: string): Promise<void> {
  // A colour still easing in (a chip that has just turned green) is not what the screen shows.
  await page.waitForFunction(() => {
    type Animated = { getAnimations(): { constructor: { name: string } }[] };
    const page = (globalThis as unknown as { document: Animated }).document;
    return page.getAnimations().every((animation) => animation.constructor.name !== 'CSSTransition');
  });
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

async function addStaff(page: Page, name: string): Promise<void> {
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Ajouter un membre' }) });
  await form.getByTestId('field-name').fill(name);
  await form.getByRole('button', { name: 'Ajouter un membre' }).click();
  await expect(page.getByTestId('staff-row').filter({ hasText: name })).toBeVisible();
}

async function unlock(page: Page, name: string, code: string): Promise<void> {
  await page.getByTestId('lock-screen').getByRole('radio', { name }).check();
  await page.getByTestId('unlock-code').fill(code);
  await page.getByTestId('unlock').click();
}

/** Everything the page holds, visible or not: its HTML and its text. */
async function pageHolds(page: Page): Promise<string> {
  const text = await page.locator('body').innerText();
  return `${await page.content()}\n${text}`;
}

test('codes in Settings, Ctrl+L hides every person, unlocking as another member switches operator, wrong codes wait', async ({
  page,
  host,
}) => {
  // Each code checked costs a deliberate ~0.5 s of PBKDF2 (600,000 iterations), and there are many.
  test.setTimeout(150_000);
  await openSetUpApp(page, host.url);
  await addPerson(page, 'Gwendoline', 'Quéméneur', 'gwendoline.q@exemple.fr');

  // Nobody has a code yet: no lock, and Settings says why.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-team').click();
  await addStaff(page, 'Bruno Petit');
  await page.getByTestId('settings-tab-security').click();
  await expect(page.getByTestId('lock-unavailable')).toContainText(
    'aucun membre actif de l’équipe n’a de code',
  );
  await expect(page.getByTestId('lock-idle')).toBeDisabled();
  await expect(page.getByTestId('lock-now')).toHaveCount(0);
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(page.getByTestId('security-disk')).toContainText('BitLocker');
  await expectAccessible(page, '[data-testid="security-panel"]');

  // A PIN too short is refused; then both members get a code.
  await page
    .getByTestId('lock-staff-row')
    .filter({ hasText: 'Claire Martin' })
    .getByTestId('code-edit')
    .click();
  await page.getByTestId('code-value').fill('12');
  await page.getByTestId('code-confirm').fill('12');
  await page.getByTestId('code-save').click();
  await expect(page.getByTestId('code-form')).toContainText('de 4 à 12 chiffres');
  await expectAccessible(page, '[role="dialog"]');
  await page.getByRole('button', { name: 'Annuler' }).click();
  await setLockCode(page, 'Claire Martin', '4821');
  await setLockCode(page, 'Bruno Petit', 'pain au levain', 'passphrase');
  await expect(page.getByTestId('lock-unavailable')).toHaveCount(0);
  await expectAccessible(page, '[data-testid="security-panel"]');

  // The codes are stored as salted hashes; the audit log names the field, never the value.
  const stored = await page.evaluate(async () => {
    const { db } = (globalThis as unknown as { __deskTest: LockTestApi }).__deskTest;
    return {
      staff: JSON.stringify(await db.table('staff').toArray()),
      audit: (await db.table('auditChunks').toArray())
        .flatMap((row) => row.entries as Record<string, unknown>[])
        .filter((entry) => entry.action === 'staff.lockSet'),
      oplog: JSON.stringify(await db.table('oplog').toArray()),
    };
  });
  expect(stored.audit.map((entry) => entry.fields)).toEqual([['lock'], ['lock']]);
  for (const text of [stored.staff, stored.oplog, JSON.stringify(stored.audit)]) {
    expect(text).not.toContain('4821');
    expect(text).not.toContain('pain au levain');
  }
  expect(stored.staff).toContain('PBKDF2-SHA256');

  // On the person's page, Ctrl+L: nothing about her stays in the page.
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Quéméneur' }).click();
  await expect(page.getByTestId('subject-name')).toHaveText('Gwendoline Quéméneur');
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('lock-organisation')).toHaveText(ORGANISATION);
  const locked = await pageHolds(page);
  for (const secret of ['Gwendoline', 'Quéméneur', 'gwendoline.q@exemple.fr'])
    expect(locked).not.toContain(secret);
  await expect(page).toHaveTitle('RGPD Desk');
  await expectAccessible(page, 'body');

  // A reload stays locked.
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  // A wrong passphrase, then the right one: Bruno is now the operator.
  await unlock(page, 'Bruno Petit', 'pain de mie');
  await expect(page.getByTestId('unlock-error')).toContainText('Encore 4 essais');
  await unlock(page, 'Bruno Petit', 'pain au levain');
  await expect(page.getByTestId('operator')).toContainText('Bruno Petit');
  await expect(page.getByTestId('subject-name')).toHaveText('Gwendoline Quéméneur');

  // The app-bar button locks too; five wrong codes in a row (the count restarted when Bruno got in)
  // make the next attempt wait.
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  for (const left of [4, 3, 2, 1]) {
    await unlock(page, 'Claire Martin', '0000');
    await expect(page.getByTestId('unlock-error')).toContainText(`Encore ${left} essai`);
  }
  await unlock(page, 'Claire Martin', '0000');
  await expect(page.getByTestId('unlock-wait')).toContainText(/réessayez dans (30|29|28) s/);
  await expect(page.getByTestId('unlock')).toBeDisabled();
});

test('the app locks itself after the idle delay, and switching operator asks for a code', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await addPerson(page, 'Anatole', 'Brisebarre', 'anatole.b@exemple.fr');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-security').click();
  await setLockCode(page, 'Claire Martin', '4821');
  // One "minute" of the delay lasts 1.5 s here.
  await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: LockTestApi }).__deskTest.setLockMinuteMs(1500),
  );
  await page.getByRole('combobox', { name: 'Verrouiller après une inactivité de' }).click();
  await page.getByRole('option', { name: '1 minute' }).click();
  await expect(page.getByText('Délai enregistré.')).toBeVisible();
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByTestId('subject-row').filter({ hasText: 'Brisebarre' })).toBeVisible();

  // Someone using the app keeps it open …
  for (let i = 0; i < 4; i += 1) {
    await page.mouse.move(100 + i * 10, 200);
    await page.waitForTimeout(500);
  }
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  // … left alone, it locks.
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 5000 });
  expect(await pageHolds(page)).not.toContain('Brisebarre');
  await unlock(page, 'Claire Martin', '4821');
  await expect(page.getByTestId('subject-row').filter({ hasText: 'Brisebarre' })).toBeVisible();

  // "Switch operator" goes through the lock screen, which offers only members with a code.
  await page.getByTestId('operator').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('operator-picker')).toHaveCount(0);
  await unlock(page, 'Claire Martin', '4821');
  await expect(page.getByTestId('operator')).toContainText('Claire Martin');

  // A second tab starts locked; once open, it locks with the first (on demand; the idle lock is
  // per tab, each with its own activity, so the first tab gets a real minute again).
  await page.evaluate(() =>
    (globalThis as unknown as { __deskTest: LockTestApi }).__deskTest.setLockMinuteMs(60_000),
  );
  const second = await page.context().newPage();
  await second.goto(host.url);
  await expect(second.getByTestId('lock-screen')).toBeVisible();
  await unlock(second, 'Claire Martin', '4821');
  await expect(second.getByTestId('operator')).toContainText('Claire Martin');
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(second.getByTestId('lock-screen')).toBeVisible();
});
