import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../../renderer/src/db/audit';
import { recordConsents } from '../../../../../renderer/src/db/consents';
import { eraseSubject } from '../../../../../renderer/src/db/erasure';
import { createRequest } from '../../../../../renderer/src/db/requests';
import { ENTITY_TABLES, type DeskDb, type EntityName } from '../../../../../renderer/src/db/schema';
import { createRecord, entityFieldNames, updateRecord } from '../../../../../renderer/src/db/write';
import {
  auditSentence,
  fieldLabels,
  loadAuditNames,
  shortName,
} from '../../../../../renderer/src/features/audit/describe';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { NOTICE, openTestDb, seedWorkspace, SMS, TestClock } from '../../db/fixtures';

let i18n: I18n;
let db: DeskDb;
const clock = new TestClock(new Date(2026, 2, 20, 12, 0, 0).getTime());

beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: 'fr',
    interpolation: { escapeValue: false },
  });
});

beforeEach(async () => {
  clock.reset();
  const test = await openTestDb();
  db = test.db;
  return test.cleanup;
});

/** Claire Moreau records H. Garçon, their SMS consent, its withdrawal and a request. */
async function story() {
  const { purposes, noticeId } = await seedWorkspace(db, { purposes: { sms: SMS }, notice: NOTICE });
  const claire = await createRecord(db, { operatorId: null, now: clock.now }, 'staff', {
    name: 'Claire Moreau',
  });
  const ctx = clock.as(claire.id);
  const [granted] = await recordConsents(db, ctx, {
    subject: { create: { firstName: 'Hélène', lastName: 'Garçon', email: 'h.garcon@exemple.fr' } },
    decisions: [{ purposeId: purposes.sms, decision: 'granted' }],
    channel: 'counter',
    decidedAt: new Date(2026, 2, 1).toISOString(),
    noticeId,
  });
  const subjectId = granted!.subjectId;
  clock.advance(1000);
  await recordConsents(db, ctx, {
    subject: { id: subjectId },
    decisions: [{ purposeId: purposes.sms, decision: 'withdrawn' }],
    channel: 'phone',
    decidedAt: new Date(2026, 2, 2).toISOString(),
    noticeId,
  });
  clock.advance(1000);
  await updateRecord(db, ctx, 'subject', subjectId, { phone: '06 11 22 33 44', customerRef: 'C-42' });
  clock.advance(1000);
  const request = await createRequest(db, ctx, {
    subject: { id: subjectId },
    rights: ['erasure'],
    channel: 'letter',
    receivedAt: new Date(2026, 2, 3).toISOString(),
  });
  return { ctx, subjectId, request };
}

async function sentences(language: 'fr' | 'en') {
  await i18n.changeLanguage(language);
  const entries = await listAudit(db);
  const names = await loadAuditNames(db, entries);
  const t = i18n.t.bind(i18n);
  return entries.map((entry) => ({
    entry,
    sentence: auditSentence(
      entry,
      names,
      t,
      language,
      entry.operatorId ? (names.staff.get(entry.operatorId)?.name ?? '?') : t('auditLog.system'),
    ),
    fields: fieldLabels(entry, t),
  }));
}

describe('audit sentences', () => {
  it('say who did what to whom, in French and in English', async () => {
    const { request } = await story();
    const frLines = (await sentences('fr')).map((line) => line.sentence);
    expect(frLines).toContain('Claire Moreau a enregistré le retrait du consentement « SMS » de H. Garçon');
    expect(frLines).toContain('Claire Moreau a enregistré le consentement de H. Garçon pour « SMS »');
    expect(frLines).toContain('Claire Moreau a modifié la fiche de H. Garçon');
    expect(frLines).toContain(`Claire Moreau a enregistré la demande ${request.reference} de H. Garçon`);
    expect(frLines).toContain('Le système a créé l’organisation');
    const enLines = (await sentences('en')).map((line) => line.sentence);
    expect(enLines).toContain('Claire Moreau recorded the withdrawal of “SMS” consent by H. Garçon');
    expect(enLines).toContain(`Claire Moreau recorded request ${request.reference} from H. Garçon`);
    expect(enLines).toContain('The system created the organisation');
  });

  it('name the changed fields in the user’s words, never by their code', async () => {
    await story();
    const update = (await sentences('fr')).find((line) => line.entry.action === 'subject.update');
    expect(update?.fields.sort()).toEqual(['référence client', 'téléphone']);
    const internal = new Set(
      (Object.keys(ENTITY_TABLES) as EntityName[]).flatMap(entityFieldNames).filter((f) => /[A-Z_]/.test(f)),
    );
    for (const language of ['fr', 'en'] as const) {
      for (const line of await sentences(language)) {
        for (const word of `${line.sentence} ${line.fields.join(' ')}`.split(/[\s,()«»“”:]+/))
          expect(internal.has(word), `${word} in "${line.sentence}"`).toBe(false);
        expect(line.sentence).not.toMatch(/\{\{|\w+\.\w+/);
      }
    }
  });

  it('show an erased person as erased, never by the name they had', async () => {
    const { ctx, subjectId, request } = await story();
    await updateRecord(db, ctx, 'request', request.id, {
      status: 'responded',
      outcome: 'granted',
      respondedOn: '2026-03-10',
    });
    await eraseSubject(db, ctx, { subjectId, reason: 'request', requestId: request.id, suppress: false });
    const lines = await sentences('fr');
    const text = lines.map((line) => line.sentence).join('\n');
    expect(text).not.toContain('Garçon');
    expect(text).toContain(
      'Claire Moreau a enregistré le retrait du consentement « SMS » de la personne effacée depuis',
    );
    expect(text).toContain('Claire Moreau a effacé les données d’une personne');
  });

  it('shortens a name to an initial and the last name', () => {
    expect(shortName({ firstName: 'éloïse', lastName: 'Garçon' })).toBe('É. Garçon');
    expect(shortName({ firstName: '', lastName: 'Garçon' })).toBe('Garçon');
    expect(shortName({ firstName: 'Zoé', lastName: '' })).toBe('Zoé');
  });
});
