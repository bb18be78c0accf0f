/**
 * Deadline engine benchmark: a dashboard of 10,000 realistic requests recomputes every deadline.
 * `benchDeadlines()` returns a printable report; the target is ≥ 100,000 computeDeadline calls/s.
 * Deterministic (seeded PRNG), no Node-only APIs: runs in Node and in a browser.
 */
import { computeDeadline, deadlineCountdown } from '../../shared/deadlines';
import type { DeadlineInput, Pause } from '../../shared/deadlines';

export interface DeadlineBenchOptions {
  requests?: number;
  rounds?: number;
  seed?: number;
}

const PLACES: [string, string | undefined][] = [
  ['FR', undefined],
  ['FR', undefined],
  ['FR', undefined],
  ['FR', undefined],
  ['FR', '57'],
  ['FR', '68'],
  ['FR', 'GP'],
  ['FR', 'RE'],
  ['BE', undefined],
  ['DE', 'BY'],
  ['DE', undefined],
  ['ES', undefined],
  ['IT', undefined],
  ['LU', undefined],
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const iso = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

/** Requests received over 2024–2027; ~20 % extended, ~15 % with one or two pauses, a few 'restart'. */
export function makeRequests(count: number, seed = 42): DeadlineInput[] {
  const rnd = mulberry32(seed);
  const first = Date.UTC(2024, 0, 1) / DAY_MS;
  const span = Date.UTC(2027, 11, 31) / DAY_MS - first;
  const out: DeadlineInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const received = first + Math.floor(rnd() * span);
    const place = PLACES[Math.floor(rnd() * PLACES.length)] ?? PLACES[0];
    const input: DeadlineInput = {
      receivedOn: iso(received),
      country: place?.[0] ?? 'FR',
      region: place?.[1],
    };
    if (rnd() < 0.2) input.extended = true;
    if (rnd() < 0.15) {
      const pauses: Pause[] = [];
      let cursor = received;
      const n = rnd() < 0.7 ? 1 : 2;
      for (let p = 0; p < n; p += 1) {
        const from = cursor + 1 + Math.floor(rnd() * 10);
        const to = from + Math.floor(rnd() * 15);
        pauses.push({ from: iso(from), to: iso(to) });
        cursor = to;
      }
      input.pauses = pauses;
      if (rnd() < 0.2) input.pausePolicy = 'restart';
    }
    out.push(input);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function benchDeadlines(options: DeadlineBenchOptions = {}): Promise<string> {
  const count = options.requests ?? 10_000;
  const rounds = options.rounds ?? 20;
  const requests = makeRequests(count, options.seed ?? 42);
  let sink = 0;

  // Cold round: first use of each Holidays instance and of each year's holiday set.
  const coldStart = performance.now();
  for (const r of requests) sink += computeDeadline(r).rolledOverDays;
  const coldMs = performance.now() - coldStart;

  const callsPerSecond: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const t0 = performance.now();
    for (const r of requests) sink += computeDeadline(r).rolledOverDays;
    callsPerSecond.push(count / ((performance.now() - t0) / 1000));
    // Let other work (and a browser's event loop) breathe between rounds.
    await Promise.resolve();
  }

  // Dashboard countdown: working days left until each due date, seen from a fixed "today".
  const dues = requests.map((r) => computeDeadline(r));
  const countdownRates: number[] = [];
  for (let round = 0; round < Math.max(3, Math.floor(rounds / 4)); round += 1) {
    const t0 = performance.now();
    for (let i = 0; i < dues.length; i += 1) {
      const d = dues[i];
      const r = requests[i];
      if (d && r) sink += deadlineCountdown('2026-01-15', d.dueOn, r.country, r.region).calendarDaysLeft;
    }
    countdownRates.push(count / ((performance.now() - t0) / 1000));
  }

  const sorted = [...callsPerSecond].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  // p95 of round durations = the 5th percentile of throughput (the slow rounds).
  const p95 = percentile(sorted, 5);
  const countdownMedian = percentile(
    [...countdownRates].sort((a, b) => a - b),
    50,
  );
  const target = 100_000;
  return [
    `deadlines: ${fmt(count)} requests × ${rounds} rounds (checksum ${sink})`,
    `  cold first round     ${coldMs.toFixed(1)} ms (loads holiday sets)`,
    `  computeDeadline      median ${fmt(median)} calls/s, p95 round ${fmt(p95)} calls/s, best ${fmt(sorted[sorted.length - 1] ?? 0)} calls/s`,
    `  deadlineCountdown    median ${fmt(countdownMedian)} calls/s`,
    `  target ≥ ${fmt(target)} calls/s: ${p95 >= target ? 'OK' : 'MISSED'}`,
  ].join('\n');
}
