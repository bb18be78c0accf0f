import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeCsvBytes, parseCsvTable } from '../../../../shared/consent/import';
import { verifyAudit } from '../../../../renderer/src/db/audit';
import { recordConsents, segmentOf } from '../../../../renderer/src/db/consents';
import { storeImport } from '../../../../renderer/src/db/consent-import';
import { suggestMapping, validateImportRows } from '../../../../shared/consent/import-rows';
import {
  deletePendingAttachments,
  erasureOf,
  erasurePreview,
  eraseSubject,
  loadSuppressionChecker,
  pendingDeletions,
} from '../../../../renderer/src/db/erasure';
import {
  addRequestAttachment,
  addRequestNote,
  createRequest,
  recordLetterSent,
  requestTimeline,
} from '../../../../renderer/src/db/requests';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { searchSubjects } from '../../../../renderer/src/db/subjects';
import { eventsOfSubject, NEWSLETTER, openTestDb, seedWorkspace, TestClock } from './fixtures';
import { allEntries } from '../../../../renderer/src/db/audit-store';

let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());
const ctx = clock.as('clerk');
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 10, 0, 0).toISOString();
const SCAN = {
  hash: 'a'.repeat(64),
  name: 'formulaire.pdf',
  mediaType: 'application/pdf' as const,
  size: 10,
};
const MANDATE = { hash: 'b'.repeat(64), name: 'mandat.pdf', mediaType: 'application/pdf' as const, size: 10 };
const SHARED = { hash: 'c'.repeat(64), name: 'modele.pdf', mediaType: 'application/pdf' as const, size: 10 };
let newsletter: string;
let notice: string;

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  ({
    purposes: { newsletter },
    noticeId: notice,
  } = await seedWorkspace(db, { purposes: { newsletter: NEWSLETTER } }));
  return test.cleanup;
});

/** Héloïse Lefèvre: two consent events (one with a scan), an erasure request with a mandate, a note, a letter and attachments. */
async function personWithHistory() {
  const [granted] = await recordConsents(db, ctx, {
    subject: {
      create: {
        firstName: 'Héloïse',
        lastName: 'Lefèvre',
        email: 'heloise@exemple.fr',
        phone: '06 12 34 56 78',
      },
    },
    decisions: [{ purposeId: newsletter, decision: 'granted' }],
    channel: 'phone',
    decidedAt: at(2026, 1, 5),
    noticeId: notice,
    evidence: { callReference: 'APPEL-Lefèvre-42', witnessName: 'Paul Témoin', attachment: SCAN },
    note: 'Héloïse préfère le mardi',
  });
  const subjectId = granted!.subjectId;
  await recordConsents(db, ctx, {
    subject: { id: subjectId },
    decisions: [{ purposeId: newsletter, decision: 'withdrawn' }],
    channel: 'email',
    decidedAt: at(2026, 2, 5),
    noticeId: notice,
  });
  const request = await createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['erasure'],
    channel: 'letter',
    receivedAt: at(2026, 3, 1),
    requesterWords: 'Je, Héloïse Lefèvre, demande l’effacement',
    viaRepresentative: true,
    representativeName: 'Maître Durand',
    mandate: MANDATE,
  });
  await addRequestNote(db, ctx, request.id, 'Appelée au 06 12 34 56 78');
  await addRequestAttachment(db, ctx, request.id, SHARED);
  await recordLetterSent(db, ctx, request.id, {
    kind: 'response',
    language: 'fr',
    channel: 'letter',
    subject: 'Votre demande, Madame Lefèvre',
    body: 'Madame Héloïse Lefèvre, 3 rue des Lilas…',
    sentOn: '2026-03-10',
  });
  return { subjectId, request };
}

const IDENTIFYING = [
  'Héloïse',
  'Lefèvre',
  'heloise@exemple.fr',
  '0612345678',
  '06 12 34 56 78',
  'APPEL-',
  'Témoin',
];

async function everythingStored(): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (table) => JSON.stringify(await table.toArray())));
  return tables.join('\n');
}

describe('erasure', () => {
  it('removes the person everywhere and keeps the proof: request, timeline, decisions, tombstone', async () => {
    const { subjectId, request } = await personWithHistory();
    // The same file attached to another person's request stays.
    const other = await createRequest(db, ctx, {
      subject: { create: { lastName: 'Autre', email: 'autre@exemple.fr' } },
      rights: ['access'],
      channel: 'email',
      receivedAt: at(2026, 3, 2),
    });
    await addRequestAttachment(db, ctx, other.id, SHARED);
    expect(await everythingStored()).toContain('heloise@exemple.fr');

    const preview = await erasurePreview(db, subjectId, request.id);
    expect(preview).toMatchObject({ consentEvents: 2, requests: 1, attachments: 3, objected: true });
    expect(preview.openRequests).toEqual([]);

    const { erasure, attachmentsToDelete } = await eraseSubject(db, ctx, {
      subjectId,
      reason: 'request',
      requestId: request.id,
      suppress: true,
    });

    const stored = await everythingStored();
    for (const text of IDENTIFYING) expect(stored, text).not.toContain(text);
    expect(await db.subjects.get(subjectId)).toBeUndefined();
    expect(await searchSubjects(db, 'lefevre')).toEqual([]);
    expect(await searchSubjects(db, 'heloise@exemple.fr')).toEqual([]);

    // Decisions, purposes and dates stay; the identity and evidence go.
    const events = await eventsOfSubject(db, subjectId);
    expect(events.map((e) => [e.decision, e.purposeId, e.decidedAt])).toEqual([
      ['granted', newsletter, at(2026, 1, 5)],
      ['withdrawn', newsletter, at(2026, 2, 5)],
    ]);
    expect(events[0]?.evidence).toMatchObject({ attachment: null, callReference: '', witnessName: '' });
    expect(await db.facts.get(subjectId)).toBeUndefined();

    // The request and its timeline prove what was asked and done.
    const kept = await db.requests.get(request.id);
    expect(kept).toMatchObject({
      reference: request.reference,
      rights: ['erasure'],
      requesterWords: '',
      mandate: null,
    });
    const timeline = await requestTimeline(db, request.id);
    expect(timeline.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['created', 'note', 'attachment', 'letter', 'erasure']),
    );
    expect(timeline.find((event) => event.kind === 'letter')?.letter).toMatchObject({
      kind: 'response',
      subject: '',
      body: '',
    });
    expect(erasure).toMatchObject({
      subjectId,
      reason: 'request',
      requestId: request.id,
      suppressed: true,
      counts: { consentEvents: 2, requests: 1, timelineEntries: 5, attachments: 3 },
    });
    expect(await erasureOf(db, subjectId)).toMatchObject({ id: erasure.id });

    // Files: the scan and the mandate go; the file another person's request uses stays.
    expect(attachmentsToDelete.sort()).toEqual([SCAN.hash, MANDATE.hash]);
    expect((await pendingDeletions(db)).sort()).toEqual([SCAN.hash, MANDATE.hash]);
    const remove = vi.fn(async () => undefined);
    expect(await deletePendingAttachments(db, remove)).toBe(2);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(await pendingDeletions(db)).toEqual([]);

    expect((await verifyAudit(db)).ok).toBe(true);
    const audit = await allEntries(db);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['subject.erase', 'request.redact']),
    );
  });

  it('asks for confirmation when another request of the person is still open, and writes nothing until then', async () => {
    const { subjectId } = await personWithHistory();
    const before = await everythingStored();
    await expect(
      eraseSubject(db, ctx, { subjectId, reason: 'retention', suppress: false }),
    ).rejects.toMatchObject({
      fields: { _: 'erasure.openRequestsError' },
    });
    expect(await everythingStored()).toBe(before);
    await eraseSubject(db, ctx, {
      subjectId,
      reason: 'retention',
      suppress: false,
      confirmOpenRequests: true,
    });
    expect(await db.subjects.get(subjectId)).toBeUndefined();
    expect(await db.suppressions.count()).toBe(0);
  });

  it('a failure half-way leaves everything as it was (one transaction)', async () => {
    const { subjectId, request } = await personWithHistory();
    const before = await everythingStored();
    db.erasures.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(
      eraseSubject(db, ctx, { subjectId, reason: 'request', requestId: request.id, suppress: true }),
    ).rejects.toThrow('disk full');
    expect(await everythingStored()).toBe(before);
  });

  it('the append-only ledger still refuses edits outside an erasure', async () => {
    const { subjectId } = await personWithHistory();
    await expect(
      db.consentRows
        .where('subjectId')
        .equals(subjectId)
        .modify((row) => {
          row.events = row.events.map((event) => ({ ...event, note: 'changed' }));
        }),
    ).rejects.toThrow();
    expect((await eventsOfSubject(db, subjectId)).map((event) => event.note)).not.toContain('changed');
  });

  it('the suppression list blocks the same email or phone on a later import and in segment exports', async () => {
    const { subjectId, request } = await personWithHistory();
    await eraseSubject(db, ctx, { subjectId, reason: 'request', requestId: request.id, suppress: true });
    expect(JSON.stringify(await db.suppressions.toArray())).not.toContain('heloise');

    const suppressed = await loadSuppressionChecker(db);
    expect(suppressed({ email: ' HELOISE@exemple.fr ' })).toBe(true);
    expect(suppressed({ phone: '+33 6 12 34 56 78' })).toBe(true);
    expect(suppressed({ email: 'someone@exemple.fr', phone: '07 00 00 00 00' })).toBe(false);

    const csv =
      'Prénom;Nom;Courriel;Finalité;Consentement;Date\nHéloïse;Lefèvre;heloise@exemple.fr;Lettre;oui;01/03/2026\nJean;Neuf;jean@exemple.fr;Lettre;oui;01/03/2026\n';
    const table = parseCsvTable(decodeCsvBytes(new TextEncoder().encode(csv)).text);
    const purposes = await db.purposes.toArray();
    const report = validateImportRows(table, suggestMapping(table, purposes), {
      purposes,
      today: '2026-03-20',
      defaultChannel: 'import',
      suppressed,
    });
    expect(report.invalid).toEqual([
      { line: 2, reason: 'import.reasons.suppressed', detail: '', values: [] },
    ]);
    expect(report.valid).toHaveLength(1);
    // Rows checked before the person was erased are refused at storage time too.
    const unchecked = validateImportRows(table, suggestMapping(table, purposes), {
      purposes,
      today: '2026-03-20',
      defaultChannel: 'import',
    });
    await expect(
      storeImport(db, ctx, {
        groups: unchecked.valid.map((row) => ({ target: { create: row.subject }, rows: [row] })),
        fileHash: 'd'.repeat(64),
        fileName: 'f.csv',
        priorNotice: 'skip',
      }),
    ).rejects.toMatchObject({ fields: { '2': 'import.reasons.suppressed' } });

    // Entered again by hand and consenting: never in a segment.
    await recordConsents(db, ctx, {
      subject: { create: { firstName: 'H.', lastName: 'L.', email: 'heloise@exemple.fr' } },
      decisions: [{ purposeId: newsletter, decision: 'granted' }],
      channel: 'counter',
      decidedAt: at(2026, 3, 15),
      noticeId: notice,
    });
    expect(await segmentOf(db, newsletter, { today: '2026-03-20' })).toEqual([]);
  });
});
