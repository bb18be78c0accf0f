/**
 * An audit entry told as a sentence ("Claire Moreau recorded the withdrawal of SMS consent by
 * H. Garçon"). Entries store ids and field names, never values, so names are looked up now, when the
 * log is shown: a person erased since shows as erased, never by the name they had.
 */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../shared/audit/chain';
import type { Campaign } from '../../../../shared/consent/campaign';
import type { ConsentEvent, Notice, Purpose } from '../../../../shared/consent/model';
import type { LetterTemplateRecord } from '../../../../shared/domain/letter-template';
import type { StaffMember } from '../../../../shared/domain/staff';
import type { Subject } from '../../../../shared/domain/subject';
import type { DsRequest, RequestEvent } from '../../../../shared/requests';
import type { Breach } from '../../../../shared/breaches/model';
import type { RegisterEntry, RegisterVersion } from '../../../../shared/registers/model';
import type { DeskDb } from '../../db/schema';
import { eventsById } from '../../db/consent-store';

/** The records an entry may name, looked up once for a page of entries. */
export type AuditNames = {
  subjects: Map<string, Subject>;
  consentEvents: Map<string, ConsentEvent>;
  purposes: Map<string, Purpose>;
  requests: Map<string, DsRequest>;
  requestEvents: Map<string, RequestEvent>;
  staff: Map<string, StaffMember>;
  notices: Map<string, Notice>;
  letterTemplates: Map<string, LetterTemplateRecord>;
  registerEntries: Map<string, RegisterEntry>;
  registerVersions: Map<string, RegisterVersion>;
  breaches: Map<string, Breach>;
  campaigns: Map<string, Campaign>;
};

async function byId<T extends { id: string }>(
  table: { bulkGet(keys: string[]): Promise<(T | undefined)[]> },
  ids: Iterable<string>,
): Promise<Map<string, T>> {
  const keys = [...new Set(ids)].filter((id) => id !== '');
  const rows = keys.length > 0 ? await table.bulkGet(keys) : [];
  return new Map(rows.filter((row): row is T => row !== undefined).map((row) => [row.id, row]));
}

function idsOf(entries: readonly AuditEntry[], entity: string): string[] {
  return entries.filter((entry) => entry.entity === entity).map((entry) => entry.entityId);
}

/** Everything the sentences of these entries need, in a few bulk reads (a page is at most 200 entries). */
export async function loadAuditNames(db: DeskDb, entries: readonly AuditEntry[]): Promise<AuditNames> {
  const [consentEvents, requestEvents, registerVersions, campaigns] = await Promise.all([
    byId({ bulkGet: (ids: string[]) => eventsById(db, ids) }, idsOf(entries, 'consentEvent')),
    byId(db.requestEvents, idsOf(entries, 'requestEvent')),
    byId(db.registerVersions, idsOf(entries, 'registerVersion')),
    byId(db.campaigns, idsOf(entries, 'campaign')),
  ]);
  const requests = await byId(db.requests, [
    ...idsOf(entries, 'request'),
    ...[...requestEvents.values()].map((event) => event.requestId),
  ]);
  const [subjects, purposes, staff, notices, letterTemplates, registerEntries, breaches] = await Promise.all([
    byId(db.subjects, [
      ...idsOf(entries, 'subject'),
      ...[...consentEvents.values()].map((event) => event.subjectId),
      ...[...requests.values()].map((request) => request.subjectId),
    ]),
    byId(db.purposes, [
      ...idsOf(entries, 'purpose'),
      ...[...consentEvents.values()].map((event) => event.purposeId),
      ...[...campaigns.values()].map((campaign) => campaign.purposeId),
    ]),
    byId(db.staff, [...idsOf(entries, 'staff'), ...entries.map((entry) => entry.operatorId ?? '')]),
    byId(db.notices, idsOf(entries, 'notice')),
    byId(db.letterTemplates, idsOf(entries, 'letterTemplate')),
    byId(db.registerEntries, [
      ...idsOf(entries, 'registerEntry'),
      ...[...registerVersions.values()].map((version) => version.entryId),
    ]),
    byId(db.breaches, idsOf(entries, 'breach')),
  ]);
  return {
    subjects,
    consentEvents,
    purposes,
    requests,
    requestEvents,
    staff,
    notices,
    letterTemplates,
    registerEntries,
    registerVersions,
    breaches,
    campaigns,
  };
}

/** "H. Garçon": enough to recognise someone in a log without spelling out their whole identity. */
export function shortName(subject: Pick<Subject, 'firstName' | 'lastName'>): string {
  const first = subject.firstName.trim();
  const last = subject.lastName.trim();
  if (first && last) return `${[...first][0]?.toUpperCase()}. ${last}`;
  return last || first;
}

/** The i18n key of an action's sentence: dots would be read by i18next as nesting. */
export function sentenceKey(action: string): string {
  return `auditLog.sentences.${action.replace(/\./g, '_')}`;
}

export type AuditSentence = { key: string; params: Record<string, string | number> };

/** The sentence key and its values for one entry; `t` turns it into the UI's language. */
export function describeEntry(entry: AuditEntry, names: AuditNames, language: string): AuditSentence {
  const lang = language === 'en' ? 'en' : 'fr';
  const params: Record<string, string | number> = {};
  const person = (subjectId: string | undefined) => {
    const subject = subjectId ? names.subjects.get(subjectId) : undefined;
    // A person is removed from their table only by an erasure: they are named as erased.
    return subject ? shortName(subject) : '';
  };
  const purposeName = (purposeId: string | undefined) => {
    const purpose = purposeId ? names.purposes.get(purposeId) : undefined;
    return purpose ? purpose.name[lang] || purpose.name.fr || purpose.name.en : '';
  };
  if (entry.count !== undefined) params.count = entry.count;
  let key = sentenceKey(entry.action);

  switch (entry.entity) {
    case 'subject':
      params.person = person(entry.entityId);
      break;
    case 'staff':
      params.name = names.staff.get(entry.entityId)?.name ?? '';
      break;
    case 'purpose':
      params.purpose = purposeName(entry.entityId);
      break;
    case 'consentEvent': {
      const event = names.consentEvents.get(entry.entityId);
      if (entry.action === 'consentEvent.create') {
        if (!event) key = `${key}_unknown`;
        else {
          params.person = person(event.subjectId);
          params.purpose = purposeName(event.purposeId);
          key = event.correctsEventId ? `${key}_correction` : `${key}_${event.decision}`;
        }
      }
      break;
    }
    case 'request': {
      const request = names.requests.get(entry.entityId);
      params.reference = request?.reference ?? '';
      params.person = person(request?.subjectId);
      break;
    }
    case 'requestEvent': {
      const event = names.requestEvents.get(entry.entityId);
      const request = event ? names.requests.get(event.requestId) : undefined;
      params.reference = request?.reference ?? '';
      params.person = person(request?.subjectId);
      break;
    }
    case 'notice': {
      const notice = names.notices.get(entry.entityId);
      params.number = notice?.number ?? '';
      params.title = notice?.title ?? '';
      break;
    }
    case 'letterTemplate': {
      const template = names.letterTemplates.get(entry.entityId);
      params.kind = template?.kind ?? '';
      params.language = template?.language ?? '';
      break;
    }
    case 'registerEntry':
      params.name = names.registerEntries.get(entry.entityId)?.name ?? '';
      break;
    case 'registerVersion': {
      const version = names.registerVersions.get(entry.entityId);
      params.name = (version && names.registerEntries.get(version.entryId)?.name) ?? '';
      break;
    }
    case 'breach':
      params.title = names.breaches.get(entry.entityId)?.title ?? '';
      break;
    case 'campaign': {
      const campaign = names.campaigns.get(entry.entityId);
      if (!campaign) key = `${key}_unknown`;
      else {
        params.purpose = purposeName(campaign.purposeId);
        params.letters = campaign.letters;
        params.emails = campaign.emails;
        params.notices = campaign.notices.map((notice) => `v${notice.number}`).join(', ');
      }
      break;
    }
  }
  return { key, params };
}

/** The sentence in the UI's language, with every name resolved or replaced by a plain description. */
export function auditSentence(
  entry: AuditEntry,
  names: AuditNames,
  t: TFunction,
  language: string,
  who: string,
): string {
  const { key, params } = describeEntry(entry, names, language);
  const values: Record<string, string | number> = { ...params, who };
  if (params.person === '') values.person = t('auditLog.erasedPerson');
  if (params.purpose === '') values.purpose = t('auditLog.unknownPurpose');
  if (params.reference === '') values.reference = t('auditLog.unknownRequest');
  if (entry.entity === 'campaign') {
    if (typeof params.letters === 'number')
      values.letters = t('campaigns.counts.letters', { count: params.letters });
    if (typeof params.emails === 'number')
      values.emails = t('campaigns.counts.emails', { count: params.emails });
  }
  if (typeof params.kind === 'string') {
    values.kind = params.kind
      ? t(`letters.kinds.${params.kind}`, { defaultValue: t('auditLog.letter') })
      : '';
    values.language = params.language ? t(`languages.${params.language}`) : '';
  }
  const fallback = t('auditLog.sentences.other', { who, action: t('auditLog.unknownAction') });
  const known = t(`audit.actions.${entry.action}`, { defaultValue: '' });
  return t(key, {
    ...values,
    defaultValue: known ? t('auditLog.sentences.other', { who, action: known }) : fallback,
  });
}

/** Field names in the user's words; a name without a label is never shown raw. */
export function fieldLabels(entry: AuditEntry, t: TFunction): string[] {
  if (entry.action === 'archive.export')
    return entry.fields.map((field) =>
      t(`archive.export.content.${field}`, { defaultValue: t('auditLog.otherContent') }),
    );
  if (entry.action === 'subject.accessPackage') return entry.fields.map((format) => format.toUpperCase());
  return entry.fields.map((field) =>
    t(`entityFields.${entry.entity}.${field}`, { defaultValue: t('auditLog.otherField') }),
  );
}
