/**
 * Where the browser host's data lives: IndexedDB belongs to the browser profile and the origin
 * (port). A data folder whose workspace exists, opened in a browser that holds none of its records,
 * says where they are instead of offering a second first run; another port is refused at start.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, openApp, openProfile, stopWebHost, test } from './fixtures';
import { completeSetup } from './pages';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Run the host CLI to its end (a refusal exits at once), in English. */
function runHost(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web-host.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'en_US.UTF-8', LANG: 'en_US.UTF-8' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
}

test('a set-up workspace opened in another browser profile says where its data is, never "Bienvenue"', async ({
  host,
  page,
  problems,
}) => {
  await openApp(page, host.url);
  await completeSetup(page);
  // The data folder now remembers which origin holds the records.
  await expect
    .poll(async () => JSON.parse(await readFile(join(host.dataDir, 'records-home.json'), 'utf8')).origin)
    .toBe(host.origin);

  const profileDir = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-other-profile-'));
  const other = await openProfile(profileDir, problems);
  try {
    const stranger = other.pages()[0] ?? (await other.newPage());
    await openApp(stranger, host.url);
    const screen = stranger.getByTestId('records-elsewhere');
    await expect(screen).toBeVisible();
    await expect(stranger.getByTestId('setup')).toHaveCount(0);
    await expect(stranger.getByText('Bienvenue')).toHaveCount(0);
    await expect(stranger.getByTestId('records-elsewhere-how')).toContainText(host.origin);
    await expect(stranger.getByTestId('records-elsewhere-why')).toContainText('autre profil');
    await expect(screen).toContainText(host.dataDir);
    const axe = await new AxeBuilder({ page: stranger }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  } finally {
    await other.close();
    await rm(profileDir, { recursive: true, force: true });
  }
});

test('the host keeps the port of a set-up workspace and refuses another one with an explanation', async ({
  host,
  page,
}) => {
  await openApp(page, host.url);
  await completeSetup(page);
  await expect
    .poll(
      async () => (await readFile(join(host.dataDir, 'records-home.json'), 'utf8').catch(() => '')).length,
    )
    .toBeGreaterThan(0);
  await page.goto('about:blank'); // a page left open on a stopped host logs refused connections
  await stopWebHost(host);

  const refused = await runHost(['--data', host.dataDir, '--port', '0']);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`The browser keeps its workspace's data under ${host.origin}`);
  expect(refused.output).toContain('Start without --port');

  // Without --port, the same origin again: this browser finds its records.
  const again = spawn(process.execPath, [join(ROOT, 'out/main/web-host.js'), '--data', host.dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((done, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(output)), 15_000);
      again.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /RGPD Desk web host: (\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          done(match[1]);
        }
      });
    });
    expect(new URL(url).origin).toBe(host.origin);
    await openApp(page, url);
    await expect(page.getByTestId('operator')).toContainText('Claire Martin');
  } finally {
    again.kill('SIGTERM');
  }
});
