import { afterEach, describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCsvTable } from '../../../../shared/consent/import';
import { suggestMapping, validateImportRows } from '../../../../shared/consent/import-rows';
import { planImport } from '../../../../renderer/src/db/consent-import';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { write } from '../../../../renderer/src/db/write';
import { NEWSLETTER, openTestDb, seedWorkspace, SMS } from './fixtures';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
});

const HEADER = 'Prénom;Nom;Courriel;Téléphone;Référence client;Lettre;Date';

async function plan(db: DeskDb, lines: string[]) {
  const table = parseCsvTable(decodeCsvBytes(new TextEncoder().encode([HEADER, ...lines].join('\r\n'))).text);
  const purposes = await db.purposes.toArray();
  const report = validateImportRows(table, suggestMapping(table, purposes), {
    purposes,
    today: '2026-03-20',
    defaultChannel: 'counter',
  });
  expect(report.invalid).toEqual([]);
  return planImport(db, report.valid);
}

describe('planning a large import', () => {
  it('matches the same people whether it looks each key up or reads the people whole', async () => {
    const test = await openTestDb();
    cleanup = test.cleanup;
    const db = test.db;
    await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER, sms: SMS } });
    await write(db, { operatorId: 'clerk' }, async (w) => {
      await w.create('subject', { firstName: 'Anne', lastName: 'Martin', email: 'anne@exemple.fr' });
      await w.create('subject', { firstName: 'Marc', lastName: 'Petit', phone: '06 12 34 56 78' });
      await w.create('subject', { firstName: 'Léa', lastName: 'Roux', customerRef: 'CLI 0042' });
      await w.create('subject', { firstName: 'Paul', lastName: 'Roux', phone: '01 45 67 89 10' });
    });
    const known = [
      'Anne;Martin;ANNE@exemple.fr;;;oui;01/03/2026',
      'Marc;Petit;;+33 6 12 34 56 78;;oui;01/03/2026',
      'Léa;Roux;;;CLI 0042;non;01/03/2026',
      'Jeanne;Roux;;01 45 67 89 10;;oui;01/03/2026',
      'Nouveau;Client;nouveau@exemple.fr;;;oui;01/03/2026',
    ];
    const few = await plan(db, known);
    expect(few.map((group) => group.outcome.kind)).toEqual([
      'matched',
      'matched',
      'matched',
      'conflict',
      'new',
    ]);
    // 2,500 more people with an address each: too many keys to look up one by one.
    const filler = Array.from(
      { length: 2_500 },
      (_, i) => `P${i};Client;client${i}@exemple.fr;;;oui;01/03/2026`,
    );
    const many = await plan(db, [...known, ...filler]);
    const strip = (groups: typeof few) =>
      groups.slice(0, known.length).map(({ outcome, people }) => ({ outcome, people }));
    expect(strip(many)).toEqual(strip(few));
    expect(many.slice(known.length).every((group) => group.outcome.kind === 'new')).toBe(true);
  });
});
