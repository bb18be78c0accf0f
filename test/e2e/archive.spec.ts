/**
 * The signed compliance archive through the browser host: made in the app, then checked from the
 * outside with Debian's minisign, ssh-keygen, sha256sum and unzip, and with the app's own verifier
 * (command line and Verify screen); a byte flipped in an attachment, in report.html and in
 * manifest-sha256.txt makes exactly the checks that should fail, fail.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { exportArchive, verifyCli } from './archives';
import { expect, openApp, test } from './fixtures';
import { completeSetup } from './pages';

const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n${'% scan '.repeat(200)}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
);

const run = (command: string, args: string[], cwd: string, input?: Buffer) =>
  spawnSync(command, args, { cwd, encoding: 'utf8', ...(input ? { input } : {}) });

/** The four commands of VERIFY.txt, by name, with their exit codes. */
async function toolChecks(bag: string) {
  const tagmanifest = await readFile(join(bag, 'tagmanifest-sha256.txt'));
  return {
    minisign: run('minisign', ['-Vm', 'tagmanifest-sha256.txt', '-p', 'minisign.pub'], bag).status,
    ssh: run(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        'allowed_signers',
        '-I',
        'rgpd-desk',
        '-n',
        'file',
        '-s',
        'tagmanifest-sha256.txt.sig',
      ],
      bag,
      tagmanifest,
    ).status,
    tagmanifest: run('sha256sum', ['-c', 'tagmanifest-sha256.txt'], bag).status,
    manifest: run('sha256sum', ['-c', 'manifest-sha256.txt'], bag).status,
  };
}

/** A hash digit becomes another hex digit, so the line stays well-formed and sha256sum must reject it. */
async function changeHashDigit(file: string) {
  const bytes = await readFile(file);
  bytes[0] = bytes[0] === 0x30 ? 0x31 : 0x30;
  await writeFile(file, bytes);
}

async function flipByte(file: string, offset: number) {
  const bytes = await readFile(file);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0x01;
  await writeFile(file, bytes);
}

async function logRequestWithScan(page: Page) {
  await page.getByTestId('nav-requests').click();
  await page.getByTestId('request-new').click();
  await page.getByTestId('intake-new-person').click();
  await page.getByTestId('field-firstName').fill('Zoé');
  await page.getByTestId('field-lastName').fill('Lefèvre');
  await page.getByTestId('right-access').check();
  await page
    .getByTestId('intake-files')
    .setInputFiles({ name: 'mandat signé.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('intake-save').click();
  await expect(page.getByTestId('timeline')).toContainText('mandat signé.pdf');
}

test('a signed archive made in the app verifies with minisign, ssh-keygen, sha256sum and the app verifier', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  const work = await mkdtemp(join(tmpdir(), 'rgpd-desk-e2e-archive-'));
  try {
    await openApp(page, host.url);
    await completeSetup(page);
    await logRequestWithScan(page);

    const { zip, name, fingerprint } = await exportArchive(page, work);
    expect(name).toMatch(/^rgpd-archive-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.zip$/);
    await expect(page.getByTestId('archive-result')).toContainText('Archive téléchargée');
    // The host kept no copy once the browser had it.
    expect(await readdir(join(host.dataDir, 'exports')).catch(() => [])).toEqual([]);

    // The same fingerprint in Settings, to read out over the phone.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-tab-archive').click();
    await expect(page.getByTestId('archive-key-fingerprint')).toContainText(fingerprint);

    // Unzipped: one folder named like the ZIP, every check of VERIFY.txt passes.
    const bagName = name.replace(/\.zip$/, '');
    for (const copy of ['clean', 'attachment', 'report', 'manifest']) {
      expect(run('unzip', ['-q', zip, '-d', copy], work).status).toBe(0);
    }
    const bag = (copy: string) => join(work, copy, bagName);
    const data = await readdir(join(bag('clean'), 'data'));
    expect(data).toEqual(
      expect.arrayContaining(['attachments', 'report.html', 'report.pdf', 'requests.csv', 'requests.json']),
    );
    expect(await toolChecks(bag('clean'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 0 });
    const report = await readFile(join(bag('clean'), 'data', 'report.html'), 'utf8');
    expect(report).toContain('Boulangerie Héloïse SARL');
    expect(report).toContain(fingerprint);
    expect(run('pdftotext', ['data/report.pdf', '-'], bag('clean')).stdout).toContain(
      'Archive de conformité RGPD',
    );
    const verifyTxt = await readFile(join(bag('clean'), 'VERIFY.txt'), 'utf8');
    expect(verifyTxt).toContain('minisign -Vm tagmanifest-sha256.txt -p minisign.pub');
    expect(verifyTxt).toContain(
      'ssh-keygen -Y verify -f allowed_signers -I rgpd-desk -n file -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt',
    );
    // Pinned to the fingerprint the organisation gives out: exit 0 (unpinned it would be 3).
    const cli = verifyCli(['--fingerprint', fingerprint, zip], work);
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toContain(fingerprint);

    // One byte flipped in the scan, in the report, in the manifest: the checks that must fail do.
    const [scan] = await readdir(join(bag('attachment'), 'data', 'attachments'));
    await flipByte(join(bag('attachment'), 'data', 'attachments', scan ?? ''), 50);
    await flipByte(join(bag('report'), 'data', 'report.html'), 100);
    await changeHashDigit(join(bag('manifest'), 'manifest-sha256.txt'));
    expect(await toolChecks(bag('attachment'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 1 });
    expect(await toolChecks(bag('report'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 0, manifest: 1 });
    expect(await toolChecks(bag('manifest'))).toEqual({ minisign: 0, ssh: 0, tagmanifest: 1, manifest: 1 });
    const tampered: Record<string, string> = {};
    for (const [copy, changed] of [
      ['attachment', `data/attachments/${scan}`],
      ['report', 'data/report.html'],
      ['manifest', 'manifest-sha256.txt'],
    ] as const) {
      tampered[copy] = join(work, `${copy}.zip`);
      expect(run('zip', ['-q', '-r', tampered[copy] ?? '', bagName], join(work, copy)).status).toBe(0);
      const result = verifyCli([tampered[copy] ?? ''], work);
      expect(result.status, result.stdout).toBe(1);
      expect(result.stdout).toContain(`changed file (checksum differs): ${changed}`);
    }
    // Not a ZIP at all: exit code 2.
    await writeFile(join(work, 'junk.zip'), 'not a zip');
    expect(verifyCli([join(work, 'junk.zip')], work).status).toBe(2);

    // The Verify screen: the original is valid, the changed report is named.
    await page.getByTestId('nav-archive').click();
    await page.getByTestId('archive-tab-verify').click();
    await page.getByTestId('archive-verify-input').setInputFiles(zip);
    await expect(page.getByTestId('archive-valid')).toBeVisible();
    await expect(page.getByTestId('archive-verify-key')).toContainText(fingerprint);
    const copyOfReport = join(work, 'rapport modifié.zip');
    await copyFile(tampered.report ?? '', copyOfReport);
    await page.getByTestId('archive-verify-input').setInputFiles(copyOfReport);
    await expect(page.getByTestId('archive-invalid')).toBeVisible();
    await expect(page.getByTestId('archive-problems')).toContainText(
      'Un fichier a été modifié après la création de l’archive : data/report.html.',
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
