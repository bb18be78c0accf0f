import { afterEach, describe, expect, it } from 'vitest';
import { countWrites } from '../../../../renderer/src/app/write-count';
import { recordConsents } from '../../../../renderer/src/db/consents';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { openTestDb, seedWorkspace, NEWSLETTER, SMS } from '../db/fixtures';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
});

describe('countWrites', () => {
  it('counts the rows and index entries of every table a write touches, derived tables included', async () => {
    const test = await openTestDb();
    cleanup = test.cleanup;
    const db: DeskDb = test.db;
    const { purposes, noticeId } = await seedWorkspace(db, {
      purposes: { newsletter: NEWSLETTER, sms: SMS },
    });
    const { counts } = await countWrites(db, () =>
      recordConsents(
        db,
        { operatorId: 'clerk' },
        {
          subject: { create: { lastName: 'Martin', email: 'anne.martin@exemple.fr' } },
          decisions: [
            { purposeId: purposes.newsletter, decision: 'granted' },
            { purposeId: purposes.sms, decision: 'refused' },
          ],
          channel: 'phone',
          decidedAt: new Date().toISOString(),
          noticeId,
        },
      ),
    );
    expect(counts.subjects?.rows).toBe(1);
    // Both decisions in one row (consent-store.ts); nothing in the table of older events.
    expect(counts.consentRows?.rows).toBe(1);
    expect(counts.consentEvents).toBeUndefined();
    // One row for the person: `current` for each decision, `unproven` for the current consent given
    // without evidence, and [category+lastContactAt].
    expect(counts.facts).toEqual({ rows: 1, indexEntries: 4 });
    // subjectId once; eventIds and decided for each event; `unproven` (no evidence) for the consent given.
    expect(counts.consentRows?.indexEntries).toBe(6);
    // terms martin, anne, exemple, fr, the address; sortKey.
    expect(counts.subjects?.indexEntries).toBe(6);
    expect(counts.oplog?.rows).toBe(1);
    // After it, nothing is counted any more.
    const before = JSON.stringify(counts);
    await recordConsents(
      db,
      { operatorId: 'clerk' },
      {
        subject: { create: { lastName: 'Durand' } },
        decisions: [{ purposeId: purposes.newsletter, decision: 'granted' }],
        channel: 'phone',
        decidedAt: new Date().toISOString(),
        noticeId,
      },
    );
    expect(JSON.stringify(counts)).toBe(before);
  });
});
