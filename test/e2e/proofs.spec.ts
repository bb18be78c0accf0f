/**
 * Proofs that cannot be forged or cut short, through the browser host: an archive made in the app,
 * then forged (payload changed, re-signed with another key, that key packed inside) is "signed by an
 * UNKNOWN key" on the Verify screen and exit 3 / 1 / 0 on the command line depending on pinning; the
 * audit log cut underneath the app (IndexedDB edited) is reported by the Audit screen's Verify.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createBagWriter } from '../../electron/services/archive/bag-writer';
import { generateEd25519 } from '../../electron/services/archive/ed25519';
import { exportArchive, verifyCli } from './archives';
import { expect, openApp, test } from './fixtures';
import { completeSetup } from './pages';

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) found.push(...(await filesUnder(path)));
    else found.push(path);
  }
  return found;
}

/** What a forger does: change the payload, then make a whole new bag signed with their own key. */
async function forge(bag: string, out: string): Promise<void> {
  const data = join(bag, 'data');
  const report = join(data, 'report.html');
  await writeFile(
    report,
    (await readFile(report, 'utf8')).replace('Boulangerie Héloïse SARL', 'Boulangerie Forgée SARL'),
  );
  const writer = createBagWriter({
    finalPath: out,
    key: generateEd25519(),
    metadata: {
      archiveId: '01968a4e-1f00-7000-8000-00000000f0f0',
      organisation: 'Boulangerie Héloïse SARL',
      contactEmail: 'contact@boulangerie-heloise.fr',
      exportTime: new Date(),
      baggingDate: new Date().toISOString().slice(0, 10),
      period: { from: '2026-01-01', to: '2026-12-31' },
      softwareAgent: 'RGPD Desk',
    },
  });
  const paths = (await filesUnder(data))
    .map((path) => relative(data, path).split('\\').join('/'))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const path of paths) await writer.add(path, { file: join(data, path) });
  await writer.finish();
}

/** axe-core over the area this feature draws (the app bar and navigation belong to other specs). */
async function expectAccessible(page: Page, area: string) {
  const results = await new AxeBuilder({ page }).include(area).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a forged archive re-signed with another key: unknown key on the Verify screen, exit 3 unpinned, 1 pinned', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000);
  const work = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-proofs-'));
  try {
    await openApp(page, host.url);
    await completeSetup(page);
    const { zip, fingerprint } = await exportArchive(page, work);
    const bagName = zip.replace(/^.*\//, '').replace(/\.zip$/, '');

    // The genuine archive: 0 pinned by fingerprint or by the organisation's public key, 3 unpinned.
    expect(spawnSync('unzip', ['-q', zip, '-d', 'genuine'], { cwd: work }).status).toBe(0);
    const genuineBag = join(work, 'genuine', bagName);
    const carried = JSON.parse(await readFile(join(genuineBag, 'audit-checkpoints.json'), 'utf8'));
    expect(carried.devices[0].checkpoints.length).toBeGreaterThan(0);
    const pinned = verifyCli(['--fingerprint', fingerprint, zip], work);
    expect(pinned.status, pinned.stdout + pinned.stderr).toBe(0);
    expect(pinned.stdout).toContain('[OK] Audit log against its signed checkpoints');
    expect(verifyCli(['--pubkey', join(genuineBag, 'minisign.pub'), zip], work).status).toBe(0);
    const unpinned = verifyCli([zip], work);
    expect(unpinned.status).toBe(3);
    expect(unpinned.stdout).toContain('SIGNATURE CONSISTENT, SIGNER NOT PINNED');
    expect((await readFile(join(genuineBag, 'VERIFY.txt'), 'utf8')).split('\n')).toEqual(
      expect.arrayContaining([expect.stringContaining('--fingerprint SHA256:…')]),
    );

    // The forgery: consistent with the key it carries (exit 3), refused against the real one (exit 1).
    expect(spawnSync('unzip', ['-q', zip, '-d', 'forged'], { cwd: work }).status).toBe(0);
    const forged = join(work, 'forged.zip');
    await forge(join(work, 'forged', bagName), forged);
    expect(verifyCli([forged], work).status).toBe(3);
    const caught = verifyCli(['--pubkey', join(genuineBag, 'minisign.pub'), forged], work);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain('signed by a key other than the pinned one');
    expect(verifyCli(['--fingerprint', fingerprint, forged], work).status).toBe(1);

    // The Verify screen pins the organisation's keys.
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-tab-verify').click();
    await page.getByTestId('archive-verify-input').setInputFiles(forged);
    await expect(page.getByTestId('archive-invalid')).toBeVisible();
    await expect(page.getByTestId('archive-signer')).toHaveAttribute('data-signer', 'unknown');
    await expect(page.getByTestId('archive-signer')).toContainText(
      'Signée par une clé INCONNUE — pas celle de cette organisation.',
    );
    await expect(page.getByTestId('archive-valid')).toHaveCount(0);
    await expectAccessible(page, 'main');

    await page.getByTestId('archive-verify-input').setInputFiles(zip);
    await expect(page.getByTestId('archive-valid')).toBeVisible();
    await expect(page.getByTestId('archive-signer')).toHaveAttribute('data-signer', 'current');
    await expect(page.getByTestId('archive-signer')).toContainText(
      'Signée par la clé de cette organisation (clé actuelle, depuis le',
    );
    await expect(page.getByTestId('archive-verify-audit')).toContainText('point de contrôle signé');
    await expectAccessible(page, 'main');

    // A changed file, said plainly, with the technical term on its own line; never "élément(s)".
    const changed = join(work, 'changed');
    expect(spawnSync('unzip', ['-q', zip, '-d', changed], { cwd: work }).status).toBe(0);
    await writeFile(join(changed, bagName, 'data', 'report.html'), 'changed\n');
    expect(spawnSync('zip', ['-q', '-r', '../changed.zip', bagName], { cwd: changed }).status).toBe(0);
    await page.getByTestId('archive-verify-input').setInputFiles(join(work, 'changed.zip'));
    await expect(page.getByTestId('archive-invalid')).toBeVisible();
    const problems = page.getByTestId('archive-problems');
    await expect(problems).toContainText('Un fichier a été modifié après la création de l’archive');
    await expect(problems).toContainText(
      'Détail technique : empreinte SHA-256 différente de celle du manifeste',
    );
    await expect(page.getByTestId('archive-verification')).not.toContainText('(s)');
    await expectAccessible(page, 'main');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('an audit log cut underneath the app is reported by Verify against its signed checkpoint', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const work = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-proofs-'));
  try {
    await openApp(page, host.url);
    await completeSetup(page);
    // The export signs a checkpoint of the head.
    await exportArchive(page, work);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verify-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('audit-verify-result')).toContainText('point de contrôle signé');
    await expect(page.getByTestId('audit-verify-scope')).toContainText('Ce qu’elle ne peut pas prouver');

    // Someone with the browser's IndexedDB deletes the newest entries.
    // In the page's own language (the Node side of this file has no DOM types): the newest three
    // entries of the audit log go, underneath the app's append-only guard.
    const removed = await page.evaluate<number>(`(async () => {
      const [info] = await indexedDB.databases();
      const db = await new Promise((done, fail) => {
        const open = indexedDB.open(info.name);
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      const rows = await new Promise((done) => {
        const request = db.transaction('auditChunks').objectStore('auditChunks').getAll();
        request.onsuccess = () => done(request.result);
      });
      // One device here: its newest row loses its last three entries (rows hold runs of entries).
      rows.sort((a, b) => a.firstSeq - b.firstSeq);
      const last = rows[rows.length - 1];
      const cut = last.entries.length >= 3 ? 3 : last.entries.length;
      const kept = last.entries.slice(0, last.entries.length - cut);
      await new Promise((done, fail) => {
        const tx = db.transaction('auditChunks', 'readwrite');
        const store = tx.objectStore('auditChunks');
        if (kept.length === 0) store.delete([last.deviceId, last.firstSeq]);
        else store.put({ ...last, entries: kept, lastSeq: kept[kept.length - 1].seq });
        tx.oncomplete = () => done();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
      return cut;
    })()`);
    expect(removed).toBe(3);
    await page.reload();
    await expect(page.locator('#root[data-app-state="ready"]')).toBeVisible();
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toHaveAttribute('data-reason', 'truncated');
    await expect(result).toContainText('Les entrées après le n°');
    await expect(result).toContainText(
      'Détail technique : chaîne plus courte que son dernier point de contrôle',
    );
    await expectAccessible(page, 'main');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
