/**
 * The app in Chromium through the browser host with its test API exposed, with a fresh data folder
 * and profile: what every benchmark measures through. `close()` stops and removes everything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { openApp, openProfile, startWebHost, stopWebHost } from '../e2e/fixtures';

export type BenchPage = { page: Page; context: BrowserContext; problems: string[]; close(): Promise<void> };

export async function openBenchPage(): Promise<BenchPage> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-bench-data-'));
  const profileDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-bench-profile-'));
  const host = await startWebHost(dataDir, ['--expose-test-api']);
  const problems: string[] = [];
  const context = await openProfile(profileDir, problems);
  const close = async () => {
    await context.close();
    await stopWebHost(host);
    await rm(profileDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const page = await context.newPage();
    await openApp(page, host.url);
    return { page, context, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}
