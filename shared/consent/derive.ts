/**
 * Current preferences, derived from the append-only consent events (never stored).
 *
 * Order of decisions: by `decidedAt` (the instant, compared as time, not as text), then by `hlc`
 * (the later-recorded wins), then by id so that the order is total and the result never depends on
 * the order the events are given in.
 *
 * Corrections: a correction is an ordinary event in that order (its own decision and `decidedAt`
 * count). An event whose id is another event's `correctsEventId` no longer counts, whatever the
 * dates: the correction replaces it. A correction can itself be corrected (A ← B ← C leaves C). An
 * event naming itself is not a correction. A correction may name an event of another purpose (it
 * was recorded under the wrong purpose): the corrected event drops out of its purpose and the
 * correction counts in its own.
 */
import type { ConsentEvent, Decision, Purpose } from './model';

/** Negative when `a` is the earlier decision, positive when it is the later one. */
export function compareConsentEvents(a: ConsentEvent, b: ConsentEvent): number {
  const at = Date.parse(a.decidedAt) - Date.parse(b.decidedAt);
  if (at !== 0) return at;
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The ids that corrections among `events` replace. */
export function correctedEventIds(events: Iterable<ConsentEvent>): Set<string> {
  const corrected = new Set<string>();
  for (const event of events) {
    if (event.correctsEventId !== '' && event.correctsEventId !== event.id)
      corrected.add(event.correctsEventId);
  }
  return corrected;
}

/**
 * One person's latest decision per purpose id. Give all of that person's events (every purpose), so
 * that corrections across purposes are seen. Throws a RangeError if the events are of several people.
 */
export function latestDecisions(events: readonly ConsentEvent[]): Map<string, ConsentEvent> {
  const subjectId = events[0]?.subjectId;
  if (events.some((event) => event.subjectId !== subjectId))
    throw new RangeError('latestDecisions: events of several subjects');
  const corrected = correctedEventIds(events);
  const latest = new Map<string, ConsentEvent>();
  for (const event of events) {
    if (corrected.has(event.id)) continue;
    const current = latest.get(event.purposeId);
    if (!current || compareConsentEvents(event, current) > 0) latest.set(event.purposeId, event);
  }
  return latest;
}

export type PreferenceState = Decision | 'none';

export type PreferenceRow = { purpose: Purpose; state: PreferenceState; event: ConsentEvent | null };

/**
 * One row per purpose, in the order of `purposes`: active purposes always, a deactivated one only
 * when the person has a decision about it. Events about purposes not listed are ignored.
 */
export function preferenceMatrix(
  events: readonly ConsentEvent[],
  purposes: readonly Purpose[],
): PreferenceRow[] {
  const latest = latestDecisions(events);
  return purposes
    .filter((purpose) => purpose.active || latest.has(purpose.id))
    .map((purpose) => {
      const event = latest.get(purpose.id) ?? null;
      return { purpose, state: event?.decision ?? 'none', event };
    });
}

/** Whether the latest decision is a consent given (and not since refused or withdrawn). */
export function currentlyConsenting(latest: ConsentEvent | undefined): boolean {
  return latest?.decision === 'granted';
}

/**
 * Whether the business may contact the person for this purpose now. Consent: only after a
 * 'granted' decision (silence is no consent). Legitimate interest (the soft opt-in for existing
 * customers): yes unless the person objected, i.e. the latest decision is 'refused' or 'withdrawn'
 * (Art. 21(2)-(3)). Never for a deactivated purpose. Throws a RangeError when `latest` is about
 * another purpose.
 */
export function maySend(purpose: Purpose, latest: ConsentEvent | undefined): boolean {
  if (latest && latest.purposeId !== purpose.id)
    throw new RangeError(`maySend: event for purpose ${latest.purposeId}, not ${purpose.id}`);
  if (!purpose.active) return false;
  if (purpose.lawfulBasis === 'legitimate_interest')
    return latest?.decision !== 'refused' && latest?.decision !== 'withdrawn';
  return currentlyConsenting(latest);
}

/**
 * Latest decision per person for ONE purpose, fed one event at a time in any order (a database
 * cursor over a big ledger), with the same result as `latestDecisions` per person.
 *
 * Push the purpose's events, and every correction that may name one of them (corrections of other
 * purposes are read for their `correctsEventId` only). Corrections are applied in `result()`,
 * since one may arrive after the event it corrects.
 *
 * Memory: when a correction can arrive after its target, the event that was latest may turn out
 * corrected and the one it displaced becomes the answer, so nothing can be dropped: every
 * uncorrected event of the purpose is kept. Give `correctedIds` (every id any correction in the
 * ledger names, e.g. from a query on `correctsEventId`) to keep only one event per person; a pushed
 * correction naming an id outside that set then throws, because an answer may already be lost.
 */
export class LatestPerSubject {
  private readonly corrected: Set<string>;
  private readonly correctedKnown: boolean;
  private readonly candidates = new Map<string, ConsentEvent[]>();

  constructor(
    readonly purposeId: string,
    options: { correctedIds?: Iterable<string> } = {},
  ) {
    this.corrected = new Set(options.correctedIds ?? []);
    this.correctedKnown = options.correctedIds !== undefined;
  }

  push(event: ConsentEvent): void {
    const target = event.correctsEventId;
    if (target !== '' && target !== event.id && !this.corrected.has(target)) {
      if (this.correctedKnown)
        throw new Error(`LatestPerSubject: correctedIds is missing ${target}, corrected by ${event.id}`);
      this.corrected.add(target);
    }
    if (event.purposeId !== this.purposeId || this.corrected.has(event.id)) return;
    const kept = this.candidates.get(event.subjectId);
    if (!kept) this.candidates.set(event.subjectId, [event]);
    else if (!this.correctedKnown) kept.push(event);
    else if (kept[0] && compareConsentEvents(event, kept[0]) > 0) kept[0] = event;
  }

  /** Person id → latest uncorrected decision; people whose every decision was corrected are absent. */
  result(): Map<string, ConsentEvent> {
    const latest = new Map<string, ConsentEvent>();
    for (const [subjectId, kept] of this.candidates) {
      let best: ConsentEvent | undefined;
      for (const event of kept) {
        if (this.corrected.has(event.id)) continue;
        if (!best || compareConsentEvents(event, best) > 0) best = event;
      }
      if (best) latest.set(subjectId, best);
    }
    return latest;
  }
}
