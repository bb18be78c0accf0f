/**
 * The app in Chromium through the browser host with its test API exposed, with a fresh data folder
 * and profile: what every benchmark measures through. `close()` stops and removes everything.
 * Several at once are several devices (the sync benchmark): each has its own folder and profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { openApp, openProfile, startWebHost, stopWebHost } from '../e2e/fixtures';

export type BenchPage = {
  page: Page;
  context: BrowserContext;
  problems: string[];
  /** The host's data folder (workspace id, logs, sync state). */
  dataDir: string;
  /** What the host printed, to attach to a failure. */
  hostOutput(): string;
  close(): Promise<void>;
};

export type BenchPageOptions = {
  /** Names the temporary folders, to tell devices apart ('a' → rgpd-desk-bench-a-data-…). */
  device?: string;
};

export async function openBenchPage(options: BenchPageOptions = {}): Promise<BenchPage> {
  const prefix = options.device ? `rgpd-desk-bench-${options.device}-` : 'rgpd-desk-bench-';
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}data-`));
  const profileDir = await mkdtemp(join(tmpdir(), `${prefix}profile-`));
  const removeFolders = async () => {
    await rm(profileDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };
  // A host or browser that fails to start must not leave its folders behind.
  const host = await startWebHost(dataDir, ['--expose-test-api']).catch(async (error: unknown) => {
    await removeFolders();
    throw error;
  });
  const problems: string[] = [];
  const context = await openProfile(profileDir, problems).catch(async (error: unknown) => {
    await stopWebHost(host);
    await removeFolders();
    throw error;
  });
  const close = async () => {
    await context.close();
    await stopWebHost(host);
    await removeFolders();
  };
  try {
    const page = await context.newPage();
    await openApp(page, host.url);
    return { page, context, problems, dataDir, hostOutput: host.output, close };
  } catch (error) {
    await close();
    throw error;
  }
}
