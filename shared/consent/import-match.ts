/**
 * Who each imported row is about: a decision the user sees, never a side effect. Consent evidence
 * on the wrong person is a legal fault, so a row is attached to a person on file only when
 *  - it shares a strong key with them (customer reference or email) and their names are compatible, or
 *  - it shares a phone with them, their names are compatible and no email or reference disagrees;
 * a row sharing a phone or email with someone of another name is a conflict the user settles
 * ("same person? / new person / skip"), and nothing is stored for it until then.
 * Rows of the same file describing the same person (same rules) are grouped first.
 */
import { foldText, normalizeEmail, phoneKeys } from '../text/normalize';
import type { ConsentChannel, Decision, Notice } from './model';
import type { ImportRow, ImportSubject } from './import-rows';

export type PersonKeys = Pick<ImportSubject, 'firstName' | 'lastName' | 'email' | 'phone' | 'customerRef'>;
export type KnownPerson = PersonKeys & { id: string };

export type MatchKey = 'customerRef' | 'email' | 'phone';

/** Folded letters only: "Jean-Marc" and "jean marc" compare equal. */
const letters = (text: string): string => foldText(text).replace(/[^a-z0-9]+/g, '');

/** One first name against another: equal, or one is the other's initial ("A." and "Anne"). */
function firstNamesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const initial = (name: string): boolean => name.length === 1;
  return (initial(a) && b.startsWith(a)) || (initial(b) && a.startsWith(b));
}

/**
 * Two names that may be the same person's: at least one of first and last name is known on both
 * sides, and none known on both sides disagrees (case, accents, spaces and hyphens ignored; an
 * initial agrees with the names it begins). A name known on one side only decides nothing.
 */
export function namesCompatible(a: PersonKeys, b: PersonKeys): boolean {
  const lastA = letters(a.lastName);
  const lastB = letters(b.lastName);
  const firstA = letters(a.firstName);
  const firstB = letters(b.firstName);
  const lastCompared = lastA !== '' && lastB !== '';
  const firstCompared = firstA !== '' && firstB !== '';
  if (!lastCompared && !firstCompared) return false;
  if (lastCompared && lastA !== lastB) return false;
  if (firstCompared && !firstNamesAgree(firstA, firstB)) return false;
  return true;
}

const refKey = (ref: string): string => ref.trim().toLowerCase();

/** Phone keys long enough to name a line (the national number), not a fragment. */
export function strongPhoneKeys(phone: string): string[] {
  return phoneKeys(phone).filter((key) => key.length >= 9);
}

/** The keys two people share. */
export function sharedKeys(a: PersonKeys, b: PersonKeys): MatchKey[] {
  const shared: MatchKey[] = [];
  if (a.customerRef && b.customerRef && refKey(a.customerRef) === refKey(b.customerRef))
    shared.push('customerRef');
  if (a.email && b.email && normalizeEmail(a.email) === normalizeEmail(b.email)) shared.push('email');
  const phonesB = new Set(strongPhoneKeys(b.phone));
  if (strongPhoneKeys(a.phone).some((key) => phonesB.has(key))) shared.push('phone');
  return shared;
}

/** Both have an email (or a reference) and they differ: two people, even if the rest agrees. */
function strongKeysDisagree(a: PersonKeys, b: PersonKeys): boolean {
  if (a.email && b.email && normalizeEmail(a.email) !== normalizeEmail(b.email)) return true;
  return Boolean(a.customerRef && b.customerRef && refKey(a.customerRef) !== refKey(b.customerRef));
}

/** What makes `row` the person `known`, or undefined when it does not. */
export function matchOn(row: PersonKeys, known: PersonKeys): MatchKey[] | undefined {
  const shared = sharedKeys(row, known);
  if (shared.length === 0 || !namesCompatible(row, known)) return undefined;
  if (shared.includes('customerRef') || shared.includes('email')) return shared;
  return strongKeysDisagree(row, known) ? undefined : shared;
}

/** Rows of the file that are one person: their subject (blanks filled from later rows) and lines. */
export type PersonGroup = { subject: ImportSubject; rows: ImportRow[] };

/** Group rows describing the same person, by the same rules as matching a person on file. */
export function groupRows(rows: readonly ImportRow[]): PersonGroup[] {
  const groups: PersonGroup[] = [];
  const byKey = new Map<string, PersonGroup[]>();
  const keysOf = (subject: PersonKeys): string[] => [
    ...(subject.customerRef ? [`r:${refKey(subject.customerRef)}`] : []),
    ...(subject.email ? [`e:${normalizeEmail(subject.email)}`] : []),
    ...strongPhoneKeys(subject.phone).map((key) => `p:${key}`),
  ];
  for (const row of rows) {
    const keys = keysOf(row.subject);
    const candidates = new Set(keys.flatMap((key) => byKey.get(key) ?? []));
    const group = [...candidates].find(
      (candidate) =>
        matchOn(row.subject, candidate.subject) !== undefined &&
        // Every row of the group must agree, not only the first: "A. Dupont" must not join Anne and Alain.
        candidate.rows.every((other) => namesCompatible(row.subject, other.subject)),
    );
    if (group) {
      group.rows.push(row);
      const subject = group.subject;
      for (const field of ['firstName', 'lastName', 'email', 'phone', 'customerRef'] as const) {
        if (subject[field] === '' && row.subject[field] !== '') subject[field] = row.subject[field];
      }
      for (const key of keysOf(subject)) {
        const list = byKey.get(key) ?? [];
        if (!list.includes(group)) byKey.set(key, [...list, group]);
      }
    } else {
      const created: PersonGroup = { subject: { ...row.subject }, rows: [row] };
      groups.push(created);
      for (const key of keys) byKey.set(key, [...(byKey.get(key) ?? []), created]);
    }
  }
  return groups;
}

export type MatchOutcome =
  | { kind: 'new' }
  | { kind: 'matched'; subjectId: string; on: MatchKey[] }
  /** People on file sharing a key with the row; `matches` lists those that would match alone. */
  | { kind: 'conflict'; candidates: { subjectId: string; shared: MatchKey[]; compatible: boolean }[] };

/**
 * Match one group against the people on file that share any of its keys (`candidates`; others are
 * ignored). Matched only when exactly one person matches and nobody of another name shares its
 * email or reference; a new person only when nobody shares anything; a conflict otherwise.
 */
export function matchGroup(subject: PersonKeys, candidates: readonly KnownPerson[]): MatchOutcome {
  const sharing = candidates
    .map((person) => ({ person, shared: sharedKeys(subject, person), on: matchOn(subject, person) }))
    .filter(({ shared }) => shared.length > 0);
  if (sharing.length === 0) return { kind: 'new' };
  const matching = sharing.filter(({ on }) => on !== undefined);
  const clash = sharing.some(
    ({ on, shared }) => on === undefined && (shared.includes('email') || shared.includes('customerRef')),
  );
  const only = matching[0];
  if (matching.length === 1 && only?.on && !clash)
    return { kind: 'matched', subjectId: only.person.id, on: only.on };
  if (matching.length === 0 || matching.length > 1 || clash)
    return {
      kind: 'conflict',
      candidates: sharing.map(({ person, shared, on }) => ({
        subjectId: person.id,
        shared,
        compatible: on !== undefined,
      })),
    };
  return { kind: 'new' };
}

/** The user's answer to a conflict. */
export type ConflictChoice = { kind: 'same'; subjectId: string } | { kind: 'new' } | { kind: 'skip' };

const CHANNEL_NOTICE_KINDS: Partial<Record<ConsentChannel, Notice['kind']>> = {
  paper_form: 'paper_form',
  phone: 'phone_script',
  web: 'web_form',
};

/**
 * The notice in force on `day` for a decision made through `channel`: among the versions whose
 * first day is not after `day`, those of the channel's kind (paper form, phone script, web form)
 * if any, else the privacy notices, else any; the latest to come into force (then the highest
 * number). Undefined when no version was in force yet — never one that came into force after.
 */
export function noticeInForce(
  notices: readonly Notice[],
  day: string,
  channel: ConsentChannel,
): Notice | undefined {
  const inForce = notices.filter((notice) => notice.effectiveOn <= day);
  const kind = CHANNEL_NOTICE_KINDS[channel];
  const ofKind = inForce.filter((notice) => notice.kind === kind);
  const privacy = inForce.filter((notice) => notice.kind === 'privacy_notice');
  const pool = ofKind.length > 0 ? ofKind : privacy.length > 0 ? privacy : inForce;
  return pool.reduce<Notice | undefined>(
    (best, notice) =>
      !best ||
      notice.effectiveOn > best.effectiveOn ||
      (notice.effectiveOn === best.effectiveOn && notice.number > best.number)
        ? notice
        : best,
    undefined,
  );
}

/** What makes two events the same decision for idempotence: re-importing adds only what is new. */
export function decisionKey(event: {
  subjectId: string;
  purposeId: string;
  decision: Decision;
  channel: ConsentChannel;
  decidedAt: string;
  decidedOn?: string;
}): string {
  const when = event.decidedOn ? `d:${event.decidedOn}` : `t:${event.decidedAt}`;
  return [event.subjectId, event.purposeId, event.decision, event.channel, when].join('|');
}
