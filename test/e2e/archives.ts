/**
 * The signed archive in the e2e specs: made in the app and downloaded, then checked with the app's
 * own command-line verifier (built by electron-vite beside the web host).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const VERIFIER = join(ROOT, 'out/main/verify.js');
export const ARCHIVE_PASSPHRASE = 'une phrase de passe solide';

/** `npm run verify` with these arguments; its messages in English whatever the machine's locale. */
export const verifyCli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [VERIFIER, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_GB.UTF-8' },
  });

/** Archive → export with a new key: the ZIP saved into `work`, and the key's fingerprint shown. */
export async function exportArchive(
  page: Page,
  work: string,
): Promise<{ zip: string; name: string; fingerprint: string }> {
  await page.getByTestId('nav-archive').click();
  await page.getByTestId('archive-passphrase').fill(ARCHIVE_PASSPHRASE);
  await page.getByTestId('archive-passphrase-confirm').fill(ARCHIVE_PASSPHRASE);
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('archive-start').click();
  const file = await download;
  const name = file.suggestedFilename();
  const zip = join(work, name);
  await file.saveAs(zip);
  const fingerprint = (await page.getByTestId('archive-fingerprint').textContent())?.match(/SHA256:\S+/)?.[0];
  expect(fingerprint).toBeTruthy();
  return { zip, name, fingerprint: fingerprint ?? '' };
}
