/**
 * Personal data at rest outside the app's own stores: Chromium's autofill store (the profile's
 * `Web Data` SQLite file) must not keep what staff typed about data subjects, since an erasure cannot
 * reach it. Read with Debian's sqlite3 after the browser closed, on a copy of the file.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, openProfile, test } from './fixtures';
import { completeSetup } from './pages';

const run = promisify(execFile);

/** Typed key by key, as staff do: autofill learns from input events, not from programmatic fills. */
async function type(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.pressSequentially(text, { delay: 5 });
}

/** Every text field on the page opts out of autofill (the theme's default; none overrides it). */
async function expectNoAutofill(page: Page): Promise<void> {
  const fields = page.locator(
    'input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), textarea:not([aria-hidden=true])',
  );
  expect(await fields.count()).toBeGreaterThan(3);
  const values = await fields.evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('autocomplete')),
  );
  expect(new Set(values)).toEqual(new Set(['off']));
}

async function intake(
  page: Page,
  person: { firstName: string; lastName: string; email: string; phone: string },
) {
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await type(page.getByTestId('field-firstName'), person.firstName);
  await type(page.getByTestId('field-lastName'), person.lastName);
  await type(page.getByTestId('field-email'), person.email);
  await type(page.getByTestId('field-phone'), person.phone);
  await page.getByTestId('right-access').check();
  await expectNoAutofill(page);
  await type(page.getByTestId('field-words'), 'Je voudrais savoir quelles données vous avez sur moi.');
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('request-reference')).toHaveText(/^DSR-/);
}

async function newPerson(
  page: Page,
  person: { firstName: string; lastName: string; email: string; phone: string },
) {
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await type(page.getByTestId('field-firstName'), person.firstName);
  await type(page.getByTestId('field-lastName'), person.lastName);
  await type(page.getByTestId('field-email'), person.email);
  await type(page.getByTestId('field-phone'), person.phone);
  await expectNoAutofill(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('subject-name')).toHaveText(`${person.firstName} ${person.lastName}`);
}

test('the browser autofill store keeps no data subject typed at intake or on the people screen', async ({
  host,
}) => {
  const profileDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-autofill-'));
  const copyDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-webdata-'));
  try {
    const problems: string[] = [];
    const context = await openProfile(profileDir, problems);
    const page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, host.url);
    await completeSetup(page);
    const people = [
      {
        firstName: 'Gwendoline',
        lastName: 'Quéméneur',
        email: 'gwendoline.q@exemple.fr',
        phone: '06 12 34 56 78',
      },
      {
        firstName: 'Anatole',
        lastName: 'Brisebarre',
        email: 'anatole.b@exemple.fr',
        phone: '07 98 76 54 32',
      },
    ];
    await intake(page, people[0]!);
    await newPerson(page, people[1]!);
    // A second intake with the same kind of fields: Chromium saves entries on repeated submissions too.
    await intake(page, { ...people[1]!, firstName: 'Anatole', lastName: 'Brisebarre-Bis' });
    expect(problems).toEqual([]);
    await context.close();

    const copy = join(copyDir, 'Web Data');
    await copyFile(join(profileDir, 'Default', 'Web Data'), copy);
    const { stdout: dump } = await run('sqlite3', [copy, '.dump'], { maxBuffer: 64 * 1024 * 1024 });
    // The store is really there and readable (a test reading nothing would prove nothing).
    expect(dump).toMatch(/CREATE TABLE autofill/);
    for (const person of people) {
      for (const value of Object.values(person)) expect(dump, value).not.toContain(value);
    }
    expect(dump).not.toContain('exemple.fr');
  } finally {
    await rm(profileDir, { recursive: true, force: true });
    await rm(copyDir, { recursive: true, force: true });
  }
});
