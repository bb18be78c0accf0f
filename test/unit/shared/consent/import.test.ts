import { describe, expect, it } from 'vitest';
import {
  checkImportSize,
  decodeCsvBytes,
  IMPORT_MAX_BYTES,
  ImportError,
  parseCsvTable,
  sheetCellText,
  sheetTable,
  sniffFile,
} from '../../../../shared/consent';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);

/** Windows-1252 bytes of a text made of Latin-1 letters and a few 0x80–0x9F ones. */
export function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '€': 0x80, '’': 0x92, œ: 0x9c, Œ: 0x8c };
  return Uint8Array.from([...text].map((char) => high[char] ?? char.charCodeAt(0)));
}

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error.code;
    throw error;
  }
  return undefined;
};

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with a byte-order mark, and drops the mark', () => {
    expect(decodeCsvBytes(withBom(utf8('Prénom;Nom\r\nHéloïse;Dupré\r\n')))).toEqual({
      text: 'Prénom;Nom\r\nHéloïse;Dupré\r\n',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-8 without a byte-order mark', () => {
    expect(decodeCsvBytes(utf8('Prénom,Nom\nHéloïse,Œuvre'))).toEqual({
      text: 'Prénom,Nom\nHéloïse,Œuvre',
      encoding: 'utf-8',
    });
  });

  it('reads Windows-1252 when the bytes are not UTF-8 (Excel on Windows)', () => {
    expect(decodeCsvBytes(windows1252('Héloïse;5 €;l’œuvre'))).toEqual({
      text: 'Héloïse;5 €;l’œuvre',
      encoding: 'windows-1252',
    });
  });

  it('maps every byte from 0x80 to 0x9F as Windows-1252 does', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, index) => 0x80 + index);
    expect(decodeCsvBytes(bytes).text).toBe(
      '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
        '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178',
    );
  });

  it('refuses UTF-16 (with or without its mark) and binary files with one code each', () => {
    const utf16 = (text: string, bom: boolean) =>
      Uint8Array.from([...(bom ? [0xff, 0xfe] : []), ...[...text].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(codeOf(() => decodeCsvBytes(utf16('Nom;Prénom\r\nA;B\r\n', true)))).toBe('utf16');
    expect(codeOf(() => decodeCsvBytes(utf16('Nom;Prenom\r\nA;B\r\n', false)))).toBe('utf16');
    expect(codeOf(() => decodeCsvBytes(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x01, 0x02, 0x03])))).toBe(
      'binary',
    );
  });
});

describe('sniffFile and size', () => {
  it('tells a workbook (ZIP) from text and refuses an old .xls', () => {
    expect(sniffFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(sniffFile(utf8('Nom;Prénom'))).toBe('text');
    expect(codeOf(() => sniffFile(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0])))).toBe('xls');
  });

  it('refuses a file above the stated limit before reading it', () => {
    expect(IMPORT_MAX_BYTES).toBe(50 * 1024 * 1024);
    expect(() => checkImportSize(IMPORT_MAX_BYTES)).not.toThrow();
    expect(codeOf(() => checkImportSize(200 * 1024 * 1024))).toBe('tooLarge');
  });
});

describe('parseCsvTable', () => {
  it('guesses ",", ";" and tab from the header line', () => {
    expect(parseCsvTable('Nom,Courriel\r\nDupré,h@example.fr\r\n')).toMatchObject({
      separator: ',',
      headers: ['Nom', 'Courriel'],
      rows: [['Dupré', 'h@example.fr']],
      lines: [2],
      broken: [],
    });
    const semi = parseCsvTable('Nom;Note\nDupré;vu en boutique, samedi\n');
    expect(semi.separator).toBe(';');
    expect(semi.rows).toEqual([['Dupré', 'vu en boutique, samedi']]);
    const tab = parseCsvTable('Nom\tCourriel\nDupré\th@example.fr\n');
    expect(tab.separator).toBe('\t');
    expect(tab.rows).toEqual([['Dupré', 'h@example.fr']]);
  });

  it('reads quoted cells holding separators, quotes and line breaks, numbering rows by their first line', () => {
    const text =
      'Nom;Note;Date\r\n"Dupré; Héloïse";"ligne 1\r\nligne 2 ""citée""";01/02/2026\r\nMartin;"a;b";2026-02-01\r\n';
    const table = parseCsvTable(text);
    expect(table.rows).toEqual([
      ['Dupré; Héloïse', 'ligne 1\r\nligne 2 "citée"', '01/02/2026'],
      ['Martin', 'a;b', '2026-02-01'],
    ]);
    expect(table.lines).toEqual([2, 4]);
  });

  it('counts lines right with CRLF, LF and CR mixed', () => {
    const table = parseCsvTable('Nom;Prénom\r\nA;a\nB;b\rC;c\r\n\nD;"d\rd"\nE;e');
    expect(table.rows.map((row) => row[0])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(table.lines).toEqual([2, 3, 4, 6, 8]);
  });

  it('refuses only the row of an unquoted formula holding quotes and the separator, with its line', () => {
    const text = [
      'Prénom;Nom;Courriel;Newsletter',
      'Anne;Dupont;anne@example.fr;oui',
      'Marc;Petit;=SI(B3="x";"oui";"non");oui',
      'Zoé;Roux;zoe@example.fr;non',
    ].join('\r\n');
    const table = parseCsvTable(text);
    expect(table.rows.map((row) => row[0])).toEqual(['Anne', 'Zoé']);
    expect(table.lines).toEqual([2, 4]);
    expect(table.broken).toEqual([
      { line: 3, reason: 'import.reasons.badQuotes', text: 'Marc;Petit;=SI(B3="x";"oui";"non");oui' },
    ]);
    const sum = parseCsvTable('Nom;Note\nDupont;=SOMME(A1;A2)\nPetit;ok\n');
    expect(sum.rows).toEqual([['Petit', 'ok']]);
    expect(sum.broken).toMatchObject([{ line: 2, reason: 'import.reasons.extraCells' }]);
  });

  it('keeps an unquoted formula with quotes but no separator as plain text', () => {
    const table = parseCsvTable('Nom;Note\nDupont;=HYPERLINK("http://x")\n');
    expect(table.rows).toEqual([['Dupont', '=HYPERLINK("http://x")']]);
  });

  it('refuses the row of a quote left open or closed mid-cell, and reads on from the next line', () => {
    const table = parseCsvTable('Nom;Note\nDupré;"pas fermé\nMartin;x\nPetit;"ab"c\nRoux;y\n');
    expect(table.rows).toEqual([
      ['Martin', 'x'],
      ['Roux', 'y'],
    ]);
    expect(table.broken.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 2, reason: 'import.reasons.badQuotes' },
      { line: 4, reason: 'import.reasons.badQuotes' },
    ]);
  });

  it('skips blank lines and rows of bare separators, trims the header, drops a BOM and trailing empty cells', () => {
    const table = parseCsvTable('\uFEFF Prénom ; Nom ;;\n\nHéloïse;Dupré;;\n;;;\n  \nJean;Martin');
    expect(table.headers).toEqual(['Prénom', 'Nom']);
    expect(table.rows).toEqual([
      ['Héloïse', 'Dupré'],
      ['Jean', 'Martin'],
    ]);
    expect(table.lines).toEqual([3, 6]);
  });

  it('tells repeated header names apart', () => {
    expect(parseCsvTable('Nom;Email;email;Nom\na;b;c;d').headers).toEqual([
      'Nom',
      'Email',
      'email (2)',
      'Nom (2)',
    ]);
  });

  it('gives one clear code for what is not a table', () => {
    expect(codeOf(() => parseCsvTable(''))).toBe('empty');
    expect(codeOf(() => parseCsvTable('\n\n  \n'))).toBe('empty');
    expect(codeOf(() => parseCsvTable('Nom;Prénom;Courriel\r\n'))).toBe('headerOnly');
    expect(codeOf(() => parseCsvTable('Nom;Prénom\r\n;\r\n'))).toBe('headerOnly');
    expect(codeOf(() => parseCsvTable('une lettre\nsans séparateur\n'))).toBe('notTable');
    expect(codeOf(() => parseCsvTable('PK\u0003\u0004\u0000\u0000;,'))).toBe('binary');
  });

  it('reads 100,000 rows', () => {
    const lines = ['Prénom;Nom;Courriel;Newsletter;SMS;Date'];
    for (let i = 0; i < 100_000; i += 1) lines.push(`P${i};N${i};p${i}@example.fr;oui;;01/02/2026`);
    const table = parseCsvTable(lines.join('\r\n'));
    expect(table.rows).toHaveLength(100_000);
    expect(table.lines[99_999]).toBe(100_001);
    expect(table.truncated).toBe(false);
  });
});

describe('sheetTable (xlsx)', () => {
  it('reads date cells as days, times when there are some, numbers without exponent', () => {
    expect(sheetCellText(new Date(Date.UTC(2026, 0, 15)))).toBe('2026-01-15');
    expect(sheetCellText(new Date(Date.UTC(2026, 0, 15, 9, 30)))).toBe('2026-01-15 09:30');
    expect(sheetCellText(46037)).toBe('46037');
    expect(sheetCellText(true)).toBe('true');
    expect(sheetCellText(null)).toBe('');
  });

  it('numbers rows by the sheet row and skips blank ones', () => {
    const table = sheetTable([
      ['Nom', 'Date', null],
      [null, null, null],
      ['Dupont', new Date(Date.UTC(2026, 1, 1)), null],
      ['Petit', 46037, 'extra'],
    ]);
    expect(table.headers).toEqual(['Nom', 'Date']);
    expect(table.rows).toEqual([['Dupont', '2026-02-01']]);
    expect(table.lines).toEqual([3]);
    expect(table.broken).toMatchObject([{ line: 4, reason: 'import.reasons.extraCells' }]);
  });
});
