import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../../../../renderer/src/db/audit';
import { generatePrivacyNotice, privacyNoticeState } from '../../../../renderer/src/db/privacy-notice';
import { createRegisterEntry } from '../../../../renderer/src/db/registers';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { updateRecord } from '../../../../renderer/src/db/write';
import { DEFAULT_SYSTEMS } from '../../../../shared/domain/organisation';
import { privacyNoticeText } from '../../../../shared/notice/privacy';
import { entryFromTemplate, REGISTER_TEMPLATES } from '../../../../shared/registers/templates';
import { NEWSLETTER, SMS, seedWorkspace, TestClock, openTestDb } from './fixtures';

let db: DeskDb;
const clock = new TestClock(Date.parse('2026-12-05T10:00:00Z'));
const ctx = clock.as('claire');

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  return test.cleanup;
});

describe('privacy notice from the workspace', () => {
  it('is written from the registers, recorded in the audit log, and out of date once they change', async () => {
    const { organisationId } = await seedWorkspace(db, { purposes: { NEWSLETTER, SMS }, now: clock.now });
    const entry = await createRegisterEntry(
      db,
      ctx,
      entryFromTemplate(REGISTER_TEMPLATES[0]!, 'fr', {
        organisation: {
          legalName: 'Boutique',
          address: '1 rue X',
          contactEmail: 'a@b.fr',
          dpoEmail: '',
          systems: DEFAULT_SYSTEMS.fr,
        },
        purposes: [],
      }),
    );
    expect(await privacyNoticeState(db)).toEqual({ generatedOn: null, outdated: true });

    const notice = await generatePrivacyNotice(db, ctx, 'fr', '2026-12-05');
    const text = privacyNoticeText(notice);
    expect(text).toContain(entry.name);
    expect(text).toContain('Lettre');
    expect(text).toContain('SMS');
    expect(await privacyNoticeState(db)).toEqual({ generatedOn: '2026-12-05', outdated: false });
    const [last] = await listAudit(db, {}, 1);
    expect(last).toMatchObject({ action: 'organisation.privacyNotice', entityId: organisationId });

    // A change the notice does not show (the deadline pause policy) leaves it up to date…
    await updateRecord(db, ctx, 'organisation', organisationId, { pausePolicy: 'restart' });
    expect((await privacyNoticeState(db)).outdated).toBe(false);
    // …a change of the register makes it out of date, until it is generated again.
    clock.advance(3_600_000);
    await updateRecord(db, ctx, 'registerEntry', entry.id, { retention: 'Cinq ans.' });
    expect(await privacyNoticeState(db)).toEqual({ generatedOn: '2026-12-05', outdated: true });
    await generatePrivacyNotice(db, ctx, 'en', '2026-12-06');
    expect(await privacyNoticeState(db)).toEqual({ generatedOn: '2026-12-06', outdated: false });
    // So does a change of the controller's contact, which the notice gives.
    await updateRecord(db, ctx, 'organisation', organisationId, { contactEmail: 'rgpd@b.fr' });
    expect((await privacyNoticeState(db)).outdated).toBe(true);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
