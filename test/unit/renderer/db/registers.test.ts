import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import {
  createRegisterEntry,
  entryVersions,
  getRegisterEntry,
  listRegisterEntries,
  recordRegisterExport,
  registerEntryHistory,
  updateRegisterEntry,
} from '../../../../renderer/src/db/registers';
import { AppendOnlyError, type DeskDb } from '../../../../renderer/src/db/schema';
import { ValidationError, write, oplogOf, type WriteContext } from '../../../../renderer/src/db/write';
import type { RegisterEntryInput } from '../../../../shared/registers/model';
import { registerCsv } from '../../../../renderer/src/features/registers/export';
import { DEFAULT_SYSTEMS } from '../../../../shared/domain/organisation';
import { entryFromTemplate, REGISTER_TEMPLATES } from '../../../../shared/registers/templates';
import { RV } from '../../../../shared/registers/validation';
import { frenchMessage as t, openedFor, openTestDb, seedOrganisation, TestClock } from './fixtures';
import { allEntries, countEntries, entriesOf } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const claire = clock.as('claire');
const bob = clock.as('bob');

const customers = () =>
  entryFromTemplate(REGISTER_TEMPLATES[0]!, 'fr', {
    organisation: {
      legalName: 'Boulangerie Héloïse',
      address: '12 rue des Lilas, Metz',
      contactEmail: 'contact@boulangerie.fr',
      dpoEmail: '',
      systems: DEFAULT_SYSTEMS.fr,
    },
    purposes: [],
  });

/** Save `patch` as the entry's edit form would, opened on the entry as stored now. */
async function saveEdit(who: WriteContext, id: string, patch: Partial<RegisterEntryInput>) {
  return updateRegisterEntry(db, who, id, openedFor(await getRegisterEntry(db, id), patch), patch);
}

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  await seedOrganisation(db, {
    legalName: 'Boulangerie Héloïse',
    address: '12 rue des Lilas',
    contactEmail: 'contact@boulangerie.fr',
  });
  return test.cleanup;
});

describe('record of processing activities', () => {
  it('creates an entry and its first version in one write, the audit log naming fields only', async () => {
    const entry = await createRegisterEntry(db, claire, customers());
    expect(entry).toMatchObject({ name: 'Gestion de la clientèle', createdBy: 'claire', active: true });
    const versions = await entryVersions(db, entry.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ entryId: entry.id, change: 'create', createdBy: 'claire' });
    expect(versions[0]?.snapshot.purposes).toBe(entry.purposes);
    expect(versions[0]?.fields).toContain('purposes');
    expect(versions[0]?.fields).not.toContain('transfers'); // empty: not "filled in"
    const audit = await entriesOf(db, entry.id);
    expect(audit.map((a) => a.action)).toEqual(['registerEntry.create']);
    const versionAudit = await allEntries(db).then((all) =>
      all.filter((a) => a.action === 'registerEntry.version'),
    );
    expect(versionAudit).toHaveLength(1);
    // Field names, never values, in the hash-chained log.
    expect(JSON.stringify(await allEntries(db))).not.toContain('Prise et suivi des commandes');
    expect(await oplogOf(db, 'registerVersion', versions[0]!.id)).toHaveLength(1);
  });

  it('keeps who changed what and when, with the values before and after', async () => {
    const entry = await createRegisterEntry(db, claire, customers());
    clock.advance(3_600_000);
    await saveEdit(bob, entry.id, {
      purposes: 'Commandes, livraisons et factures.',
      recipients: [...entry.recipients, 'Assureur'],
    });
    clock.advance(3_600_000);
    await saveEdit(claire, entry.id, { active: false });
    const history = await registerEntryHistory(db, entry.id);
    expect(history.map((item) => [item.number, item.change, item.by])).toEqual([
      [3, 'update', 'claire'],
      [2, 'update', 'bob'],
      [1, 'create', 'claire'],
    ]);
    expect(history[1]?.at).toBe(new Date(new Date(2026, 2, 20, 13, 0, 0).getTime()).toISOString());
    expect(history[1]?.changes).toEqual([
      { field: 'purposes', before: entry.purposes, after: 'Commandes, livraisons et factures.' },
      { field: 'recipients', before: entry.recipients, after: [...entry.recipients, 'Assureur'] },
    ]);
    expect(history[0]?.changes).toEqual([{ field: 'active', before: true, after: false }]);
    const versions = await entryVersions(db, entry.id);
    expect(versions.map((v) => v.fields)).toEqual([
      expect.any(Array),
      ['purposes', 'recipients'],
      ['active'],
    ]);
    const updates = await allEntries(db).then((all) =>
      all.filter((a) => a.action === 'registerEntry.update'),
    );
    expect(updates.map((a) => [a.operatorId, a.fields])).toEqual([
      ['bob', ['purposes', 'recipients']],
      ['claire', ['active']],
    ]);
    expect((await listRegisterEntries(db))[0]?.active).toBe(false);
  });

  it('a change that changes nothing writes no version and no audit entry', async () => {
    const entry = await createRegisterEntry(db, claire, customers());
    const audit = await countEntries(db);
    await saveEdit(bob, entry.id, { purposes: entry.purposes });
    expect(await entryVersions(db, entry.id)).toHaveLength(1);
    expect(await countEntries(db)).toBe(audit);
  });

  it('refuses an entry without purpose or lawful basis, writing nothing', async () => {
    const audit = await countEntries(db);
    await expect(
      createRegisterEntry(db, claire, { ...customers(), purposes: ' ', lawfulBases: [] }),
    ).rejects.toMatchObject({
      fields: { purposes: RV.purposeRequired, lawfulBases: RV.lawfulBasisRequired },
    });
    expect(await db.registerEntries.count()).toBe(0);
    expect(await db.registerVersions.count()).toBe(0);
    expect(await countEntries(db)).toBe(audit);

    const entry = await createRegisterEntry(db, claire, customers());
    const error = await saveEdit(bob, entry.id, { lawfulBases: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({ lawfulBases: RV.lawfulBasisRequired });
    expect((await db.registerEntries.get(entry.id))?.lawfulBases).toEqual(entry.lawfulBases);
    expect(await entryVersions(db, entry.id)).toHaveLength(1);
  });

  it('the change and its version are one transaction: if the version cannot be written, neither is', async () => {
    const entry = await createRegisterEntry(db, claire, customers());
    const audit = await countEntries(db);
    const refuse = () => {
      throw new Error('disk full');
    };
    db.registerVersions.hook('creating', refuse);
    await expect(saveEdit(bob, entry.id, { retention: '5 ans' })).rejects.toThrow('disk full');
    db.registerVersions.hook('creating').unsubscribe(refuse);
    expect((await db.registerEntries.get(entry.id))?.retention).toBe(entry.retention);
    expect(await countEntries(db)).toBe(audit);
  });

  it('versions can be neither changed nor deleted', async () => {
    const entry = await createRegisterEntry(db, claire, customers());
    const [version] = await entryVersions(db, entry.id);
    await expect(db.registerVersions.update(version!.id, { createdBy: 'mallory' })).rejects.toBeInstanceOf(
      AppendOnlyError,
    );
    await expect(db.registerVersions.delete(version!.id)).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(
      write(db, bob, (w) => w.update('registerVersion', version!.id, { fields: [] })),
    ).rejects.toBeInstanceOf(AppendOnlyError);
  });

  it('exports Excel-safe CSV with every heading, special categories apart, and audits the export', async () => {
    const staff = entryFromTemplate(REGISTER_TEMPLATES[2]!, 'fr', {
      organisation: {
        legalName: 'B',
        address: 'A',
        contactEmail: 'c@b.fr',
        dpoEmail: '',
        systems: [],
      },
      purposes: [],
    });
    await createRegisterEntry(db, claire, { ...staff, name: '=HYPERLINK("http://x","clic")' });
    await createRegisterEntry(db, claire, customers());
    const entries = await listRegisterEntries(db);
    const csv = registerCsv(entries, t, (id) => id, ';');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header] = csv.slice(1).split('\r\n');
    expect(header?.split(';').slice(0, 8)).toEqual([
      'Activité de traitement',
      'Responsable du traitement',
      'Finalités',
      'Base légale',
      'Précisions sur la base légale',
      'Catégories de personnes concernées',
      'Catégories de données',
      'Données sensibles',
    ]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""clic"")"`);
    expect(csv).toContain('Arrêts de travail et aptitude médicale (données de santé) (donnée sensible)');
    expect(csv).toContain('Contrat\nObligation légale');
    await recordRegisterExport(db, claire, 'csv', entries.length);
    const exported = await allEntries(db).then((all) =>
      all.filter((a) => a.action === 'registerEntry.export.csv'),
    );
    expect(exported).toMatchObject([{ operatorId: 'claire', count: 2, fields: [] }]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
