import { beforeEach, describe, expect, it } from 'vitest';
import {
  createBreach,
  getBreach,
  listBreaches,
  openBreaches,
  updateBreach,
} from '../../../../renderer/src/db/breaches';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { NotFoundError, ValidationError } from '../../../../renderer/src/db/write';
import { breachClock } from '../../../../shared/breaches/clock';
import type { BreachInput } from '../../../../shared/breaches/model';
import { RV } from '../../../../shared/registers/validation';
import { openedFor, openTestDb, TestClock } from './fixtures';
import { countEntries, entriesOf } from '../../../../renderer/src/db/audit-store';

const HOUR = 3_600_000;
let db: DeskDb;

/** Save `patch` as the breach's edit form would, opened on the breach as stored now. */
async function saveEdit(id: string, patch: Partial<BreachInput>) {
  return updateBreach(db, ctx, id, openedFor(await getBreach(db, id), patch), patch);
}
const clock = new TestClock(Date.parse('2026-03-20T09:00:00.000Z'));
const ctx = clock.as('claire');

const stolenLaptop: BreachInput = {
  title: 'Ordinateur portable volé',
  occurredAt: '2026-03-18T19:00:00.000Z',
  awareAt: '2026-03-19T08:00:00.000Z',
  description: 'Le portable du magasin, avec le fichier clients, a été volé dans la voiture.',
  natures: ['confidentiality', 'availability'],
  dataCategories: ['Identité', 'Coordonnées'],
  subjectCategories: ['Clients'],
  approxSubjects: 350,
  consequences: 'Risque d’hameçonnage ciblé.',
  measures: 'Mots de passe changés, plainte déposée.',
};

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  return test.cleanup;
});

async function refusal(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields;
}

describe('breach log', () => {
  it('records a breach with who recorded it, open until the authority decision, audited by field name', async () => {
    const breach = await createBreach(db, ctx, stolenLaptop);
    expect(breach).toMatchObject({
      createdBy: 'claire',
      approxSubjects: 350,
      authority: { decision: 'pending' },
    });
    expect((await openBreaches(db)).map((b) => b.id)).toEqual([breach.id]);
    const clockNow = breachClock(breach.awareAt, clock.now());
    expect(clockNow).toMatchObject({ dueAt: '2026-03-22T08:00:00.000Z', overdue: false });
    expect(clockNow.remainingMs).toBe(47 * HOUR);
    const [audit] = await entriesOf(db, breach.id);
    expect(audit).toMatchObject({ action: 'breach.create', operatorId: 'claire' });
    expect(audit?.fields).toContain('description');
    expect(JSON.stringify(audit)).not.toContain('volé');
  });

  it('refuses an awareness before the breach, writing nothing', async () => {
    const audit = await countEntries(db);
    expect(
      await refusal(createBreach(db, ctx, { ...stolenLaptop, awareAt: '2026-03-18T18:00:00.000Z' })),
    ).toEqual({ awareAt: RV.awareBeforeOccurred });
    expect(await db.breaches.count()).toBe(0);
    expect(await countEntries(db)).toBe(audit);
  });

  it('refuses instants in the future', async () => {
    expect(
      await refusal(
        createBreach(db, ctx, {
          ...stolenLaptop,
          occurredAt: '2026-03-20T08:00:00.000Z',
          awareAt: '2026-03-20T11:00:00.000Z',
        }),
      ),
    ).toEqual({ awareAt: RV.futureDate });
  });

  it('a notification after the 72 hours needs the reasons for the delay; then the breach is closed', async () => {
    const breach = await createBreach(db, ctx, stolenLaptop);
    clock.set(Date.parse('2026-03-23T10:00:00.000Z'));
    const late = {
      decision: 'notified' as const,
      notifiedAt: '2026-03-23T09:30:00.000Z',
      reference: 'CNIL-2026-42',
    };
    expect(await refusal(saveEdit(breach.id, { authority: { ...late } }))).toEqual({
      'authority.delayReasons': RV.delayReasonsRequired,
    });
    expect((await getBreach(db, breach.id))?.authority.decision).toBe('pending');
    const updated = await saveEdit(breach.id, {
      authority: {
        ...late,
        delayReasons: 'Étendue de la fuite connue seulement après l’audit du prestataire.',
      },
    });
    expect(updated.authority).toMatchObject({ decision: 'notified', reference: 'CNIL-2026-42' });
    expect(await openBreaches(db)).toEqual([]);
    const [, change] = await entriesOf(db, breach.id);
    expect(change).toMatchObject({ action: 'breach.update', fields: ['authority'] });
  });

  it('deciding not to notify the authority or the people needs the reason why, and closes the breach', async () => {
    const breach = await createBreach(db, ctx, stolenLaptop);
    expect(await refusal(saveEdit(breach.id, { authority: { decision: 'not_required' } }))).toEqual({
      'authority.notRequiredReason': RV.notRequiredReason,
    });
    await saveEdit(breach.id, {
      authority: { decision: 'not_required', notRequiredReason: 'Disque chiffré, clé non compromise.' },
      people: { decision: 'not_required', notRequiredReason: 'Aucun risque élevé (article 34(3)(a)).' },
    });
    expect(await openBreaches(db)).toEqual([]);
    expect(await listBreaches(db)).toHaveLength(1);
  });

  it('lists the newest awareness first and open breaches by closest deadline', async () => {
    const older = await createBreach(db, ctx, stolenLaptop);
    const newer = await createBreach(db, ctx, {
      ...stolenLaptop,
      title: 'E-mail envoyé au mauvais destinataire',
      occurredAt: '2026-03-20T07:00:00.000Z',
      awareAt: '2026-03-20T07:30:00.000Z',
    });
    expect((await listBreaches(db)).map((b) => b.id)).toEqual([newer.id, older.id]);
    expect((await openBreaches(db)).map((b) => b.id)).toEqual([older.id, newer.id]);
  });

  it('an unknown breach cannot be changed', async () => {
    await expect(saveEdit('nope', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
