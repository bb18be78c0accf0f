import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_PACKAGE_FORMAT,
  accessPackageCsv,
  accessPackageJson,
  buildAccessPackage,
} from '../../../../shared/access';
import { input } from './fixture';

describe('buildAccessPackage', () => {
  it('holds the person’s details, every decision with its notice version, and the request it answers', () => {
    const pkg = buildAccessPackage(input());
    expect(pkg).toMatchObject({ format: ACCESS_PACKAGE_FORMAT, version: 1, request: 'DSR-2024-K7Q-0002' });
    expect(pkg.person).toEqual({
      firstName: 'Héloïse',
      lastName: '=Lefèvre',
      email: 'heloise@exemple.fr',
      phone: '06 12 34 56 78',
      customerRef: 'CLI-42',
      postalAddress: '3 avenue Foch\n69006 Lyon',
      notes: 'Préfère être appelée le matin.',
      recordedAt: '2022-05-10T09:00:00.000Z',
      updatedAt: '2024-01-02T09:00:00.000Z',
    });
    expect(
      pkg.consents.map((c) => [c.id, c.purpose, c.decision, c.decidedAt, c.notice?.number, c.corrects]),
    ).toEqual([
      ['e1', 'Lettre d’information', 'granted', '2022-05-10T09:00:00.000Z', 1, ''],
      ['e2', 'Offres par SMS', 'granted', '2023-06-01T09:00:00.000Z', 2, ''],
      ['e3', 'Offres par SMS', 'refused', '2023-06-01T10:00:00.000Z', 2, ''],
      ['e4', 'Offres par SMS', 'granted', '2023-06-01T10:00:00.000Z', 2, 'e3'],
    ]);
    expect(pkg.consents[0]?.evidence.callReference).toBe('APPEL-7');
    expect(pkg.consents[0]?.notice).toEqual({
      number: 1,
      title: 'Information v1',
      kind: 'privacy_notice',
      language: 'fr',
      effectiveOn: '2020-01-01',
    });
  });

  it('derives the current choices with corrections honoured', () => {
    const pkg = buildAccessPackage(input({ language: 'en' }));
    expect(pkg.preferences).toEqual([
      {
        purposeId: 'p-news',
        purpose: 'Newsletter',
        decision: 'granted',
        since: '2022-05-10T09:00:00.000Z',
        noticeNumber: 1,
      },
      {
        purposeId: 'p-sms',
        purpose: 'Text offers',
        decision: 'granted',
        since: '2023-06-01T10:00:00.000Z',
        noticeNumber: 2,
      },
    ]);
  });

  it('lists requests oldest first, with their timeline and the letters sent', () => {
    const pkg = buildAccessPackage(input());
    expect(pkg.requests.map((r) => [r.reference, r.rights, r.status, r.respondedOn])).toEqual([
      ['DSR-2023-K7Q-0001', ['objection'], 'responded', '2023-02-10'],
      ['DSR-2024-K7Q-0002', ['access', 'portability'], 'in_progress', ''],
    ]);
    expect(pkg.requests[0]?.timeline.map((event) => event.kind)).toEqual(['created', 'letter']);
    expect(pkg.requests[0]?.letters).toEqual([
      {
        request: 'DSR-2023-K7Q-0001',
        sentOn: '2023-02-10',
        kind: 'response_cover',
        language: 'fr',
        channel: 'email',
        subject: 'Votre opposition',
        body: 'Madame, …',
      },
    ]);
    expect(pkg.requests[1]?.words).toBe('Quelles données avez-vous sur moi ?');
  });

  it('says who receives the data and how long it is kept, from the rules that apply to the person', () => {
    const pkg = buildAccessPackage(input());
    expect(pkg.recipients).toEqual(['Comptable', 'Routeur e-mail']);
    // A customer (customer reference); last contact 2024-03-01 (the request); newsletter granted 2022-05-10.
    expect(
      pkg.retention.map((r) => [r.scope, r.category, r.purpose, r.startedOn, r.endsOn, r.reference]),
    ).toEqual([
      ['category', 'customer', '', '2024-03-01', '2027-03-01', 'CNIL'],
      ['purpose', '', 'Lettre d’information', '2022-05-10', '2024-05-10', ''],
    ]);
  });

  it('has no request reference when made outside a request', () => {
    expect(buildAccessPackage(input({ forRequestId: null })).request).toBe('');
  });

  it('reads back from its JSON text unchanged', () => {
    const pkg = buildAccessPackage(input());
    expect(JSON.parse(accessPackageJson(pkg))).toEqual(pkg);
  });
});

describe('accessPackageCsv', () => {
  const parse = (csv: string, delimiter: string) =>
    Papa.parse(csv.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data;

  it('has one row per value of the JSON, under the same paths', () => {
    const pkg = buildAccessPackage(input());
    const rows = parse(accessPackageCsv(pkg), ';');
    expect(rows[0]).toEqual(['section', 'record', 'field', 'value']);
    const cell = (section: string, record: string, field: string) =>
      rows.find((row) => row[0] === section && row[1] === record && row[2] === field)?.[3];
    expect(cell('person', '', 'email')).toBe('heloise@exemple.fr');
    expect(cell('person', '', 'postalAddress')).toBe('3 avenue Foch\n69006 Lyon');
    expect(cell('consents', 'e4', 'notice.number')).toBe('2');
    expect(cell('consents', 'e4', 'corrects')).toBe('e3');
    expect(cell('requests', 'DSR-2024-K7Q-0002', 'rights.1')).toBe('portability');
    expect(cell('letters', 'DSR-2023-K7Q-0001#1', 'subject')).toBe('Votre opposition');
    expect(cell('package', '', 'request')).toBe('DSR-2024-K7Q-0002');

    const countLeaves = (value: unknown): number =>
      value === null || typeof value !== 'object'
        ? 1
        : Object.values(value).reduce((sum: number, inner) => sum + countLeaves(inner), 0);
    // The JSON's format, version, date, language and request are the 'package' section.
    expect(rows.length - 1).toBe(countLeaves(pkg));
  });

  it('neutralises cells a spreadsheet would run as a formula, and uses commas in English', () => {
    const csv = accessPackageCsv(buildAccessPackage(input({ language: 'en' })));
    expect(csv.startsWith('\uFEFFsection,record,field,value\r\n')).toBe(true);
    expect(parse(csv, ',').find((row) => row[2] === 'lastName')?.[3]).toBe("'=Lefèvre");
  });
});
