/**
 * Accessibility sweep: axe-core over every screen and main dialog, in French and English, light and
 * dark: no serious or critical violation. One host and one browser page per language and theme,
 * seeded through the test API (a few people, requests and consents), then the SCREENS table walked
 * in order. A new screen or dialog is one entry in SCREENS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, openProfile, startWebHost, stopWebHost, test } from './fixtures';

type Language = 'fr' | 'en';
type Theme = 'light' | 'dark';

type Screen = {
  name: string;
  /** Bring the screen or dialog up from wherever the previous entry left the page. */
  open: (page: Page) => Promise<void>;
  /** A dialog: closed with Escape after the scan. */
  dialog?: boolean;
};

async function section(page: Page, name: string): Promise<void> {
  await page.getByTestId(`nav-${name}`).click();
  await expect(page.getByTestId('screen-loading')).toHaveCount(0);
}

async function tab(page: Page, screen: string, id: string): Promise<void> {
  await section(page, screen);
  await page.getByTestId(`${screen}-tab-${id}`).click();
  await expect(page.getByTestId(`${screen}-tab-${id}`)).toHaveAttribute('aria-selected', 'true');
}

async function visible(page: Page, testId: string): Promise<void> {
  await expect(page.getByTestId(testId).first()).toBeVisible();
}

/** Every screen and main dialog, in the order walked. Screens other work adds belong here too. */
const SCREENS: Screen[] = [
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

async function seed(page: Page): Promise<void> {
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

type Finding = { screen: string; rule: string; impact: string; help: string; nodes: string[] };

async function scan(page: Page, screen: string): Promise<Finding[]> {
  // A tooltip fading in under the pointer (opacity 0) is not part of the screen being checked.
  await page.mouse.move(0, 0);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`),
    }));
}

for (const language of ['fr', 'en'] as const satisfies readonly Language[]) {
  for (const theme of ['light', 'dark'] as const satisfies readonly Theme[]) {
    test(`axe: every screen and main dialog, ${language}, ${theme} theme`, async () => {
      test.setTimeout(240_000);
      const root = await mkdtemp(join(tmpdir(), `rgpd-desk-e2e-a11y-${language}-${theme}-`));
      const problems: string[] = [];
      const host = await startWebHost(join(root, 'data'), ['--expose-test-api']);
      const context = await openProfile(join(root, 'profile'), problems);
      try {
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
        const page = context.pages()[0] ?? (await context.newPage());
        const findings: Finding[] = [];

        await openApp(page, host.url);
        await visible(page, 'setup');
        findings.push(...(await scan(page, 'first-run')));

        await seed(page);
        await openApp(page, host.url);
        await visible(page, 'operator-picker');
        findings.push(...(await scan(page, 'operator choice')));
        await page.getByTestId('operator-picker').getByRole('button', { name: 'Bench' }).click();
        await visible(page, 'operator');

        for (const screen of SCREENS) {
          await screen.open(page);
          findings.push(...(await scan(page, screen.name)));
          if (screen.dialog) {
            await page.keyboard.press('Escape');
            await expect(page.getByRole('dialog')).toHaveCount(0);
          }
        }
        expect(findings, `serious or critical axe violations (${language}, ${theme})`).toEqual([]);
        expect(problems, 'console errors or non-local requests').toEqual([]);
      } finally {
        await context.close();
        await stopWebHost(host);
        await rm(root, { recursive: true, force: true });
      }
    });
  }
}
