/**
 * Visible focus: a keyboard user always sees where focus is. On every screen and main dialog
 * (screens.ts, plus the compliance screen and each Settings section), in the light and the dark
 * theme, Tab is pressed up to 40 times and every element it lands on must be visible (not zero-size,
 * not hidden, not transparent) and show a focus indicator that contrasts at least 3:1 with what is
 * behind it (WCAG 2.2, 1.4.11 and 2.4.7).
 *
 * The criterion, decided once for the whole app (see theme.ts): the focused element's own computed
 * outline (style not none, width ≥ 1 px, colour not transparent), because the theme draws one on
 * every :focus-visible element and on MUI's .Mui-focusVisible. MUI's ripple and background tints
 * are not counted: the ripple is a child element that fades, and a tint of a few per cent is not a
 * 3:1 change. The one exception is a text field, whose input shows focus through its field: the
 * field root is marked Mui-focused and its outline border is at least 2 px, coloured ≥ 3:1 against
 * the background (MUI's 1 px grey border becomes 2 px in the primary colour). Checkboxes, radios
 * and switches keep their native input transparent on purpose; their visible box (the input's
 * parent) is the element checked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openProfile, startWebHost, stopWebHost, test } from './fixtures';
import { enterSeeded, preferLanguageAndTheme, SCREENS, section, tab, type Screen } from './screens';

const TABS = 40;

/** Beyond the axe table: what a keyboard user also reaches. */
const MORE_SCREENS: Screen[] = [
  { name: 'compliance', open: async (page) => section(page, 'compliance') },
  ...['organisation', 'team', 'requests', 'consents', 'retention', 'archive', 'sync', 'security'].map(
    (id) => ({ name: `settings: ${id}`, open: (page: Page) => tab(page, 'settings', id) }),
  ),
];

/** What the focused element shows, computed in the page. null: nothing focused (the body). */
type Seen = { key: string; label: string; inMain: boolean; problem: string | null } | null;

/** The little of the DOM the check reads (the e2e code is compiled without the DOM's types). */
type Box = { top: number; width: number; height: number };
type Node = {
  tagName: string;
  className: string;
  textContent: string | null;
  parentElement: Node | null;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  closest(selector: string): Node | null;
  querySelector(selector: string): Node | null;
  getBoundingClientRect(): Box;
};
type Style = Record<
  | 'backgroundColor'
  | 'visibility'
  | 'display'
  | 'opacity'
  | 'outlineStyle'
  | 'outlineWidth'
  | 'outlineOffset'
  | 'outlineColor'
  | 'borderTopWidth'
  | 'borderTopColor',
  string
>;

function inspectFocus(): Seen {
  const { document, getComputedStyle } = globalThis as unknown as {
    document: { activeElement: Node | null; body: Node; documentElement: Node };
    getComputedStyle(node: Node): Style;
  };
  type Rgba = [number, number, number, number];
  const parse = (colour: string): Rgba => {
    const parts = colour.match(/[\d.]+/g)?.map(Number) ?? [];
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? (colour.startsWith('rgba') ? 0 : 1)];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (bottom[i] ?? 0) * (1 - a)).concat(1) as Rgba;
  };
  /** The opaque colour behind `from`: its and its ancestors' backgrounds stacked. */
  const backgroundOf = (from: Node | null): Rgba => {
    const layers: Rgba[] = [];
    for (let node = from; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (colour: string, behind: Rgba) => {
    const a = luminance(over(parse(colour), behind));
    const b = luminance(behind);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };

  const focused = document.activeElement;
  if (!focused || focused === document.body || focused === document.documentElement) return null;
  const testId = focused.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
  const name =
    focused.getAttribute('aria-label') ??
    (focused.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const label = `<${focused.tagName.toLowerCase()}${focused.getAttribute('role') ? ` role=${focused.getAttribute('role')}` : ''}> "${name}" in [${testId}]`;
  const at = { key: `${label}@${Math.round(focused.getBoundingClientRect().top)}`, label };
  const inMain = focused.closest('main') !== null;
  const seen = (problem: string | null): Seen => ({ ...at, inMain, problem });

  // A checkbox's, radio's or switch's native input is transparent by design: its box shows it.
  const shown =
    focused.tagName === 'INPUT' && /SwitchBase-input/.test(focused.className)
      ? (focused.parentElement ?? focused)
      : focused;
  const rect = shown.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return seen('zero-size element');
  let opacity = 1;
  for (let node: Node | null = shown; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || style.display === 'none') return seen('hidden element');
    opacity *= Number(style.opacity);
  }
  if (opacity < 0.1) return seen(`transparent element (opacity ${opacity})`);

  const style = getComputedStyle(shown);
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
    // An inset outline lies on the element's own background, an outside one on its parent's.
    const behind = backgroundOf(parseFloat(style.outlineOffset) < 0 ? shown : shown.parentElement);
    const ratio = contrast(style.outlineColor, behind);
    return ratio >= 3
      ? seen(null)
      : seen(`focus outline ${style.outlineColor} has contrast ${ratio.toFixed(2)}:1`);
  }
  const field = shown.closest('.MuiInputBase-root, .MuiPickersInputBase-root');
  if (field) {
    const border = field.querySelector(':scope > fieldset');
    if (!field.classList.contains('Mui-focused') || !border) return seen('text field not marked focused');
    const borderStyle = getComputedStyle(border);
    if (parseFloat(borderStyle.borderTopWidth) < 2)
      return seen(`field border ${borderStyle.borderTopWidth} when focused`);
    const ratio = contrast(borderStyle.borderTopColor, backgroundOf(field.parentElement));
    return ratio >= 3 ? seen(null) : seen(`focused field border has contrast ${ratio.toFixed(2)}:1`);
  }
  return seen('no visible focus indicator');
}

/**
 * Tab through the page from where focus is; one line per element that fails. `inMain`: stop when
 * focus leaves the screen's content for the app bar and the menu (walked once on their own).
 */
async function walk(page: Page, screen: string, inMain = false): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let press = 0; press < TABS; press += 1) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(inspectFocus);
    if (!found) continue;
    if (inMain && !found.inMain && seen.size > 0) break;
    if (seen.has(found.key)) break; // round the page or the dialog once: enough
    seen.add(found.key);
    if (found.problem) problems.push(`${screen}: ${found.label}: ${found.problem}`);
  }
  expect(seen.size, `Tab reached nothing on ${screen}`).toBeGreaterThan(0);
  return problems;
}

/** Screens start Tab from the top of their own content (the bar and the menu are walked once). */
async function focusContentStart(page: Page): Promise<void> {
  await page.locator('main').evaluate((main) => {
    if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    (main as unknown as { focus(): void }).focus();
  });
}

/** A dialog has faded in around the focus (Tab during the fade would find it still transparent). */
async function settled(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        type Faded = { parentElement: Faded | null };
        const { document, getComputedStyle } = globalThis as unknown as {
          document: { activeElement: Faded | null };
          getComputedStyle(node: Faded): { opacity: string };
        };
        let opacity = 1;
        for (let node = document.activeElement; node; node = node.parentElement)
          opacity *= Number(getComputedStyle(node).opacity);
        return opacity;
      }),
    )
    .toBe(1);
}

for (const theme of ['light', 'dark'] as const) {
  test(`visible focus: Tab through every screen and main dialog, ${theme} theme`, async () => {
    test.setTimeout(480_000);
    const root = await mkdtemp(join(tmpdir(), `rgpd-desk-e2e-focus-${theme}-`));
    const consoleProblems: string[] = [];
    const host = await startWebHost(join(root, 'data'), ['--expose-test-api']);
    const context = await openProfile(join(root, 'profile'), consoleProblems);
    try {
      await preferLanguageAndTheme(context, 'fr', theme);
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];

      await enterSeeded(page, host.url, async (name) => {
        problems.push(...(await walk(page, name)));
      });

      // The app bar and the menu, from the top of the page.
      await section(page, 'dashboard');
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { blur(): void } | null } }
        ).document.activeElement?.blur(),
      );
      problems.push(...(await walk(page, 'app bar and menu')));

      for (const screen of [...SCREENS, ...MORE_SCREENS]) {
        await screen.open(page);
        if (screen.dialog) await settled(page);
        else await focusContentStart(page);
        problems.push(...(await walk(page, screen.name, !screen.dialog)));
        if (screen.dialog) {
          await page.keyboard.press('Escape');
          await expect(page.getByRole('dialog')).toHaveCount(0);
        }
      }
      expect(problems, `focus not visible (${theme} theme)`).toEqual([]);
      expect(consoleProblems, 'console errors or non-local requests').toEqual([]);
    } finally {
      await context.close();
      await stopWebHost(host);
      await rm(root, { recursive: true, force: true });
    }
  });
}
