/**
 * From a table to checked decisions: which column says what (the mapping, proposed from the
 * header names and reviewed by the user), in either layout shops keep —
 *  - long: one row per decision, a purpose column and a decision column;
 *  - wide: one row per person, one column per purpose whose cells say oui/non, x/blank, ✓…
 * then every row checked. A refused row has its line and a reason key; nothing is stored here.
 */
import { parseIsoDate } from '../deadlines/calendar';
import { subjectInputSchema } from '../domain/subject';
import { foldText } from '../text/normalize';
import { trimCell, type CellProblem, type CsvTable } from './import';
import type { ConsentChannel, Decision, Purpose } from './model';

export const PERSON_FIELDS = ['firstName', 'lastName', 'fullName', 'email', 'phone', 'customerRef'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export const IMPORT_FIELDS = [
  ...PERSON_FIELDS,
  'purpose',
  'decision',
  'decidedOn',
  'channel',
  'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** What one column of the file holds. */
export type ColumnRole =
  | { kind: 'ignore' }
  | { kind: 'field'; field: ImportField }
  /** Wide layout: this column holds the decisions about one purpose. */
  | { kind: 'purpose'; purposeId: string }
  /** Looks like a purpose column but names no known purpose: the user creates it or ignores it. */
  | { kind: 'unknownPurpose' };

/** One role per column, in the file's column order. */
export type ImportMapping = ColumnRole[];

/** Folded to lower-case ASCII letters and digits, nothing else: "Réf. client" → "refclient". */
const compact = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '');

/** Folded words separated by single spaces: "Lettre d’information" → "lettre d information". */
const phrase = (text: string): string =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Header names, compacted, that spreadsheets in French or English commonly use. */
const HEADER_NAMES: Record<ImportField, readonly string[]> = {
  firstName: ['prenom', 'prenoms', 'firstname', 'givenname', 'forename'],
  lastName: ['nom', 'nomdefamille', 'lastname', 'surname', 'familyname'],
  fullName: ['nomcomplet', 'nometprenom', 'prenometnom', 'client', 'cliente', 'fullname', 'name', 'customer'],
  email: [
    'email',
    'mail',
    'courriel',
    'mel',
    'adresseemail',
    'adressemail',
    'adressecourriel',
    'emailaddress',
  ],
  phone: [
    'telephone',
    'tel',
    'phone',
    'phonenumber',
    'telephonenumber',
    'mobile',
    'portable',
    'numerodetelephone',
    'sms',
  ],
  customerRef: [
    'refclient',
    'referenceclient',
    'numeroclient',
    'nclient',
    'noclient',
    'codeclient',
    'ref',
    'reference',
    'customerref',
    'customerreference',
    'customerid',
    'customernumber',
  ],
  purpose: ['finalite', 'finalites', 'purpose'],
  decision: ['decision', 'consentement', 'consent', 'choix'],
  decidedOn: [
    'date',
    'dateduconsentement',
    'dateconsentement',
    'datedeconsentement',
    'datedecision',
    'datedeladecision',
    'consentdate',
    'dateofconsent',
    'decisiondate',
    'datedinscription',
    'signupdate',
  ],
  channel: [
    'canal',
    'source',
    'origine',
    'recueilli',
    'recueillipar',
    'channel',
    'collectedvia',
    'via',
    'moyen',
  ],
  note: ['note', 'notes', 'remarque', 'remarques', 'commentaire', 'commentaires', 'comment', 'comments'],
};

/** A cell of a wide layout's purpose column: what it says, or undefined when it says nothing readable. */
export function readDecisionCell(text: string): Decision | 'blank' | undefined {
  const cell = trimCell(text);
  if (cell === '') return 'blank';
  if (/^[✓✔☑☒✅]$/u.test(cell)) return 'granted';
  if (/^[✗✘❌☐]$/u.test(cell)) return 'refused';
  return DECISION_WORDS.get(phrase(cell));
}

const DECISION_WORDS = new Map<string, Decision>(
  Object.entries({
    oui: 'granted',
    o: 'granted',
    yes: 'granted',
    y: 'granted',
    x: 'granted',
    vrai: 'granted',
    true: 'granted',
    accepte: 'granted',
    acceptee: 'granted',
    accepted: 'granted',
    granted: 'granted',
    inscrit: 'granted',
    inscrite: 'granted',
    '1': 'granted',
    non: 'refused',
    n: 'refused',
    no: 'refused',
    faux: 'refused',
    false: 'refused',
    refuse: 'refused',
    refusee: 'refused',
    refused: 'refused',
    '0': 'refused',
    retire: 'withdrawn',
    retiree: 'withdrawn',
    withdrawn: 'withdrawn',
    desinscrit: 'withdrawn',
    desinscrite: 'withdrawn',
    unsubscribed: 'withdrawn',
  } satisfies Record<string, Decision>),
);

/** The channel words shops write, to the app's channels. */
const CHANNEL_WORDS = new Map<string, ConsentChannel>(
  Object.entries({
    papier: 'paper_form',
    formulaire: 'paper_form',
    'formulaire papier': 'paper_form',
    bulletin: 'paper_form',
    paper: 'paper_form',
    'paper form': 'paper_form',
    form: 'paper_form',
    telephone: 'phone',
    tel: 'phone',
    phone: 'phone',
    appel: 'phone',
    call: 'phone',
    comptoir: 'counter',
    'au comptoir': 'counter',
    magasin: 'counter',
    'en magasin': 'counter',
    boutique: 'counter',
    caisse: 'counter',
    counter: 'counter',
    shop: 'counter',
    store: 'counter',
    'in store': 'counter',
    email: 'email',
    'e mail': 'email',
    mail: 'email',
    courriel: 'email',
    web: 'web',
    site: 'web',
    'site web': 'web',
    internet: 'web',
    'en ligne': 'web',
    online: 'web',
    website: 'web',
    brevo: 'mailing_tool',
    sendinblue: 'mailing_tool',
    mailchimp: 'mailing_tool',
    'outil d emailing': 'mailing_tool',
    'mailing tool': 'mailing_tool',
    import: 'import',
  } satisfies Record<string, ConsentChannel>),
);

export function readChannel(text: string): ConsentChannel | undefined {
  return CHANNEL_WORDS.get(phrase(text));
}

function purposeNamed(purposes: readonly Purpose[], text: string): Purpose[] {
  const key = phrase(text);
  if (key === '') return [];
  const byId = purposes.filter((purpose) => purpose.id === trimCell(text));
  if (byId.length > 0) return byId;
  return purposes.filter((purpose) => phrase(purpose.name.fr) === key || phrase(purpose.name.en) === key);
}

/**
 * A first mapping, from header names in French or English (case, accents, spaces and punctuation
 * ignored) and from the cells: a column named after a purpose is that purpose's column; an
 * unnamed column whose cells are all decision words (oui/non, x…) is taken for a purpose the app
 * does not know. Each field goes to one column at most, the first that fits. The user reviews it.
 */
export function suggestMapping(
  table: Pick<CsvTable, 'headers' | 'rows'>,
  purposes: readonly Purpose[],
): ImportMapping {
  const mapping: ImportMapping = table.headers.map(() => ({ kind: 'ignore' }));
  const taken = new Set<ImportField>();
  table.headers.forEach((header, index) => {
    const name = compact(header);
    const field = IMPORT_FIELDS.find(
      (candidate) => !taken.has(candidate) && HEADER_NAMES[candidate].includes(name),
    );
    if (field) {
      mapping[index] = { kind: 'field', field };
      taken.add(field);
      return;
    }
    const active = purposeNamed(purposes, header).filter((purpose) => purpose.active);
    if (active.length === 1 && active[0]) {
      mapping[index] = { kind: 'purpose', purposeId: active[0].id };
      return;
    }
    const sample = table.rows.slice(0, 200).map((row) => row[index] ?? '');
    const said = sample.map(readDecisionCell);
    if (header !== '' && said.every((cell) => cell !== undefined) && said.some((cell) => cell !== 'blank'))
      mapping[index] = { kind: 'unknownPurpose' };
  });
  // "Nom" alone with no first-name column is often "Dupont Anne": the user may say so; a lone
  // full-name column stays as proposed.
  return mapping;
}

/** A mapping is kept per set of headers: the same spreadsheet exported again opens mapped. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map(compact).join('|');
}

export type Layout = 'long' | 'wide' | 'none';

/** Wide when any column is a purpose's; long when purpose and decision columns are both mapped. */
export function layoutOf(mapping: ImportMapping): Layout {
  if (mapping.some((role) => role.kind === 'purpose')) return 'wide';
  const fields = new Set(mapping.flatMap((role) => (role.kind === 'field' ? [role.field] : [])));
  return fields.has('purpose') && fields.has('decision') ? 'long' : 'none';
}

/** Reasons a row is refused, as i18n keys; the first that applies is reported. */
export const IMPORT_REASONS = [
  'import.reasons.extraCells',
  'import.reasons.badQuotes',
  /** Neither a first nor a last name, or no email, phone or customer reference to find the person by. */
  'import.reasons.noIdentity',
  'import.reasons.badEmail',
  'import.reasons.badPhone',
  /** A name, reference or note longer than a person's record or a consent allows. */
  'import.reasons.tooLong',
  'import.reasons.unknownPurpose',
  'import.reasons.inactivePurpose',
  /** The name fits several active purposes. */
  'import.reasons.ambiguousPurpose',
  'import.reasons.badDecision',
  /** No date, or not a shape we read. */
  'import.reasons.badDate',
  /** A shape we read, but a day that does not exist (31/02/2026); `values[0]` is the text. */
  'import.reasons.impossibleDate',
  'import.reasons.futureDate',
  'import.reasons.badChannel',
  /** A wide row whose purpose cells are all blank: nothing to record. */
  'import.reasons.noDecision',
  /** The email or phone is on the suppression list: an erased person who objected to marketing. */
  'import.reasons.suppressed',
] as const satisfies readonly (CellProblem | `import.reasons.${string}`)[];
export type ImportReason = (typeof IMPORT_REASONS)[number];

export type ImportSubject = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  customerRef: string;
};

export type ImportDecision = { purposeId: string; decision: Decision };

/** One row of the file, checked: a person and what they decided, when and how. */
export type ImportRow = {
  line: number;
  subject: ImportSubject;
  decisions: ImportDecision[];
  /** 'YYYY-MM-DD' */
  decidedOn: string;
  /** 'HH:MM' local time when the file gives one; '' for a date alone (no time is invented). */
  decidedTime: string;
  channel: ConsentChannel;
  note: string;
};

/** A refused row; `detail` is shown with the reason (the impossible date, the unknown word). */
export type ImportIssue = { line: number; reason: ImportReason; detail: string; values: string[] };

export type ImportContext = {
  purposes: readonly Purpose[];
  today: string;
  /** The channel of a row without a channel column or with the cell blank. */
  defaultChannel: ConsentChannel;
  /** True for an email or phone on the suppression list (renderer/src/db/erasure.ts). */
  suppressed?: (person: { email: string; phone: string }) => boolean;
};

/** A consent's note (shared/consent/model.ts). */
const NOTE_MAX = 5000;

const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::\d{2})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;
/** Excel serial days: 1 = 1900-01-01, with Lotus's 29/02/1900; 25569 = 1970-01-01. */
const SERIAL = /^(\d{5})(?:\.(\d+))?$/;
const EXCEL_EPOCH_SERIAL = 25569;

export type ImportDate = { date: string; time: string } | { impossible: string } | undefined;

/**
 * dd/mm/yyyy (also with '.' or '-'), yyyy-mm-dd, each optionally followed by a time (hh:mm), or an
 * Excel serial day number (a date cell written as a number: 46023 = 2026-01-01) between 1950 and
 * 2100. A real day gives { date, time } ('' when no time); a well-shaped day that does not exist
 * (31/02/2026) gives { impossible }; anything else undefined.
 */
export function parseImportDate(text: string): ImportDate {
  const cell = trimCell(text);
  const serial = SERIAL.exec(cell);
  if (serial) {
    const days = Number(serial[1]);
    if (days < 18264 || days > 73051) return undefined;
    const ms = (days - EXCEL_EPOCH_SERIAL) * 86_400_000;
    const minutes = serial[2] ? Math.round(Number(`0.${serial[2]}`) * 1440) : 0;
    const date = new Date(ms).toISOString().slice(0, 10);
    const time =
      minutes > 0 && minutes < 1440
        ? `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
        : '';
    return { date, time };
  }
  const french = FRENCH_DATE.exec(cell);
  const iso = ISO_DATE.exec(cell);
  const parts = french
    ? { y: french[3], m: french[2], d: french[1], h: french[4], min: french[5] }
    : iso
      ? { y: iso[1], m: iso[2], d: iso[3], h: iso[4], min: iso[5] }
      : undefined;
  if (!parts?.y || !parts.m || !parts.d) return undefined;
  const date = `${parts.y}-${parts.m.padStart(2, '0')}-${parts.d.padStart(2, '0')}`;
  const month = Number(parts.m);
  if (month < 1 || month > 12 || Number(parts.d) < 1) return undefined;
  if (parseIsoDate(date) === undefined) return { impossible: cell };
  let time = '';
  if (parts.h !== undefined && parts.min !== undefined) {
    const hours = Number(parts.h);
    const minutes = Number(parts.min);
    if (hours > 23 || minutes > 59) return { impossible: cell };
    if (hours !== 0 || minutes !== 0) time = `${String(hours).padStart(2, '0')}:${parts.min}`;
  }
  return { date, time };
}

/** "Dupont Anne" or "Anne Dupont" in one column: the last word is taken for the last name unless
 * it is written in capitals before the first name ("DUPONT Anne"). */
export function splitFullName(text: string): { firstName: string; lastName: string } {
  const parts = trimCell(text).split(/\s+/).filter(Boolean);
  if (parts.length < 2) return { firstName: '', lastName: parts[0] ?? '' };
  const capitals = parts.filter((part) => /\p{L}/u.test(part) && part === part.toUpperCase());
  if (capitals.length > 0 && capitals.length < parts.length && parts[0] === capitals[0]) {
    return { lastName: capitals.join(' '), firstName: parts.slice(capitals.length).join(' ') };
  }
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] ?? '' };
}

type Reason = ImportReason;

function subjectProblem(subject: ImportSubject): Reason | undefined {
  const named = subject.firstName !== '' || subject.lastName !== '';
  const findable = subject.email !== '' || subject.phone !== '' || subject.customerRef !== '';
  if (!named || !findable) return 'import.reasons.noIdentity';
  const checked = subjectInputSchema.safeParse(subject);
  if (checked.success) return undefined;
  const fields = new Set(checked.error.issues.map((issue) => issue.path[0]));
  if (fields.has('email')) return 'import.reasons.badEmail';
  if (fields.has('phone')) return 'import.reasons.badPhone';
  return 'import.reasons.tooLong';
}

type PurposeMatch = { purposeId: string } | { reason: Reason };

function matchPurpose(purposes: readonly Purpose[], text: string): PurposeMatch {
  const named = purposeNamed(purposes, text);
  const active = named.filter((purpose) => purpose.active);
  if (active.length > 1) return { reason: 'import.reasons.ambiguousPurpose' };
  if (active[0]) return { purposeId: active[0].id };
  return { reason: named.length > 0 ? 'import.reasons.inactivePurpose' : 'import.reasons.unknownPurpose' };
}

type Checked = Omit<ImportRow, 'line'> | { reason: Reason; detail: string };

function checkRow(values: readonly string[], mapping: ImportMapping, context: ImportContext): Checked {
  const column = (field: ImportField): number =>
    mapping.findIndex((role) => role.kind === 'field' && role.field === field);
  const cell = (field: ImportField): string => {
    const index = column(field);
    return index < 0 ? '' : trimCell(values[index] ?? '');
  };
  const split = splitFullName(cell('fullName'));
  const subject: ImportSubject = {
    firstName: cell('firstName') || (cell('lastName') ? '' : split.firstName),
    lastName: cell('lastName') || split.lastName,
    email: cell('email'),
    phone: cell('phone'),
    customerRef: cell('customerRef'),
  };
  const fail = (reason: Reason, detail = ''): Checked => ({ reason, detail });
  const problem = subjectProblem(subject);
  if (problem) return fail(problem);
  if (context.suppressed?.(subject)) return fail('import.reasons.suppressed');
  const note = cell('note');
  if (note.length > NOTE_MAX) return fail('import.reasons.tooLong');

  const decisions: ImportDecision[] = [];
  if (column('purpose') >= 0 || column('decision') >= 0) {
    const purpose = matchPurpose(context.purposes, cell('purpose'));
    if ('reason' in purpose) return fail(purpose.reason, cell('purpose'));
    const decision = readDecisionCell(cell('decision'));
    if (decision === undefined || decision === 'blank')
      return fail('import.reasons.badDecision', cell('decision'));
    decisions.push({ purposeId: purpose.purposeId, decision });
  }
  for (const [index, role] of mapping.entries()) {
    if (role.kind !== 'purpose') continue;
    const text = values[index] ?? '';
    const decision = readDecisionCell(text);
    if (decision === undefined) return fail('import.reasons.badDecision', trimCell(text));
    if (decision === 'blank') continue;
    if (!context.purposes.some((purpose) => purpose.id === role.purposeId && purpose.active))
      return fail('import.reasons.inactivePurpose');
    decisions.push({ purposeId: role.purposeId, decision });
  }
  if (decisions.length === 0) return fail('import.reasons.noDecision');

  const when = parseImportDate(cell('decidedOn'));
  if (when === undefined) return fail('import.reasons.badDate', cell('decidedOn'));
  if ('impossible' in when) return fail('import.reasons.impossibleDate', when.impossible);
  if (when.date > context.today) return fail('import.reasons.futureDate', cell('decidedOn'));
  const channelText = cell('channel');
  const channel = channelText === '' ? context.defaultChannel : readChannel(channelText);
  if (!channel) return fail('import.reasons.badChannel', channelText);
  return { subject, decisions, decidedOn: when.date, decidedTime: when.time, channel, note };
}

/**
 * Check every row of the table against the mapping, in either layout. Cells are trimmed (blanks,
 * no-break and zero-width spaces); a field without a column is empty; a formula is plain text.
 * Rules: a first or last name, and an email, phone or customer reference; a well-formed email and
 * phone; a purpose by id or by its French or English name among active purposes (long layout);
 * a decision word in French or English or a mark (wide layout: blank = no decision); a real date
 * not after `today`; a known channel word or the default; an email and phone not on the
 * suppression list. Rows the parser could not split are refused with their line too.
 * Throws a RangeError when `today` is not a 'YYYY-MM-DD' date.
 */
export function validateImportRows(
  table: CsvTable,
  mapping: ImportMapping,
  context: ImportContext,
): { valid: ImportRow[]; invalid: ImportIssue[] } {
  if (parseIsoDate(context.today) === undefined)
    throw new RangeError(`validateImportRows: not a 'YYYY-MM-DD' date: ${context.today}`);
  const valid: ImportRow[] = [];
  const invalid: ImportIssue[] = table.broken.map((row) => ({
    line: row.line,
    reason: row.reason,
    detail: '',
    values: [row.text],
  }));
  table.rows.forEach((values, index) => {
    const line = table.lines[index] ?? index + 2;
    const checked = checkRow(values, mapping, context);
    // An erased person is not named, not even in the report.
    if ('reason' in checked)
      invalid.push({
        line,
        reason: checked.reason,
        detail: checked.detail,
        values: checked.reason === 'import.reasons.suppressed' ? [] : [...values],
      });
    else valid.push({ line, ...checked });
  });
  invalid.sort((a, b) => a.line - b.line);
  return { valid, invalid };
}

/** Mailing tools whose unsubscribe or blocklist export the import reads as withdrawals. */
export const MAILING_TOOLS = ['brevo', 'mailchimp'] as const;
export type MailingTool = (typeof MAILING_TOOLS)[number];

/**
 * Columns of the tools' contact exports: Mailchimp's audience export ("Email Address", "First
 * Name", "Last Name", "UNSUB_TIME"), Brevo's contact export (attribute names in capitals: EMAIL,
 * FIRSTNAME/PRENOM, LASTNAME/NOM, SMS) with the date the contact was blocklisted or unsubscribed.
 */
const MAILING_HEADERS: Record<MailingTool, { email: string[]; date: string[] }> = {
  mailchimp: { email: ['emailaddress'], date: ['unsubtime'] },
  brevo: {
    email: ['email'],
    date: [
      'blocklistedat',
      'blacklistedat',
      'unsubscribedat',
      'unsubscriptiondate',
      'dateofunsubscription',
      'datededesinscription',
      'desinscritle',
      'blockedat',
      'emailblacklistedat',
      'updatedat',
      'modifiedat',
      'lastchanged',
    ],
  },
};
const FIRST_NAMES = ['firstname', 'prenom'];
const LAST_NAMES = ['lastname', 'nom'];

/** Which tool's export a header row is, with the columns read; undefined when it is neither. */
export function mailingExportOf(
  headers: readonly string[],
): { tool: MailingTool; email: number; date: number; firstName: number; lastName: number } | undefined {
  const names = headers.map(compact);
  for (const tool of MAILING_TOOLS) {
    const email = names.findIndex((name) => MAILING_HEADERS[tool].email.includes(name));
    const date = MAILING_HEADERS[tool].date
      .map((candidate) => names.indexOf(candidate))
      .find((index) => index >= 0);
    if (email >= 0 && date !== undefined)
      return {
        tool,
        email,
        date,
        firstName: names.findIndex((name) => FIRST_NAMES.includes(name)),
        lastName: names.findIndex((name) => LAST_NAMES.includes(name)),
      };
  }
  return undefined;
}

/**
 * A mailing tool's unsubscribe export as withdrawals of consent to one purpose, channel
 * 'mailing_tool': one row per address, dated by the tool. The person is found by email only (a
 * withdrawal restricts, never grants), so rows need no name; an invalid email or date is refused.
 */
export function mailingWithdrawalRows(
  table: CsvTable,
  purposeId: string,
  context: Pick<ImportContext, 'today'>,
): { tool: MailingTool; valid: ImportRow[]; invalid: ImportIssue[] } | undefined {
  const found = mailingExportOf(table.headers);
  if (!found) return undefined;
  const valid: ImportRow[] = [];
  const invalid: ImportIssue[] = table.broken.map((row) => ({
    line: row.line,
    reason: row.reason,
    detail: '',
    values: [row.text],
  }));
  table.rows.forEach((values, index) => {
    const line = table.lines[index] ?? index + 2;
    const cell = (column: number) => (column < 0 ? '' : trimCell(values[column] ?? ''));
    const fail = (reason: ImportReason, detail = '') =>
      invalid.push({ line, reason, detail, values: [...values] });
    const subject: ImportSubject = {
      firstName: cell(found.firstName),
      lastName: cell(found.lastName),
      email: cell(found.email),
      phone: '',
      customerRef: '',
    };
    if (!subjectInputSchema.shape.email.safeParse(subject.email).success || subject.email === '')
      return fail('import.reasons.badEmail', subject.email);
    const when = parseImportDate(cell(found.date));
    if (when === undefined) return fail('import.reasons.badDate', cell(found.date));
    if ('impossible' in when) return fail('import.reasons.impossibleDate', when.impossible);
    if (when.date > context.today) return fail('import.reasons.futureDate', cell(found.date));
    valid.push({
      line,
      subject,
      decisions: [{ purposeId, decision: 'withdrawn' }],
      decidedOn: when.date,
      decidedTime: when.time,
      channel: 'mailing_tool',
      note: '',
    });
  });
  invalid.sort((a, b) => a.line - b.line);
  return { tool: found.tool, valid, invalid };
}
