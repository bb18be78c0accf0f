/**
 * The compliance checks (Art. 5(2): the business must be able to show it complies). Each is a pure
 * function of the facts: whether it passes, how many things fail it, which ones (a few, to go and
 * fix them), the explanation that says why it matters and the screen that fixes it.
 */
import { addDays } from '../deadlines';
import type { ExplainTopic } from '../explain/texts';
import type { Section } from '../ipc/contract';
import { trainingStatus } from '../training/module';
import type { ComplianceFacts } from './facts';

export const CHECK_IDS = [
  'request_deadlines',
  'request_acknowledgement',
  'extension_notice',
  'consent_evidence',
  'notice_current',
  'register_review',
  'breach_decision',
  'retention_review',
  'archive_export',
  'sync_backup',
  'staff_training',
  'app_lock',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Where the fix is: a section of the app and, for lists, a record or tab. */
export type FixTarget = { section: Section; id?: string };

/**
 * One thing that fails a check with where to fix it, named for the user (a reference, a name), or
 * with an empty label when the check's sentence says it all.
 */
export type CheckItem = { label: string; target: FixTarget };

export type CheckResult = {
  id: CheckId;
  passed: boolean;
  /**
   * For a check that can fail in more than one way, which one (its message key); absent when the
   * check has a single failed message.
   */
  finding?: string;
  /** How many things fail the check (0 when it passes). */
  count: number;
  /** A few of them, the most urgent first. */
  items: CheckItem[];
  topic: ExplainTopic;
  fix: FixTarget;
};

/** A request due within this many days is close to its deadline. */
export const CLOSE_DAYS = 3;
/** An acknowledgement is expected within this many days of receipt. */
export const ACKNOWLEDGE_DAYS = 3;
/** Register entries and staff training are renewed at least this often. */
export const REVIEW_MONTHS = 12;
export const MAX_ITEMS = 5;

/** The same day `months` earlier (the last day of the month when that day does not exist). */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = index % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(date, last)).padStart(2, '0')}`;
}

function result(
  id: CheckId,
  topic: ExplainTopic,
  fix: FixTarget,
  failing: CheckItem[],
  count = failing.length,
): CheckResult {
  return {
    id,
    topic,
    passed: count === 0,
    count,
    items: failing.slice(0, MAX_ITEMS),
    fix: failing[0]?.target ?? fix,
  };
}

const requestItem = (request: { id: string; reference: string }): CheckItem => ({
  label: request.reference,
  target: { section: 'requests', id: request.id },
});

/** Open requests past their deadline, or due within CLOSE_DAYS, whose clock runs. */
export function checkRequestDeadlines(facts: ComplianceFacts): CheckResult {
  const horizon = addDays(facts.today, CLOSE_DAYS);
  const failing = facts.openRequests
    .filter((request) => request.clock === 'running' && request.dueOn !== '' && request.dueOn <= horizon)
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return result('request_deadlines', 'deadline', { section: 'requests' }, failing.map(requestItem));
}

/** Open requests received ACKNOWLEDGE_DAYS ago or more with no acknowledgement letter sent. */
export function checkRequestAcknowledgement(facts: ComplianceFacts): CheckResult {
  const acknowledged = new Set(
    facts.letters.filter((letter) => letter.kind === 'acknowledgement').map((letter) => letter.requestId),
  );
  const before = addDays(facts.today, -ACKNOWLEDGE_DAYS);
  const failing = facts.openRequests
    .filter((request) => request.receivedOn <= before && !acknowledged.has(request.id))
    .sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : 1));
  return result(
    'request_acknowledgement',
    'acknowledgement',
    { section: 'requests' },
    failing.map(requestItem),
  );
}

/** Extended requests whose extension notice was not sent by its date (or not yet at all). */
export function checkExtensionNotice(facts: ComplianceFacts): CheckResult {
  const failing = facts.openRequests
    .filter((request) => request.extended)
    .filter(
      (request) =>
        !facts.letters.some(
          (letter) =>
            letter.requestId === request.id &&
            letter.kind === 'extension_notice' &&
            (request.noticeDueOn === '' || letter.on <= request.noticeDueOn),
        ),
    );
  return result('extension_notice', 'extension', { section: 'requests' }, failing.map(requestItem));
}

export function checkConsentEvidence(facts: ComplianceFacts): CheckResult {
  const items = facts.unprovenConsents.first.map((consent): CheckItem => ({
    label: consent.name,
    target: { section: 'subjects', id: consent.subjectId },
  }));
  return result(
    'consent_evidence',
    'consent_proof',
    { section: 'consents' },
    items,
    facts.unprovenConsents.count,
  );
}

/**
 * Active purposes need a notice in force that was written after them, and after the register's
 * last change: the notice describes what the register records (Art. 13).
 */
export function checkNoticeCurrent(facts: ComplianceFacts): CheckResult {
  const inForce = facts.notices
    .filter((notice) => notice.effectiveOn <= facts.today)
    .sort((a, b) => b.number - a.number)[0];
  const fix: FixTarget = { section: 'settings', id: 'consents' };
  const active = facts.purposes.filter((purpose) => purpose.active);
  if (active.length === 0 && facts.registerEntries.length === 0)
    return result('notice_current', 'information', fix, []);
  if (!inForce) return result('notice_current', 'information', fix, [{ label: '', target: fix }]);
  const failing: CheckItem[] = active
    .filter((purpose) => purpose.createdAt > inForce.createdAt)
    .map(() => ({ label: '', target: fix }));
  const registerChanged = facts.registerEntries.reduce(
    (latest, entry) => (entry.changedAt > latest ? entry.changedAt : latest),
    '',
  );
  if (registerChanged > inForce.createdAt) failing.push({ label: '', target: fix });
  return result('notice_current', 'information', fix, failing);
}

/** The Art. 30(1) fields an entry of the record must fill (transfers only when there are some). */
export function missingRegisterFields(entry: ComplianceFacts['registerEntries'][number]): string[] {
  const missing: string[] = [];
  if (entry.controller.name.trim() === '' || entry.controller.contact.trim() === '')
    missing.push('controller');
  if (entry.purposes.trim() === '') missing.push('purposes');
  if (entry.lawfulBases.length === 0) missing.push('lawfulBases');
  if (entry.subjectCategories.length === 0) missing.push('subjectCategories');
  if (entry.dataCategories.length === 0) missing.push('dataCategories');
  if (entry.recipients.length === 0) missing.push('recipients');
  if (entry.retention.trim() === '') missing.push('retention');
  if (entry.security.trim() === '') missing.push('security');
  return missing;
}

/**
 * The day an entry was last looked at: marked as reviewed, or changed (whoever changes an entry has
 * read it). Its change is an instant; the local day of an instant is near enough for a year's bound.
 */
export function lastReviewedOn(
  entry: Pick<ComplianceFacts['registerEntries'][number], 'reviewedOn' | 'changedAt'>,
): string {
  const changedOn = entry.changedAt.slice(0, 10);
  return entry.reviewedOn !== undefined && entry.reviewedOn > changedOn ? entry.reviewedOn : changedOn;
}

/**
 * Active entries with an Art. 30(1) field missing, or neither reviewed nor changed for
 * REVIEW_MONTHS; or no entry at all.
 */
export function checkRegisterReview(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'registers', id: 'activities' };
  const active = facts.registerEntries.filter((entry) => entry.active);
  if (active.length === 0) return result('register_review', 'register', fix, [{ label: '', target: fix }]);
  const since = monthsBefore(facts.today, REVIEW_MONTHS);
  const failing = active
    .filter((entry) => missingRegisterFields(entry).length > 0 || lastReviewedOn(entry) < since)
    .map((entry): CheckItem => ({ label: entry.name, target: fix }));
  return result('register_review', 'register', fix, failing);
}

/** Breaches with no decision yet about notifying the authority or the people. */
export function checkBreachDecision(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'registers', id: 'breaches' };
  const failing = facts.breaches
    .filter((breach) => breach.authority.decision === 'pending' || breach.people.decision === 'pending')
    .map((breach): CheckItem => ({ label: breach.title, target: fix }));
  return result('breach_decision', 'breach_notification', fix, failing);
}

/** People past their retention period (the retention review's list), or no retention rule at all. */
export function checkRetentionReview(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'registers', id: 'retention' };
  if (facts.retention.activeRules === 0)
    return result('retention_review', 'retention', { section: 'settings', id: 'retention' }, [
      { label: '', target: { section: 'settings', id: 'retention' } },
    ]);
  const items = facts.retention.first.map((person): CheckItem => ({ label: person.name, target: fix }));
  return result('retention_review', 'retention', fix, items, facts.retention.pastRetention);
}

/** No signed archive exported within the configured number of months. */
export function checkArchiveExport(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'archive' };
  const since = monthsBefore(facts.today, facts.archiveEveryMonths);
  const recent = facts.lastArchiveExport !== null && facts.lastArchiveExport.slice(0, 10) >= since;
  return result('archive_export', 'accountability', fix, recent ? [] : [{ label: '', target: fix }]);
}

/** No second copy of the workspace: this device syncs with no other. */
export function checkSyncBackup(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'settings', id: 'sync' };
  return result('sync_backup', 'security', fix, facts.syncConfigured ? [] : [{ label: '', target: fix }]);
}

/** Active staff not trained in the last REVIEW_MONTHS, or trained on an older version of the module. */
export function checkStaffTraining(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'settings', id: 'team' };
  const since = monthsBefore(facts.today, REVIEW_MONTHS);
  const latest = new Map(facts.trainings.map((training) => [training.staffId, training]));
  const failing = facts.staff
    .filter((member) => member.active)
    .filter(
      (member) =>
        trainingStatus(latest.get(member.id) ?? null, since, facts.trainingModuleVersion).state === 'due',
    )
    .map((member): CheckItem => ({ label: member.name, target: fix }));
  return result('staff_training', 'training', fix, failing);
}

/**
 * The app lock protects the records at the counter (Art. 32(1)(b)) only when it can be used by
 * everyone and engages by itself: every active member has a code (a member without one cannot
 * unlock, so the shop would soon remove the others' codes), and an idle delay is set (a lock that
 * waits for someone to press Ctrl+L is not there when the clerk is called away). One finding at a
 * time, the most basic first.
 */
export function checkAppLock(facts: ComplianceFacts): CheckResult {
  const fix: FixTarget = { section: 'settings', id: 'security' };
  const active = facts.staff.filter((member) => member.active);
  const without = active.filter((member) => !member.hasCode);
  const named = without.map((member): CheckItem => ({ label: member.name, target: fix }));
  if (without.length === active.length)
    return { ...result('app_lock', 'access_lock', fix, [{ label: '', target: fix }]), finding: 'no_code' };
  if (without.length > 0)
    return { ...result('app_lock', 'access_lock', fix, named), finding: 'without_code' };
  if (facts.lockAfterMinutes <= 0)
    return { ...result('app_lock', 'access_lock', fix, [{ label: '', target: fix }]), finding: 'no_idle' };
  return result('app_lock', 'access_lock', fix, []);
}

export const CHECKS: Record<CheckId, (facts: ComplianceFacts) => CheckResult> = {
  request_deadlines: checkRequestDeadlines,
  request_acknowledgement: checkRequestAcknowledgement,
  extension_notice: checkExtensionNotice,
  consent_evidence: checkConsentEvidence,
  notice_current: checkNoticeCurrent,
  register_review: checkRegisterReview,
  breach_decision: checkBreachDecision,
  retention_review: checkRetentionReview,
  archive_export: checkArchiveExport,
  sync_backup: checkSyncBackup,
  staff_training: checkStaffTraining,
  app_lock: checkAppLock,
};

export function runChecks(facts: ComplianceFacts): CheckResult[] {
  return CHECK_IDS.map((id) => CHECKS[id](facts));
}
