import { beforeEach, describe, expect, it } from 'vitest';
import { buildAccessPackage } from '../../../../shared/access';
import { accessRequests, readAccessData, recordAccessPackage } from '../../../../renderer/src/db/access';
import { recordConsents } from '../../../../renderer/src/db/consents';
import { applyRequestAction, createRequest, requestTimeline } from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createRecord, localDate, ValidationError } from '../../../../renderer/src/db/write';
import { NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';
import { countEntries, entriesOf } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
let newsletter: string;
let notice: string;

beforeEach(async () => {
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter },
    noticeId: notice,
  } = await seedWorkspace(db, {
    organisation: { recipients: ['Comptable'] },
    purposes: { newsletter: NEWSLETTER },
    notice: { number: 3 },
    now: clock.now,
  }));
  return test.cleanup;
});

async function personWithHistory() {
  const [event] = await recordConsents(db, ctx, {
    subject: { create: { firstName: 'Héloïse', lastName: 'Lefèvre', email: 'heloise@exemple.fr' } },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'phone',
    decidedAt: new Date(2025, 5, 1, 10).toISOString(),
    noticeId: notice,
  });
  const subjectId = event!.subjectId;
  const old = await createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['access'],
    channel: 'email',
    receivedAt: new Date(2026, 0, 5, 9).toISOString(),
  });
  await applyRequestAction(db, ctx, old.id, { type: 'respond', on: '2026-01-20', outcome: 'granted' });
  const open = await createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['portability', 'erasure'],
    channel: 'letter',
    receivedAt: new Date(2026, 2, 2, 9).toISOString(),
  });
  await createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['objection'],
    channel: 'phone',
    receivedAt: new Date(2026, 2, 10, 9).toISOString(),
  });
  return { subjectId, old, open };
}

describe('access package data', () => {
  it('reads everything held about the person, and offers their open access or portability request first', async () => {
    const { subjectId, old, open } = await personWithHistory();
    const data = await readAccessData(db, subjectId);
    expect(data.subject.email).toBe('heloise@exemple.fr');
    expect(data.consentEvents).toHaveLength(1);
    expect(data.requests).toHaveLength(3);
    expect(data.timelines.get(old.id)?.map((event) => event.kind)).toEqual(['created', 'transition']);
    expect(accessRequests(data.requests).map((request) => request.id)).toEqual([open.id, old.id]);

    const pkg = buildAccessPackage({
      ...data,
      generatedAt: new Date(clock.now()).toISOString(),
      language: 'fr',
      forRequestId: open.id,
      dayOf: (iso) => localDate(Date.parse(iso)),
    });
    expect(pkg.consents[0]).toMatchObject({ purpose: 'Lettre', decision: 'granted', notice: { number: 3 } });
    expect(pkg.request).toBe(open.reference);
    expect(pkg.recipients).toEqual(['Comptable']);
  });

  it('refuses an unknown person', async () => {
    await expect(readAccessData(db, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('recordAccessPackage', () => {
  const files = [
    { name: 'acces-DSR-1.pdf', sha256: 'a'.repeat(64) },
    { name: 'acces-DSR-1.json', sha256: 'b'.repeat(64) },
    { name: 'acces-DSR-1.csv', sha256: 'c'.repeat(64) },
  ];

  it('puts the files and their SHA-256 on the request’s timeline, and the package in the audit log without personal data', async () => {
    const { subjectId, open } = await personWithHistory();
    const event = await recordAccessPackage(db, ctx, { subjectId, requestId: open.id, files, count: 4 });
    expect(event).toMatchObject({ kind: 'access_package', on: '2026-03-20', requestId: open.id });
    const timeline = await requestTimeline(db, open.id);
    expect(timeline.at(-1)?.note).toBe(
      files.map((file) => `${file.name} — SHA-256 ${file.sha256}`).join('\n'),
    );
    const audit = [...(await entriesOf(db, subjectId)), ...(await entriesOf(db, event!.id))];
    const made = audit.find((entry) => entry.action === 'subject.accessPackage');
    expect(made).toMatchObject({
      entity: 'subject',
      fields: ['pdf', 'json', 'csv'],
      count: 4,
      operatorId: 'clerk',
    });
    expect(audit.some((entry) => entry.action === 'request.accessPackage')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/Héloïse|heloise/);
  });

  it('records a package made outside any request in the audit log only', async () => {
    const { subjectId } = await personWithHistory();
    const before = await db.requestEvents.count();
    expect(await recordAccessPackage(db, ctx, { subjectId, requestId: null, files, count: 4 })).toBeNull();
    expect(await db.requestEvents.count()).toBe(before);
    expect((await entriesOf(db, subjectId)).filter((e) => e.action === 'subject.accessPackage').length).toBe(
      1,
    );
  });

  it('refuses a request of someone else, writing nothing', async () => {
    const { open } = await personWithHistory();
    const other = await createRecord(db, ctx, 'subject', { lastName: 'Autre' });
    const before = await countEntries(db);
    const attempt = recordAccessPackage(db, ctx, {
      subjectId: other.id,
      requestId: open.id,
      files,
      count: 0,
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ fields: { requestId: 'access.errors.requestNotTheirs' } });
    expect(await countEntries(db)).toBe(before);
  });
});
