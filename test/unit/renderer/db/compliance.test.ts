// The compliance checks over a real workspace: each fails on a seeded workspace, then passes once
// the owner does what the finding says, through the same functions the screens call.
import { beforeEach, describe, expect, it } from 'vitest';
import { recordArchiveExport } from '../../../../renderer/src/db/archive';
import { createBreach, updateBreach } from '../../../../renderer/src/db/breaches';
import {
  complianceHistory,
  gatherComplianceFacts,
  recordComplianceRun,
  recordTrainingCompletion,
} from '../../../../renderer/src/db/compliance';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { eraseSubject } from '../../../../renderer/src/db/erasure';
import {
  createRegisterEntry,
  markRegisterEntryReviewed,
  updateRegisterEntry,
} from '../../../../renderer/src/db/registers';
import { applyRequestAction, createRequest, recordLetterSent } from '../../../../renderer/src/db/requests';
import { addDefaultRetentionRules } from '../../../../renderer/src/db/retention';
import { openDeskDb } from '../../../../renderer/src/db/open';
import { AppendOnlyError, databaseName, type DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, localDate, updateRecord, write } from '../../../../renderer/src/db/write';
import { hashSecret } from '../../../../shared/lock/secret';
import { runChecks, type CheckId, type CheckResult } from '../../../../shared/compliance';
import { DEFAULT_SYSTEMS } from '../../../../shared/domain/organisation';
import { entryFromTemplate, REGISTER_TEMPLATES } from '../../../../shared/registers/templates';
import { TRAINING_MODULE_VERSION } from '../../../../shared/training/module';
import type { BreachInput } from '../../../../shared/breaches/model';
import { NEWSLETTER, openedFor, openTestDb, seedWorkspace, TestClock } from './fixtures';
import { openShipped } from './shipped-schemas';
import { entriesOf, listNewestFirst } from '../../../../renderer/src/db/audit-store';

const DAY = 86_400_000;
let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 2, 12, 0, 0).getTime());
const ctx = clock.as('owner');
let newsletter: string;
let notice: string;
let staffId: string;
let sync = false;

const run = async (): Promise<Map<CheckId, CheckResult>> => {
  const facts = await gatherComplianceFacts(db, { today: localDate(clock.now()), syncConfigured: sync });
  return new Map(runChecks(facts).map((result) => [result.id, result]));
};
const failing = async () =>
  [...(await run()).values()]
    .filter((result) => !result.passed)
    .map((result) => result.id)
    .sort();

const customers = () =>
  entryFromTemplate(REGISTER_TEMPLATES[0]!, 'fr', {
    organisation: {
      legalName: 'Boutique',
      address: '1 rue X',
      contactEmail: 'a@b.fr',
      dpoEmail: '',
      systems: DEFAULT_SYSTEMS.fr,
    },
    purposes: [],
  });

beforeEach(async () => {
  clock.reset();
  sync = false;
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter },
    noticeId: notice,
  } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER }, now: clock.now }));
  staffId = (await createRecord(db, ctx, 'staff', { name: 'Claire', role: 'owner' })).id;
  return test.cleanup;
});

/** The seeded workspace where every check fails; what the fixes need. */
async function seedFailures() {
  // A person recorded five years ago and never heard of since: past the CNIL's three years.
  clock.set(new Date(2021, 0, 5, 12).getTime());
  const quiet = (await createRecord(db, ctx, 'subject', { lastName: 'Oublié' })).id;
  clock.reset();
  const late = await createRequest(db, ctx, {
    subject: { create: { lastName: 'Martin' } },
    rights: ['access'],
    channel: 'email',
    receivedAt: new Date(clock.now() - 40 * DAY).toISOString(),
  });
  const extended = await createRequest(db, ctx, {
    subject: { create: { lastName: 'Durand' } },
    rights: ['access'],
    channel: 'letter',
    receivedAt: new Date(clock.now() - 10 * DAY).toISOString(),
  });
  await recordLetterSent(db, ctx, extended.id, {
    kind: 'acknowledgement',
    language: 'fr',
    channel: 'letter',
    subject: 'Accusé',
    body: 'Reçu',
    sentOn: localDate(clock.now() - 9 * DAY),
  });
  await applyRequestAction(db, ctx, extended.id, { type: 'start', on: localDate(clock.now()) });
  await applyRequestAction(db, ctx, extended.id, {
    type: 'extend',
    on: localDate(clock.now()),
    reasons: 'Dix ans de dossiers papier',
  });
  const person = (await createRecord(db, ctx, 'subject', { lastName: 'Petit' })).id;
  await recordConsents(db, ctx, {
    subject: { id: person },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'counter',
    decidedAt: new Date(clock.now() - DAY).toISOString(),
    noticeId: notice,
  });
  clock.advance(60_000);
  const entry = await createRegisterEntry(db, ctx, { ...customers(), security: '' });
  const breach = await createBreach(db, ctx, {
    title: 'Tablette volée',
    occurredAt: new Date(clock.now() - 2 * DAY).toISOString(),
    awareAt: new Date(clock.now() - DAY).toISOString(),
    description: 'La tablette du comptoir a été volée.',
  });
  return { quiet, late, extended, person, entry, breach };
}

describe('compliance checks over a workspace', () => {
  it('every check fails on the seeded workspace, then passes after its fix', async () => {
    const seeded = await seedFailures();
    expect(await failing()).toEqual(
      [
        'app_lock',
        'archive_export',
        'breach_decision',
        'consent_evidence',
        'extension_notice',
        'notice_current',
        'register_review',
        'request_acknowledgement',
        'request_deadlines',
        'retention_review',
        'staff_training',
        'sync_backup',
      ].sort(),
    );
    const results = await run();
    expect(results.get('request_deadlines')).toMatchObject({
      count: 1,
      items: [{ label: seeded.late.reference, target: { section: 'requests', id: seeded.late.id } }],
      fix: { section: 'requests', id: seeded.late.id },
      topic: 'deadline',
    });
    expect(results.get('request_acknowledgement')?.items.map((item) => item.label)).toEqual([
      seeded.late.reference,
    ]);
    expect(results.get('extension_notice')?.items.map((item) => item.label)).toEqual([
      seeded.extended.reference,
    ]);
    expect(results.get('consent_evidence')).toMatchObject({
      count: 1,
      items: [{ label: 'Petit', target: { section: 'subjects', id: seeded.person } }],
    });
    expect(results.get('retention_review')?.fix).toEqual({ section: 'settings', id: 'retention' });

    // Requests: the acknowledgement sent, the extension notice sent, the late request answered.
    await recordLetterSent(db, ctx, seeded.late.id, {
      kind: 'acknowledgement',
      language: 'fr',
      channel: 'email',
      subject: 'Accusé',
      body: 'Reçu',
      sentOn: localDate(clock.now()),
    });
    expect((await run()).get('request_acknowledgement')?.passed).toBe(true);
    expect((await run()).get('request_deadlines')?.passed).toBe(false);
    await applyRequestAction(db, ctx, seeded.late.id, {
      type: 'respond',
      on: localDate(clock.now()),
      outcome: 'granted',
    });
    expect((await run()).get('request_deadlines')?.passed).toBe(true);
    await recordLetterSent(db, ctx, seeded.extended.id, {
      kind: 'extension_notice',
      language: 'fr',
      channel: 'letter',
      subject: 'Prolongation',
      body: 'Raisons',
      sentOn: localDate(clock.now()),
    });
    expect((await run()).get('extension_notice')?.passed).toBe(true);

    // Consent: a new decision with a witness replaces the unproven one as the current consent.
    await recordConsents(db, ctx, {
      subject: { id: seeded.person },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      channel: 'counter',
      decidedAt: new Date(clock.now()).toISOString(),
      noticeId: notice,
      evidence: { witnessName: 'Claire' },
    });
    expect((await run()).get('consent_evidence')?.passed).toBe(true);

    // Register: the missing Art. 30(1) field filled; then the notice, older than that change, renewed.
    const security = { security: 'Session verrouillée, sauvegardes' };
    await updateRegisterEntry(
      db,
      ctx,
      seeded.entry.id,
      openedFor(await db.registerEntries.get(seeded.entry.id), security),
      security,
    );
    expect((await run()).get('register_review')?.passed).toBe(true);
    expect((await run()).get('notice_current')?.passed).toBe(false);
    clock.advance(60_000);
    await createRecord(db, ctx, 'notice', {
      number: 2,
      title: 'Notice v2',
      text: 'Texte à jour',
      effectiveOn: localDate(clock.now()),
    });
    expect((await run()).get('notice_current')?.passed).toBe(true);

    // Breach: both decisions taken, with their reasons.
    const decisions: Partial<BreachInput> = {
      authority: {
        decision: 'not_required',
        notRequiredReason: 'Tablette chiffrée',
        notifiedAt: '',
        reference: '',
        delayReasons: '',
      },
      people: { decision: 'not_required', notRequiredReason: 'Pas de risque', notifiedAt: '', how: '' },
    };
    await updateBreach(
      db,
      ctx,
      seeded.breach.id,
      openedFor(await db.breaches.get(seeded.breach.id), decisions),
      decisions,
    );
    expect((await run()).get('breach_decision')?.passed).toBe(true);

    // Retention: rules set (the quiet person is then found past the period), then that person erased.
    await addDefaultRetentionRules(db, ctx, 'fr');
    const retention = (await run()).get('retention_review');
    expect(retention).toMatchObject({ passed: false, count: 1, items: [{ label: 'Oublié' }] });
    expect(retention?.fix).toEqual({ section: 'registers', id: 'retention' });
    await eraseSubject(db, ctx, { subjectId: seeded.quiet, reason: 'retention', suppress: false });
    expect((await run()).get('retention_review')?.passed).toBe(true);

    // Archive, sync, training.
    await recordArchiveExport(db, ctx, crypto.randomUUID(), ['requests'], 3);
    expect((await run()).get('archive_export')?.passed).toBe(true);
    sync = true;
    expect((await run()).get('sync_backup')?.passed).toBe(true);
    await recordTrainingCompletion(db, ctx, staffId, { firstTry: 10, questions: 11 });
    expect(await failing()).toEqual(['app_lock']);

    // App lock: nobody has a code; then a member without one; then no idle delay; then set.
    expect((await run()).get('app_lock')).toMatchObject({
      finding: 'no_code',
      fix: { section: 'settings', id: 'security' },
      topic: 'access_lock',
    });
    const bob = (await createRecord(db, ctx, 'staff', { name: 'Bob' })).id;
    await updateRecord(db, ctx, 'staff', staffId, { lock: await hashSecret('pin', '2468', 100_000) });
    expect((await run()).get('app_lock')).toMatchObject({
      finding: 'without_code',
      count: 1,
      items: [{ label: 'Bob' }],
    });
    await updateRecord(db, ctx, 'staff', bob, { active: false });
    expect((await run()).get('app_lock')).toMatchObject({ passed: false, finding: 'no_idle' });
    const organisation = await db.organisation.toCollection().first();
    await updateRecord(db, ctx, 'organisation', organisation!.id, { lockAfterMinutes: 5 });
    expect(await failing()).toEqual([]);
  });

  it('fails again when time passes: an old archive, a register not reviewed, a training over a year old', async () => {
    await recordArchiveExport(db, ctx, crypto.randomUUID(), ['requests'], 3);
    await createRegisterEntry(db, ctx, customers());
    await recordTrainingCompletion(db, ctx, staffId, { firstTry: 11, questions: 11 });
    expect((await run()).get('archive_export')?.passed).toBe(true);
    clock.advance(95 * DAY);
    expect((await run()).get('archive_export')?.passed).toBe(false);
    // The period comes from the organisation's setting.
    await write(db, ctx, async (w) => {
      const organisation = await db.organisation.toCollection().first();
      await w.update('organisation', organisation!.id, { archiveEveryMonths: 6 });
    });
    expect((await run()).get('archive_export')?.passed).toBe(true);
    expect((await run()).get('register_review')?.passed).toBe(true);
    expect((await run()).get('staff_training')?.passed).toBe(true);
    clock.advance(300 * DAY);
    expect((await run()).get('register_review')).toMatchObject({
      passed: false,
      items: [{ label: customers().name }],
    });
    expect((await run()).get('staff_training')).toMatchObject({
      passed: false,
      items: [{ label: 'Claire' }],
    });
  });

  it('a register entry marked as reviewed passes the yearly review, without making the notice out of date', async () => {
    const entry = await createRegisterEntry(db, ctx, customers());
    clock.advance(60_000);
    await createRecord(db, ctx, 'notice', {
      number: 2,
      title: 'Notice v2',
      text: 'Texte à jour',
      effectiveOn: localDate(clock.now()),
    });
    expect((await run()).get('notice_current')?.passed).toBe(true);
    clock.advance(400 * DAY);
    expect((await run()).get('register_review')).toMatchObject({
      passed: false,
      items: [{ label: customers().name }],
    });
    const versions = await db.registerVersions.count();
    const reviewed = await markRegisterEntryReviewed(db, ctx, entry.id, localDate(clock.now()));
    expect(reviewed.reviewedOn).toBe(localDate(clock.now()));
    expect((await run()).get('register_review')?.passed).toBe(true);
    // A review changes no content: no version, and the notice still describes the record.
    expect(await db.registerVersions.count()).toBe(versions);
    expect((await run()).get('notice_current')?.passed).toBe(true);
    const audit = await listNewestFirst(db, { entityId: entry.id });
    expect(audit.map((item) => [item.action, item.fields])).toContainEqual([
      'registerEntry.review',
      ['reviewedOn'],
    ]);
    // A year later it is due again; a real change of content counts as a review too, and then the
    // notice is older than the register.
    clock.advance(370 * DAY);
    expect((await run()).get('register_review')?.passed).toBe(false);
    const change = { retention: '5 ans après le dernier achat' };
    await updateRegisterEntry(
      db,
      ctx,
      entry.id,
      openedFor(await db.registerEntries.get(entry.id), change),
      change,
    );
    expect((await run()).get('register_review')?.passed).toBe(true);
    expect((await run()).get('notice_current')?.passed).toBe(false);
  });

  it('a deactivated member is not due; a new module version makes everyone due again', async () => {
    await recordTrainingCompletion(db, ctx, staffId, { firstTry: 11, questions: 11 });
    const other = (await createRecord(db, ctx, 'staff', { name: 'Bob' })).id;
    expect((await run()).get('staff_training')?.items.map((item) => item.label)).toEqual(['Bob']);
    await write(db, ctx, (w) => w.update('staff', other, { active: false }));
    expect((await run()).get('staff_training')?.passed).toBe(true);
    const facts = await gatherComplianceFacts(db, { today: localDate(clock.now()), syncConfigured: false });
    const next = runChecks({ ...facts, trainingModuleVersion: TRAINING_MODULE_VERSION + 1 });
    expect(next.find((result) => result.id === 'staff_training')?.passed).toBe(false);
  });
});

describe('history and training records', () => {
  it('keeps a run when it is the day’s first or its outcome changed, through the write path', async () => {
    const first = runChecksNow();
    expect(await recordComplianceRun(db, ctx, await first)).not.toBeNull();
    expect(await recordComplianceRun(db, ctx, await runChecksNow())).toBeNull();
    sync = true;
    const changed = await recordComplianceRun(db, ctx, await runChecksNow());
    expect(changed?.results.find((result) => result.check === 'sync_backup')).toEqual({
      check: 'sync_backup',
      passed: true,
      count: 0,
    });
    clock.advance(DAY);
    expect(await recordComplianceRun(db, ctx, await runChecksNow())).not.toBeNull();
    const history = await complianceHistory(db);
    expect(history).toHaveLength(3);
    expect(history[0]!.ranAt < history[2]!.ranAt).toBe(true);
    const audit = await entriesOf(db, history[0]!.id);
    expect(audit.map((entry) => entry.action)).toEqual(['compliance.run']);
    expect(await db.oplog.where('keys').equals(`complianceRun:${history[0]!.id}`).count()).toBe(1);
  });

  it('records a completion with the module version and date, audited, append-only', async () => {
    const completion = await recordTrainingCompletion(db, ctx, staffId, { firstTry: 9, questions: 11 });
    expect(completion).toMatchObject({
      staffId,
      moduleVersion: TRAINING_MODULE_VERSION,
      completedAt: new Date(clock.now()).toISOString(),
      firstTry: 9,
      questions: 11,
      createdBy: 'owner',
    });
    const audit = await entriesOf(db, completion.id);
    expect(audit.map((entry) => entry.action)).toEqual(['training.complete']);
    await expect(db.trainingCompletions.delete(completion.id)).rejects.toBeInstanceOf(AppendOnlyError);
    await expect(
      recordTrainingCompletion(db, ctx, 'nobody', { firstTry: 1, questions: 1 }),
    ).rejects.toThrow();
  });
});

async function runChecksNow(): Promise<CheckResult[]> {
  return [...(await run()).values()];
}

describe('schema version 14', () => {
  it('marks the consents of an older database that were given without proof', async () => {
    const workspaceId = crypto.randomUUID();
    const old = openShipped(databaseName(workspaceId), 9);
    await old.open();
    const evidence = {
      attachment: null,
      callReference: '',
      witnessName: '',
      fileHash: '',
      formReference: '',
    };
    await old.table('consentEvents').bulkAdd([
      { id: 'e1', subjectId: 's1', purposeId: 'p1', decision: 'granted', evidence },
      {
        id: 'e2',
        subjectId: 's1',
        purposeId: 'p2',
        decision: 'granted',
        evidence: { ...evidence, callReference: 'APP-1' },
      },
      { id: 'e3', subjectId: 's2', purposeId: 'p1', decision: 'refused', evidence },
    ]);
    old.close();
    const upgraded = await openDeskDb(workspaceId);
    try {
      expect(await upgraded.consentEvents.where('unproven').equals(1).primaryKeys()).toEqual(['e1']);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });
});

describe('schema version 19', () => {
  it('marks the current decisions of an older database that are consents without proof', async () => {
    const workspaceId = crypto.randomUUID();
    const old = openShipped(databaseName(workspaceId), 14);
    await old.open();
    const event = (id: string, subjectId: string, purposeId: string, unproven: boolean) => ({
      id,
      subjectId,
      purposeId,
      decision: 'granted',
      ...(unproven ? { unproven: 1 } : {}),
    });
    await old.table('consentEvents').bulkAdd([
      event('e1', 's1', 'p1', true),
      event('e2', 's1', 'p2', false),
      // An unproven consent since replaced by one with its proof: no longer current.
      event('e3', 's2', 'p1', true),
      event('e4', 's2', 'p1', false),
    ]);
    const preference = (id: string, subjectId: string, purposeId: string) => ({
      id,
      subjectId,
      purposeId,
      decision: 'granted',
    });
    await old
      .table('preferences')
      .bulkAdd([preference('e1', 's1', 'p1'), preference('e2', 's1', 'p2'), preference('e4', 's2', 'p1')]);
    old.close();
    const upgraded = await openDeskDb(workspaceId);
    try {
      // Carried into each person's facts row by version 22.
      expect((await upgraded.facts.get('s1'))?.unproven).toEqual(['p1']);
      expect(await upgraded.facts.get('s2')).not.toHaveProperty('unproven');
      const facts = await gatherComplianceFacts(upgraded, { today: '2026-03-02', syncConfigured: false });
      expect(facts.unprovenConsents).toEqual({ count: 1, first: [{ subjectId: 's1', name: '' }] });
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });
});
