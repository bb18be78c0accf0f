/**
 * What the dashboard's charts read: requests of the last months by their receipt index, and consent
 * decisions per purpose and month through the ledger's decision-instant index (consent-store.ts). The ledger is the
 * large table (500,000 events at the benchmark size), so each purpose-month is tallied once and kept
 * with the number of events it had; the ledger is append-only (corrections and erasures never remove
 * an event), so a month whose index count is unchanged has the same events and its tally is reused.
 */
import {
  lastMonths,
  requestSeries,
  tallyDecisions,
  type DecisionTally,
  type RequestMonth,
} from '../../../shared/dashboard/series';
import type { DeskDb } from './schema';
import { countDecidedBetween, eventsDecidedBetween } from './consent-store';

/** Requests answered in the window were received at most this many months before it (3 + pauses). */
const ANSWER_LAG_MONTHS = 6;

/** Local midnight of the first day of a 'YYYY-MM' month, shifted by `offset` months, as an ISO instant. */
function monthStart(month: string, offset = 0): string {
  return new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + offset, 1).toISOString();
}

export async function requestActivity(db: DeskDb, today: string): Promise<RequestMonth[]> {
  const months = lastMonths(today);
  const rows = await db.requests
    .where('receivedAt')
    .aboveOrEqual(monthStart(months[0] as string, -ANSWER_LAG_MONTHS))
    .toArray();
  return requestSeries(rows, months);
}

type Tallied = { count: number; tally: DecisionTally };
const tallies = new WeakMap<DeskDb, Map<string, Tallied>>();

/** Each purpose's decision tallies for the last 12 months (oldest first). */
export async function consentActivity(
  db: DeskDb,
  today: string,
  purposeIds: readonly string[],
): Promise<Map<string, DecisionTally[]>> {
  const months = lastMonths(today);
  let cache = tallies.get(db);
  if (!cache) {
    cache = new Map();
    tallies.set(db, cache);
  }
  const known = cache;
  const result = new Map<string, DecisionTally[]>();
  await Promise.all(
    purposeIds.map(async (purposeId) => {
      const perMonth = await Promise.all(
        months.map(async (month) => {
          const [from, to] = [monthStart(month), monthStart(month, 1)];
          const key = `${purposeId}/${month}`;
          const count = await countDecidedBetween(db, purposeId, from, to);
          const cached = known.get(key);
          if (cached && cached.count === count) return cached.tally;
          const events = await eventsDecidedBetween(db, purposeId, from, to);
          const tally = tallyDecisions(events.map((event) => event.decision));
          known.set(key, { count, tally });
          return tally;
        }),
      );
      result.set(purposeId, perMonth);
    }),
  );
  return result;
}
