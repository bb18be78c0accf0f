/**
 * Accessibility sweep: axe-core over every screen and main dialog, in French and English, light and
 * dark: no serious or critical violation. One host and one browser page per language and theme,
 * seeded through the test API (a few people, requests and consents), then the SCREENS table
 * (screens.ts) walked in order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openProfile, startWebHost, stopWebHost, test } from './fixtures';
import { enterSeeded, preferLanguageAndTheme, SCREENS } from './screens';

type Language = 'fr' | 'en';
type Theme = 'light' | 'dark';

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
        await preferLanguageAndTheme(context, language, theme);
        const page = context.pages()[0] ?? (await context.newPage());
        const findings: Finding[] = [];

        await enterSeeded(page, host.url, async (name) => {
          findings.push(...(await scan(page, name)));
        });

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
