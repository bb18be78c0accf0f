/**
 * Every screen and main dialog of the app as a table the sweeps walk in order (axe in
 * a11y.spec.ts, visible focus in focus.spec.ts), and the small workspace they are seeded with
 * through the test API. A new screen or dialog is one entry in SCREENS.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, openApp } from './fixtures';

export type Screen = {
  name: string;
  /** Bring the screen or dialog up from wherever the previous entry left the page. */
  open: (page: Page) => Promise<void>;
  /** A dialog: closed with Escape after the scan. */
  dialog?: boolean;
};

export async function section(page: Page, name: string): Promise<void> {
  await page.getByTestId(`nav-${name}`).click();
  await expect(page.getByTestId('screen-loading')).toHaveCount(0);
}

export async function tab(page: Page, screen: string, id: string): Promise<void> {
  await section(page, screen);
  await page.getByTestId(`${screen}-tab-${id}`).click();
  await expect(page.getByTestId(`${screen}-tab-${id}`)).toHaveAttribute('aria-selected', 'true');
}

export async function visible(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId).first()).toBeVisible();
}

/** Every screen and main dialog, in the order walked. Screens other work adds belong here too. */
export const SCREENS: Screen[] = [
  { name: 'dashboard', open: async (page) => section(page, 'dashboard') },
  {
    name: 'requests list',
    open: async (page) => {
      await section(page, 'requests');
      await visible(page, 'request-row');
    },
  },
  {
    name: 'request detail',
    open: async (page) => {
      await page.getByTestId('request-row').first().click();
      await visible(page, 'request-reference');
    },
  },
  {
    name: 'request intake dialog',
    dialog: true,
    open: async (page) => {
      await section(page, 'requests');
      await page.getByTestId('request-new').click();
      await visible(page, 'intake-form');
    },
  },
  {
    name: 'request intake dialog with its errors',
    dialog: true,
    open: async (page) => {
      await section(page, 'requests');
      await page.getByTestId('request-new').click();
      await page.getByTestId('intake-save').click();
      await expect(page.locator('.Mui-error').first()).toBeVisible();
    },
  },
  ...['ledger', 'segments', 'reconsent', 'paper', 'import'].map((id) => ({
    name: `consents: ${id}`,
    open: (page: Page) => tab(page, 'consents', id),
  })),
  {
    name: 'quick capture',
    dialog: true,
    open: async (page) => {
      await page.getByTestId('quick-capture-open').click();
      await visible(page, 'quick-capture');
    },
  },
  {
    name: 'subjects list',
    open: async (page) => {
      await section(page, 'subjects');
      await visible(page, 'subject-row');
    },
  },
  {
    name: 'subject detail',
    open: async (page) => {
      await page.getByTestId('subject-row').first().click();
      await visible(page, 'subject-name');
    },
  },
  {
    name: 'new person dialog',
    dialog: true,
    open: async (page) => {
      await section(page, 'subjects');
      await page.getByTestId('subject-new').click();
      await visible(page, 'field-firstName');
    },
  },
  ...['activities', 'breaches', 'retention'].map((id) => ({
    name: `registers: ${id}`,
    open: (page: Page) => tab(page, 'registers', id),
  })),
  {
    name: 'register entry dialog',
    dialog: true,
    open: async (page) => {
      await tab(page, 'registers', 'activities');
      await page.getByTestId('register-new').click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'breach dialog',
    dialog: true,
    open: async (page) => {
      await tab(page, 'registers', 'breaches');
      await page.getByTestId('breach-new').click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  ...['export', 'verify'].map((id) => ({
    name: `archive: ${id}`,
    open: (page: Page) => tab(page, 'archive', id),
  })),
  {
    name: 'archive: verify, a file that is not an archive (error alert)',
    open: async (page) => {
      await page.getByTestId('archive-verify-input').setInputFiles({
        name: 'pas-une-archive.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from('not a zip file at all'),
      });
      await visible(page, 'archive-verify-error');
    },
  },
  { name: 'audit', open: async (page) => section(page, 'audit') },
  {
    name: 'settings',
    open: async (page) => {
      await section(page, 'settings');
      await visible(page, 'data-folder');
    },
  },
];

/** The page's test API (renderer/src/app/test-api.ts), reached through globalThis in the page. */
type SeedApi = {
  setUp(): Promise<void>;
  seedConsentCatalogue(): Promise<void>;
  bulkCreateSubjects(rows: Record<string, string>[]): Promise<unknown>;
  bulkCreateRequests(rows: unknown[]): Promise<unknown>;
  bulkCreateConsents(rows: unknown[]): Promise<unknown>;
};

export async function seed(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const api = (globalThis as unknown as { __deskTest: SeedApi }).__deskTest;
    await api.setUp();
    await api.seedConsentCatalogue();
    await api.bulkCreateSubjects([
      { firstName: 'Héloïse', lastName: 'Garçon', email: 'heloise@exemple.fr', phone: '+33612345678' },
      { firstName: 'Bruno', lastName: 'Moreau', email: 'bruno@exemple.fr' },
      { firstName: 'Chloé', lastName: 'Dubois', customerRef: 'C-0042' },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    await api.bulkCreateRequests([
      { subjectIndex: 0, receivedAt: today, rights: ['access'], channel: 'email' },
      { subjectIndex: 1, receivedAt: today, rights: ['erasure', 'objection'], channel: 'phone' },
    ]);
    await api.bulkCreateConsents([
      {
        subjectIndex: 0,
        purposeIndex: 0,
        decision: 'granted',
        decidedAt: `${today}T09:00:00Z`,
        channel: 'counter',
      },
      {
        subjectIndex: 1,
        purposeIndex: 1,
        decision: 'refused',
        decidedAt: `${today}T09:05:00Z`,
        channel: 'phone',
      },
    ]);
  });
}

/** Every page the profile opens starts in this language and theme (as if chosen before). */
export async function preferLanguageAndTheme(
  context: BrowserContext,
  language: 'fr' | 'en',
  theme: 'light' | 'dark',
): Promise<void> {
  await context.addInitScript(
    ([lang, mode]) => {
      const page = globalThis as unknown as {
        location: { protocol: string };
        localStorage: { setItem(key: string, value: string): void };
      };
      // Only the app's own pages (axe's frames and about:blank have no storage).
      if (page.location.protocol !== 'http:') return;
      page.localStorage.setItem('rgpd-desk.language', lang);
      page.localStorage.setItem('rgpd-desk.theme', mode);
    },
    [language, theme] as const,
  );
}

/**
 * The sweeps' way in: the first-run screen, then the workspace seeded and the operator choice, each
 * handed to `visit`; then the operator "Bench" chosen, the app ready on its first screen.
 */
export async function enterSeeded(page: Page, url: string, visit: (name: string) => Promise<void>) {
  await openApp(page, url);
  await visible(page, 'setup');
  await visit('first-run');
  await seed(page);
  await openApp(page, url);
  await visible(page, 'operator-picker');
  await visit('operator choice');
  await page.getByTestId('operator-picker').getByRole('button', { name: 'Bench' }).click();
  await visible(page, 'operator');
}
