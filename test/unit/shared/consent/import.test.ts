import { describe, expect, it } from 'vitest';
import {
  decodeCsvBytes,
  IMPORT_REASONS,
  ImportError,
  parseCsvTable,
  parseImportDate,
  suggestMapping,
  validateImportRows,
} from '../../../../shared/consent';
import type { CsvTable, ImportMapping, Purpose } from '../../../../shared/consent';

const STAMPS = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  updatedBy: null,
  hlc: '000000000000001-000000-dev',
};

function purpose(id: string, fr: string, en: string, active = true): Purpose {
  return {
    id,
    name: { fr, en },
    description: { fr: '', en: '' },
    channel: 'email',
    lawfulBasis: 'consent',
    reconsentMonths: 36,
    active,
    ...STAMPS,
  };
}

const PURPOSES = [
  purpose('p-news', 'Lettre d’information par e-mail', 'Email newsletter'),
  purpose('p-sms', 'Offres par SMS', 'Offers by text message'),
  purpose('p-fax', 'Offres par télécopie', 'Offers by fax', false),
];
const context = { purposes: PURPOSES, today: '2026-04-15' };

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array): Uint8Array => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);

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
    // "Héloïse;5 €" as Excel writes it in Windows-1252: é = 0xE9, ï = 0xEF, € = 0x80.
    const bytes = Uint8Array.from([0x48, 0xe9, 0x6c, 0x6f, 0xef, 0x73, 0x65, 0x3b, 0x35, 0x20, 0x80]);
    expect(decodeCsvBytes(bytes)).toEqual({ text: 'Héloïse;5 €', encoding: 'windows-1252' });
  });

  it('maps every byte from 0x80 to 0x9F as Windows-1252 does', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, index) => 0x80 + index);
    expect(decodeCsvBytes(bytes).text).toBe(
      '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
        '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178',
    );
    expect(decodeCsvBytes(Uint8Array.from([0x41, 0xa0, 0xff])).text).toBe('A\u00a0\u00ff');
  });

  it('reads an empty file as empty UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
    expect(decodeCsvBytes(withBom(new Uint8Array()))).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('parseCsvTable', () => {
  it('guesses ","', () => {
    expect(parseCsvTable('Nom,Courriel\r\nDupré,h@example.fr\r\n')).toEqual({
      separator: ',',
      headers: ['Nom', 'Courriel'],
      rows: [['Dupré', 'h@example.fr']],
      lines: [2],
    });
  });

  it('guesses ";" even when cells contain commas', () => {
    const table = parseCsvTable('Nom;Note\nDupré;vu en boutique, samedi\nMartin;rappeler, plus tard\n');
    expect(table.separator).toBe(';');
    expect(table.rows).toEqual([
      ['Dupré', 'vu en boutique, samedi'],
      ['Martin', 'rappeler, plus tard'],
    ]);
  });

  it('reads quoted cells holding separators, quotes and line breaks, and numbers rows by their first line', () => {
    const text =
      'Nom;Note;Date\r\n"Dupré; Héloïse";"ligne 1\r\nligne 2 ""citée""";01/02/2026\r\nMartin;"a;b";2026-02-01\r\n';
    const table = parseCsvTable(text);
    expect(table.rows).toEqual([
      ['Dupré; Héloïse', 'ligne 1\r\nligne 2 "citée"', '01/02/2026'],
      ['Martin', 'a;b', '2026-02-01'],
    ]);
    expect(table.lines).toEqual([2, 4]);
  });

  it('skips blank lines and rows of bare separators, trims the header, and drops a byte-order mark', () => {
    const text = '\uFEFF Prénom ; Nom \n\nHéloïse;Dupré\n;\n  \nJean;Martin';
    expect(parseCsvTable(text)).toEqual({
      separator: ';',
      headers: ['Prénom', 'Nom'],
      rows: [
        ['Héloïse', 'Dupré'],
        ['Jean', 'Martin'],
      ],
      lines: [3, 6],
    });
  });

  it('refuses a file without a header, with one column, with an open quote, or binary', () => {
    for (const text of [
      '',
      '\n\n;;\n',
      'Nom\tCourriel\nDupré\th@example.fr\n',
      'Nom;Note\nDupré;"pas fermé\nMartin;x\n',
      'PK\u0003\u0004\u0000\u0000;,',
    ]) {
      expect(() => parseCsvTable(text), JSON.stringify(text)).toThrow(ImportError);
    }
    try {
      parseCsvTable('');
    } catch (error) {
      expect(error).toMatchObject({ code: 'unreadable', message: 'import.unreadable' });
    }
  });
});

describe('suggestMapping', () => {
  it('maps a French header row', () => {
    expect(suggestMapping('Prénom;Nom;Courriel;Finalité;Consentement;Date'.split(';'))).toEqual({
      firstName: 0,
      lastName: 1,
      email: 2,
      purpose: 3,
      decision: 4,
      decidedOn: 5,
    });
  });

  it('maps English and spelled-out variants, ignoring case, accents and punctuation', () => {
    expect(
      suggestMapping([
        'First name',
        'LAST NAME',
        'E-mail',
        'Téléphone',
        'Réf. client',
        'Purpose',
        'Decision',
        'Date du consentement',
        'Canal',
        'Notes',
      ]),
    ).toEqual({
      firstName: 0,
      lastName: 1,
      email: 2,
      phone: 3,
      customerRef: 4,
      purpose: 5,
      decision: 6,
      decidedOn: 7,
      note: 9,
    });
  });

  it('gives each column to one field, the first fitting column winning', () => {
    expect(suggestMapping(['Email', 'Courriel', 'Ville'])).toEqual({ email: 0 });
  });
});

describe('parseImportDate', () => {
  it('reads dd/mm/yyyy, d/m/yyyy and ISO dates that exist', () => {
    expect(parseImportDate('05/03/2026')).toBe('2026-03-05');
    expect(parseImportDate('5/3/2026')).toBe('2026-03-05');
    expect(parseImportDate('2026-03-05')).toBe('2026-03-05');
    expect(parseImportDate('29/02/2024')).toBe('2024-02-29');
  });

  it('refuses impossible days and other shapes', () => {
    for (const text of [
      '31/02/2026',
      '29/02/2025',
      '2026-02-31',
      '03/05/26',
      '2026/03/05',
      '5.3.2026',
      '',
      '13/13/2026',
    ]) {
      expect(parseImportDate(text), text).toBeUndefined();
    }
  });
});

describe('validateImportRows', () => {
  const table = (text: string): CsvTable => parseCsvTable(text);
  const HEADER = 'Prénom;Nom;Courriel;Téléphone;Réf client;Finalité;Consentement;Date;Note';
  const mapping: ImportMapping = suggestMapping(HEADER.split(';'));

  it('reads a whole file: good rows are valid, bad ones reported with their line and reason', () => {
    const text = [
      HEADER,
      'Héloïse;Dupré;heloise@example.fr;;;Lettre d’information par e-mail;Oui;05/03/2026;"vu en boutique;\nsamedi"',
      'Jean;Martin;;06 12 34 56 78;;EMAIL NEWSLETTER;refusé;2026-01-10;',
      'Paul;Durand;paul@example.fr;;;offres par sms;oui;31/02/2026;',
      ';;;;C-42;p-sms;retiré;1/4/2026;',
      'Anne;Petit;;;C-43;Offres par SMS;peut-être;01/04/2026;',
    ].join('\r\n');
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const parsed = parseCsvTable(decodeCsvBytes(bytes).text);
    const result = validateImportRows(parsed, suggestMapping(parsed.headers), context);
    expect(result.valid).toEqual([
      {
        line: 2,
        subject: {
          firstName: 'Héloïse',
          lastName: 'Dupré',
          email: 'heloise@example.fr',
          phone: '',
          customerRef: '',
        },
        purposeId: 'p-news',
        decision: 'granted',
        decidedOn: '2026-03-05',
        note: 'vu en boutique;\nsamedi',
      },
      {
        line: 4,
        subject: {
          firstName: 'Jean',
          lastName: 'Martin',
          email: '',
          phone: '06 12 34 56 78',
          customerRef: '',
        },
        purposeId: 'p-news',
        decision: 'refused',
        decidedOn: '2026-01-10',
        note: '',
      },
    ]);
    expect(result.invalid.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 5, reason: 'import.badDate' },
      { line: 6, reason: 'import.noIdentity' },
      { line: 7, reason: 'import.badDecision' },
    ]);
    expect(result.invalid[0]?.values).toEqual([
      'Paul',
      'Durand',
      'paul@example.fr',
      '',
      '',
      'offres par sms',
      'oui',
      '31/02/2026',
      '',
    ]);
  });

  const row = (cells: string): ReturnType<typeof validateImportRows> =>
    validateImportRows(table(`${HEADER}\n${cells}`), mapping, context);
  const reasonOf = (cells: string): string | undefined => row(cells).invalid[0]?.reason;

  it('refuses a date in the future, accepts today', () => {
    expect(reasonOf('A;B;a@example.fr;;;p-news;oui;16/04/2026;')).toBe('import.futureDate');
    expect(row('A;B;a@example.fr;;;p-news;oui;15/04/2026;').valid[0]?.decidedOn).toBe('2026-04-15');
  });

  it('reads decision words in French and English', () => {
    const decisions = [
      'oui',
      'Yes',
      'ACCEPTÉ',
      'acceptée',
      'granted',
      '1',
      'non',
      'No',
      'Refusé',
      'refused',
      '0',
      'retiré',
      'Withdrawn',
    ].map((word) => row(`A;B;a@example.fr;;;p-news;${word};01/01/2026;`).valid[0]?.decision);
    expect(decisions).toEqual([
      ...Array<string>(6).fill('granted'),
      ...Array<string>(5).fill('refused'),
      'withdrawn',
      'withdrawn',
    ]);
    expect(reasonOf('A;B;a@example.fr;;;p-news;;01/01/2026;')).toBe('import.badDecision');
    expect(reasonOf('A;B;a@example.fr;;;p-news;constructor;01/01/2026;')).toBe('import.badDecision');
  });

  it('finds the purpose by id or name among active purposes', () => {
    expect(row('A;B;a@example.fr;;;Offers by text message;oui;01/01/2026;').valid[0]?.purposeId).toBe(
      'p-sms',
    );
    expect(
      row("A;B;a@example.fr;;;lettre d'information par e-mail;oui;01/01/2026;").valid[0]?.purposeId,
    ).toBe('p-news');
    expect(reasonOf('A;B;a@example.fr;;;Offres par telecopie;oui;01/01/2026;')).toBe(
      'import.inactivePurpose',
    );
    expect(reasonOf('A;B;a@example.fr;;;p-fax;oui;01/01/2026;')).toBe('import.inactivePurpose');
    expect(reasonOf('A;B;a@example.fr;;;Cartes de vœux;oui;01/01/2026;')).toBe('import.unknownPurpose');
    expect(reasonOf('A;B;a@example.fr;;;;oui;01/01/2026;')).toBe('import.unknownPurpose');
    const twins = [...PURPOSES, purpose('p-news-2', 'Newsletter', 'Email newsletter')];
    expect(
      validateImportRows(table(`${HEADER}\nA;B;a@example.fr;;;email newsletter;oui;01/01/2026;`), mapping, {
        ...context,
        purposes: twins,
      }).invalid[0]?.reason,
    ).toBe('import.ambiguousPurpose');
  });

  it('needs a name and a way to find the person, and well-formed contact details', () => {
    expect(reasonOf(';;a@example.fr;;;p-news;oui;01/01/2026;')).toBe('import.noIdentity');
    expect(reasonOf('A;;;;;p-news;oui;01/01/2026;')).toBe('import.noIdentity');
    expect(row(';B;;;C-1;p-news;oui;01/01/2026;').valid).toHaveLength(1);
    expect(reasonOf('A;B;a@example;;;p-news;oui;01/01/2026;')).toBe('import.badEmail');
    expect(reasonOf('A;B;;n/a;;p-news;oui;01/01/2026;')).toBe('import.badPhone');
    expect(reasonOf(`${'A'.repeat(101)};B;a@example.fr;;;p-news;oui;01/01/2026;`)).toBe('import.tooLong');
  });

  it('treats unmapped fields and missing cells as empty', () => {
    const short = table('Nom;Courriel;Finalité;Consentement;Date\nDupré;h@example.fr;p-news;oui');
    const own = suggestMapping(short.headers);
    expect(own.firstName).toBeUndefined();
    expect(validateImportRows(short, own, context).invalid).toEqual([
      { line: 2, reason: 'import.badDate', values: ['Dupré', 'h@example.fr', 'p-news', 'oui'] },
    ]);
    const { decision: _decision, ...withoutDecision } = own;
    expect(validateImportRows(short, withoutDecision, context).invalid[0]?.reason).toBe('import.badDecision');
  });

  it('only ever reports reasons from the closed list', () => {
    const result = row('A;B;x;;;?;?;?;');
    for (const issue of result.invalid) expect(IMPORT_REASONS).toContain(issue.reason);
  });
});
