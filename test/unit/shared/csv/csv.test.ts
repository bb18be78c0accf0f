import { describe, expect, it } from 'vitest';
import { csvFileName, neutraliseFormula, toCsv } from '../../../../shared/csv';

const BOM = '\uFEFF';
const columns = [
  { key: 'ref', header: 'Référence' },
  { key: 'name', header: 'Nom' },
];

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark, unless asked not to', () => {
    const csv = toCsv(columns, [{ ref: 'R-1', name: 'Héloïse' }]);
    expect(csv).toBe(`${BOM}Référence,Nom\r\nR-1,Héloïse\r\n`);
    expect(toCsv(columns, [{ ref: 'R-1', name: 'Héloïse' }], { bom: false })).toBe(
      'Référence,Nom\r\nR-1,Héloïse\r\n',
    );
  });

  it('writes the columns in their order, each record ending with CRLF', () => {
    const csv = toCsv(
      [
        { key: 'b', header: 'B' },
        { key: 'a', header: 'A' },
      ],
      [
        { a: 1, b: 2, ignored: 'x' },
        { a: 3, b: 4 },
      ],
      { bom: false },
    );
    expect(csv).toBe('B,A\r\n2,1\r\n4,3\r\n');
  });

  it('writes only the header row when there are no rows, and nothing but the BOM without columns', () => {
    expect(toCsv(columns, [])).toBe(`${BOM}Référence,Nom\r\n`);
    expect(toCsv([], [{ ref: 'x' }])).toBe(BOM);
  });

  it('separates with ";" for Excel in French, quoting cells that contain one', () => {
    const csv = toCsv(columns, [{ ref: 'R;1', name: 'Dupont, Jean' }], { separator: ';', bom: false });
    expect(csv).toBe('Référence;Nom\r\n"R;1";Dupont, Jean\r\n');
  });

  it('quotes quotes, separators and line breaks as RFC 4180 says', () => {
    const csv = toCsv(
      columns,
      [
        { ref: 'a "b" c', name: 'ligne 1\nligne 2' },
        { ref: 'x,y', name: 'cr\r\nlf' },
      ],
      {
        bom: false,
      },
    );
    expect(csv).toBe('Référence,Nom\r\n"a ""b"" c","ligne 1\nligne 2"\r\n"x,y","cr\r\nlf"\r\n');
  });

  it('neutralises a formula: =HYPERLINK(...) comes out as quoted text', () => {
    const csv = toCsv(columns, [{ ref: 'R-1', name: '=HYPERLINK("http://x","y")' }], { bom: false });
    expect(csv).toBe('Référence,Nom\r\nR-1,"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it('neutralises every text cell starting with = + - @ tab or CR, and quotes it', () => {
    const cells: [string, string][] = [
      ['=1+2', `"'=1+2"`],
      ['+33 6 12 34 56 78', `"'+33 6 12 34 56 78"`],
      ['-2+3', `"'-2+3"`],
      ['@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
      ['\t=1+2', `"'\t=1+2"`],
      ['\r=1+2', `"'\r=1+2"`],
    ];
    for (const [cell, expected] of cells) {
      expect(toCsv([{ key: 'v', header: 'V' }], [{ v: cell }], { bom: false })).toBe(`V\r\n${expected}\r\n`);
    }
  });

  it('neutralises a formula followed by a line break (papaparse’s own escapeFormulae misses it)', () => {
    expect(toCsv([{ key: 'v', header: 'V' }], [{ v: '=1+2\nsuite' }], { bom: false })).toBe(
      `V\r\n"'=1+2\nsuite"\r\n`,
    );
  });

  it('neutralises headers too', () => {
    expect(toCsv([{ key: 'v', header: '=danger' }], [], { bom: false })).toBe(`"'=danger"\r\n`);
  });

  it('leaves other cells alone, including a formula character later in the text', () => {
    const csv = toCsv(
      [{ key: 'v', header: 'V' }],
      [{ v: 'a=b' }, { v: "'=déjà neutre" }, { v: 'rgpd@dupre.fr' }],
      {
        bom: false,
      },
    );
    expect(csv).toBe(`V\r\na=b\r\n"'=déjà neutre"\r\nrgpd@dupre.fr\r\n`);
  });

  it('writes numbers, bigints and booleans as text, unchanged: -5 stays a number in the spreadsheet', () => {
    const csv = toCsv(
      [
        { key: 'n', header: 'n' },
        { key: 'f', header: 'f' },
        { key: 'b', header: 'b' },
        { key: 'i', header: 'i' },
      ],
      [
        { n: -5, f: 3.5, b: true, i: 12345678901234567890n },
        { n: 0, f: -0.25, b: false, i: -1n },
      ],
      { bom: false },
    );
    expect(csv).toBe('n,f,b,i\r\n-5,3.5,true,12345678901234567890\r\n0,-0.25,false,-1\r\n');
  });

  it('but a string "-5" is text and is neutralised like any other', () => {
    expect(neutraliseFormula('-5')).toBe("'-5");
  });

  it('neutralises fullwidth formula signs and formulas after blanks, no-break or zero-width spaces or a BOM', () => {
    for (const cell of [
      '＝1+2',
      '＋33 6 12',
      '－2',
      '＠SUM(A1)',
      ' =1+2',
      '\u00a0=1+2',
      '\u200b=1+2',
      '\u2060@x',
      '\ufeff=1+2',
      '\n=1+2',
    ]) {
      expect(neutraliseFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
      expect(toCsv([{ key: 'v', header: 'V' }], [{ v: cell }], { bom: false })).toMatch(/^V\r\n"'/);
    }
    for (const cell of ['Dupont', 'a=b', ' Dupont', '\u00a0x', '0612345678'])
      expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('writes an E.164 phone as is in a phone column for a mailing tool, and neutralises anything else there', () => {
    const phone = [{ key: 'p', header: 'SMS', e164: true }];
    expect(toCsv(phone, [{ p: '+33612345678' }], { bom: false })).toBe('SMS\r\n+33612345678\r\n');
    expect(toCsv(phone, [{ p: '+33 6 12' }], { bom: false })).toBe(`SMS\r\n"'+33 6 12"\r\n`);
    expect(toCsv(phone, [{ p: '+1=2' }], { bom: false })).toBe(`SMS\r\n"'+1=2"\r\n`);
    expect(toCsv([{ key: 'p', header: 'Tel' }], [{ p: '+33612345678' }], { bom: false })).toBe(
      `Tel\r\n"'+33612345678"\r\n`,
    );
  });

  it('writes null and undefined as empty cells', () => {
    expect(toCsv(columns, [{ ref: null, name: undefined }, {}], { bom: false })).toBe(
      'Référence,Nom\r\n,\r\n,\r\n',
    );
  });

  it('refuses Dates and objects: callers format them first', () => {
    expect(() => toCsv(columns, [{ ref: new Date(0) }])).toThrow(/column 'ref'.*Date/);
    expect(() => toCsv(columns, [{ name: { a: 1 } }])).toThrow(TypeError);
  });
});

describe('csvFileName', () => {
  it('makes a safe file name from a title and a date', () => {
    expect(csvFileName('demandes', '2026-04-07')).toBe('demandes-2026-04-07.csv');
    expect(csvFileName('Demandes RGPD', '2026-04-07')).toBe('Demandes-RGPD-2026-04-07.csv');
    expect(csvFileName('Données été / œuvres', '2026-04-07')).toBe('Donnees-ete-uvres-2026-04-07.csv');
    expect(csvFileName('../../etc/passwd', '2026-04-07')).toBe('etc-passwd-2026-04-07.csv');
    expect(csvFileName('', '2026-04-07')).toBe('export-2026-04-07.csv');
    expect(csvFileName('registre', '')).toBe('registre.csv');
  });
});
