import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSetUpApp, seedPurposes } from './pages';

async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('[data-testid="import-tab"]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Windows-1252 bytes, as Excel on Windows saves "CSV (séparateur : point-virgule)". */
function windows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '’': 0x92, œ: 0x9c };
  return Buffer.from([...text].map((char) => high[char] ?? char.charCodeAt(0)));
}

async function openImport(page: Page): Promise<void> {
  await page.getByTestId('nav-consents').click();
  await page.getByTestId('consents-tab-import').click();
}

test('a wide Windows-1252 file with a conflict settled in the UI, then the same file again adds nothing', async ({
  page,
  host,
}) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  // Marie is on file with the shop's landline.
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-new').click();
  await page.getByTestId('field-firstName').fill('Marie');
  await page.getByTestId('field-lastName').fill('Gautier');
  await page.getByTestId('field-phone').fill('01 45 67 89 10');
  await page.getByTestId('subject-save').click();
  await expect(page.getByTestId('subject-name')).toHaveText('Marie Gautier');

  const csv = [
    'Prénom;Nom;Téléphone;Courriel;Lettre d’information par e-mail;Offres par SMS;Date;Canal',
    'Héloïse;Lefèvre;;heloise@exemple.fr;oui;non;12/01/2026;papier',
    'Anne;Dupont;01 45 67 89 10;;x;;13/01/2026;comptoir',
    // A hand-typed formula, unquoted, with quotes and the separator inside: this row only is refused.
    'Marc;Petit;=SI(A2="x";"oui";"non");marc@exemple.fr;oui;;14/01/2026;',
    'Zoé;Roux;;zoe@exemple.fr;OUI;X;31/02/2026;',
    'Jean;Martin;;jean@exemple.fr;;;15/01/2026;',
  ].join('\r\n');
  const file = { name: 'clients.csv', mimeType: 'text/csv', buffer: windows1252(csv) };

  await openImport(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-loaded')).toContainText('windows-1252');
  await expect(page.getByTestId('import-layout')).toContainText('une colonne par finalité (2)');
  await expect(page.getByTestId('import-column')).toHaveCount(8);
  await expectAccessible(page);
  await page.getByTestId('import-check').click();

  const report = page.getByTestId('import-report');
  await expect(page.getByTestId('import-summary')).toContainText('3 décision(s) lisible(s) sur 2 ligne(s)');
  await expect(page.getByTestId('import-summary')).toContainText('3 ligne(s) refusée(s)');
  await expect(page.getByTestId('import-new-count')).toContainText('1');
  await expect(page.getByTestId('import-conflict-count')).toContainText('1');
  await expect(page.getByTestId('import-conflict')).toContainText(
    'Anne D. partage 01 45 67 89 10 avec Marie G. — même personne ?',
  );
  await expect(page.getByTestId('import-invalid-row')).toHaveCount(3);
  await expect(page.getByTestId('import-invalid-row').nth(0)).toContainText('Guillemets');
  await expect(page.getByTestId('import-invalid-row').nth(1)).toContainText('31/02/2026 n’existe pas.');
  await expect(page.getByTestId('import-invalid-row').nth(2)).toContainText('Aucune décision');
  // Decisions older than the notice: the user chooses; the default is a labelled prior notice.
  await expect(page.getByTestId('import-prior')).toBeVisible();
  await expect(page.getByTestId('import-undecided')).toBeVisible();
  await expect(page.getByTestId('import-confirm')).toHaveText('Importer 2 décision(s)');
  await expectAccessible(page);

  await report.getByLabel('Nouvelle personne').check();
  await expect(page.getByTestId('import-undecided')).toHaveCount(0);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText(
    '3 décision(s) importée(s) : 2 personne(s) créée(s), 0 retrouvée(s) ; 0 déjà enregistrée(s)',
  );

  // Anne is a person of her own; Marie has no consent at all.
  await page.getByTestId('nav-subjects').click();
  await expect(page.getByTestId('subject-row')).toHaveCount(3);
  await page.getByTestId('subject-row').filter({ hasText: 'Marie' }).click();
  await expect(page.getByText('Aucun consentement enregistré pour cette personne.')).toBeVisible();
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Anne' }).click();
  await expect(page.getByTestId('preference-row').filter({ hasText: 'Lettre d’information' })).toContainText(
    'Accepté',
  );
  // The day alone, no invented time.
  await expect(page.getByTestId('consent-history')).toContainText('13 janvier 2026 —');
  await expect(page.getByTestId('consent-history')).not.toContainText('12:00');

  // The same file again: warned first, then nothing added.
  await openImport(page);
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('import-again')).toContainText('déjà été importé');
  await expect(page.getByTestId('import-mapping')).toHaveCount(0);
  await page.getByTestId('import-again-continue').click();
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-conflict-count')).toContainText('0');
  await expect(page.getByTestId('import-matched')).toContainText('Anne Dupont — retrouvée par téléphone');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText(
    '0 décision(s) importée(s) : 0 personne(s) créée(s), 0 retrouvée(s) ; 3 déjà enregistrée(s)',
  );
});

/** A minimal .xlsx written with Debian's `zip`: shared strings, one date-styled cell, one bare serial. */
async function xlsxWithSerialDates(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'rgpd-xlsx-'));
  const strings = [
    'Prénom',
    'Nom',
    'E-mail',
    'Offres par SMS',
    'Date',
    'Léa',
    'Blanc',
    'lea@exemple.fr',
    'oui',
    'Paul',
    'Noir',
    'paul@exemple.fr',
    'non',
  ];
  const s = (index: number, ref: string) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Clients" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t>${text}</t></si>`).join('')}</sst>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${s(0, 'A1')}${s(1, 'B1')}${s(2, 'C1')}${s(3, 'D1')}${s(4, 'E1')}</row><row r="2">${s(5, 'A2')}${s(6, 'B2')}${s(7, 'C2')}${s(8, 'D2')}<c r="E2" s="1"><v>46037</v></c></row><row r="3">${s(9, 'A3')}${s(10, 'B3')}${s(11, 'C3')}${s(12, 'D3')}<c r="E3"><v>46038</v></c></row></sheetData></worksheet>`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  execFileSync('zip', ['-q', '-X', '-r', 'book.xlsx', '[Content_Types].xml', '_rels', 'xl'], { cwd: dir });
  const bytes = await readFile(join(dir, 'book.xlsx'));
  await rm(dir, { recursive: true, force: true });
  return bytes;
}

test('an .xlsx sheet with Excel serial dates is read to the day', async ({ page, host }) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  await openImport(page);
  await page.getByTestId('import-file').setInputFiles({
    name: 'clients.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await xlsxWithSerialDates(),
  });
  await expect(page.getByTestId('import-loaded')).toContainText('feuille « Clients »');
  await page.getByTestId('import-check').click();
  await expect(page.getByTestId('import-summary')).toContainText('2 décision(s) lisible(s) sur 2 ligne(s)');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('2 décision(s) importée(s)');
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Léa' }).click();
  // 46037 = 15 January 2026 (a date-styled cell), 46038 = 16 January 2026 (a bare number).
  await expect(page.getByTestId('consent-history')).toContainText('15 janvier 2026 —');
  await page.getByTestId('nav-subjects').click();
  await page.getByTestId('subject-row').filter({ hasText: 'Paul' }).click();
  await expect(page.getByTestId('consent-history')).toContainText('16 janvier 2026 —');
  await expect(page.getByTestId('preference-row').filter({ hasText: 'Offres par SMS' })).toContainText(
    'Refusé',
  );
});

test('a file that is not a table gets one clear message', async ({ page, host }) => {
  await openSetUpApp(page, host.url);
  await seedPurposes(page);
  await openImport(page);
  await page.getByTestId('import-file').setInputFiles({
    name: 'unicode.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('\uFEFFNom;Prénom\r\nA;B\r\n', 'utf16le'),
  });
  await expect(page.getByTestId('import-problem')).toContainText('UTF-16');
  await page.getByTestId('import-file').setInputFiles({
    name: 'vide.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Prénom;Nom;E-mail\r\n'),
  });
  await expect(page.getByTestId('import-problem')).toContainText('qu’une ligne d’en-têtes');
});
