import { describe, expect, it } from 'vitest';
import {
  IMPORT_REASONS,
  layoutOf,
  mailingExportOf,
  mailingWithdrawalRows,
  parseCsvTable,
  parseImportDate,
  readChannel,
  readDecisionCell,
  splitFullName,
  suggestMapping,
  validateImportRows,
  headerSignature,
  type ImportContext,
  type ImportMapping,
  type Purpose,
} from '../../../../shared/consent';

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
const context: ImportContext = { purposes: PURPOSES, today: '2026-04-15', defaultChannel: 'counter' };

describe('parseImportDate', () => {
  it('reads dd/mm/yyyy, d/m/yyyy, ISO dates, with or without a time', () => {
    expect(parseImportDate('05/03/2026')).toEqual({ date: '2026-03-05', time: '' });
    expect(parseImportDate('5/3/2026')).toEqual({ date: '2026-03-05', time: '' });
    expect(parseImportDate('05.03.2026')).toEqual({ date: '2026-03-05', time: '' });
    expect(parseImportDate('2026-03-05')).toEqual({ date: '2026-03-05', time: '' });
    expect(parseImportDate('29/02/2024')).toEqual({ date: '2024-02-29', time: '' });
    expect(parseImportDate('05/03/2026 14:30')).toEqual({ date: '2026-03-05', time: '14:30' });
    expect(parseImportDate('2026-03-05 09:05:00')).toEqual({ date: '2026-03-05', time: '09:05' });
    expect(parseImportDate('2026-03-05 00:00')).toEqual({ date: '2026-03-05', time: '' });
  });

  it('reads Excel serial day numbers', () => {
    expect(parseImportDate('46023')).toEqual({ date: '2026-01-01', time: '' });
    expect(parseImportDate('45351')).toEqual({ date: '2024-02-29', time: '' });
    expect(parseImportDate('46023.5')).toEqual({ date: '2026-01-01', time: '12:00' });
    expect(parseImportDate('12')).toBeUndefined();
  });

  it('names an impossible day apart from an unreadable text', () => {
    expect(parseImportDate('31/02/2026')).toEqual({ impossible: '31/02/2026' });
    expect(parseImportDate('29/02/2025')).toEqual({ impossible: '29/02/2025' });
    expect(parseImportDate('2026-02-31')).toEqual({ impossible: '2026-02-31' });
    expect(parseImportDate('05/03/2026 25:00')).toEqual({ impossible: '05/03/2026 25:00' });
    for (const text of ['03/05/26', '2026/03/05', '', '13/13/2026', 'hier']) {
      expect(parseImportDate(text), text).toBeUndefined();
    }
  });
});

describe('cells of a wide layout', () => {
  it('reads oui/non, yes/no, x/blank, 1/0, vrai/faux and marks, ignoring case and accents', () => {
    const granted = ['oui', 'OUI', 'Yes', 'x', 'X', '1', 'vrai', 'VRAI', 'true', '✓', '✔', 'Accepté'];
    const refused = ['non', 'No', '0', 'faux', 'FALSE', 'Refusée', '✗'];
    for (const cell of granted) expect(readDecisionCell(cell), cell).toBe('granted');
    for (const cell of refused) expect(readDecisionCell(cell), cell).toBe('refused');
    expect(readDecisionCell('Retiré')).toBe('withdrawn');
    expect(readDecisionCell('  \u00a0')).toBe('blank');
    expect(readDecisionCell('peut-être')).toBeUndefined();
    expect(readDecisionCell('constructor')).toBeUndefined();
  });

  it('maps channel words to the app’s channels', () => {
    expect(readChannel('Papier')).toBe('paper_form');
    expect(readChannel('téléphone')).toBe('phone');
    expect(readChannel('Comptoir')).toBe('counter');
    expect(readChannel('E-mail')).toBe('email');
    expect(readChannel('site web')).toBe('web');
    expect(readChannel('Brevo')).toBe('mailing_tool');
    expect(readChannel('pigeon')).toBeUndefined();
  });

  it('splits a full name, with the capitals as the last name when they come first', () => {
    expect(splitFullName('Anne Dupont')).toEqual({ firstName: 'Anne', lastName: 'Dupont' });
    expect(splitFullName('DUPONT Anne-Marie')).toEqual({ firstName: 'Anne-Marie', lastName: 'DUPONT' });
    expect(splitFullName('Dupont')).toEqual({ firstName: '', lastName: 'Dupont' });
  });
});

describe('suggestMapping and layouts', () => {
  it('maps a long French file', () => {
    const table = parseCsvTable(
      'Prénom;Nom;Courriel;Finalité;Consentement;Date;Canal;Ville\na;b;c;d;e;f;g;h',
    );
    const mapping = suggestMapping(table, PURPOSES);
    expect(mapping).toEqual([
      { kind: 'field', field: 'firstName' },
      { kind: 'field', field: 'lastName' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'purpose' },
      { kind: 'field', field: 'decision' },
      { kind: 'field', field: 'decidedOn' },
      { kind: 'field', field: 'channel' },
      { kind: 'ignore' },
    ]);
    expect(layoutOf(mapping)).toBe('long');
  });

  it('maps a wide English file: purpose columns by name, unknown ones by their cells', () => {
    const table = parseCsvTable(
      'First name,Last name,E-mail,Email newsletter,Offres par SMS,Birthday cards,Date,City\nA,B,a@b.fr,yes,,x,01/02/2026,Lyon\n',
    );
    const mapping = suggestMapping(table, PURPOSES);
    expect(mapping.slice(3, 6)).toEqual([
      { kind: 'purpose', purposeId: 'p-news' },
      { kind: 'purpose', purposeId: 'p-sms' },
      { kind: 'unknownPurpose' },
    ]);
    expect(mapping[7]).toEqual({ kind: 'ignore' });
    expect(layoutOf(mapping)).toBe('wide');
    expect(layoutOf([{ kind: 'ignore' }])).toBe('none');
  });

  it('keys a mapping by its headers, forgiving case and accents', () => {
    expect(headerSignature(['Prénom', 'E-mail'])).toBe(headerSignature(['prenom', 'EMAIL']));
    expect(headerSignature(['Prénom', 'E-mail'])).not.toBe(headerSignature(['Prénom', 'Téléphone']));
  });
});

describe('validateImportRows', () => {
  const WIDE = 'Prénom;Nom;Courriel;Téléphone;Lettre d’information par e-mail;Offres par SMS;Date;Canal;Note';
  const wide = (rows: string[], own: Partial<ImportContext> = {}) => {
    const table = parseCsvTable([WIDE, ...rows].join('\r\n'));
    return validateImportRows(table, suggestMapping(table, PURPOSES), { ...context, ...own });
  };

  it('reads a wide row as one decision per non-blank purpose cell', () => {
    const result = wide([
      'Anne;Dupont;anne@example.fr;;oui;;05/03/2026;papier;',
      'Marc;Petit;;06 12 34 56 78;non;x;2026-03-06 10:15;;vu samedi',
    ]);
    expect(result.invalid).toEqual([]);
    expect(result.valid).toEqual([
      {
        line: 2,
        subject: {
          firstName: 'Anne',
          lastName: 'Dupont',
          email: 'anne@example.fr',
          phone: '',
          customerRef: '',
        },
        decisions: [{ purposeId: 'p-news', decision: 'granted' }],
        decidedOn: '2026-03-05',
        decidedTime: '',
        channel: 'paper_form',
        note: '',
      },
      {
        line: 3,
        subject: {
          firstName: 'Marc',
          lastName: 'Petit',
          email: '',
          phone: '06 12 34 56 78',
          customerRef: '',
        },
        decisions: [
          { purposeId: 'p-news', decision: 'refused' },
          { purposeId: 'p-sms', decision: 'granted' },
        ],
        decidedOn: '2026-03-06',
        decidedTime: '10:15',
        channel: 'counter',
        note: 'vu samedi',
      },
    ]);
  });

  it('refuses bad rows with a specific reason and their line, never the file', () => {
    const result = wide([
      'Anne;Dupont;anne@example.fr;;oui;;31/02/2026;;',
      'Marc;Petit;marc@example;;oui;;01/02/2026;;',
      'Zoé;Roux;zoe@example.fr;;;;01/02/2026;;',
      'Léa;Blanc;lea@example.fr;;peut-être;;01/02/2026;;',
      'Paul;Noir;paul@example.fr;;oui;;16/04/2026;;',
      'Eve;Vert;eve@example.fr;;oui;;01/02/2026;pigeon;',
      '  Ana  ; Gris ;ana@example.fr ;;oui;;01/02/2026;;',
    ]);
    expect(result.invalid.map(({ line, reason, detail }) => ({ line, reason, detail }))).toEqual([
      { line: 2, reason: 'import.reasons.impossibleDate', detail: '31/02/2026' },
      { line: 3, reason: 'import.reasons.badEmail', detail: '' },
      { line: 4, reason: 'import.reasons.noDecision', detail: '' },
      { line: 5, reason: 'import.reasons.badDecision', detail: 'peut-être' },
      { line: 6, reason: 'import.reasons.futureDate', detail: '16/04/2026' },
      { line: 7, reason: 'import.reasons.badChannel', detail: 'pigeon' },
    ]);
    expect(result.valid.map((row) => row.subject)).toEqual([
      { firstName: 'Ana', lastName: 'Gris', email: 'ana@example.fr', phone: '', customerRef: '' },
    ]);
  });

  it('lists cells the parser could not split as refused rows', () => {
    const result = wide([
      'Anne;Dupont;=SOMME(A1;A2);;oui;;01/02/2026;;',
      'Marc;Petit;m@example.fr;;oui;;01/02/2026;;',
    ]);
    expect(result.invalid.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 2, reason: 'import.reasons.extraCells' },
    ]);
    expect(result.valid).toHaveLength(1);
  });

  it('keeps a formula as plain text', () => {
    const result = wide(['Anne;Dupont;anne@example.fr;;oui;;01/02/2026;;=HYPERLINK("http://x")']);
    expect(result.valid[0]?.note).toBe('=HYPERLINK("http://x")');
  });

  it('refuses a suppressed person without naming them', () => {
    const result = wide(['Anne;Dupont;anne@example.fr;;oui;;01/02/2026;;'], {
      suppressed: (person) => person.email === 'anne@example.fr',
    });
    expect(result.invalid).toEqual([
      { line: 2, reason: 'import.reasons.suppressed', detail: '', values: [] },
    ]);
  });

  it('reads a long layout: purpose by id or name among active purposes, decision words', () => {
    const HEADER = 'Prénom;Nom;Courriel;Finalité;Consentement;Date';
    const long = (row: string) => {
      const table = parseCsvTable(`${HEADER}\n${row}`);
      return validateImportRows(table, suggestMapping(table, PURPOSES), context);
    };
    expect(long('A;B;a@example.fr;Offers by text message;oui;01/01/2026').valid[0]?.decisions).toEqual([
      { purposeId: 'p-sms', decision: 'granted' },
    ]);
    expect(long('A;B;a@example.fr;p-fax;oui;01/01/2026').invalid[0]?.reason).toBe(
      'import.reasons.inactivePurpose',
    );
    expect(long('A;B;a@example.fr;Cartes de vœux;oui;01/01/2026').invalid[0]?.reason).toBe(
      'import.reasons.unknownPurpose',
    );
    expect(long('A;B;a@example.fr;p-news;;01/01/2026').invalid[0]?.reason).toBe('import.reasons.badDecision');
  });

  it('needs a name and a way to find the person; a full-name column is split', () => {
    const table = parseCsvTable(
      'Client;Téléphone;Offres par SMS;Date\nDUPONT Anne;0612345678;oui;01/02/2026\n;0612345678;oui;01/02/2026',
    );
    const mapping: ImportMapping = suggestMapping(table, PURPOSES);
    const result = validateImportRows(table, mapping, context);
    expect(result.valid[0]?.subject).toMatchObject({ firstName: 'Anne', lastName: 'DUPONT' });
    expect(result.invalid[0]?.reason).toBe('import.reasons.noIdentity');
  });

  it('only ever reports reasons from the closed list', () => {
    const result = wide(['A;B;x;?;?;?;?;?;?', ';;;;;;;;', '"a;b']);
    for (const issue of result.invalid) expect(IMPORT_REASONS).toContain(issue.reason);
  });
});

describe('mailing tool unsubscribes', () => {
  it('reads a Mailchimp unsubscribed export as withdrawals for the chosen purpose', () => {
    const table = parseCsvTable(
      [
        'Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE',
        'anne@example.fr,Anne,Dupont,2,2024-01-01 10:00:00,2026-02-03 14:32:11,Soldes',
        'not-an-email,,,2,,2026-02-03 14:32:11,',
        'zoe@example.fr,,,2,,2026-02-31 10:00:00,',
      ].join('\n'),
    );
    expect(mailingExportOf(table.headers)?.tool).toBe('mailchimp');
    const result = mailingWithdrawalRows(table, 'p-news', { today: '2026-04-15' });
    expect(result?.valid).toEqual([
      {
        line: 2,
        subject: {
          firstName: 'Anne',
          lastName: 'Dupont',
          email: 'anne@example.fr',
          phone: '',
          customerRef: '',
        },
        decisions: [{ purposeId: 'p-news', decision: 'withdrawn' }],
        decidedOn: '2026-02-03',
        decidedTime: '14:32',
        channel: 'mailing_tool',
        note: '',
      },
    ]);
    expect(result?.invalid.map((issue) => issue.reason)).toEqual([
      'import.reasons.badEmail',
      'import.reasons.impossibleDate',
    ]);
  });

  it('recognises a Brevo export by its EMAIL column and blocklisting date, and nothing else', () => {
    const brevo = parseCsvTable(
      'EMAIL;FIRSTNAME;LASTNAME;BLOCKLISTED_AT\nanne@example.fr;Anne;Dupont;03/02/2026\n',
    );
    expect(mailingExportOf(brevo.headers)).toMatchObject({ tool: 'brevo', email: 0, date: 3 });
    expect(mailingWithdrawalRows(brevo, 'p-news', { today: '2026-04-15' })?.valid).toHaveLength(1);
    expect(mailingExportOf(['Prénom', 'Nom', 'E-mail', 'Date'])).toBeUndefined();
  });
});
