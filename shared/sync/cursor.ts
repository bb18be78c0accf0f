/**
 * What a device has applied of another device's ops: per device id, the sequence ranges taken in
 * (normally one range; more while a segment is missing or late). Merges are order-independent, so a
 * late segment is applied whenever it arrives, and ranges remember exactly what is still owed.
 */
import { z } from 'zod';

export type Range = [from: number, to: number];
export type Ranges = Range[];
export type Cursor = Record<string, Ranges>;

const seq = z.number().int().min(1);
export const rangesSchema = z.array(z.tuple([seq, seq]).refine(([from, to]) => from <= to));
export const cursorSchema = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), rangesSchema);

/** Sorted, disjoint, adjacent ranges joined. */
export function normaliseRanges(ranges: readonly Range[]): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

export function addRange(ranges: readonly Range[] | undefined, from: number, to: number): Ranges {
  return normaliseRanges([...(ranges ?? []), [from, to]]);
}

export function coversRange(ranges: readonly Range[] | undefined, from: number, to: number): boolean {
  return (ranges ?? []).some(([a, b]) => a <= from && to <= b);
}

/** The parts of [1, upTo] not in `ranges`. */
export function missingRanges(ranges: readonly Range[] | undefined, upTo: number): Ranges {
  const missing: Ranges = [];
  let next = 1;
  for (const [from, to] of normaliseRanges(ranges ?? [])) {
    if (from > upTo) break;
    if (from > next) missing.push([next, from - 1]);
    next = Math.max(next, to + 1);
  }
  if (next <= upTo) missing.push([next, upTo]);
  return missing;
}

export function mergeCursors(a: Cursor, b: Cursor): Cursor {
  const out: Cursor = {};
  for (const device of new Set([...Object.keys(a), ...Object.keys(b)])) {
    out[device] = normaliseRanges([...(a[device] ?? []), ...(b[device] ?? [])]);
  }
  return out;
}

/** The highest sequence number a cursor holds for a device (0 when none). */
export function highestSeq(ranges: readonly Range[] | undefined): number {
  return (ranges ?? []).reduce((max, [, to]) => Math.max(max, to), 0);
}
