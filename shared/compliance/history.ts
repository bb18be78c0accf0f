/**
 * The compliance history: each run of the checks kept as a record (when, and which checks passed),
 * through the write path, so it is in the audit log, synced and archived. It holds no personal
 * data: check ids and counts only.
 */
import { z } from 'zod';
import type { Stamps } from '../domain/common';
import { CHECK_IDS, type CheckResult } from './checks';

export const complianceRunInputSchema = z.object({
  ranAt: z.iso.datetime(),
  results: z
    .array(
      z.object({
        check: z.enum(CHECK_IDS),
        passed: z.boolean(),
        count: z.number().int().nonnegative(),
      }),
    )
    .max(CHECK_IDS.length),
});
export type ComplianceRunInput = z.input<typeof complianceRunInputSchema>;
export type ComplianceRun = z.infer<typeof complianceRunInputSchema> & Stamps;

export function runRecord(ranAt: string, results: readonly CheckResult[]): ComplianceRunInput {
  return { ranAt, results: results.map(({ id, passed, count }) => ({ check: id, passed, count })) };
}

/** Passed and failed checks of a run. */
export function runTally(run: Pick<ComplianceRun, 'results'>): { passed: number; failed: number } {
  const passed = run.results.filter((result) => result.passed).length;
  return { passed, failed: run.results.length - passed };
}

/**
 * Whether a new run is worth keeping: the first of its day, or a different outcome from the last
 * one (a check passed or failed since). Opening the screen ten times a day adds one point, not ten.
 */
export function isNewRun(
  last: Pick<ComplianceRun, 'ranAt' | 'results'> | null,
  next: ComplianceRunInput,
  sameDay: (a: string, b: string) => boolean,
): boolean {
  if (!last) return true;
  if (!sameDay(last.ranAt, next.ranAt)) return true;
  const before = new Map(last.results.map((result) => [result.check, result.passed]));
  return next.results.some((result) => before.get(result.check) !== result.passed);
}
