import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareBagPaths } from '../../../../shared/archive/bagit';
import type { AttachmentRef } from '../../../../shared/requests/model';
import {
  auditPages,
  planArchive,
  type ArchiveOptions,
  type ArchivePlan,
} from '../../../../renderer/src/db/archive';
import { createBreach } from '../../../../renderer/src/db/breaches';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { createRegisterEntry } from '../../../../renderer/src/db/registers';
import {
  addRequestNote,
  applyRequestAction,
  createRequest,
  recordLetterSent,
} from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { recordAction, write } from '../../../../renderer/src/db/write';
import { entryFromTemplate, REGISTER_TEMPLATES } from '../../../../shared/registers/templates';
import { allEntries, countEntries } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
let clock = 0;
const ctx = { operatorId: 'clerk', now: () => clock };
/** A local instant, so local days are the same in any time zone the tests run in. */
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const isoAt = (y: number, m: number, d: number, h = 12, min = 0) =>
  new Date(local(y, m, d, h, min)).toISOString();

const BASE: ArchiveOptions = {
  from: '2026-01-01',
  to: '2026-03-31',
  contents: ['requests', 'consents', 'subjects', 'registers', 'audit', 'settings'],
  attachments: true,
  pseudonymise: false,
  lang: 'fr',
  workspaceId: 'workspace-1',
  archiveId: '01968a4e-1f00-7000-8000-000000000001',
  exportTime: '2026-04-15T10:00:00.000Z',
  exportedOn: '2026-04-15',
  fingerprint: 'SHA256:test',
  keyId: '0123456789ABCDEF',
};

const ref = (digit: string, name: string, mediaType: AttachmentRef['mediaType']): AttachmentRef => ({
  hash: digit.repeat(64),
  name,
  mediaType,
  size: 1234,
});
const MANDATE = ref('a', 'mandat Héloïse Lefèvre.pdf', 'application/pdf');
const FORM_SCAN = ref('b', 'formulaire-lefevre.jpg', 'image/jpeg');
const OLD_SCAN = ref('c', 'formulaire-aubertin.jpg', 'image/jpeg');

const HELOISE = {
  firstName: 'Héloïse',
  lastName: 'Lefèvre',
  email: 'heloise.lefevre@exemple.fr',
  phone: '+33 6 12 34 56 78',
  customerRef: 'CLI-004217',
  postalAddress: '8 impasse des Mimosas, 57000 Metz',
  notes: 'Préfère être appelée le matin',
};
const FORMULA = {
  firstName: '@SUM(1+1)',
  lastName: '=HYPERLINK("http://evil.example","clic")',
  notes: '-2+3',
};
/** Everything that identifies someone, as typed and as the search keys fold it. */
const PERSONAL = [
  'Héloïse',
  'heloise',
  'Lefèvre',
  'lefevre',
  '12 34 56 78',
  'CLI-004217',
  'Mimosas',
  'appelée le matin',
  'Quintard',
  'quintard',
  'zoe.q@',
  'Maître Petit',
  'Paul Témoin',
  'HYPERLINK',
];

let ids: {
  heloise: string;
  zoe: string;
  formula: string;
  marc: string;
  newsletter: string;
  sms: string;
  notice: string;
  heloiseRequest: string;
};

/**
 * Three phases, each at its own clock: before the period (Marc), in it (Héloïse, the formula
 * person, registers) and after it (Zoé's records dated on both sides of the period's bounds).
 */
async function seed() {
  clock = local(2025, 11, 20);
  let newsletter = '';
  let sms = '';
  let notice = '';
  await write(db, { operatorId: null }, async (w) => {
    await w.create('organisation', {
      legalName: 'Boulangerie Dupré',
      address: '1 rue de la Gare',
      contactEmail: 'contact@dupre.example',
      country: 'FR',
    });
    newsletter = (await w.create('purpose', { name: { fr: 'Lettre', en: 'Newsletter' }, channel: 'email' }))
      .id;
    sms = (await w.create('purpose', { name: { fr: 'SMS', en: 'SMS' }, channel: 'sms' })).id;
    notice = (
      await w.create('notice', { number: 1, title: 'Notice', text: 'Texte', effectiveOn: '2020-01-01' })
    ).id;
  });
  const marcRequest = await createRequest(db, ctx, {
    subject: { create: { firstName: 'Marc', lastName: 'Aubertin', email: 'marc.aubertin@exemple.fr' } },
    rights: ['access'],
    channel: 'email',
    receivedAt: isoAt(2025, 11, 18),
  });
  const marc = marcRequest.subjectId;
  await recordConsents(db, ctx, {
    subject: { id: marc },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'paper_form',
    decidedAt: isoAt(2025, 11, 15),
    noticeId: notice,
    evidence: { attachment: OLD_SCAN },
  });

  clock = local(2026, 2, 15);
  const heloiseRequest = await createRequest(db, ctx, {
    subject: { create: HELOISE },
    rights: ['erasure'],
    channel: 'letter',
    receivedAt: isoAt(2026, 2, 10, 9),
    requesterWords: 'Je suis Héloïse Lefèvre, effacez mes données.',
    viaRepresentative: true,
    representativeName: 'Maître Petit',
    mandate: MANDATE,
  });
  const heloise = heloiseRequest.subjectId;
  await applyRequestAction(db, ctx, heloiseRequest.id, { type: 'start', on: '2026-02-11' });
  await addRequestNote(db, ctx, heloiseRequest.id, 'Rappeler Héloïse au 06 12 34 56 78');
  await recordLetterSent(db, ctx, heloiseRequest.id, {
    kind: 'acknowledgement',
    language: 'fr',
    channel: 'letter',
    subject: 'Votre demande, Madame Lefèvre',
    body: 'Madame Héloïse Lefèvre, 8 impasse des Mimosas…',
    sentOn: '2026-02-12',
  });
  await applyRequestAction(db, ctx, heloiseRequest.id, {
    type: 'extend',
    on: '2026-02-14',
    reasons: 'Les fichiers de Mme Lefèvre sont répartis sur trois magasins.',
  });
  await recordConsents(db, ctx, {
    subject: { id: heloise },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'paper_form',
    decidedAt: isoAt(2026, 2, 12),
    noticeId: notice,
    evidence: { attachment: FORM_SCAN, witnessName: 'Paul Témoin', formReference: 'F-42' },
    note: 'Signé par Héloïse Lefèvre en boutique',
  });
  await recordConsents(db, ctx, {
    subject: { id: heloise },
    decisions: [{ purposeId: sms, decision: 'refused' }],
    channel: 'phone',
    decidedAt: isoAt(2026, 2, 13),
    noticeId: notice,
    evidence: { callReference: 'APP-7' },
  });
  const formulaRequest = await createRequest(db, ctx, {
    subject: { create: FORMULA },
    rights: ['access'],
    channel: 'web_form',
    receivedAt: isoAt(2026, 2, 14),
    requesterWords: '=1+2',
  });
  await createRegisterEntry(
    db,
    ctx,
    entryFromTemplate(REGISTER_TEMPLATES[0]!, 'fr', {
      organisation: {
        legalName: 'Boulangerie Dupré',
        address: '1 rue de la Gare',
        contactEmail: 'contact@dupre.example',
        dpoEmail: '',
        systems: ['Caisse'],
      },
      purposes: [],
    }),
  );
  await createBreach(db, ctx, {
    title: 'Ordinateur volé',
    occurredAt: isoAt(2026, 2, 1, 19),
    awareAt: isoAt(2026, 2, 2, 8),
    description: 'Le portable du magasin a été volé.',
    natures: ['confidentiality'],
    dataCategories: ['Identité'],
    subjectCategories: ['Clients'],
    approxSubjects: 350,
    consequences: 'Hameçonnage.',
    measures: 'Mots de passe changés.',
  });

  // After the period: records dated just inside and just outside its bounds.
  clock = local(2026, 4, 15);
  const zoeRequest = await createRequest(db, ctx, {
    subject: { create: { firstName: 'Zoé', lastName: 'Quintard', email: 'zoe.q@exemple.fr' } },
    rights: ['access'],
    channel: 'email',
    receivedAt: isoAt(2025, 12, 31, 23),
  });
  const zoe = zoeRequest.subjectId;
  for (const receivedAt of [isoAt(2026, 1, 1, 9), isoAt(2026, 3, 31, 22), isoAt(2026, 4, 1, 8)]) {
    await createRequest(db, ctx, { subject: { id: zoe }, rights: ['access'], channel: 'email', receivedAt });
  }
  const decisions = [
    [isoAt(2025, 12, 31, 23, 30), newsletter, 'granted'],
    [isoAt(2026, 1, 1, 0, 30), newsletter, 'withdrawn'],
    [isoAt(2026, 3, 31, 23, 30), sms, 'granted'],
    [isoAt(2026, 4, 1, 0, 30), sms, 'refused'],
  ] as const;
  for (const [decidedAt, purposeId, decision] of decisions) {
    await recordConsents(db, ctx, {
      subject: { id: zoe },
      decisions: [{ purposeId, decision }],
      channel: 'counter',
      decidedAt,
      noticeId: notice,
    });
  }
  ids = {
    heloise,
    zoe,
    formula: formulaRequest.subjectId,
    marc,
    newsletter,
    sms,
    notice,
    heloiseRequest: heloiseRequest.id,
  };
}

type Produced = {
  plan: ArchivePlan;
  text: Map<string, string>;
  bytes: Map<string, Uint8Array>;
  attachments: Map<string, string>;
};

/** Plans the archive and produces every file, as the export streams them to the Node side. */
async function produce(options: Partial<ArchiveOptions> = {}): Promise<Produced> {
  const plan = await planArchive(db, { ...BASE, ...options });
  const produced: Produced = { plan, text: new Map(), bytes: new Map(), attachments: new Map() };
  for (const file of plan.files) {
    if (file.kind === 'text') {
      let text = '';
      for await (const chunk of file.chunks()) text += chunk;
      produced.text.set(file.path, text);
    } else if (file.kind === 'bytes') {
      produced.bytes.set(file.path, file.bytes());
    } else {
      produced.attachments.set(file.path, file.hash);
    }
  }
  return produced;
}

type Row = Record<string, unknown>;
const json = (produced: Produced, name: string): Row[] => {
  const text = produced.text.get(`${name}.json`);
  if (text === undefined) throw new Error(`${name}.json not produced`);
  return JSON.parse(text) as Row[];
};
const csv = (produced: Produced, name: string): Row[] => {
  const text = produced.text.get(`${name}.csv`);
  if (text === undefined) throw new Error(`${name}.csv not produced`);
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header = [], ...rows] = Papa.parse(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
};
const sorted = (values: unknown[]) => values.map(String).sort();

beforeEach(async () => {
  db = await openDeskDb(crypto.randomUUID());
  await seed();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the archive period', () => {
  it('keeps requests received and consents decided within the local days of the period, bounds included', async () => {
    const produced = await produce();
    const requests = json(produced, 'requests');
    expect(requests.map((request) => request.receivedOn)).toEqual([
      '2026-01-01',
      '2026-02-10',
      '2026-02-14',
      '2026-03-31',
    ]);
    const events = json(produced, 'consent-events');
    expect(sorted(events.map((event) => event.decidedAt))).toEqual(
      sorted([isoAt(2026, 1, 1, 0, 30), isoAt(2026, 2, 12), isoAt(2026, 2, 13), isoAt(2026, 3, 31, 23, 30)]),
    );
    // The CSV holds the same records as the JSON.
    expect(sorted(csv(produced, 'consent-events').map((row) => row.id))).toEqual(
      sorted(events.map((e) => e.id)),
    );
    expect(sorted(csv(produced, 'requests').map((row) => row.id))).toEqual(sorted(requests.map((r) => r.id)));
  });

  it('holds the people, timelines and attachments of those records only', async () => {
    const produced = await produce();
    expect(sorted(json(produced, 'subjects').map((subject) => subject.id))).toEqual(
      sorted([ids.heloise, ids.formula, ids.zoe]),
    );
    const requestIds = new Set(json(produced, 'requests').map((request) => request.id));
    const timeline = json(produced, 'request-events');
    expect(timeline.length).toBeGreaterThan(requestIds.size);
    expect(timeline.every((event) => requestIds.has(event.requestId))).toBe(true);
    const expected = await db.requestEvents
      .where('requestId')
      .anyOf([...requestIds] as string[])
      .count();
    expect(timeline).toHaveLength(expected);
    // Marc's scan was given before the period.
    expect([...produced.attachments.keys()].sort()).toEqual([
      `attachments/${MANDATE.hash}.pdf`,
      `attachments/${FORM_SCAN.hash}.jpg`,
    ]);
    expect([...produced.attachments.values()].sort()).toEqual([MANDATE.hash, FORM_SCAN.hash]);
    // Nothing of Marc, whose records all predate the period, but the audit of his records' creation.
    for (const [path, text] of produced.text) {
      expect(text, path).not.toContain('Aubertin');
      if (path !== 'audit-log.json' && path !== 'audit-log.csv') expect(text, path).not.toContain(ids.marc);
    }
  });

  it('holds the audit entries written within the period, and the registers as they are now', async () => {
    const produced = await produce();
    const start = new Date(local(2026, 1, 1, 0)).toISOString();
    const end = new Date(new Date(2026, 2, 31, 23, 59, 59, 999).getTime()).toISOString();
    const inPeriod = await allEntries(db).then((all) =>
      all.filter((entry) => entry.at >= start && entry.at <= end),
    );
    expect(inPeriod.length).toBeGreaterThan(0);
    expect(inPeriod.length).toBeLessThan(await countEntries(db));
    const audit = json(produced, 'audit-log');
    expect(sorted(audit.map((entry) => entry.id))).toEqual(sorted(inPeriod.map((entry) => entry.id)));
    expect(csv(produced, 'audit-log')).toHaveLength(inPeriod.length);
    expect(json(produced, 'register-of-processing')).toHaveLength(1);
    expect(json(produced, 'breaches')).toHaveLength(1);
  });

  it('gives the audit log in CSV every column, even one its first page of entries lacks', async () => {
    // A page is 2,000 entries; the export (the only entry with a row count) comes after them.
    clock = local(2026, 3, 1);
    await write(db, ctx, async (w) => {
      for (let i = 0; i < 2000; i += 1)
        w.audit({ action: 'subject.update', entity: 'subject', entityId: ids.zoe, fields: ['notes'] });
    });
    await recordAction(db, ctx, {
      action: 'consents.export',
      entity: 'segment',
      entityId: 'x',
      fields: [],
      count: 42,
    });
    const produced = await produce({ contents: ['audit'] });
    const rows = csv(produced, 'audit-log');
    expect(rows.length).toBeGreaterThan(2001);
    expect(rows).toHaveLength(json(produced, 'audit-log').length);
    expect(rows.find((row) => row.action === 'consents.export')).toMatchObject({ count: '42' });
  });

  it('reads the audit log of a period page by page in chain order, entries of one transaction (one instant) across pages', async () => {
    // Transactions of 1, 7 and 2 entries, then 1: pages of 3 cut through each group.
    const groups = [1, 7, 2, 1];
    for (const [day, size] of groups.entries()) {
      clock = local(2026, 3, day + 1);
      await write(db, ctx, async (w) => {
        for (let i = 0; i < size; i += 1)
          w.audit({ action: 'subject.update', entity: 'subject', entityId: ids.zoe, fields: ['notes'] });
      });
    }
    const start = new Date(local(2026, 3, 1, 0)).toISOString();
    const end = new Date(local(2026, 3, 31, 23)).toISOString();
    const expected = (await allEntries(db)).filter((entry) => entry.at >= start && entry.at <= end);
    expect(expected).toHaveLength(11);
    const pages: string[][] = [];
    for await (const page of auditPages(db, start, end, 3)) pages.push(page.map((entry) => entry.id));
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    expect(pages.flat()).toEqual(expected.map((entry) => entry.id));
  });
});

describe('the content choices', () => {
  const paths = (produced: Produced) => produced.plan.files.map((file) => file.path);

  it('lists the files in the byte order the bag writer requires', async () => {
    const files = paths(await produce());
    for (let i = 1; i < files.length; i += 1)
      expect(compareBagPaths(files[i - 1]!, files[i]!)).toBeLessThan(0);
  });

  it('holds every register and the report when everything is chosen', async () => {
    expect(paths(await produce())).toEqual([
      `attachments/${MANDATE.hash}.pdf`,
      `attachments/${FORM_SCAN.hash}.jpg`,
      'audit-log.csv',
      'audit-log.json',
      'breaches.csv',
      'breaches.json',
      'consent-events.csv',
      'consent-events.json',
      'notices.csv',
      'notices.json',
      'purposes.csv',
      'purposes.json',
      'register-of-processing.csv',
      'register-of-processing.json',
      'report.html',
      'report.pdf',
      'request-events.csv',
      'request-events.json',
      'requests.csv',
      'requests.json',
      'retention-rules.csv',
      'retention-rules.json',
      'settings.json',
      'subjects.csv',
      'subjects.json',
    ]);
  });

  it('holds only what is chosen: requests alone bring their own attachments, not the consent scans', async () => {
    const produced = await produce({ contents: ['requests'] });
    expect(paths(produced)).toEqual([
      `attachments/${MANDATE.hash}.pdf`,
      'report.html',
      'report.pdf',
      'request-events.csv',
      'request-events.json',
      'requests.csv',
      'requests.json',
    ]);
    expect(produced.plan.report.counts).toMatchObject({
      requests: 4,
      consentEvents: 0,
      subjects: 0,
      auditEntries: 0,
    });
  });

  it('without attachments, no scan is included; people are those of the chosen records only', async () => {
    const produced = await produce({ contents: ['consents', 'subjects'], attachments: false });
    expect(paths(produced)).toEqual([
      'consent-events.csv',
      'consent-events.json',
      'notices.csv',
      'notices.json',
      'purposes.csv',
      'purposes.json',
      'report.html',
      'report.pdf',
      'subjects.csv',
      'subjects.json',
    ]);
    expect(produced.plan.report.counts.attachments).toBe(0);
    expect(sorted(json(produced, 'subjects').map((subject) => subject.id))).toEqual(
      sorted([ids.heloise, ids.zoe]),
    );
  });

  it('registers, audit and settings each come alone when chosen alone', async () => {
    expect(paths(await produce({ contents: ['registers'] }))).toEqual([
      'breaches.csv',
      'breaches.json',
      'register-of-processing.csv',
      'register-of-processing.json',
      'report.html',
      'report.pdf',
      'retention-rules.csv',
      'retention-rules.json',
    ]);
    expect(paths(await produce({ contents: ['audit'] }))).toEqual([
      'audit-log.csv',
      'audit-log.json',
      'report.html',
      'report.pdf',
    ]);
    const settings = await produce({ contents: ['settings'], pseudonymise: true });
    expect(paths(settings)).toEqual(['report.html', 'report.pdf', 'settings.json']);
    expect(JSON.parse(settings.text.get('settings.json') ?? '')).toMatchObject({
      organisation: { legalName: 'Boulangerie Dupré' },
      export: {
        archiveId: BASE.archiveId,
        period: { from: '2026-01-01', to: '2026-03-31' },
        contents: ['settings'],
        attachments: true,
        pseudonymised: true,
      },
    });
  });
});

describe('pseudonymisation', () => {
  const everything = (produced: Produced): string =>
    [
      ...produced.text.values(),
      ...[...produced.bytes.values()].map((bytes) => new TextDecoder('latin1').decode(bytes)),
      ...produced.plan.files.map((file) => file.path),
      JSON.stringify(produced.plan.report),
    ].join('\n');

  it('leaves no name, email, phone, address, note or file name in any file (they are there without it)', async () => {
    const plain = everything(await produce()).toLowerCase();
    for (const needle of PERSONAL) expect(plain, needle).toContain(needle.toLowerCase());

    const hidden = everything(await produce({ pseudonymise: true })).toLowerCase();
    for (const needle of PERSONAL) expect(hidden, needle).not.toContain(needle.toLowerCase());
    for (const email of ['heloise.lefevre@exemple.fr', 'zoe.q@exemple.fr'])
      expect(hidden).not.toContain(email);
  });

  it('gives each person one stable pseudonym across files and exports, never their id', async () => {
    const first = await produce({ pseudonymise: true });
    const subjects = json(first, 'subjects');
    expect(subjects).toHaveLength(3);
    for (const subject of subjects) {
      expect(subject.id).toMatch(/^P-[0-9A-F]{12}$/);
      expect(Object.keys(subject).sort()).toEqual(['createdAt', 'id', 'updatedAt']);
    }
    // Requests and consents name the same pseudonyms as the people file, one per person.
    const requests = json(first, 'requests');
    const events = json(first, 'consent-events');
    const used = new Set([...requests, ...events].map((record) => record.subjectId as string));
    expect([...used].sort()).toEqual(sorted(subjects.map((subject) => subject.id)));
    const pseudonymAt = (decidedAt: string) =>
      events.find((event) => event.decidedAt === decidedAt)?.subjectId;
    const heloise = requests.find((request) => request.id === ids.heloiseRequest)?.subjectId;
    expect(pseudonymAt(isoAt(2026, 2, 12))).toBe(heloise);
    expect(pseudonymAt(isoAt(2026, 2, 13))).toBe(heloise);
    const zoe = pseudonymAt(isoAt(2026, 1, 1, 0, 30));
    expect(pseudonymAt(isoAt(2026, 3, 31, 23, 30))).toBe(zoe);
    expect(zoe).not.toBe(heloise);
    for (const id of [ids.heloise, ids.zoe, ids.formula]) {
      expect(first.text.get('subjects.json')).not.toContain(id);
      expect(first.text.get('requests.json')).not.toContain(id);
      expect(first.text.get('consent-events.json')).not.toContain(id);
    }

    // The same workspace gives the same pseudonyms; another workspace, others.
    const again = await produce({ pseudonymise: true, archiveId: '01968a4e-1f00-7000-8000-000000000002' });
    expect(sorted(json(again, 'subjects').map((subject) => subject.id))).toEqual(
      sorted(subjects.map((subject) => subject.id)),
    );
    const elsewhere = await produce({ pseudonymise: true, workspaceId: 'workspace-2' });
    const otherIds = new Set(json(elsewhere, 'subjects').map((subject) => subject.id));
    expect(subjects.some((subject) => otherIds.has(subject.id))).toBe(false);
  });
});

describe('CSV files', () => {
  it('neutralise cells a spreadsheet would run as a formula, and keep the values as they are in JSON', async () => {
    const produced = await produce();
    const person = csv(produced, 'subjects').find((row) => String(row.notes) === "'-2+3");
    expect(person).toMatchObject({
      firstName: "'@SUM(1+1)",
      lastName: `'=HYPERLINK("http://evil.example","clic")`,
    });
    expect(csv(produced, 'subjects').find((row) => row.email === HELOISE.email)).toMatchObject({
      phone: "'+33 6 12 34 56 78",
    });
    expect(csv(produced, 'requests').find((row) => row.requesterWords === "'=1+2")).toBeDefined();
    expect(json(produced, 'subjects').find((subject) => subject.notes === '-2+3')).toMatchObject(FORMULA);

    // No cell of any CSV file starts like a formula, numbers aside.
    for (const path of [...produced.text.keys()].filter((name) => name.endsWith('.csv'))) {
      for (const row of csv(produced, path.replace(/\.csv$/, ''))) {
        for (const cell of Object.values(row)) {
          const text = String(cell);
          if (/^-?\d+(\.\d+)?$/.test(text)) continue;
          expect(text, `${path}: ${text}`).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
  });
});

describe('the report', () => {
  it('counts exactly what the files hold, and the consent figures per purpose of the period', async () => {
    const produced = await produce();
    const { counts, consentByPurpose, requests, audit } = produced.plan.report;
    expect(counts).toEqual({
      requests: json(produced, 'requests').length,
      requestEvents: json(produced, 'request-events').length,
      consentEvents: json(produced, 'consent-events').length,
      subjects: json(produced, 'subjects').length,
      attachments: produced.attachments.size,
      auditEntries: json(produced, 'audit-log').length,
      registerEntries: json(produced, 'register-of-processing').length,
      breaches: json(produced, 'breaches').length,
    });
    expect(counts).toMatchObject({ requests: 4, consentEvents: 4, subjects: 3, attachments: 2 });
    expect(consentByPurpose).toEqual([
      { purpose: 'Lettre', granted: 1, refused: 0, withdrawn: 1 },
      { purpose: 'SMS', granted: 1, refused: 1, withdrawn: 0 },
    ]);
    expect(requests.map((request) => request.reference)).toEqual(
      json(produced, 'requests').map((request) => request.reference),
    );
    expect(audit).toMatchObject({ ok: true, firstBroken: null });
    expect(produced.text.get('report.html')).toContain('Boulangerie Dupré');
    const pdf = produced.bytes.get('report.pdf');
    expect(new TextDecoder('latin1').decode(pdf?.subarray(0, 5))).toBe('%PDF-');
  });
});
