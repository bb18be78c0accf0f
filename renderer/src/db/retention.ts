/**
 * Retention rules in the workspace database, and the review of the people past their retention
 * period (shared/retention decides; this module reads the facts and writes the rules).
 */
import { Dexie } from 'dexie';
import type { Subject } from '../../../shared/domain/subject';
import { fieldErrors } from '../../../shared/domain/common';
import {
  decisionFacts,
  defaultRetentionRules,
  factsOf,
  lastContactBound,
  RETENTION_CATEGORIES,
  retentionRuleInputSchema,
  sameTarget,
  selectPastRetention,
  type RetentionFinding,
  type RetentionRule,
  type RetentionRuleData,
  type RetentionRuleInput,
} from '../../../shared/retention';
import { contactIn } from './facts';
import type { ConflictChoices } from '../../../shared/domain/edits';
import type { DeskDb } from './schema';
import { localDate, NotFoundError, ValidationError, write, type WriteContext, type Writer } from './write';

const CATEGORY_ORDER = { prospect: 0, customer: 1, '': 2 } as const;

/** Active rules first; category rules (prospects, customers) before purpose rules; then oldest first. */
export async function listRetentionRules(db: DeskDb): Promise<RetentionRule[]> {
  const rules = await db.retentionRules.toArray();
  return rules.sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
      a.createdAt.localeCompare(b.createdAt),
  );
}

function parseRule(input: unknown): RetentionRuleData {
  const parsed = retentionRuleInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

/** Refuses a rule about a purpose that does not exist, or a second active rule for the same target. */
async function checkRule(w: Writer, rule: RetentionRuleData, exceptId: string | null): Promise<void> {
  w.flush(); // rules created earlier in this same write count
  if (rule.scope === 'purpose' && !(await w.db.purposes.get(rule.purposeId)))
    throw new ValidationError({ purposeId: 'validation.purposeRequired' });
  if (!rule.active) return;
  const others = await w.db.retentionRules.toArray();
  if (others.some((other) => other.id !== exceptId && other.active && sameTarget(other, rule)))
    throw new ValidationError({
      [rule.scope === 'category' ? 'category' : 'purposeId']: 'retention.errors.duplicate',
    });
}

/** Create a rule (`id` null) or change one; the whole rule is given. */
export function saveRetentionRule(
  db: DeskDb,
  ctx: WriteContext,
  /** null for a new rule; for an edit, the rule as its form was opened on (see Writer.edit). */
  edit: { id: string; opened: Partial<RetentionRuleInput>; choices?: ConflictChoices } | null,
  input: RetentionRuleInput,
): Promise<RetentionRule> {
  return write(db, ctx, async (w) => {
    if (edit === null) {
      await checkRule(w, parseRule(input), null);
      return w.create('retentionRule', input);
    }
    return w.edit('retentionRule', edit.id, edit.opened, input, {
      choices: edit.choices,
      check: (merged) => checkRule(w, parseRule(merged), edit.id),
    });
  });
}

/** Switch a rule off (it stays in the history) or on again. */
export function setRetentionRuleActive(
  db: DeskDb,
  ctx: WriteContext,
  id: string,
  active: boolean,
): Promise<RetentionRule> {
  return write(db, ctx, async (w) => {
    const existing = await db.retentionRules.get(id);
    if (!existing) throw new NotFoundError('retentionRule', id);
    if (active) await checkRule(w, parseRule({ ...existing, active }), id);
    return w.update(
      'retentionRule',
      id,
      { active },
      active ? 'retentionRule.reactivate' : 'retentionRule.deactivate',
    );
  });
}

/** The CNIL's rules for prospects and customers, for each category that has no active rule yet. */
export function addDefaultRetentionRules(
  db: DeskDb,
  ctx: WriteContext,
  language: 'fr' | 'en',
): Promise<RetentionRule[]> {
  return write(db, ctx, async (w) => {
    const existing = (await db.retentionRules.toArray()).filter((rule) => rule.active);
    const missing = defaultRetentionRules(language).filter(
      (rule) => !existing.some((other) => sameTarget(other, parseRule(rule))),
    );
    const created: RetentionRule[] = [];
    for (const rule of missing) created.push(await w.create('retentionRule', rule));
    return created;
  });
}

export type RetentionRow = { subject: Subject; finding: RetentionFinding };
export type RetentionReviewResult = {
  rows: RetentionRow[];
  /** People past their retention period: `rows.length`, unless only the first few were named. */
  past: number;
  /** People no active rule applies to. */
  uncovered: number;
  activeRules: number;
};

/**
 * The people past their retention period on `today`, the longest overdue first. Reads from the
 * derived facts (facts.ts) only the people who may be past: of a category with a category rule,
 * those last in contact before its longest period's `lastContactBound` (anyone later is kept by it,
 * so covered); of a category without, everyone (only purpose rules can apply to them). Their rows
 * hold their latest decisions too; then the records of the people found. One read transaction.
 */
export async function retentionReview(
  db: DeskDb,
  today: string,
  options: {
    /** Read the records of the first `named` people only (the compliance check names a few). */
    named?: number;
  } = {},
): Promise<RetentionReviewResult> {
  return db.transaction('r', [db.retentionRules, db.subjects, db.facts], async () => {
    const rules = (await db.retentionRules.toArray()).filter((rule) => rule.active);
    if (rules.length === 0)
      return { rows: [], past: 0, uncovered: await db.subjects.count(), activeRules: 0 };
    const ranges = RETENTION_CATEGORIES.map((category) => {
      const months = rules.flatMap((rule) =>
        rule.scope === 'category' && rule.category === category ? [rule.months] : [],
      );
      const upper = months.length > 0 ? lastContactBound(today, Math.max(...months)) : Dexie.maxKey;
      return db.facts
        .where('[category+lastContactAt]')
        .between([category, Dexie.minKey], [category, upper], true, false)
        .toArray();
    });
    const candidates = (await Dexie.Promise.all(ranges)).flat();
    const purposeIds = new Set(
      rules.filter((rule) => rule.scope === 'purpose').map((rule) => rule.purposeId),
    );
    const dayOf = (iso: string) => localDate(Date.parse(iso));
    const own = decisionFacts(
      candidates.flatMap((row) => row.latest),
      purposeIds,
      dayOf,
    );
    const review = selectPastRetention(
      rules,
      today,
      candidates.map((row) => factsOf(contactIn(row)!, own.get(row.subjectId), dayOf)),
    );
    // The records of the people found only (the facts are in their rows).
    const named = options.named === undefined ? review.findings : review.findings.slice(0, options.named);
    const subjects = await db.subjects.bulkGet(named.map((finding) => finding.subjectId));
    const rows = named.flatMap((finding, index) => {
      const subject = subjects[index];
      return subject ? [{ subject, finding }] : [];
    });
    return {
      rows,
      // A facts row goes with its person (erasure), so each finding has its record.
      past: options.named === undefined ? rows.length : review.findings.length,
      uncovered: review.uncovered,
      activeRules: rules.length,
    };
  });
}
