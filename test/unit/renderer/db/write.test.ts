import { beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../../shared/audit/chain';
import { decodeHlc, compareHlc } from '../../../../shared/sync/hlc';
import { listAudit, verifyAudit } from '../../../../renderer/src/db/audit';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { findSubjectDuplicates, searchSubjects, subjectsByIds } from '../../../../renderer/src/db/subjects';
import {
  createRecord,
  createRecords,
  EditConflictError,
  editRecord,
  oplogOf,
  updateRecord,
  ValidationError,
  write,
} from '../../../../renderer/src/db/write';
import { openTestDb, TestClock } from './fixtures';
import { allEntries, countEntries } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
const clock = new TestClock(Date.parse('2026-03-05T10:00:00Z'));
const ctx = clock.as('op-1');

beforeEach(async () => {
  const test = await openTestDb();
  db = test.db;
  return test.cleanup;
});

async function counts() {
  return {
    subjects: await db.subjects.count(),
    oplog: (await oplogOf(db)).length,
    audit: await countEntries(db),
  };
}

describe('the one write path', () => {
  it('stamps the record and writes record, oplog entry and audit entry together', async () => {
    const subject = await createRecord(db, ctx, 'subject', {
      firstName: 'Héloïse',
      lastName: 'Dupré',
      email: 'h@exemple.fr',
    });
    expect(subject.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // UUIDv7
    expect(subject).toMatchObject({
      createdBy: 'op-1',
      updatedBy: 'op-1',
      createdAt: '2026-03-05T10:00:00.000Z',
      updatedAt: '2026-03-05T10:00:00.000Z',
    });
    expect(decodeHlc(subject.hlc).wall).toBe(clock.now());
    expect(await counts()).toEqual({ subjects: 1, oplog: 1, audit: 1 });
    const [op] = await oplogOf(db);
    expect(op).toMatchObject({ entity: 'subject', entityId: subject.id, op: 'create', hlc: subject.hlc });
    expect(op?.fields).toMatchObject({ firstName: 'Héloïse', email: 'h@exemple.fr' });
    expect(op?.fields).not.toHaveProperty('terms');
    const [audit] = await allEntries(db);
    expect(audit).toMatchObject({
      action: 'subject.create',
      entityId: subject.id,
      operatorId: 'op-1',
      seq: 1,
    });
    // The audit log names fields, never their values.
    expect(JSON.stringify(audit)).not.toContain('Héloïse');
  });

  it('writes nothing when validation fails, and says which field is wrong', async () => {
    const error = await createRecord(db, ctx, 'subject', { lastName: 'Martin', email: 'martin@' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields).toEqual({ email: 'validation.email' });
    expect(await counts()).toEqual({ subjects: 0, oplog: 0, audit: 0 });
  });

  it('rolls back record and oplog when the audit write fails', async () => {
    await createRecord(db, ctx, 'subject', { lastName: 'Avant' });
    // Make the audit insert fail inside the transaction, as a full disk would.
    const failAudit = () => {
      throw new Error('disk full');
    };
    db.auditChunks.hook('updating', failAudit);
    await expect(createRecord(db, ctx, 'subject', { lastName: 'Après' })).rejects.toThrow('disk full');
    await expect(
      updateRecord(db, ctx, 'subject', (await db.subjects.toArray())[0]!.id, { lastName: 'Changé' }),
    ).rejects.toThrow('disk full');
    db.auditChunks.hook('updating').unsubscribe(failAudit);
    expect((await db.subjects.toArray()).map((s) => s.lastName)).toEqual(['Avant']);
    expect(await counts()).toEqual({ subjects: 1, oplog: 1, audit: 1 });
  });

  it('updates only what changed, and a no-op update writes nothing', async () => {
    const subject = await createRecord(db, ctx, 'subject', { firstName: 'Jean', lastName: 'Martin' });
    clock.advance(60_000);
    const updated = await updateRecord(db, { operatorId: 'op-2', now: ctx.now }, 'subject', subject.id, {
      email: 'jean@exemple.fr',
    });
    expect(updated).toMatchObject({ createdBy: 'op-1', updatedBy: 'op-2', email: 'jean@exemple.fr' });
    expect(compareHlc(decodeHlc(updated.hlc), decodeHlc(subject.hlc))).toBe(1);
    expect((await oplogOf(db)).at(-1)?.fields).toEqual({ email: 'jean@exemple.fr' });
    expect((await listAudit(db))[0]).toMatchObject({
      action: 'subject.update',
      fields: ['email'],
      operatorId: 'op-2',
    });
    await updateRecord(db, ctx, 'subject', subject.id, { email: 'jean@exemple.fr' });
    expect(await counts()).toEqual({ subjects: 1, oplog: 2, audit: 2 });
    expect(await searchSubjects(db, 'jean@exemple')).toHaveLength(1);
  });

  it('an edit form writes only the fields the user changed since it opened, keeping changes made meanwhile', async () => {
    const subject = await createRecord(db, ctx, 'subject', {
      firstName: 'Héloïse',
      lastName: 'Lefèvre',
      email: 'h@exemple.fr',
      phone: '01 02 03 04 05',
    });
    const form = {
      firstName: 'Héloïse',
      lastName: 'Lefèvre',
      email: 'h@exemple.fr',
      phone: '01 02 03 04 05',
    };
    // While the form is open, another device's change of the phone arrives.
    await updateRecord(db, ctx, 'subject', subject.id, { phone: '06 12 34 56 78' });
    const saved = await editRecord(db, ctx, 'subject', subject.id, form, {
      ...form,
      email: 'heloise@exemple.fr',
    });
    expect(saved).toMatchObject({ email: 'heloise@exemple.fr', phone: '06 12 34 56 78' });
    expect((await oplogOf(db)).at(-1)?.fields).toEqual({ email: 'heloise@exemple.fr' });
    expect((await listAudit(db))[0]).toMatchObject({ action: 'subject.update', fields: ['email'] });
  });

  it('an edit of a field also changed elsewhere writes nothing until the user chooses', async () => {
    const subject = await createRecord(db, ctx, 'subject', { firstName: 'Jean', email: 'j@exemple.fr' });
    const form = { firstName: 'Jean', email: 'j@exemple.fr' };
    await updateRecord(db, ctx, 'subject', subject.id, { email: 'autre@exemple.fr' });
    const before = await counts();
    const edited = { firstName: 'Jean-Pierre', email: 'jean@exemple.fr' };
    const refused = await editRecord(db, ctx, 'subject', subject.id, form, edited).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(EditConflictError);
    expect((refused as EditConflictError).conflicts).toEqual([
      { field: 'email', opened: 'j@exemple.fr', theirs: 'autre@exemple.fr', mine: 'jean@exemple.fr' },
    ]);
    expect(await counts()).toEqual(before);
    expect((await db.subjects.get(subject.id))?.firstName).toBe('Jean');
    const kept = await editRecord(db, ctx, 'subject', subject.id, form, edited, {
      choices: { email: 'theirs' },
    });
    expect(kept).toMatchObject({ firstName: 'Jean-Pierre', email: 'autre@exemple.fr' });
    const mine = await editRecord(db, ctx, 'subject', subject.id, form, edited, {
      choices: { email: 'mine' },
    });
    expect(mine).toMatchObject({ firstName: 'Jean-Pierre', email: 'jean@exemple.fr' });
  });

  it('stores a record created then changed in the same write once, in its final state, with both changes logged', async () => {
    const final = await write(db, ctx, async (w) => {
      const created = await w.create('subject', { lastName: 'Brouillon' });
      return w.update('subject', created.id, { lastName: 'Définitif', email: 'd@exemple.fr' });
    });
    expect(await db.subjects.get(final.id)).toMatchObject({
      lastName: 'Définitif',
      email: 'd@exemple.fr',
      hlc: final.hlc,
    });
    expect((await searchSubjects(db, 'definitif')).map((s) => s.id)).toEqual([final.id]);
    expect(await searchSubjects(db, 'brouillon')).toEqual([]);
    expect((await oplogOf(db)).map((op) => op.op)).toEqual(['create', 'update']);
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['subject.update', 'subject.create']);
  });

  it('keeps HLC stamps increasing when the wall clock goes backwards', async () => {
    const a = await createRecord(db, ctx, 'subject', { lastName: 'A' });
    clock.advance(-3_600_000);
    const b = await createRecord(db, ctx, 'subject', { lastName: 'B' });
    expect(compareHlc(decodeHlc(b.hlc), decodeHlc(a.hlc))).toBe(1);
  });

  it('keeps a verifiable audit chain and detects tampering', async () => {
    for (let i = 0; i < 5; i += 1) await createRecord(db, ctx, 'subject', { lastName: `P${i}` });
    expect(await verifyAudit(db, ctx)).toMatchObject({ ok: true, checked: 5 });
    // The verification itself is audited.
    expect((await listAudit(db))[0]?.action).toBe('audit.verify.ok');
    const all = await allEntries(db);
    expect(verifyAuditChain(all).ok).toBe(true);
    // The data layer refuses to change an audit entry; tamper underneath it, as an attacker would.
    const [row] = await db.auditChunks.toArray();
    const key: [string, number] = [row!.deviceId, row!.firstSeq];
    const tampered = row!.entries.map((entry, index) =>
      index === 2 ? { ...entry, operatorId: 'intruder' } : entry,
    );
    await expect(db.auditChunks.update(key, { entries: tampered })).rejects.toThrow();
    await expect(db.auditChunks.put({ ...row!, entries: tampered })).rejects.toThrow();
    await expect(db.auditChunks.put({ ...row!, entries: row!.entries.slice(0, 2) })).rejects.toThrow();
    await expect(db.auditChunks.delete(key)).rejects.toThrow();
    await new Promise<void>((done, fail) => {
      const tx = db.backendDB().transaction('auditChunks', 'readwrite');
      tx.objectStore('auditChunks').put({ ...row!, entries: tampered });
      tx.oncomplete = () => done();
      tx.onerror = () => fail(tx.error);
    });
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: 'hash_mismatch' },
    });
  });
});

describe('subjects', () => {
  it('are found without accents, by email fragment, phone and reference, and flagged as duplicates', async () => {
    await createRecord(db, ctx, 'subject', {
      firstName: 'Héloïse',
      lastName: 'Lefèvre',
      phone: '06 12 34 56 78',
    });
    await createRecord(db, ctx, 'subject', {
      firstName: 'Éric',
      lastName: 'Durand',
      email: 'eric.durand@poste.fr',
      customerRef: 'C-77',
    });
    expect((await searchSubjects(db, 'heloise')).map((s) => s.lastName)).toEqual(['Lefèvre']);
    expect((await searchSubjects(db, 'LEFEVRE h')).length).toBe(1);
    expect((await searchSubjects(db, 'eric.dur')).map((s) => s.lastName)).toEqual(['Durand']);
    expect((await searchSubjects(db, '+33612')).map((s) => s.lastName)).toEqual(['Lefèvre']);
    expect((await searchSubjects(db, 'c-77')).map((s) => s.lastName)).toEqual(['Durand']);
    expect(await searchSubjects(db, 'zoe')).toEqual([]);
    expect((await searchSubjects(db, '')).map((s) => s.lastName)).toEqual(['Durand', 'Lefèvre']);
    const dupes = await findSubjectDuplicates(db, {
      email: 'ERIC.durand@poste.fr',
      phone: '+33 6 12 34 56 78',
    });
    expect(dupes.email.map((s) => s.lastName)).toEqual(['Durand']);
    expect(dupes.phone.map((s) => s.lastName)).toEqual(['Lefèvre']);
  });
});

describe('organisation and staff', () => {
  it('validates country and region against the public-holiday calendars', async () => {
    const base = {
      legalName: 'Boulangerie Martin',
      address: '1 rue de Metz, 57000 Metz',
      contactEmail: 'contact@martin.fr',
    };
    const error = await createRecord(db, { operatorId: null }, 'organisation', {
      ...base,
      country: 'XX',
    }).catch((e) => e);
    expect(error.fields).toMatchObject({ country: 'validation.country' });
    const regionError = await createRecord(db, { operatorId: null }, 'organisation', {
      ...base,
      country: 'FR',
      region: 'ZZ',
    }).catch((e) => e);
    expect(regionError.fields).toMatchObject({ region: 'validation.region' });
    const org = await createRecord(db, { operatorId: null }, 'organisation', {
      ...base,
      country: 'fr',
      region: '57',
    });
    expect(org).toMatchObject({ country: 'FR', region: '57', defaultLanguage: 'fr' });
    const staff = await createRecord(db, { operatorId: null }, 'staff', { name: 'Claire', role: 'owner' });
    const renamed = await updateRecord(db, { operatorId: staff.id }, 'staff', staff.id, {
      name: 'Claire M.',
    });
    const inactive = await updateRecord(
      db,
      { operatorId: staff.id },
      'staff',
      staff.id,
      { active: false },
      'staff.deactivate',
    );
    expect(renamed.name).toBe('Claire M.');
    expect(inactive.active).toBe(false);
    expect((await listAudit(db)).map((e) => e.action)).toEqual([
      'staff.deactivate',
      'staff.update',
      'staff.create',
      'organisation.create',
    ]);
  });
});

describe('bulk creation', () => {
  it('writes many records with their own stamps, oplog and chained audit entries in one transaction', async () => {
    await createRecord(db, ctx, 'subject', { lastName: 'First' });
    const created = await createRecords(
      db,
      ctx,
      'subject',
      Array.from({ length: 50 }, (_, i) => ({ firstName: `Élise${i}`, lastName: 'Bulk' })),
    );
    expect(new Set(created.map((s) => s.id)).size).toBe(50);
    expect(new Set(created.map((s) => s.hlc)).size).toBe(50);
    expect(await counts()).toEqual({ subjects: 51, oplog: 51, audit: 51 });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 51 });
    expect(await searchSubjects(db, 'elise4')).toHaveLength(11);
    const next = await createRecord(db, ctx, 'subject', { lastName: 'After' });
    expect(compareHlc(decodeHlc(next.hlc), decodeHlc(created.at(-1)!.hlc))).toBe(1);
  });

  it('keeps thousands of writes in one transaction (they are issued, then awaited together)', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ lastName: `Nombre${i}` }));
    expect(await createRecords(db, ctx, 'subject', many)).toHaveLength(3000);
    expect(await counts()).toEqual({ subjects: 3000, oplog: 3000, audit: 3000 });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 3000 });
  });

  it('writes nothing when one input is invalid, and names it', async () => {
    const error = await createRecords(db, ctx, 'subject', [
      { lastName: 'Ok' },
      { lastName: 'Bad', email: 'x@' },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields).toEqual({ '1.email': 'validation.email' });
    expect(await counts()).toEqual({ subjects: 0, oplog: 0, audit: 0 });
  });
});

describe('people by id', () => {
  it('answers in the order asked, whether it reads them one by one or the whole table', async () => {
    const people = await createRecords(
      db,
      ctx,
      'subject',
      Array.from({ length: 600 }, (_, i) => ({ lastName: `Id${i}` })),
    );
    const few = [people[5]!.id, 'nobody', people[2]!.id];
    expect((await subjectsByIds(db, few)).map((s) => s?.lastName)).toEqual(['Id5', undefined, 'Id2']);
    const many = [...people].reverse().map((p) => p.id);
    expect((await subjectsByIds(db, many)).map((s) => s?.lastName)).toEqual(
      people.map((p) => p.lastName).reverse(),
    );
  });
});
