/**
 * Storing a checked spreadsheet import: who each group of rows is (planImport, shown to the user
 * before anything is written), then one transaction writing the people the user accepted and
 * the decisions not already recorded (storeImport). See shared/consent/import-match.ts for the
 * matching rules.
 */
import { Dexie } from 'dexie';
import {
  decisionKey,
  groupRows,
  matchGroup,
  noticeInForce,
  strongPhoneKeys,
  type KnownPerson,
  type MatchOutcome,
} from '../../../shared/consent/import-match';
import {
  headerSignature,
  type ImportMapping,
  type ImportRow,
  type ImportSubject,
} from '../../../shared/consent/import-rows';
import type { ConsentEvent, Notice } from '../../../shared/consent/model';
import type { Subject } from '../../../shared/domain/subject';
import { foldText, normalizeEmail } from '../../../shared/text/normalize';
import { entriesOf } from './audit-store';
import { loadSuppressionChecker } from './erasure';
import type { DeskDb } from './schema';
import { eventsDecidedAt } from './consent-store';
import { subjectsByIds } from './subjects';
import { ValidationError, write, type WriteContext } from './write';

export type PlannedGroup = {
  /** Position in the plan, the key of the user's choice for a conflict. */
  index: number;
  subject: ImportSubject;
  rows: ImportRow[];
  outcome: MatchOutcome;
  /** The people on file named in the outcome, to show them. */
  people: KnownPerson[];
};

const knownPerson = (subject: KnownPerson): KnownPerson => ({
  id: subject.id,
  firstName: subject.firstName,
  lastName: subject.lastName,
  email: subject.email,
  phone: subject.phone,
  customerRef: subject.customerRef,
});

/**
 * The people on file with one of these email keys, phone keys or customer-reference terms. A few
 * keys are looked up in the `terms` index; many (a large file against a customer base of similar size)
 * cost one request each there, so the people are then read whole in one request and matched here.
 */
async function subjectsMatching(
  db: DeskDb,
  emails: ReadonlySet<string>,
  phones: ReadonlySet<string>,
  refs: ReadonlySet<string>,
): Promise<Subject[]> {
  const keys = emails.size + phones.size + refs.size;
  if (keys >= WHOLE_TABLE_KEYS && keys * 4 >= (await db.subjects.count())) {
    return (await db.subjects.toArray()).filter(
      (subject) =>
        emails.has(subject.emailKey) ||
        subject.phoneKeys.some((key) => phones.has(key)) ||
        subject.terms.some((term) => refs.has(term)),
    );
  }
  // One lookup in `terms`, which holds each person's whole e-mail, phone keys and reference
  // (schema version 20); a term equal to one of the keys by chance (a name word, another field)
  // is filtered out here, as the whole-table read above does.
  const keysLookedUp = new Set([...emails, ...phones, ...refs]);
  const found = await db.subjects
    .where('terms')
    .anyOf([...keysLookedUp])
    .distinct()
    .toArray();
  return found.filter(
    (subject) =>
      emails.has(subject.emailKey) ||
      subject.phoneKeys.some((key) => phones.has(key)) ||
      subject.terms.some((term) => refs.has(term)),
  );
}

/** From this many keys on, reading the people whole may beat one index lookup per key. */
const WHOLE_TABLE_KEYS = 2_000;

/** Group the rows by person and match each group against the people on file. Reads only. */
export async function planImport(db: DeskDb, rows: readonly ImportRow[]): Promise<PlannedGroup[]> {
  const groups = groupRows(rows);
  const emails = new Set<string>();
  const phones = new Set<string>();
  const refs = new Set<string>();
  for (const { subject } of groups) {
    if (subject.email) emails.add(normalizeEmail(subject.email));
    for (const key of strongPhoneKeys(subject.phone)) phones.add(key);
    if (subject.customerRef) refs.add(foldText(subject.customerRef).replace(/\s+/g, ''));
  }
  const found = await subjectsMatching(db, emails, phones, refs);
  const people = new Map<string, KnownPerson>();
  const index = new Map<string, Set<string>>();
  const note = (key: string, id: string) => index.set(key, (index.get(key) ?? new Set()).add(id));
  for (const subject of found) {
    if (people.has(subject.id)) continue;
    people.set(subject.id, knownPerson(subject));
    if (subject.emailKey) note(`e:${subject.emailKey}`, subject.id);
    for (const key of subject.phoneKeys) if (key.length >= 9) note(`p:${key}`, subject.id);
    if (subject.customerRef) note(`r:${subject.customerRef.trim().toLowerCase()}`, subject.id);
  }
  return groups.map((group, position) => {
    const keys = [
      ...(group.subject.email ? [`e:${normalizeEmail(group.subject.email)}`] : []),
      ...strongPhoneKeys(group.subject.phone).map((key) => `p:${key}`),
      ...(group.subject.customerRef ? [`r:${group.subject.customerRef.trim().toLowerCase()}`] : []),
    ];
    const ids = new Set(keys.flatMap((key) => [...(index.get(key) ?? [])]));
    const candidates = [...ids].flatMap((id) => people.get(id) ?? []);
    const outcome = matchGroup(group.subject, candidates);
    const named =
      outcome.kind === 'matched'
        ? [outcome.subjectId]
        : outcome.kind === 'conflict'
          ? outcome.candidates.map((candidate) => candidate.subjectId)
          : [];
    return {
      index: position,
      subject: group.subject,
      rows: group.rows,
      outcome,
      people: named.flatMap((id) => people.get(id) ?? []),
    };
  });
}

/** Where the decisions of one group go, as the user settled it. */
export type GroupTarget = { subjectId: string } | { create: ImportSubject };

/**
 * The groups to store as the plan says: a match goes to its person, a new person is created, and a
 * conflict goes where `decide` says (the user's choice), or is left out while nothing is decided.
 */
export function plannedGroups(
  plan: readonly PlannedGroup[],
  decide: (group: PlannedGroup) => GroupTarget | null = () => null,
): ImportStoreInput['groups'] {
  return plan.flatMap((group) => {
    const target: GroupTarget | null =
      group.outcome.kind === 'matched'
        ? { subjectId: group.outcome.subjectId }
        : group.outcome.kind === 'new'
          ? { create: group.subject }
          : decide(group);
    return target ? [{ target, rows: group.rows }] : [];
  });
}

export type ImportStoreInput = {
  groups: { target: GroupTarget; rows: ImportRow[] }[];
  fileHash: string;
  fileName: string;
  /**
   * Decisions made before any notice version was in force: tie them to a version the import
   * creates, labelled as a prior notice whose text is unknown, or leave them out.
   */
  priorNotice: { create: { title: string; text: string } } | 'skip';
};

export type ImportSummary = {
  events: number;
  created: number;
  matched: number;
  /** Decisions already in the ledger (same person, purpose, decision, date, channel): not added. */
  alreadyRecorded: number;
  /** Decisions left out because no notice was in force and the user chose not to create one. */
  withoutNotice: number;
  /** The prior-notice version created, if any. */
  priorNoticeId: string | null;
};

/** The instant a decision is ordered by, and its day when no time is known. */
function decisionTime(row: ImportRow, nowMs: number): { decidedAt: string; decidedOn?: string } {
  if (row.decidedTime) {
    const at = new Date(`${row.decidedOn}T${row.decidedTime}:00`);
    // A time later today than now cannot be true: the day is kept, not the time.
    if (at.getTime() <= nowMs) return { decidedAt: at.toISOString() };
  }
  return { decidedAt: `${row.decidedOn}T00:00:00.000Z`, decidedOn: row.decidedOn };
}

/**
 * The stored events that may be decisions of this file already: those about a purpose of the file
 * at an instant of the file (a decision known to the day is stored at that day's 00:00 UTC, see
 * ConsentEvent.decidedOn). Looked up by the [purposeId+decidedAt] index, so the ledgers of the
 * people matched are not read whole (a decision taken at another instant cannot have the same key).
 */
function recordedAlready(
  db: DeskDb,
  groups: ImportStoreInput['groups'],
  nowMs: number,
): Promise<ConsentEvent[]> {
  const pairs = new Map<string, [string, string]>();
  for (const { rows } of groups)
    for (const row of rows) {
      const { decidedAt } = decisionTime(row, nowMs);
      for (const { purposeId } of row.decisions)
        pairs.set(`${purposeId}|${decidedAt}`, [purposeId, decidedAt]);
    }
  if (pairs.size === 0 || !groups.some(({ target }) => 'subjectId' in target)) return Promise.resolve([]);
  return eventsDecidedAt(db, [...pairs.values()]);
}

/**
 * Store the settled groups in one transaction (all or nothing): the new people, and one event per
 * decision with the notice in force on its day, the file's SHA-256, name and line as evidence —
 * leaving out what the ledger already holds, so importing a file again (or a later export of the
 * same spreadsheet) adds only what changed. The import is one audit entry with its counts.
 */
export function storeImport(db: DeskDb, ctx: WriteContext, input: ImportStoreInput): Promise<ImportSummary> {
  return write(db, ctx, async (w) => {
    w.flush();
    const suppressed = await loadSuppressionChecker(db);
    for (const group of input.groups) {
      const blocked = group.rows.find((row) => suppressed(row.subject));
      if (blocked) throw new ValidationError({ [`${blocked.line}`]: 'import.reasons.suppressed' });
    }
    const notices = await db.notices.toArray();
    const targets = input.groups.flatMap(({ target }) => ('subjectId' in target ? [target.subjectId] : []));
    const [present, existing] = await Dexie.Promise.all([
      subjectsByIds(db, targets),
      recordedAlready(db, input.groups, w.nowMs),
    ]);
    const missing = targets.find((_, position) => !present[position]);
    if (missing) throw new ValidationError({ subjectId: 'validation.subjectRequired' });
    const recorded = new Set(existing.map(decisionKey));

    // The prior-notice version, if needed: in force from the earliest decision without a notice.
    let prior: Notice | undefined;
    const uncovered = input.groups.flatMap(({ rows }) =>
      rows.filter((row) => !noticeInForce(notices, row.decidedOn, row.channel)).map((row) => row.decidedOn),
    );
    if (uncovered.length > 0 && input.priorNotice !== 'skip') {
      const last = notices.reduce((max, notice) => Math.max(max, notice.number), 0);
      prior = w.createNow('notice', {
        number: last + 1,
        kind: 'privacy_notice',
        title: input.priorNotice.create.title,
        text: input.priorNotice.create.text,
        effectiveOn: uncovered.reduce((min, day) => (day < min ? day : min)),
      });
    }

    const summary: ImportSummary = {
      events: 0,
      created: 0,
      matched: 0,
      alreadyRecorded: 0,
      withoutNotice: 0,
      priorNoticeId: prior?.id ?? null,
    };
    for (const group of input.groups) {
      let subjectId: string | undefined = 'subjectId' in group.target ? group.target.subjectId : undefined;
      const pending: { row: ImportRow; purposeId: string; decision: ConsentEvent['decision'] }[] = [];
      for (const row of group.rows) {
        for (const { purposeId, decision } of row.decisions) pending.push({ row, purposeId, decision });
      }
      let wrote = false;
      for (const { row, purposeId, decision } of pending) {
        const notice = noticeInForce(notices, row.decidedOn, row.channel) ?? prior;
        if (!notice) {
          summary.withoutNotice += 1;
          continue;
        }
        const when = decisionTime(row, w.nowMs);
        const key = subjectId
          ? decisionKey({ subjectId, purposeId, decision, channel: row.channel, ...when })
          : undefined;
        if (key && recorded.has(key)) {
          summary.alreadyRecorded += 1;
          continue;
        }
        if (!subjectId && 'create' in group.target) {
          subjectId = w.createNow('subject', group.target.create, {
            fieldPrefix: `${row.line}.`,
            audit: false,
          }).id;
          summary.created += 1;
        }
        if (!subjectId) continue;
        recorded.add(decisionKey({ subjectId, purposeId, decision, channel: row.channel, ...when }));
        w.createNow(
          'consentEvent',
          {
            subjectId,
            purposeId,
            decision,
            channel: row.channel,
            ...when,
            noticeId: notice.id,
            evidence: {
              attachment: null,
              callReference: '',
              witnessName: '',
              fileHash: input.fileHash,
              formReference: '',
              fileName: input.fileName.slice(0, 255),
              fileLine: row.line,
            },
            note: row.note,
          },
          { fieldPrefix: `${row.line}.`, audit: false },
        );
        summary.events += 1;
        wrote = true;
      }
      if (wrote && 'subjectId' in group.target) summary.matched += 1;
    }
    // One audit entry for the whole import (the records it made have their operations in the oplog).
    w.audit({
      action: 'consent.import',
      entity: 'consentEvent',
      entityId: input.fileHash,
      fields: [],
      count: summary.events,
    });
    if (summary.created > 0)
      w.audit({
        action: 'subject.import',
        entity: 'subject',
        entityId: input.fileHash,
        fields: [],
        count: summary.created,
      });
    return summary;
  });
}

/** When a file with this SHA-256 was imported before (newest first), from the audit log. */
export async function previousImports(
  db: DeskDb,
  fileHash: string,
): Promise<{ at: string; count: number }[]> {
  const entries = await entriesOf(db, fileHash);
  return entries
    .filter((entry) => entry.action === 'consent.import')
    .map((entry) => ({ at: entry.at, count: entry.count ?? 0 }))
    .sort((a, b) => b.at.localeCompare(a.at));
}

const mappingKey = (headers: readonly string[]): string => `import.mapping:${headerSignature(headers)}`;

/** The mapping last used for a file with these headers (device-local preference, not synced). */
export async function rememberedMapping(
  db: DeskDb,
  headers: readonly string[],
): Promise<ImportMapping | null> {
  const value = (await db.meta.get(mappingKey(headers)))?.value;
  return Array.isArray(value) && value.length === headers.length ? (value as ImportMapping) : null;
}

export async function rememberMapping(
  db: DeskDb,
  headers: readonly string[],
  mapping: ImportMapping,
): Promise<void> {
  await db.meta.put({ key: mappingKey(headers), value: mapping });
}

/**
 * A mailing tool's withdrawals matched to the people on file by email alone (a withdrawal only
 * restricts, so no name is needed): one person → matched; several → a conflict the user settles;
 * nobody → not on file (nobody is created for an address the shop never recorded).
 */
export async function planWithdrawals(
  db: DeskDb,
  rows: readonly ImportRow[],
): Promise<{ plan: PlannedGroup[]; notOnFile: number }> {
  const byEmail = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const key = normalizeEmail(row.subject.email);
    byEmail.set(key, [...(byEmail.get(key) ?? []), row]);
  }
  const people = (
    await db.subjects
      .where('terms')
      .anyOf([...byEmail.keys()])
      .distinct()
      .toArray()
  ).filter((person) => byEmail.has(person.emailKey));
  const onFile = new Map<string, KnownPerson[]>();
  for (const person of people)
    onFile.set(person.emailKey, [...(onFile.get(person.emailKey) ?? []), knownPerson(person)]);
  const plan: PlannedGroup[] = [];
  let notOnFile = 0;
  for (const [email, grouped] of byEmail) {
    const found = onFile.get(email) ?? [];
    const first = grouped[0];
    if (!first) continue;
    if (found.length === 0) {
      notOnFile += grouped.length;
      continue;
    }
    const outcome: MatchOutcome =
      found.length === 1 && found[0]
        ? { kind: 'matched', subjectId: found[0].id, on: ['email'] }
        : {
            kind: 'conflict',
            candidates: found.map((person) => ({
              subjectId: person.id,
              shared: ['email'],
              compatible: true,
            })),
          };
    plan.push({ index: plan.length, subject: first.subject, rows: grouped, outcome, people: found });
  }
  return { plan, notOnFile };
}
